import Foundation
import GRDB

extension HelpdeskStore {
    /// A small named value the bot keeps between runs (e.g. when the last digest went out). Never a secret.
    public func state(_ key: String) throws -> String? {
        try read { db in try String.fetchOne(try db.cachedStatement(sql: "SELECT value FROM bot_state WHERE key = ?"), arguments: [key]) }
    }

    /// Sets a named value.
    public func setState(_ key: String, _ value: String) throws {
        try write { db, now in
            try db.executeCached(sql: """
                INSERT INTO bot_state (key, value, updated_at) VALUES (?, ?, ?)
                ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                """, arguments: [key, value, now])
        }
    }
}
