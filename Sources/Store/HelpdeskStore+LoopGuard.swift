public import Foundation
import GRDB

/// One email queued to one correspondent, as the loop guard records it (counts only, never the message).
public struct LoopGuardRecord: Sendable, Equatable {
    /// When it was queued.
    public var at: Date
    /// The correspondent (lower case).
    public var correspondent: String
    /// The ticket whose thread it belongs to, if any.
    public var thread: Int64?
    /// The fingerprint (SHA-256 hex) of the request it answered, if any.
    public var fingerprint: String?
    /// Who sent that request (lower case), if any.
    public var requester: String?
    /// Whether it counted against the caps.
    public var counted: Bool
    /// Whether it was the final notice.
    public var finalNotice: Bool

    /// Creates a record.
    public init(at: Date, correspondent: String, thread: Int64?, fingerprint: String?, requester: String? = nil,
                counted: Bool, finalNotice: Bool) {
        self.at = at
        self.correspondent = correspondent.lowercased()
        self.thread = thread
        self.fingerprint = fingerprint
        self.requester = requester?.lowercased()
        self.counted = counted
        self.finalNotice = finalNotice
    }
}

extension HelpdeskStore {
    /// The loop guard's records for `correspondents`: every one since `since`, and every one in `thread`.
    public func loopGuardRecords(to correspondents: [String], thread: Int64?, since: Date) throws -> [LoopGuardRecord] {
        let who = correspondents.map { $0.lowercased() }
        guard !who.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: who.count).joined(separator: ", ")
        return try read { db in
            var arguments = StatementArguments(who)
            arguments += [since, thread]
            return try Row.fetchAll(db, sql: """
                SELECT * FROM loop_guard_sent WHERE correspondent IN (\(marks)) AND (at >= ? OR thread_id = ?) ORDER BY id
                """, arguments: arguments).map { row in
                LoopGuardRecord(at: row["at"], correspondent: row["correspondent"], thread: row["thread_id"],
                                fingerprint: row["fingerprint"], requester: row["requester"], counted: row["counted"],
                                finalNotice: row["final_notice"])
            }
        }
    }

    /// Appends records to the loop guard's record.
    public func recordLoopGuard(_ records: [LoopGuardRecord]) throws {
        guard !records.isEmpty else { return }
        try write { db, _ in
            for r in records {
                try db.execute(sql: """
                    INSERT INTO loop_guard_sent (at, correspondent, thread_id, fingerprint, requester, counted, final_notice)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [r.at, r.correspondent, r.thread, r.fingerprint, r.requester, r.counted, r.finalNotice])
            }
        }
    }

    /// Whether the bot answered a request with `fingerprint` from `requester` (or wrote to them about one) since
    /// `since`: the same content again, a sign of a loop.
    public func answeredFingerprint(_ fingerprint: String, from requester: String, since: Date) throws -> Bool {
        let who = requester.lowercased()
        return try read { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM loop_guard_sent WHERE fingerprint = ? AND at >= ? AND (requester = ? OR correspondent = ?))
                """, arguments: [fingerprint, since, who, who]) ?? false
        }
    }

    /// How many outbox emails were handed to the mail system since `since` (the send breaker's count).
    public func sentCount(since: Date) throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox WHERE sent_at >= ?", arguments: [since]) ?? 0 }
    }

    /// How many outbox emails wait to be sent.
    public func queuedCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox WHERE state = 'queued'") ?? 0 }
    }

    /// How many of a ticket's outbox emails are not sent (queued or given up on).
    public func unsentCount(ticket: TicketID) throws -> Int {
        try read { db in
            try Int.fetchOne(try db.cachedStatement(sql: "SELECT count(*) FROM outbox WHERE ticket_id = ? AND state != 'sent'"),
                             arguments: [ticket]) ?? 0
        }
    }
}
