public import Foundation
import GRDB

/// When to try a failed send again: `base * 2^(attempts-1)`, at most `maximum`, and no more after `maxAttempts`.
public struct OutboxBackoff: Sendable, Equatable {
    /// The first wait.
    public var base: TimeInterval
    /// The longest wait.
    public var maximum: TimeInterval
    /// After this many failed attempts the message is marked `failed`.
    public var maxAttempts: Int
    /// A policy (defaults: 1 minute, doubling, at most 1 hour, 8 attempts).
    public init(base: TimeInterval = 60, maximum: TimeInterval = 3600, maxAttempts: Int = 8) {
        self.base = base
        self.maximum = maximum
        self.maxAttempts = maxAttempts
    }
    /// The next attempt after `attempts` failures, or nil to give up.
    public func nextAttempt(afterFailures attempts: Int, now: Date) -> Date? {
        guard attempts < maxAttempts else { return nil }
        let wait = min(maximum, base * pow(2, Double(max(0, attempts - 1))))
        return now.addingTimeInterval(wait)
    }
}

extension HelpdeskStore {
    /// Records that a send of `id` is starting. Until `markSent` or `markFailed`, the item is in doubt: after a crash
    /// the mail system may or may not have taken it, and the sender's ledger is asked before it is sent again.
    public func markAttemptStarted(_ id: OutboxID) throws {
        try write { db, now in
            try db.executeCached(sql: "UPDATE outbox SET attempt_started_at = ? WHERE id = ?", arguments: [now, id])
        }
    }

    /// Queues a message to send now. Its bytes are stored exactly as given: never pass a password in them.
    /// To queue a reply together with a ticket transition, pass it as `apply(_:to:...reply:)`.
    @discardableResult
    public func enqueue(_ message: OutboxMessage, ticket: TicketID?) throws -> OutboxID {
        try write { db, now in try Self.enqueue(db, message, ticket: ticket, now: now) }
    }

    /// Queued messages whose next attempt time has come, oldest first.
    public func dueOutbox(limit: Int = 50) throws -> [OutboxItem] {
        let now = clock()
        return try read { db in
            try Row.fetchAll(try db.cachedStatement(sql: """
                SELECT * FROM outbox WHERE state = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?
                """), arguments: [now, limit]).map(Self.outboxItem)
        }
    }

    /// The outbox message, if it exists.
    public func outboxItem(_ id: OutboxID) throws -> OutboxItem? {
        try read { db in try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM outbox WHERE id = ?"), arguments: [id]).map(Self.outboxItem) }
    }

    /// Records that the mail server took the message.
    public func markSent(_ id: OutboxID) throws {
        let forgot = try write { db, now in
            try db.executeCached(sql: "UPDATE outbox SET state = 'sent', sent_at = ?, last_error = NULL, attempt_started_at = NULL WHERE id = ? AND state = 'queued'",
                           arguments: [now, id])
            if db.changesCount == 0 { throw StoreError.noSuchOutbox(id) }
            return try Self.forgetIfAsked(db, id)
        }
        if forgot { try forgetFromJournal() }
    }

    /// The bytes an outbox message that held a secret keeps once it is sent or given up on.
    public static let forgottenNote = Array("(this message held an approval token; it is not kept after sending)".utf8)

    /// Replaces a sent or given-up message's bytes by `forgottenNote` when it was queued to be forgotten; returns
    /// whether it was (only then is the write-ahead log worth emptying: that costs a sync of the file).
    static func forgetIfAsked(_ db: Database, _ id: OutboxID) throws -> Bool {
        try db.execute(sql: "UPDATE outbox SET raw = ? WHERE id = ? AND forget_after_send = 1 AND state IN ('sent', 'failed')",
                       arguments: [Data(Self.forgottenNote), id])
        return db.changesCount > 0
    }

    /// Best effort: moves the write-ahead log into the database file and empties it, so the old bytes of a forgotten
    /// message are not left in the log (`secure_delete` zeroes them in the file).
    func forgetFromJournal() throws {
        _ = try? writer.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
    }

    /// Records a failed send: one more attempt, the error, and the next attempt time; `retryAt == nil` gives up
    /// (`failed`). `OutboxBackoff` computes `retryAt`.
    public func markFailed(_ id: OutboxID, error: String, retryAt: Date?) throws {
        let forgot = try write { db, _ in
            if let retryAt {
                try db.executeCached(sql: """
                    UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, attempt_started_at = NULL WHERE id = ? AND state = 'queued'
                    """, arguments: [error, retryAt, id])
            } else {
                try db.executeCached(sql: """
                    UPDATE outbox SET attempts = attempts + 1, last_error = ?, state = 'failed', attempt_started_at = NULL WHERE id = ? AND state = 'queued'
                    """, arguments: [error, id])
            }
            if db.changesCount == 0 { throw StoreError.noSuchOutbox(id) }
            return try Self.forgetIfAsked(db, id)
        }
        if forgot { try forgetFromJournal() }
    }

    /// Records a failed send and schedules the next attempt by `backoff` (or gives up after its last attempt).
    public func markFailed(_ id: OutboxID, error: String, backoff: OutboxBackoff) throws {
        guard let item = try outboxItem(id) else { throw StoreError.noSuchOutbox(id) }
        try markFailed(id, error: error, retryAt: backoff.nextAttempt(afterFailures: item.attempts + 1, now: clock()))
    }

    // MARK: - In a transaction

    static func enqueue(_ db: Database, _ message: OutboxMessage, ticket: TicketID?, now: Date) throws -> OutboxID {
        let recipients = String(decoding: try JSONEncoder().encode(message.recipients), as: UTF8.self)
        try db.executeCached(sql: """
            INSERT INTO outbox (ticket_id, message_id, sender, recipients, raw, next_attempt_at, created_at, forget_after_send)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [ticket, message.messageID.trimmingCharacters(in: CharacterSet(charactersIn: "<> \t")),
                             message.sender, recipients, Data(message.raw), now, now, message.forgetAfterSending])
        return OutboxID(rawValue: db.lastInsertedRowID)
    }

    static func outboxItem(_ row: Row) -> OutboxItem {
        let recipientsJSON: String = row["recipients"]
        let recipients = (try? JSONDecoder().decode([String].self, from: Data(recipientsJSON.utf8))) ?? []
        let raw: Data = row["raw"]
        return OutboxItem(id: row["id"], ticket: row["ticket_id"],
                          message: OutboxMessage(messageID: row["message_id"], sender: row["sender"],
                                                   recipients: recipients, raw: Array(raw),
                                                   forgetAfterSending: row["forget_after_send"] ?? false),
                          state: OutboxState(rawValue: row["state"]) ?? .failed, attempts: row["attempts"],
                          nextAttemptAt: row["next_attempt_at"], lastError: row["last_error"], attemptStartedAt: row["attempt_started_at"],
                          createdAt: row["created_at"],
                          sentAt: row["sent_at"])
    }
}
