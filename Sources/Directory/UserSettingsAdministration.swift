/// Changing a user's routing, security profiles and phone: Connect's `UpdateUserRoutingProfile`,
/// `UpdateUserSecurityProfiles` and `UpdateUserPhoneConfig`. Not part of `UserDirectory`: the playbooks do not use
/// it yet; the Connect sandbox and admin tools do.
public protocol UserSettingsAdministration: Sendable {
    /// Gives the user the routing profile with id `routingProfileId`.
    func updateRoutingProfile(_ id: UserID, routingProfileId: String) async throws -> DirectoryUser
    /// Replaces the user's security profiles (at least one).
    func updateSecurityProfiles(_ id: UserID, securityProfileIds: [String]) async throws -> DirectoryUser
    /// Replaces the user's phone settings.
    func updatePhoneConfig(_ id: UserID, _ phone: PhoneConfig) async throws -> DirectoryUser
}
