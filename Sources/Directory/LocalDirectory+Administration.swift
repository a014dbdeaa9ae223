import Foundation
import GRDB

extension LocalDirectory: UserAdministration {
    public func create(_ user: NewDirectoryUser) async throws -> DirectoryUser {
        try await createAll([user])[0]
    }

    public func createAll(_ users: [NewDirectoryUser]) async throws -> [DirectoryUser] {
        // Check what needs no database first, so that a bad password never reaches the write transaction.
        for u in users { try NewUserValidation.check(u) }
        let records = users.map(UserRecord.init)   // the passwords stay behind here
        let now = clock()
        let newIDs = users.map { _ in UserID(ids()) }
        let instanceARN = configuration.instanceARN
        return try await write { db in
            var created: [DirectoryUser] = []
            for (record, id) in zip(records, newIDs) {
                try Self.insert(record, id: id, arn: "\(instanceARN)/agent/\(id)", now: now, db)
                created.append(try Self.fetchUsers(db, where: "id = ?", [id.rawValue])[0])
            }
            return created
        }
    }

    public func delete(_ id: UserID) async throws {
        let now = clock()
        let reusable = now.addingTimeInterval(max(0, configuration.usernameReuseDelay))
        try await write { db in
            guard let username = try String.fetchOne(try db.cachedStatement(sql: "SELECT username FROM users WHERE id = ?"),
                                                     arguments: [id.rawValue]) else {
                throw DirectoryError.notFound(id: id)
            }
            try db.executeCached(sql: "INSERT OR REPLACE INTO deleted_usernames (username, deleted_at, reusable_at) "
                               + "VALUES (?, ?, ?)",
                           arguments: [username, now.timeIntervalSince1970, reusable.timeIntervalSince1970])
            try db.executeCached(sql: "DELETE FROM users WHERE id = ?", arguments: [id.rawValue])
        }
    }

    public func updateIdentity(_ id: UserID, _ info: IdentityInfo) async throws -> DirectoryUser {
        try NewUserValidation.checkIdentity(info)
        return try await write { db in
            try db.executeCached(sql: "UPDATE users SET first_name = ?, last_name = ?, email = ? WHERE id = ?",
                           arguments: [info.firstName.trimmed, info.lastName.trimmed, info.email, id.rawValue])
            if db.changesCount == 0 { throw DirectoryError.notFound(id: id) }
            return try Self.fetchUsers(db, where: "id = ?", [id.rawValue])[0]
        }
    }

    /// A `NewDirectoryUser` without its password: all that reaches the database.
    struct UserRecord: Sendable {
        var username: String
        var identityInfo: IdentityInfo
        var phoneConfig: PhoneConfig
        var routingProfileId: String
        var securityProfileIds: [String]
        var hierarchyGroupId: String?
        var tags: [String: String]

        init(_ u: NewDirectoryUser) {
            username = u.username
            identityInfo = u.identityInfo
            phoneConfig = u.phoneConfig
            routingProfileId = u.routingProfileId
            securityProfileIds = Array(Set(u.securityProfileIds)).sorted()
            hierarchyGroupId = u.hierarchyGroupId.flatMap { $0.isEmpty ? nil : $0 }
            tags = u.tags
        }
    }

    static func insert(_ r: UserRecord, id: UserID, arn: String, now: Date, _ db: Database) throws {
        func isProfile(_ id: String, _ kind: String) throws -> Bool {
            try Bool.fetchOne(try db.cachedStatement(sql: "SELECT 1 FROM profiles WHERE id = ? AND kind = ?"), arguments: [id, kind]) ?? false
        }
        if try !isProfile(r.routingProfileId, "routing") { throw DirectoryError.unknownRoutingProfile(r.routingProfileId) }
        for s in r.securityProfileIds where try !isProfile(s, "security") {
            throw DirectoryError.unknownSecurityProfile(s)
        }
        if let h = r.hierarchyGroupId, try !isProfile(h, "hierarchy") { throw DirectoryError.unknownHierarchyGroup(h) }
        if try Bool.fetchOne(try db.cachedStatement(sql: "SELECT 1 FROM users WHERE username = ?"), arguments: [r.username]) ?? false {
            throw DirectoryError.usernameTaken(r.username)
        }
        if let until = try Double.fetchOne(try db.cachedStatement(sql: "SELECT reusable_at FROM deleted_usernames WHERE username = ?"),
                                           arguments: [r.username]) {
            if until > now.timeIntervalSince1970 {
                throw DirectoryError.notReusableYet(r.username, until: Date(timeIntervalSince1970: until))
            }
            try db.executeCached(sql: "DELETE FROM deleted_usernames WHERE username = ?", arguments: [r.username])
        }
        let p = r.phoneConfig
        try db.executeCached(sql: """
            INSERT INTO users (id, arn, username, first_name, last_name, email, phone_type, auto_accept,
                               acw_time_limit, desk_phone_number, routing_profile_id, hierarchy_group_id, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [id.rawValue, arn, r.username, r.identityInfo.firstName.trimmed,
                             r.identityInfo.lastName.trimmed, r.identityInfo.email?.trimmed, p.phoneType.rawValue,
                             p.autoAccept, p.afterContactWorkTimeLimit, p.deskPhoneNumber, r.routingProfileId,
                             r.hierarchyGroupId, now.timeIntervalSince1970])
        for s in r.securityProfileIds {
            try db.executeCached(sql: "INSERT INTO user_security_profiles (user_id, profile_id) VALUES (?, ?)",
                           arguments: [id.rawValue, s])
        }
        for (k, v) in r.tags.sorted(by: { $0.key < $1.key }) {
            try db.executeCached(sql: "INSERT INTO user_tags (user_id, key, value) VALUES (?, ?, ?)",
                           arguments: [id.rawValue, k, v])
        }
    }
}
