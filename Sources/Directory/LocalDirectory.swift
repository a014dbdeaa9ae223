public import Foundation
import GRDB

/// A user directory in a SQLite file that behaves like Amazon Connect's: the same user model, unique and valid
/// usernames, a delay before a deleted username can be used again, and the guide's profiles seeded in a new file.
///
/// The embedded default for demos and tests; it keeps no passwords at all. The database is in WAL mode and its
/// schema is built by append-only, named migrations (`LocalDirectory+Schema.swift`).
public final class LocalDirectory: Sendable {
    /// Settings that Connect fixes per instance.
    public struct Configuration: Sendable {
        /// The instance ARN that user and profile ARNs are built on.
        public var instanceARN: String
        /// How long, in seconds, a deleted user's username stays unusable. Connect makes it a while; 0 locally.
        public var usernameReuseDelay: TimeInterval

        /// Creates settings.
        public init(instanceARN: String = "arn:aws:connect:us-east-1:000000000000:instance/local",
                    usernameReuseDelay: TimeInterval = 0) {
            self.instanceARN = instanceARN
            self.usernameReuseDelay = usernameReuseDelay
        }
    }

    /// The database file.
    public let path: String
    let pool: DatabasePool
    let configuration: Configuration
    let clock: @Sendable () -> Date
    let ids: IDGenerator

    /// Opens (creating and migrating when needed) the directory at `path`.
    ///
    /// - Parameters:
    ///   - clock: now; used for the username reuse delay.
    ///   - ids: where new user and profile ids come from.
    public init(path: String, configuration: Configuration = Configuration(), clock: @escaping @Sendable () -> Date,
                ids: IDGenerator) throws {
        self.path = path
        self.configuration = configuration
        self.clock = clock
        self.ids = ids
        do {
            var config = GRDB.Configuration()
            config.foreignKeysEnabled = true
            config.label = "helpdesk-directory"
            config.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -1024") }
            config.maximumReaderCount = 2
            pool = try DatabasePool(path: path, configuration: config)
            try Self.migrator(instanceARN: configuration.instanceARN, ids: ids).migrate(pool)
        } catch {
            throw DirectoryError(.storage, "Cannot open the directory database at \(path) (\(error)). Check that the "
                + "folder exists and is writable, or pass another --path.")
        }
    }

    /// Marks a user logged in or out (what the Contact Control Panel does on Connect); for tests and the demo.
    public func setLoggedIn(_ id: UserID, _ loggedIn: Bool) async throws {
        try await write { db in
            try db.executeCached(sql: "UPDATE users SET logged_in = ? WHERE id = ?", arguments: [loggedIn, id.rawValue])
            if db.changesCount == 0 { throw DirectoryError.notFound(id: id) }
        }
    }

    /// Runs `body` in a write transaction, turning database failures into `DirectoryError(.storage)`.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(body)
        } catch let e as DirectoryError {
            throw e
        } catch {
            throw Self.storageError(error, path: path)
        }
    }

    /// Runs `body` in a read transaction, turning database failures into `DirectoryError(.storage)`.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch let e as DirectoryError {
            throw e
        } catch {
            throw Self.storageError(error, path: path)
        }
    }

    static func storageError(_ error: any Error, path: String) -> DirectoryError {
        DirectoryError(.storage, "The directory database at \(path) failed (\(error)). Check the disk and the file's "
            + "permissions, then try again.")
    }
}
