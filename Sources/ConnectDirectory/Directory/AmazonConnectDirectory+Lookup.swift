public import Directory
import Foundation

extension AmazonConnectDirectory: UserLookup, UserListing, UserDescriber, PresenceCheck {
    /// `SearchUsers` for the username, then `DescribeUser`. When the search finds nobody, `ListUsers` is read as
    /// well: Connect's search index lags behind a user created moments ago (a retry after a crash looks exactly
    /// then), and its `EXACT` comparison may differ in case from the help desk's.
    public func user(username: String) async throws -> DirectoryUser? {
        let wanted = username.trimmingSpaces
        if wanted.isEmpty { return nil }
        let users = try await describeEach(try await search(.username(wanted)))
        if let found = users.first(where: { $0.username.lowercased() == wanted.lowercased() }) { return found }
        let listed = try await listUsers().filter { $0.username.lowercased() == wanted.lowercased() }
        return try await describeEach(listed.map(\.id)).first { $0.username.lowercased() == wanted.lowercased() }
    }

    public func users(firstName: String?, lastName: String?) async throws -> [DirectoryUser] {
        let first = firstName?.trimmingSpaces
        let last = lastName?.trimmingSpaces
        if first == nil && last == nil { return [] }
        let users = try await describeEach(try await search(.name(first: first, last: last)))
        return users.filter { u in
            (first.map { u.identityInfo.firstName.lowercased() == $0.lowercased() } ?? true)
                && (last.map { u.identityInfo.lastName.lowercased() == $0.lowercased() } ?? true)
        }.sorted { $0.username.lowercased() < $1.username.lowercased() }
    }

    /// The users whose email is `email`, from the email index, each re-checked with `DescribeUser`.
    ///
    /// Throws `ConnectError(.indexIncomplete)` when nobody matched and the index has not yet described every user
    /// (a new index over a large instance takes several calls at two `DescribeUser` a second).
    public func usersWithEmail(_ email: String) async throws -> [DirectoryUser] {
        let wanted = email.trimmingSpaces.lowercased()
        try await refreshEmailIndex(budget: indexBudget)
        let found = try await describeEach(index.candidates(email: wanted))
        for u in found { index.record(u, lastModified: index.entries[u.id]?.lastModified, now: now) }
        let matching = found.filter { $0.identityInfo.email?.lowercased() == wanted }
        if matching.isEmpty && !index.isComplete {
            throw ConnectError(.indexIncomplete, "Nobody with the email \(email) is known yet, but the email index "
                + "still has \(index.pending.count) users to read from Connect (it reads \(indexBudget) a call). "
                + "Search by name or login, or try again in a few minutes.")
        }
        return matching.sorted { $0.username.lowercased() < $1.username.lowercased() }
    }

    public func allUsers() async throws -> [DirectoryUser] {
        let listing = try await listUsers()
        return try await describeEach(listing.map(\.id)).sorted { $0.username.lowercased() < $1.username.lowercased() }
    }

    public func describe(_ id: UserID) async throws -> DirectoryUser {
        try await describeUser(id)
    }

    /// Whether `GetCurrentUserData` has real-time data for the user: Connect reports only users signed in to the
    /// Contact Control Panel (whatever their agent status, Offline included).
    public func isLoggedIn(_ id: UserID) async throws -> Bool {
        _ = try await describeUser(id)   // an unknown id throws .notFound, as the protocol asks
        let data = try await allPages({ ConnectAPI.getCurrentUserData(instance: instance, agents: [id], nextToken: $0) },
                                      as: ConnectResponses.GetCurrentUserData.self) { ($0.UserDataList ?? [], $0.NextToken) }
        return data.contains { d in d.User?.Id == id.rawValue || (d.User?.Arn?.hasSuffix("/agent/\(id.rawValue)") ?? false) }
    }

    /// `ListUsers`, all pages.
    func listUsers() async throws -> [UserSummary] {
        try await allPages({ ConnectAPI.listUsers(instance: instance, nextToken: $0) },
                           as: ConnectResponses.ListUsers.self) { ($0.UserSummaryList ?? [], $0.NextToken) }
    }
}
