import Foundation
import GRDB
public import Triage

extension HelpdeskStore {
    /// The result text of an action an admin's reclassification replaced; such actions belong to no current plan.
    public static let supersededResult = "superseded: the ticket was reclassified"

    /// Gives a ticket that waits for a person another category, in one transaction: every action still planned is
    /// skipped as superseded, any pending approval is rejected, the ticket goes `classified` with the new category,
    /// and its request message is put back in line so the running service plans again from it (the request of a
    /// person's ticket stays in the INBOX). Only recorded here: nothing is planned or sent.
    @discardableResult
    public func reclassify(_ id: TicketID, as category: Category, by actor: String, why: String?) throws -> Ticket {
        try write { db, now in
            guard let t = try Self.ticket(db, id) else { throw StoreError.noSuchTicket(id) }
            guard t.state == .needsHuman || t.state == .quarantined else { throw StoreError.cannotReclassify(id, t.state) }
            try db.execute(sql: "UPDATE actions SET state = 'skipped', result = ?, executed_at = ? WHERE ticket_id = ? AND state = 'planned'",
                           arguments: [Self.supersededResult, now, id])
            try db.execute(sql: """
                UPDATE approvals SET state = 'rejected', decided_by = ?, decided_at = ?, decision_reason = ?
                WHERE ticket_id = ? AND state = 'pending'
                """, arguments: [actor, now, "reclassified as \(category.rawValue)", id])
            let text = "from \(t.category?.rawValue ?? "none") to \(category.rawValue)" + (why.map { ": \($0)" } ?? "")
            let ticket = try Self.transition(db, ticket: id, event: .reclassify(category), actor: actor, why: text,
                                             data: #"{"category":"\#(category.rawValue)"}"#, now: now)
            if let first = try MessageRecordID.fetchOne(db, sql: "SELECT MIN(id) FROM messages WHERE ticket_id = ?", arguments: [id]) {
                try db.execute(sql: "UPDATE messages SET state = 'pending', failures = 0, processed_at = NULL WHERE id = ?",
                               arguments: [first])
            }
            return ticket
        }
    }

    /// Queues `message` for `ticket` with an audit event `what` (its `why` and `data`), unless an event `what` with the
    /// same `data` is already in the ticket's trail: a notice that must go out once (an expiry, a voided plan) is
    /// queued once however often the service looks. Returns whether it was queued.
    @discardableResult
    public func enqueueOnce(_ messages: [OutboxMessage], ticket: TicketID, what: String, why: String?, data: String,
                            actor: String = "bot") throws -> Bool {
        try write { db, now in
            let seen = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ticket_events WHERE ticket_id = ? AND what = ? AND data = ?",
                                        arguments: [ticket, what, data]) ?? 0
            if seen > 0 { return false }
            for m in messages { _ = try Self.enqueue(db, m, ticket: ticket, now: now) }
            try Self.insertEvent(db, ticket: ticket, at: now, actor: actor, what: what, why: why, data: data)
            return true
        }
    }
}

extension PlannedAction {
    /// Whether an admin's reclassification replaced this action (it belongs to no current plan).
    public var isSuperseded: Bool { state == .skipped && result == HelpdeskStore.supersededResult }
}
