public import Foundation
import GRDB

/// The bot's memory: messages, tickets and their audit trail, actions, approvals, user snapshots and the outbox,
/// in one SQLite file (WAL mode) through GRDB. Every operation is one transaction; every ticket transition writes
/// its `ticket_events` row in the same transaction as its effects.
///
/// Secrets never at rest: no table has a password column, approval tokens are stored as SHA-256 only, incoming
/// mail is recorded by key, Message-ID and hash (not its bytes), and snapshots refuse secret-looking fields.
/// Outbox bytes, action details and event data are stored exactly as the caller gives them: callers must never
/// pass a password in them.
public final class HelpdeskStore: Sendable {
    /// How many processing failures quarantine a message.
    public static let maxFailures = 3

    let writer: any DatabaseWriter
    let clock: @Sendable () -> Date

    /// Opens (creating if needed) the database file at `path` in WAL mode and runs any migrations not yet applied.
    public convenience init(path: String, clock: @escaping @Sendable () -> Date) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        // WAL with synchronous=NORMAL: a commit is durable against the process dying (SIGKILL, a crash) at any point;
        // only an operating-system crash or power cut can lose the last commits, and what they recorded is then
        // redone (the message is still in the mailbox; a reply whose "sent" mark was lost is found by the delivery
        // ledger before it is sent again). FULL would fsync every commit, several per message.
        // secure_delete: the bytes of a row changed or deleted (an approval request's token, once sent) are zeroed in
        // the file, not left in a free page.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA secure_delete = ON")
            // A bounded page cache per connection (1 MiB, not SQLite's 2 MiB) and two readers: the resident size
            // stays flat as the database grows, and the pipeline reads little at a time.
            try db.execute(sql: "PRAGMA cache_size = -1024")
        }
        configuration.maximumReaderCount = 2
        try self.init(writer: DatabasePool(path: path, configuration: configuration), clock: clock)
    }

    /// A store in memory, for unit tests (every behaviour is also tested on a real file).
    public static func inMemory(clock: @escaping @Sendable () -> Date) throws -> HelpdeskStore {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        return try HelpdeskStore(writer: DatabaseQueue(configuration: configuration), clock: clock)
    }

    init(writer: any DatabaseWriter, clock: @escaping @Sendable () -> Date) throws {
        self.writer = writer
        self.clock = clock
        try Schema.migrator.migrate(writer)
    }

    /// The names of the migrations applied, oldest first.
    public func appliedMigrations() throws -> [String] {
        try writer.read { db in try Schema.migrator.appliedIdentifiers(db).sorted() }
    }

    /// The database's journal mode (`wal` for a file).
    public func journalMode() throws -> String {
        try writer.read { db in try String.fetchOne(try db.cachedStatement(sql: "PRAGMA journal_mode")) ?? "" }
    }

    /// Runs `work` in one write transaction; the store's own operations are built on it.
    func write<T>(_ work: (Database, Date) throws -> T) throws -> T {
        let now = clock()
        return try writer.write { db in try work(db, now) }
    }

    func read<T>(_ work: (Database) throws -> T) throws -> T {
        try writer.read { db in try work(db) }
    }

    static func insertEvent(_ db: Database, ticket: TicketID, at: Date, actor: String, what: String, why: String?,
                            from: TicketState? = nil, to: TicketState? = nil, data: String? = nil) throws {
        try db.executeCached(sql: """
            INSERT INTO ticket_events (ticket_id, at, actor, what, why, from_state, to_state, data)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [ticket, at, actor, what, why, from?.rawValue, to?.rawValue, data])
    }
}
