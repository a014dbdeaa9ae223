/// Every user in the directory (Connect's `ListUsers` followed by `DescribeUser`), for admin commands and reports.
public protocol UserListing: Sendable {
    /// All users, sorted by username.
    func allUsers() async throws -> [DirectoryUser]
}
