import Foundation
import GRDB

extension HelpdeskStore {
    /// Records a fetched message. `.new` if never seen; `.known` if its key was seen before, or if a message with
    /// the same Message-ID and content hash was (a UIDVALIDITY change or a move): then the new key is remembered as
    /// an alias and nothing is processed twice.
    public func record(_ message: IncomingMessage) throws -> MessageRecording {
        try write { db, now in
            if let known = try Self.message(db, key: message.key) { return .known(known) }
            let sameContent = try Row.fetchOne(try db.cachedStatement(sql: """
                SELECT * FROM messages WHERE message_id IS ? AND content_hash = ? ORDER BY id LIMIT 1
                """), arguments: [message.messageID, message.contentHash])
            if let row = sameContent {
                let known = Self.storedMessage(row)
                try db.executeCached(sql: """
                    INSERT INTO message_aliases (mailbox, uid_validity, uid, message, seen_at) VALUES (?, ?, ?, ?, ?)
                    """, arguments: [message.key.mailbox, Int64(message.key.uidValidity), Int64(message.key.uid), known.id, now])
                return .known(known)
            }
            try db.executeCached(sql: """
                INSERT INTO messages (mailbox, uid_validity, uid, message_id, content_hash, sender, subject, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [message.key.mailbox, Int64(message.key.uidValidity), Int64(message.key.uid),
                                 message.messageID, message.contentHash, message.sender, message.subject, now])
            return .new(try Self.message(db, key: message.key)!)
        }
    }

    /// The message recorded under `key` (or under another key with the same content), if any.
    public func message(_ key: MessageKey) throws -> StoredMessage? {
        try read { db in try Self.message(db, key: key) }
    }

    /// Marks a message done: it is never processed again.
    public func markProcessed(_ key: MessageKey) throws {
        try write { db, now in try Self.markProcessed(db, key: key, now: now) }
    }

    /// Records that processing a message failed. After `maxFailures` failures the message is quarantined with
    /// `reason`, and so is its ticket if it has one in a state that allows it (with an audit event).
    public func recordFailure(_ key: MessageKey, reason: String) throws -> FailureOutcome {
        try write { db, now in
            guard let m = try Self.message(db, key: key) else { throw StoreError.noSuchMessage(key.description) }
            let failures = m.failures + 1
            if failures < Self.maxFailures {
                try db.executeCached(sql: "UPDATE messages SET failures = ?, last_error = ? WHERE id = ?",
                               arguments: [failures, reason, m.id])
                return .retry(failures: failures)
            }
            try db.executeCached(sql: "UPDATE messages SET failures = ?, last_error = ?, state = 'quarantined' WHERE id = ?",
                           arguments: [failures, reason, m.id])
            if let ticket = m.ticket, let state = try Self.ticketState(db, ticket),
               (try? TicketLifecycle.next(from: state, on: .quarantine)) != nil {
                _ = try Self.transition(db, ticket: ticket, event: .quarantine(reason: reason), actor: "system",
                                        why: "failed \(failures) times: \(reason)", data: nil, now: now)
            }
            return .quarantined(reason: reason)
        }
    }

    /// Messages waiting to be processed (new, or failed fewer than `maxFailures` times), oldest first.
    public func pendingMessages() throws -> [StoredMessage] {
        try read { db in
            try Row.fetchAll(try db.cachedStatement(sql: "SELECT * FROM messages WHERE state = 'pending' ORDER BY id")).map(Self.storedMessage)
        }
    }

    /// Quarantined messages with their reasons, oldest first (`helpdesk quarantine list`).
    public func quarantinedMessages() throws -> [StoredMessage] {
        try read { db in
            try Row.fetchAll(try db.cachedStatement(sql: "SELECT * FROM messages WHERE state = 'quarantined' ORDER BY id")).map(Self.storedMessage)
        }
    }

    /// Puts a quarantined message back to be processed, with its failure count reset (`helpdesk quarantine retry N`).
    /// A quarantined ticket of the message goes back to `received` with a `retry` event.
    @discardableResult
    public func retryQuarantined(_ id: MessageRecordID, actor: String) throws -> StoredMessage {
        try write { db, now in
            guard let row = try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM messages WHERE id = ?"), arguments: [id]) else {
                throw StoreError.noSuchMessage("\(id)")
            }
            let m = Self.storedMessage(row)
            guard m.state == .quarantined else { throw StoreError.notQuarantined(id) }
            try db.executeCached(sql: "UPDATE messages SET state = 'pending', failures = 0 WHERE id = ?", arguments: [id])
            if let ticket = m.ticket, try Self.ticketState(db, ticket) == .quarantined {
                _ = try Self.transition(db, ticket: ticket, event: .retry, actor: actor, why: "quarantined message \(id) retried",
                                        data: nil, now: now)
            }
            return Self.storedMessage(try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM messages WHERE id = ?"), arguments: [id])!)
        }
    }

    // MARK: - In a transaction

    static func message(_ db: Database, key: MessageKey) throws -> StoredMessage? {
        let args: StatementArguments = [key.mailbox, Int64(key.uidValidity), Int64(key.uid)]
        if let row = try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM messages WHERE mailbox = ? AND uid_validity = ? AND uid = ?"),
                                      arguments: args) {
            return storedMessage(row)
        }
        let alias = try Row.fetchOne(try db.cachedStatement(sql: """
            SELECT m.* FROM message_aliases a JOIN messages m ON m.id = a.message
            WHERE a.mailbox = ? AND a.uid_validity = ? AND a.uid = ?
            """), arguments: args)
        return alias.map(storedMessage)
    }

    static func markProcessed(_ db: Database, key: MessageKey, now: Date) throws {
        guard let m = try message(db, key: key) else { throw StoreError.noSuchMessage(key.description) }
        try db.executeCached(sql: "UPDATE messages SET state = 'processed', processed_at = ? WHERE id = ?", arguments: [now, m.id])
    }

    static func storedMessage(_ row: Row) -> StoredMessage {
        StoredMessage(
            id: row["id"],
            key: MessageKey(mailbox: row["mailbox"], uidValidity: UInt32(row["uid_validity"] as Int64),
                            uid: UInt32(row["uid"] as Int64)),
            messageID: row["message_id"], contentHash: row["content_hash"], sender: row["sender"],
            subject: row["subject"], ticket: row["ticket_id"],
            state: MessageProcessingState(rawValue: row["state"]) ?? .pending,
            failures: row["failures"], lastError: row["last_error"], recordedAt: row["recorded_at"])
    }
}
