public import Foundation
import GRDB

extension HelpdeskStore {
    /// Asks for an approval of a ticket (and one of its actions). Only the token's SHA-256 is stored; the caller
    /// puts the token in the link it sends and forgets it.
    public func requestApproval(for ticket: TicketID, action: ActionID?, token: ApprovalToken, expiresAt: Date,
                                actor: String = "bot") throws -> Approval {
        try write { db, now in
            guard try Self.ticket(db, ticket) != nil else { throw StoreError.noSuchTicket(ticket) }
            try db.executeCached(sql: """
                INSERT INTO approvals (ticket_id, action_id, token_hash, requested_at, expires_at) VALUES (?, ?, ?, ?, ?)
                """, arguments: [ticket, action, token.sha256Hex, now, expiresAt])
            let id = ApprovalID(rawValue: db.lastInsertedRowID)
            try Self.insertEvent(db, ticket: ticket, at: now, actor: actor, what: "approval_requested",
                                 why: "until \(expiresAt)", data: #"{"approval":\#(id.rawValue)}"#)
            return try Self.approval(db, id)!
        }
    }

    /// Decides the approval a token names (from a link). A token counts once: a second use, or a use after the
    /// approval expired, throws. See `decide(_:decision:by:why:)` for what else happens.
    public func decide(token: ApprovalToken, decision: ApprovalDecision, by admin: String, why: String?) throws -> Approval {
        let result: Result<Approval, any Error> = try write { db, now in
            guard let id = try ApprovalID.fetchOne(try db.cachedStatement(sql: "SELECT id FROM approvals WHERE token_hash = ?"),
                                                   arguments: [token.sha256Hex]) else {
                throw StoreError.unknownToken
            }
            return try Self.decide(db, id, decision: decision, by: admin, why: why, now: now)
        }
        return try result.get()
    }

    /// Decides an approval (from an admin's email reply under the ticket's tag), recording who and why.
    /// Approving moves an `awaiting_approval` ticket to `executing` once no other approval of it is pending;
    /// rejecting moves it back to `planned`. An approval past its time is marked `expired` (and its ticket handed
    /// to a human) and the decision throws.
    public func decide(_ id: ApprovalID, decision: ApprovalDecision, by admin: String, why: String?) throws -> Approval {
        let result: Result<Approval, any Error> = try write { db, now in
            try Self.decide(db, id, decision: decision, by: admin, why: why, now: now)
        }
        return try result.get()
    }

    /// Decides every pending approval of a ticket (`helpdesk approve N`, the web page). Only recorded: the running
    /// service carries the decision out. Throws for an unknown ticket, a ticket with nothing pending (saying what
    /// its last approval became), an expired approval (which is then marked expired) and self-approval.
    public func decide(ticket: TicketID, decision: ApprovalDecision, by admin: String, why: String?) throws -> [Approval] {
        let result: Result<[Approval], any Error> = try write { db, now in
            guard try Self.ticket(db, ticket) != nil else { throw StoreError.noSuchTicket(ticket) }
            let ids = try ApprovalID.fetchAll(db, sql: "SELECT id FROM approvals WHERE ticket_id = ? AND state = 'pending' ORDER BY id",
                                              arguments: [ticket])
            guard !ids.isEmpty else {
                let last = try String.fetchOne(db, sql: "SELECT state FROM approvals WHERE ticket_id = ? ORDER BY id DESC LIMIT 1",
                                               arguments: [ticket]).flatMap(ApprovalState.init)
                throw StoreError.noPendingApproval(ticket, last: last)
            }
            var decided: [Approval] = []
            for id in ids {
                switch try Self.decide(db, id, decision: decision, by: admin, why: why, now: now) {
                case .success(let a): decided.append(a)
                case .failure(let e): return .failure(e)
                }
            }
            return .success(decided)
        }
        return try result.get()
    }

    /// The approval whose token is `token`, in any state.
    public func approval(matching token: ApprovalToken) throws -> Approval? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM approvals WHERE token_hash = ?", arguments: [token.sha256Hex]).map(Self.approval)
        }
    }

    /// Replaces a pending approval's token with `replacement` (which the caller forgets): a token seen where it should
    /// not be (a refused email reply, now in the shared mailbox) can no longer decide. The approval stays pending.
    public func burnToken(of id: ApprovalID, replacement: ApprovalToken, actor: String, why: String) throws {
        try write { db, now in
            guard let a = try Self.approval(db, id) else { throw StoreError.noSuchApproval(id) }
            try db.execute(sql: "UPDATE approvals SET token_hash = ? WHERE id = ?", arguments: [replacement.sha256Hex, id])
            try Self.insertEvent(db, ticket: a.ticket, at: now, actor: actor, what: "approval_token_burned", why: why,
                                 data: #"{"approval":\#(id.rawValue)}"#)
        }
    }

    /// Finishes the approved approvals of a ticket once its plan ran: `executed`, or `failed` with `failure` as the
    /// reason, each with an `approval_executed` / `approval_failed` event. Returns what it finished (none the second time).
    @discardableResult
    public func finishApprovals(of ticket: TicketID, failure: String?, actor: String = "bot") throws -> [Approval] {
        try write { db, now in
            let ids = try ApprovalID.fetchAll(db, sql: "SELECT id FROM approvals WHERE ticket_id = ? AND state = 'approved' ORDER BY id",
                                              arguments: [ticket])
            let state: ApprovalState = failure == nil ? .executed : .failed
            for id in ids {
                try db.execute(sql: "UPDATE approvals SET state = ?, finished_at = ? WHERE id = ?", arguments: [state.rawValue, now, id])
                try Self.insertEvent(db, ticket: ticket, at: now, actor: actor, what: "approval_\(state.rawValue)",
                                     why: failure ?? "the approved change was made", data: #"{"approval":\#(id.rawValue)}"#)
            }
            return try ids.map { try Self.approval(db, $0)! }
        }
    }

    /// Marks every pending approval past its time `expired`, hands their waiting tickets to a human, and returns them.
    public func expireApprovals() throws -> [Approval] {
        try write { db, now in
            let ids = try ApprovalID.fetchAll(try db.cachedStatement(sql: "SELECT id FROM approvals WHERE state = 'pending' AND expires_at <= ?"),
                                              arguments: [now])
            return try ids.map { try Self.expire(db, $0, now: now) }
        }
    }

    /// The approval, if it exists.
    public func approval(_ id: ApprovalID) throws -> Approval? {
        try read { db in try Self.approval(db, id) }
    }

    /// Every approval of a ticket, oldest first.
    public func approvals(for ticket: TicketID) throws -> [Approval] {
        try read { db in
            try Row.fetchAll(try db.cachedStatement(sql: "SELECT * FROM approvals WHERE ticket_id = ? ORDER BY id"), arguments: [ticket]).map(Self.approval)
        }
    }

    /// Pending approvals, oldest first.
    public func pendingApprovals() throws -> [Approval] {
        try read { db in
            try Row.fetchAll(try db.cachedStatement(sql: "SELECT * FROM approvals WHERE state = 'pending' ORDER BY id")).map(Self.approval)
        }
    }

    // MARK: - In a transaction

    /// Returns `.failure` for an expired approval so the expiry is committed while the decision is refused.
    static func decide(_ db: Database, _ id: ApprovalID, decision: ApprovalDecision, by admin: String, why: String?,
                       now: Date) throws -> Result<Approval, any Error> {
        guard let a = try approval(db, id) else { throw StoreError.noSuchApproval(id) }
        guard a.state == .pending else { throw StoreError.approvalNotPending(id, a.state) }
        if decision == .approve, let requester = try ticket(db, a.ticket)?.requester, !requester.isEmpty,
           Self.identity(admin) == requester.lowercased() {
            try insertEvent(db, ticket: a.ticket, at: now, actor: admin, what: "approval_refused",
                            why: "the requester cannot approve their own request", data: #"{"approval":\#(id.rawValue)}"#)
            return .failure(StoreError.selfApproval(id, admin))
        }
        if a.expiresAt <= now {
            _ = try expire(db, id, now: now)
            return .failure(StoreError.approvalExpired(id))
        }
        let state: ApprovalState = decision == .approve ? .approved : .rejected
        try db.executeCached(sql: """
            UPDATE approvals SET state = ?, decided_by = ?, decided_at = ?, decision_reason = ? WHERE id = ?
            """, arguments: [state.rawValue, admin, now, why, id])
        try insertEvent(db, ticket: a.ticket, at: now, actor: admin, what: "approval_\(state.rawValue)", why: why,
                        data: #"{"approval":\#(id.rawValue)}"#)
        if try ticketState(db, a.ticket) == .awaitingApproval {
            switch decision {
            case .approve:
                let stillPending = try Int.fetchOne(try db.cachedStatement(sql: "SELECT COUNT(*) FROM approvals WHERE ticket_id = ? AND state = 'pending'"),
                                                    arguments: [a.ticket]) ?? 0
                if stillPending == 0 {
                    _ = try transition(db, ticket: a.ticket, event: .approve, actor: admin, why: why, data: nil, now: now)
                }
            case .reject:
                try db.executeCached(sql: "UPDATE actions SET state = 'skipped', result = 'rejected', executed_at = ? WHERE id = ? AND state = 'planned'",
                               arguments: [now, a.action])
                _ = try transition(db, ticket: a.ticket, event: .reject, actor: admin, why: why, data: nil, now: now)
            }
        }
        return .success(try approval(db, id)!)
    }

    static func expire(_ db: Database, _ id: ApprovalID, now: Date) throws -> Approval {
        guard let a = try approval(db, id) else { throw StoreError.noSuchApproval(id) }
        try db.executeCached(sql: "UPDATE approvals SET state = 'expired', finished_at = ? WHERE id = ?", arguments: [now, id])
        let why = "approval \(id) was not decided by \(a.expiresAt)"
        try insertEvent(db, ticket: a.ticket, at: now, actor: "system", what: "approval_expired", why: why,
                        data: #"{"approval":\#(id.rawValue)}"#)
        if try ticketState(db, a.ticket) == .awaitingApproval {
            _ = try transition(db, ticket: a.ticket, event: .expire, actor: "system", why: why, data: nil, now: now)
        }
        return try approval(db, id)!
    }

    /// Who decided, as an address or name to compare with a requester: `cli:jane` -> `jane`, `web:a@b` -> `a@b`.
    static func identity(_ actor: String) -> String {
        var s = actor.lowercased()
        for prefix in ["cli:", "web:", "email:"] where s.hasPrefix(prefix) { s.removeFirst(prefix.count) }
        return s
    }

    static func approval(_ db: Database, _ id: ApprovalID) throws -> Approval? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM approvals WHERE id = ?"), arguments: [id]).map(approval)
    }

    static func approval(_ row: Row) -> Approval {
        Approval(id: row["id"], ticket: row["ticket_id"], action: row["action_id"],
                 state: ApprovalState(rawValue: row["state"]) ?? .failed, requestedAt: row["requested_at"],
                 expiresAt: row["expires_at"], decidedBy: row["decided_by"], decidedAt: row["decided_at"],
                 decisionReason: row["decision_reason"])
    }
}
