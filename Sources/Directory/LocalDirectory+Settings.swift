import Foundation
import GRDB

extension LocalDirectory: UserSettingsAdministration {
    public func updateRoutingProfile(_ id: UserID, routingProfileId: String) async throws -> DirectoryUser {
        try await write { db in
            if try !Self.isProfile(db, routingProfileId, "routing") {
                throw DirectoryError.unknownRoutingProfile(routingProfileId)
            }
            try db.executeCached(sql: "UPDATE users SET routing_profile_id = ? WHERE id = ?",
                           arguments: [routingProfileId, id.rawValue])
            return try Self.changedUser(db, id)
        }
    }

    public func updateSecurityProfiles(_ id: UserID, securityProfileIds: [String]) async throws -> DirectoryUser {
        let ids = Array(Set(securityProfileIds)).sorted()
        if ids.isEmpty {
            throw DirectoryError(.unknownSecurityProfile, "A user needs at least one security profile; the guide's "
                + "usual one is Agent.")
        }
        return try await write { db in
            for s in ids where try !Self.isProfile(db, s, "security") { throw DirectoryError.unknownSecurityProfile(s) }
            guard try Bool.fetchOne(try db.cachedStatement(sql: "SELECT 1 FROM users WHERE id = ?"), arguments: [id.rawValue]) ?? false else {
                throw DirectoryError.notFound(id: id)
            }
            try db.executeCached(sql: "DELETE FROM user_security_profiles WHERE user_id = ?", arguments: [id.rawValue])
            for s in ids {
                try db.executeCached(sql: "INSERT INTO user_security_profiles (user_id, profile_id) VALUES (?, ?)",
                               arguments: [id.rawValue, s])
            }
            return try Self.fetchUsers(db, where: "id = ?", [id.rawValue])[0]
        }
    }

    public func updatePhoneConfig(_ id: UserID, _ phone: PhoneConfig) async throws -> DirectoryUser {
        try NewUserValidation.checkPhone(phone)
        return try await write { db in
            try db.executeCached(sql: "UPDATE users SET phone_type = ?, auto_accept = ?, acw_time_limit = ?, "
                               + "desk_phone_number = ? WHERE id = ?",
                           arguments: [phone.phoneType.rawValue, phone.autoAccept, phone.afterContactWorkTimeLimit,
                                       phone.deskPhoneNumber, id.rawValue])
            return try Self.changedUser(db, id)
        }
    }

    static func isProfile(_ db: Database, _ id: String, _ kind: String) throws -> Bool {
        try Bool.fetchOne(try db.cachedStatement(sql: "SELECT 1 FROM profiles WHERE id = ? AND kind = ?"), arguments: [id, kind]) ?? false
    }

    /// The user after an UPDATE, or `.notFound` when the UPDATE changed no row.
    static func changedUser(_ db: Database, _ id: UserID) throws -> DirectoryUser {
        if db.changesCount == 0 { throw DirectoryError.notFound(id: id) }
        return try fetchUsers(db, where: "id = ?", [id.rawValue])[0]
    }
}
