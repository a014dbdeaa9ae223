/// Changing the directory: Connect's `CreateUser`, `DeleteUser` and `UpdateUserIdentityInfo`.
///
/// Playbooks prepare a plan without calling these, and call them only after approval (STYLE.md habit 10).
public protocol UserAdministration: Sendable {
    /// Creates a user after checking it as Connect does (`NewUserValidation`, known profiles, a username that is
    /// neither taken nor recently deleted). The password is checked and then forgotten.
    func create(_ user: NewDirectoryUser) async throws -> DirectoryUser

    /// Creates all of `users` or none of them: the first that fails undoes the others and its error is thrown.
    func createAll(_ users: [NewDirectoryUser]) async throws -> [DirectoryUser]

    /// Deletes the user with `id`. Its username cannot be reused until the directory's reuse delay has passed.
    func delete(_ id: UserID) async throws

    /// Replaces the user's names and email (how the help desk sets a missing email).
    func updateIdentity(_ id: UserID, _ info: IdentityInfo) async throws -> DirectoryUser
}
