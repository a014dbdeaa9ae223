import Directory
import Foundation

/// The user directory on Amazon Connect: the `UserDirectory` the playbooks use, over `ConnectClient` (SigV4,
/// rate limits, retries) and an `HTTPTransport`.
///
/// - Lookups by username and name use `SearchUsers`, then `DescribeUser` for each hit, so what is returned is never
///   older than the call.
/// - Lookups by email use an `EmailIndex` refreshed incrementally (`ListUsers`, then `DescribeUser` for new and
///   changed users, at most `indexBudget` a call) and re-check each hit with `DescribeUser`.
/// - `create` tags the user with the request id found under `requestTagKey` in its tags, and looks for that tag
///   before creating and after an unclear answer, so a retry after a crash never creates the user twice.
/// - Routing profiles, security profiles and hierarchy groups are listed once and cached; names resolve to ids.
public actor AmazonConnectDirectory {
    /// The tag key carrying the help desk's request id (the engine's `helpdesk-request`).
    public nonisolated let requestTagKey: String
    /// The most `DescribeUser` calls one email lookup makes to bring the index up to date.
    public nonisolated let indexBudget: Int
    let client: ConnectClient
    var profiles: [ProfileKind: [ProfileSummary]] = [:]
    var index: EmailIndex

    /// Creates the directory.
    ///
    /// - Parameters:
    ///   - index: a saved index to start from (`emailIndex()` gives the current one to save).
    public init(client: ConnectClient, requestTagKey: String = "helpdesk-request", indexBudget: Int = 50,
                index: EmailIndex = EmailIndex()) {
        self.client = client
        self.requestTagKey = requestTagKey
        self.indexBudget = max(1, indexBudget)
        self.index = index
    }

    /// The instance id the requests name.
    var instance: String { client.configuration.instanceID }

    /// Now, in seconds since 1970, from the client's environment.
    var now: Double { client.environment.now().timeIntervalSince1970 }

    /// `DescribeUser`, with `ResourceNotFoundException` as `DirectoryError.notFound`.
    func describeUser(_ id: UserID) async throws -> DirectoryUser {
        let out = try await client.call(ConnectAPI.describeUser(instance: instance, user: id),
                                        as: ConnectResponses.DescribeUser.self, mapError: notFound(id))
        return out.User.directoryUser
    }

    /// Maps `ResourceNotFoundException` to `DirectoryError.notFound(id:)`.
    nonisolated func notFound(_ id: UserID) -> @Sendable (ConnectServiceError) -> (any Error)? {
        { e in e.type == "ResourceNotFoundException" ? DirectoryError.notFound(id: id) : nil }
    }

    /// Every page of a paginated call: `request(nextToken)` builds each, `read` takes a page's items and token.
    func allPages<Page: Decodable & Sendable, Item>(_ request: (String?) -> ConnectRequest, as page: Page.Type,
                                        _ read: (Page) -> ([Item], String?)) async throws -> [Item] {
        var items: [Item] = []
        var token: String?
        var seen: Set<String> = []
        repeat {
            let (more, next) = read(try await client.call(request(token), as: Page.self))
            items += more
            token = next.flatMap { $0.isEmpty ? nil : $0 }
            if let t = token, !seen.insert(t).inserted { break }   // a repeated token would loop for ever
        } while token != nil
        return items
    }

    /// `SearchUsers`, all pages: the ids found.
    func search(_ search: UserSearch) async throws -> [UserID] {
        try await allPages({ ConnectAPI.searchUsers(instance: instance, search, nextToken: $0) },
                           as: ConnectResponses.SearchUsers.self) { page in
            ((page.Users ?? []).map { UserID($0.Id) }, page.NextToken)
        }
    }

    /// `DescribeUser` for each id, skipping users deleted in the meantime.
    func describeEach(_ ids: [UserID]) async throws -> [DirectoryUser] {
        var users: [DirectoryUser] = []
        for id in ids {
            do {
                users.append(try await describeUser(id))
            } catch let e as DirectoryError where e.code == .notFound {
                index.remove(id)
            }
        }
        return users
    }
}
