/// Whether a user is logged in to the Contact Control Panel (Connect's `GetCurrentUserData`). The guide asks that a
/// user be logged out before their account is removed and created again.
public protocol PresenceCheck: Sendable {
    /// True when the user with `id` is logged in; throws `.notFound` for an unknown id.
    func isLoggedIn(_ id: UserID) async throws -> Bool
}
