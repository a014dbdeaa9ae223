public import Foundation
import GRDB

/// What `/metrics` reports, read in one transaction.
public struct StoreMetrics: Sendable, Equatable {
    /// Tickets by (category, state); a ticket not classified yet has category `none`.
    public var tickets: [String: [String: Int]]
    /// Pending approvals.
    public var pendingApprovals: Int
    /// When the oldest pending approval was asked for.
    public var oldestPendingApproval: Date?
    /// Emails handed to the mail system.
    public var repliesSent: Int
    /// Messages held for a person after failing.
    public var quarantined: Int
    /// Named counters and times the bot keeps (`loop_guard_trips`, `mailbox.last_poll`).
    public var state: [String: String]
}

extension HelpdeskStore {
    /// The numbers for `/metrics`.
    public func metrics() throws -> StoreMetrics {
        try read { db in
            var tickets: [String: [String: Int]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT COALESCE(category, 'none') AS c, state, COUNT(*) AS n FROM tickets GROUP BY c, state") {
                tickets[row["c"], default: [:]][row["state"]] = row["n"]
            }
            let pending = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM approvals WHERE state = 'pending'") ?? 0
            let oldest = try Date.fetchOne(db, sql: "SELECT MIN(requested_at) FROM approvals WHERE state = 'pending'")
            let sent = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE state = 'sent'") ?? 0
            let quarantined = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM messages WHERE state = 'quarantined'") ?? 0
            var state: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT key, value FROM bot_state WHERE key IN ('loop_guard_trips', 'mailbox.last_poll')") {
                state[row["key"]] = row["value"]
            }
            return StoreMetrics(tickets: tickets, pendingApprovals: pending, oldestPendingApproval: oldest, repliesSent: sent,
                                quarantined: quarantined, state: state)
        }
    }

    /// Adds one to a named counter kept in `bot_state` (e.g. `loop_guard_trips`).
    public func increment(_ counter: String) throws {
        try write { db, now in
            try db.execute(sql: """
                INSERT INTO bot_state (key, value, updated_at) VALUES (?, '1', ?)
                ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT), updated_at = excluded.updated_at
                """, arguments: [counter, now])
        }
    }

    /// Tickets whose requester contains `text`, or the ticket numbered `text`, newest first.
    public func searchTickets(_ text: String, limit: Int = 50) throws -> [Ticket] {
        let q = text.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "#"))
        return try read { db in
            if let n = Int64(q) {
                return try Row.fetchAll(db, sql: "SELECT * FROM tickets WHERE id = ?", arguments: [n]).map(Self.ticket)
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM tickets WHERE requester LIKE ? OR subject LIKE ? ORDER BY id DESC LIMIT ?",
                                    arguments: ["%\(q.lowercased())%", "%\(q)%", limit]).map(Self.ticket)
        }
    }
}
