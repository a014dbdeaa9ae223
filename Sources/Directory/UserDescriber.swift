/// Reading one user by id: Connect's `DescribeUser`.
public protocol UserDescriber: Sendable {
    /// The user with `id`; throws `DirectoryError` with `.notFound` when there is none.
    func describe(_ id: UserID) async throws -> DirectoryUser
}
