import Foundation
public import GRDB
public import Triage

extension HelpdeskStore {
    /// Opens a ticket (`received`) for a recorded message, attaches the message, and writes a `created` event.
    public func createTicket(for key: MessageKey, requester: String, subject: String, actor: String = "bot") throws -> Ticket {
        try write { db, now in
            guard let m = try Self.message(db, key: key) else { throw StoreError.noSuchMessage(key.description) }
            try db.executeCached(sql: """
                INSERT INTO tickets (state, requester, subject, created_at, updated_at) VALUES ('received', ?, ?, ?, ?)
                """, arguments: [requester.lowercased(), subject, now, now])
            let id = TicketID(db.lastInsertedRowID)
            try db.executeCached(sql: "UPDATE messages SET ticket_id = ? WHERE id = ?", arguments: [id, m.id])
            try Self.insertEvent(db, ticket: id, at: now, actor: actor, what: "created", why: "message \(key)",
                                 to: .received)
            return try Self.ticket(db, id)!
        }
    }

    /// Attaches a recorded message (a follow-up, an admin's approval reply) to an existing ticket, with an event.
    public func attach(_ key: MessageKey, to ticket: TicketID, actor: String = "bot") throws {
        try write { db, now in
            guard let m = try Self.message(db, key: key) else { throw StoreError.noSuchMessage(key.description) }
            guard try Self.ticket(db, ticket) != nil else { throw StoreError.noSuchTicket(ticket) }
            try db.executeCached(sql: "UPDATE messages SET ticket_id = ? WHERE id = ?", arguments: [ticket, m.id])
            try Self.insertEvent(db, ticket: ticket, at: now, actor: actor, what: "message_attached", why: "message \(key)")
        }
    }

    /// Applies a lifecycle event to a ticket in one transaction: the new state, the `ticket_events` row (when,
    /// `actor`, the event, `why`, `data` as JSON text), then the optional `reply` queued in the outbox, the
    /// optional message marked processed, and `effects`. If anything throws (an illegal transition, a constraint,
    /// `effects`), nothing of it is kept: not the state, not the event, not the effects.
    @discardableResult
    public func apply(_ event: TicketEvent, to ticket: TicketID, actor: String, why: String? = nil, data: String? = nil,
                      reply: OutboxMessage? = nil, replies: [OutboxMessage] = [], processed: MessageKey? = nil,
                      effects: (Database) throws -> Void = { _ in }) throws -> Ticket {
        try write { db, now in
            let t = try Self.transition(db, ticket: ticket, event: event, actor: actor, why: why, data: data, now: now)
            if let reply { _ = try Self.enqueue(db, reply, ticket: ticket, now: now) }
            for r in replies { _ = try Self.enqueue(db, r, ticket: ticket, now: now) }
            if let processed { try Self.markProcessed(db, key: processed, now: now) }
            try effects(db)
            return t
        }
    }

    /// Writes an audit event that is not a transition (`what` must not be an event kind), e.g. a note by an admin.
    public func note(_ ticket: TicketID, actor: String, what: String, why: String? = nil, data: String? = nil) throws {
        try write { db, now in
            guard try Self.ticket(db, ticket) != nil else { throw StoreError.noSuchTicket(ticket) }
            try Self.insertEvent(db, ticket: ticket, at: now, actor: actor, what: what, why: why, data: data)
        }
    }

    /// The ticket, if it exists.
    public func ticket(_ id: TicketID) throws -> Ticket? {
        try read { db in try Self.ticket(db, id) }
    }

    /// Tickets, newest first, optionally only those in `state`.
    public func tickets(in state: TicketState? = nil, limit: Int = 100) throws -> [Ticket] {
        try read { db in
            if let state {
                return try Row.fetchAll(try db.cachedStatement(sql: "SELECT * FROM tickets WHERE state = ? ORDER BY id DESC LIMIT ?"),
                                        arguments: [state.rawValue, limit]).map(Self.ticket)
            }
            return try Row.fetchAll(try db.cachedStatement(sql: "SELECT * FROM tickets ORDER BY id DESC LIMIT ?"), arguments: [limit]).map(Self.ticket)
        }
    }

    /// Tickets a person must look at: `needs_human` and `quarantined`, oldest first.
    public func ticketsNeedingHuman() throws -> [Ticket] {
        try read { db in
            try Row.fetchAll(try db.cachedStatement(sql: "SELECT * FROM tickets WHERE state IN ('needs_human', 'quarantined') ORDER BY id"))
                .map(Self.ticket)
        }
    }

    /// The oldest `limit` tickets waiting for a person, and how many wait in all.
    public func ticketsNeedingHuman(limit: Int) throws -> (tickets: [Ticket], total: Int) {
        try read { db in
            let total = try Int.fetchOne(try db.cachedStatement(
                sql: "SELECT COUNT(*) FROM tickets WHERE state IN ('needs_human', 'quarantined')")) ?? 0
            let tickets = try Row.fetchAll(try db.cachedStatement(
                sql: "SELECT * FROM tickets WHERE state IN ('needs_human', 'quarantined') ORDER BY id LIMIT ?"), arguments: [limit])
                .map(Self.ticket)
            return (tickets, total)
        }
    }

    /// Everything about a ticket: its messages, audit trail, actions, approvals and outgoing mail.
    public func detail(_ id: TicketID) throws -> TicketDetail {
        try read { db in
            guard let t = try Self.ticket(db, id) else { throw StoreError.noSuchTicket(id) }
            let messages = try Row.fetchAll(try db.cachedStatement(sql: "SELECT * FROM messages WHERE ticket_id = ? ORDER BY id"), arguments: [id])
                .map(Self.storedMessage)
            let events = try Row.fetchAll(try db.cachedStatement(sql: "SELECT * FROM ticket_events WHERE ticket_id = ? ORDER BY id"), arguments: [id])
                .map(Self.eventRecord)
            let actions = try Row.fetchAll(try db.cachedStatement(sql: "SELECT * FROM actions WHERE ticket_id = ? ORDER BY id"), arguments: [id])
                .map(Self.action)
            let approvals = try Row.fetchAll(try db.cachedStatement(sql: "SELECT * FROM approvals WHERE ticket_id = ? ORDER BY id"), arguments: [id])
                .map(Self.approval)
            let outbox = try Row.fetchAll(try db.cachedStatement(sql: "SELECT * FROM outbox WHERE ticket_id = ? ORDER BY id"), arguments: [id])
                .map(Self.outboxItem)
            return TicketDetail(ticket: t, messages: messages, events: events, actions: actions, approvals: approvals,
                                outbox: outbox)
        }
    }

    /// The ticket a message we sent belongs to, by its Message-ID (with or without angle brackets): how a reply
    /// that quotes `In-Reply-To`/`References` finds its ticket.
    public func ticket(forSentMessageID messageID: String) throws -> TicketID? {
        let bare = messageID.trimmingCharacters(in: CharacterSet(charactersIn: "<> \t"))
        return try read { db in
            try TicketID.fetchOne(try db.cachedStatement(sql: "SELECT ticket_id FROM outbox WHERE message_id = ?"), arguments: [bare])
        }
    }

    /// The ticket named by a `[MOACTS #N]` tag in a subject line, if the tag is there and the ticket exists.
    public func ticket(forSubject subject: String) throws -> TicketID? {
        guard let id = TicketID.fromSubjectTag(subject) else { return nil }
        return try ticket(id)?.id
    }

    /// The requester's tickets of `category` opened within the last `days` days, newest first: for
    /// "it still fails" escalation.
    public func tickets(requester: String, category: Category, withinDays days: Int) throws -> [Ticket] {
        let since = clock().addingTimeInterval(-Double(days) * 86_400)
        return try read { db in
            try Row.fetchAll(try db.cachedStatement(sql: """
                SELECT * FROM tickets WHERE requester = ? AND category = ? AND created_at >= ? ORDER BY id DESC
                """), arguments: [requester.lowercased(), category.rawValue, since]).map(Self.ticket)
        }
    }

    // MARK: - In a transaction

    static func transition(_ db: Database, ticket id: TicketID, event: TicketEvent, actor: String, why: String?,
                           data: String?, now: Date) throws -> Ticket {
        guard let from = try ticketState(db, id) else { throw StoreError.noSuchTicket(id) }
        var machine = TicketLifecycle(state: from)
        let to = try machine.apply(event)
        let holdReason: String? = switch to {
        case .needsHuman, .quarantined: event.reason ?? why ?? event.kind.rawValue
        default: nil
        }
        try db.executeCached(sql: "UPDATE tickets SET state = ?, hold_reason = ?, updated_at = ? WHERE id = ?",
                       arguments: [to.rawValue, holdReason, now, id])
        switch event {
        case .classify(let category), .reclassify(let category):
            try db.executeCached(sql: "UPDATE tickets SET category = ? WHERE id = ?", arguments: [category.rawValue, id])
        default: break
        }
        try insertEvent(db, ticket: id, at: now, actor: actor, what: event.kind.rawValue, why: why ?? event.reason,
                        from: from, to: to, data: data)
        return try ticket(db, id)!
    }

    static func ticketState(_ db: Database, _ id: TicketID) throws -> TicketState? {
        try String.fetchOne(try db.cachedStatement(sql: "SELECT state FROM tickets WHERE id = ?"), arguments: [id]).flatMap(TicketState.init)
    }

    static func ticket(_ db: Database, _ id: TicketID) throws -> Ticket? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM tickets WHERE id = ?"), arguments: [id]).map(ticket)
    }

    static func ticket(_ row: Row) -> Ticket {
        Ticket(id: row["id"], state: TicketState(rawValue: row["state"]) ?? .needsHuman,
               category: (row["category"] as String?).flatMap(Category.init), requester: row["requester"],
               subject: row["subject"], holdReason: row["hold_reason"], createdAt: row["created_at"],
               updatedAt: row["updated_at"])
    }

    static func eventRecord(_ row: Row) -> TicketEventRecord {
        TicketEventRecord(at: row["at"], actor: row["actor"], what: row["what"], why: row["why"],
                          fromState: (row["from_state"] as String?).flatMap(TicketState.init),
                          toState: (row["to_state"] as String?).flatMap(TicketState.init), data: row["data"])
    }
}
