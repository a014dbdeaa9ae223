import Foundation
import GRDB

extension LocalDirectory: UserLookup, UserListing, UserDescriber, PresenceCheck {
    public func user(username: String) async throws -> DirectoryUser? {
        try await read { db in try Self.fetchUsers(db, where: "username = ?", [username]).first }
    }

    public func users(firstName: String?, lastName: String?) async throws -> [DirectoryUser] {
        var conditions: [String] = []
        var arguments: [String] = []
        if let f = firstName?.trimmed { conditions.append("first_name = ? COLLATE NOCASE"); arguments.append(f) }
        if let l = lastName?.trimmed { conditions.append("last_name = ? COLLATE NOCASE"); arguments.append(l) }
        if conditions.isEmpty { return [] }
        let clause = conditions.joined(separator: " AND ")
        let values = arguments
        return try await read { db in try Self.fetchUsers(db, where: clause, values) }
    }

    public func usersWithEmail(_ email: String) async throws -> [DirectoryUser] {
        let e = email.trimmed
        return try await read { db in try Self.fetchUsers(db, where: "email = ? COLLATE NOCASE", [e]) }
    }

    public func allUsers() async throws -> [DirectoryUser] {
        try await read { db in try Self.fetchUsers(db, where: "1", []) }
    }

    public func describe(_ id: UserID) async throws -> DirectoryUser {
        try await read { db in
            guard let u = try Self.fetchUsers(db, where: "id = ?", [id.rawValue]).first else {
                throw DirectoryError.notFound(id: id)
            }
            return u
        }
    }

    public func isLoggedIn(_ id: UserID) async throws -> Bool {
        try await read { db in
            guard let v = try Bool.fetchOne(try db.cachedStatement(sql: "SELECT logged_in FROM users WHERE id = ?"),
                                            arguments: [id.rawValue]) else {
                throw DirectoryError.notFound(id: id)
            }
            return v
        }
    }

    /// The users matching `clause`, sorted by username, with their security profiles and tags.
    static func fetchUsers(_ db: Database, where clause: String, _ arguments: [String]) throws -> [DirectoryUser] {
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM users WHERE \(clause) ORDER BY username",
                                    arguments: StatementArguments(arguments))
        if rows.isEmpty { return [] }
        let ids = rows.map { $0["id"] as String }
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        var security: [String: [String]] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT user_id, profile_id FROM user_security_profiles "
                                      + "WHERE user_id IN (\(marks))", arguments: StatementArguments(ids)) {
            security[r["user_id"], default: []].append(r["profile_id"])
        }
        var tags: [String: [String: String]] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT user_id, key, value FROM user_tags WHERE user_id IN (\(marks))",
                                  arguments: StatementArguments(ids)) {
            tags[r["user_id"], default: [:]][r["key"]] = r["value"]
        }
        return rows.map { r in
            let id: String = r["id"]
            let phoneType: String = r["phone_type"]
            return DirectoryUser(
                id: UserID(id), arn: r["arn"], username: r["username"],
                identityInfo: IdentityInfo(firstName: r["first_name"], lastName: r["last_name"], email: r["email"]),
                phoneConfig: PhoneConfig(phoneType: PhoneConfig.PhoneType(rawValue: phoneType) ?? .softPhone,
                                         autoAccept: r["auto_accept"], afterContactWorkTimeLimit: r["acw_time_limit"],
                                         deskPhoneNumber: r["desk_phone_number"]),
                routingProfileId: r["routing_profile_id"], securityProfileIds: security[id] ?? [],
                hierarchyGroupId: r["hierarchy_group_id"], tags: tags[id] ?? [:])
        }
    }
}
