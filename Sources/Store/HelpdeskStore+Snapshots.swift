import Foundation
import GRDB

extension HelpdeskStore {
    /// Field names a snapshot may not have, at any depth (compared lowercased, as substrings).
    static let secretFieldWords = ["password", "passwd", "secret", "token", "credential"]

    /// Saves a directory user as it was before a change (JSON object text). Refuses JSON that is not valid or
    /// that has a field whose name suggests a secret: secrets are never at rest.
    public func saveSnapshot(login: String, json: String, ticket: TicketID?, action: ActionID?) throws -> UserSnapshot {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed]) else {
            throw StoreError.notJSON("the snapshot of \(login)")
        }
        if let key = Self.secretKey(in: object) { throw StoreError.secretInSnapshot(key) }
        return try write { db, now in
            try db.executeCached(sql: "INSERT INTO user_snapshots (login, ticket_id, action_id, taken_at, data) VALUES (?, ?, ?, ?, ?)",
                           arguments: [login, ticket, action, now, json])
            let id = SnapshotID(rawValue: db.lastInsertedRowID)
            if let ticket {
                try Self.insertEvent(db, ticket: ticket, at: now, actor: "bot", what: "user_snapshot", why: login,
                                     data: #"{"snapshot":\#(id.rawValue)}"#)
            }
            return try Self.snapshot(db, id)!
        }
    }

    /// The most recent snapshot of a user, if any.
    public func latestSnapshot(login: String) throws -> UserSnapshot? {
        try read { db in
            try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM user_snapshots WHERE login = ? ORDER BY id DESC LIMIT 1"),
                             arguments: [login]).map(Self.snapshot)
        }
    }

    /// The snapshot taken when `action` was planned (the user as it was then), if any.
    public func snapshot(forAction action: ActionID) throws -> UserSnapshot? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM user_snapshots WHERE action_id = ? ORDER BY id LIMIT 1",
                             arguments: [action]).map(Self.snapshot)
        }
    }

    /// A snapshot by number.
    public func snapshot(_ id: SnapshotID) throws -> UserSnapshot? {
        try read { db in try Self.snapshot(db, id) }
    }

    static func secretKey(in object: Any) -> String? {
        if let dict = object as? [String: Any] {
            for (key, value) in dict {
                let lower = key.lowercased()
                if secretFieldWords.contains(where: { lower.contains($0) }) { return key }
                if let found = secretKey(in: value) { return found }
            }
        } else if let array = object as? [Any] {
            for value in array { if let found = secretKey(in: value) { return found } }
        }
        return nil
    }

    static func snapshot(_ db: Database, _ id: SnapshotID) throws -> UserSnapshot? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM user_snapshots WHERE id = ?"), arguments: [id]).map(snapshot)
    }

    static func snapshot(_ row: Row) -> UserSnapshot {
        UserSnapshot(id: row["id"], login: row["login"], ticket: row["ticket_id"], action: row["action_id"],
                     takenAt: row["taken_at"], json: row["data"])
    }
}
