import Foundation
import GRDB

extension HelpdeskStore {
    /// Stores a playbook's plan for a ticket, in order, with an `action_planned` event for each. Preparing never
    /// touches the directory; this only records what would be done.
    public func planActions(_ plans: [ActionPlan], for ticket: TicketID, actor: String = "bot") throws -> [PlannedAction] {
        try write { db, now in
            guard try Self.ticket(db, ticket) != nil else { throw StoreError.noSuchTicket(ticket) }
            var ids: [ActionID] = []
            for plan in plans {
                try db.executeCached(sql: """
                    INSERT INTO actions (ticket_id, kind, target, details, needs_approval, planned_at) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [ticket, plan.kind, plan.target, plan.details, plan.needsApproval, now])
                let id = ActionID(rawValue: db.lastInsertedRowID)
                ids.append(id)
                try Self.insertEvent(db, ticket: ticket, at: now, actor: actor, what: "action_planned",
                                     why: "\(plan.kind) \(plan.target)", data: #"{"action":\#(id.rawValue)}"#)
            }
            return try ids.map { try Self.action(db, $0)! }
        }
    }

    /// Records what executing an action did (`succeeded`, `failed` or `skipped`; `result` in words, never a
    /// password), with an `action_<state>` event. An approved approval of the action becomes `executed` or `failed`.
    @discardableResult
    public func recordResult(of id: ActionID, state: ActionState, result: String?, actor: String = "bot") throws -> PlannedAction {
        guard state != .planned else { throw StoreError.notAResult(id) }
        return try write { db, now in
            guard let action = try Self.action(db, id) else { throw StoreError.noSuchAction(id) }
            try db.executeCached(sql: "UPDATE actions SET state = ?, result = ?, executed_at = ? WHERE id = ?",
                           arguments: [state.rawValue, result, now, id])
            let approvalState = state == .succeeded ? ApprovalState.executed : .failed
            try db.executeCached(sql: "UPDATE approvals SET state = ?, finished_at = ? WHERE action_id = ? AND state = 'approved'",
                           arguments: [approvalState.rawValue, now, id])
            try Self.insertEvent(db, ticket: action.ticket, at: now, actor: actor, what: "action_\(state.rawValue)",
                                 why: result, data: #"{"action":\#(id.rawValue)}"#)
            return try Self.action(db, id)!
        }
    }

    /// A ticket's actions in plan order.
    public func actions(for ticket: TicketID) throws -> [PlannedAction] {
        try read { db in
            try Row.fetchAll(try db.cachedStatement(sql: "SELECT * FROM actions WHERE ticket_id = ? ORDER BY id"), arguments: [ticket]).map(Self.action)
        }
    }

    static func action(_ db: Database, _ id: ActionID) throws -> PlannedAction? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM actions WHERE id = ?"), arguments: [id]).map(action)
    }

    static func action(_ row: Row) -> PlannedAction {
        PlannedAction(id: row["id"], ticket: row["ticket_id"], kind: row["kind"], target: row["target"],
                      details: row["details"], needsApproval: row["needs_approval"],
                      state: ActionState(rawValue: row["state"]) ?? .failed, result: row["result"],
                      plannedAt: row["planned_at"], executedAt: row["executed_at"])
    }
}
