/// Finding users, the way the guide says to search the Connect console: by username or by name.
public protocol UserLookup: Sendable {
    /// The user whose username is `username` (compared without regard to case), or nil.
    func user(username: String) async throws -> DirectoryUser?

    /// The users whose first and last names equal the given ones (without regard to case); a nil name matches any.
    /// Both nil returns nothing.
    func users(firstName: String?, lastName: String?) async throws -> [DirectoryUser]

    /// The users whose email is `email` (without regard to case).
    ///
    /// Expensive on Amazon Connect: Connect cannot search by email, so its implementation lists every user and
    /// describes each one. Prefer a username or name search, and call this only when they found nothing.
    func usersWithEmail(_ email: String) async throws -> [DirectoryUser]
}
