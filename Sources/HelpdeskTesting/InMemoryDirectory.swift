public import Directory
public import Foundation

/// A user directory in memory that follows the same rules as `LocalDirectory` (and so as Amazon Connect): for unit
/// tests of the modules that use the directory. Keeps no passwords.
///
/// The behavioural tests in `DirectoryTests` run against both, so the double stays faithful.
public actor InMemoryDirectory: UserDirectory {
    private var users: [UserID: DirectoryUser] = [:]
    private var loggedIn: Set<UserID> = []
    private var deleted: [String: Date] = [:]   // lowercased username -> when it becomes reusable
    private let routing: [ProfileSummary]
    private let security: [ProfileSummary]
    private let hierarchy: [ProfileSummary]
    private let instanceARN: String
    private let usernameReuseDelay: TimeInterval
    private let clock: @Sendable () -> Date
    private let ids: IDGenerator

    /// A directory holding the guide's profiles (ids drawn from `ids` in the same order as `LocalDirectory`).
    public init(instanceARN: String = "arn:aws:connect:us-east-1:000000000000:instance/local",
                usernameReuseDelay: TimeInterval = 0, clock: @escaping @Sendable () -> Date, ids: IDGenerator) {
        func make(_ names: [String], _ arnPart: String) -> [ProfileSummary] {
            names.map { name in
                let id = UserID(ids()).rawValue
                return ProfileSummary(id: id, arn: "\(instanceARN)/\(arnPart)/\(id)", name: name)
            }
        }
        routing = make(GuideProfiles.routing, "routing-profile").sorted { $0.name < $1.name }
        security = make(GuideProfiles.security, "security-profile").sorted { $0.name.lowercased() < $1.name.lowercased() }
        hierarchy = make(GuideProfiles.hierarchy, "agent-group").sorted { $0.name < $1.name }
        self.instanceARN = instanceARN
        self.usernameReuseDelay = usernameReuseDelay
        self.clock = clock
        self.ids = ids
    }

    /// Marks a user logged in or out.
    public func setLoggedIn(_ id: UserID, _ value: Bool) throws {
        guard users[id] != nil else { throw notFound(id) }
        if value { loggedIn.insert(id) } else { loggedIn.remove(id) }
    }

    // MARK: UserLookup, UserListing, UserDescriber, PresenceCheck

    public func user(username: String) -> DirectoryUser? {
        users.values.first { $0.username.lowercased() == username.lowercased() }
    }

    public func users(firstName: String?, lastName: String?) -> [DirectoryUser] {
        if firstName == nil && lastName == nil { return [] }
        return sorted(users.values.filter { u in
            (firstName.map { same(u.identityInfo.firstName, $0) } ?? true)
                && (lastName.map { same(u.identityInfo.lastName, $0) } ?? true)
        })
    }

    public func usersWithEmail(_ email: String) -> [DirectoryUser] {
        sorted(users.values.filter { u in u.identityInfo.email.map { same($0, email) } ?? false })
    }

    public func allUsers() -> [DirectoryUser] { sorted(Array(users.values)) }

    public func describe(_ id: UserID) throws -> DirectoryUser {
        guard let u = users[id] else { throw notFound(id) }
        return u
    }

    public func isLoggedIn(_ id: UserID) throws -> Bool {
        guard users[id] != nil else { throw notFound(id) }
        return loggedIn.contains(id)
    }

    // MARK: ProfileListing

    public func routingProfiles() -> [ProfileSummary] { routing }
    public func securityProfiles() -> [ProfileSummary] { security }
    public func hierarchyGroups() -> [ProfileSummary] { hierarchy }

    // MARK: UserAdministration

    public func create(_ user: NewDirectoryUser) throws -> DirectoryUser { try createAll([user])[0] }

    public func createAll(_ new: [NewDirectoryUser]) throws -> [DirectoryUser] {
        for u in new { try NewUserValidation.check(u) }
        let savedUsers = users, savedDeleted = deleted
        var created: [DirectoryUser] = []
        do {
            for u in new { created.append(try insert(u)) }
        } catch {
            users = savedUsers
            deleted = savedDeleted
            throw error
        }
        return created
    }

    public func delete(_ id: UserID) throws {
        guard let u = users.removeValue(forKey: id) else { throw notFound(id) }
        loggedIn.remove(id)
        deleted[u.username.lowercased()] = clock().addingTimeInterval(max(0, usernameReuseDelay))
    }

    public func updateIdentity(_ id: UserID, _ info: IdentityInfo) throws -> DirectoryUser {
        try NewUserValidation.checkIdentity(info)
        guard var u = users[id] else { throw notFound(id) }
        u.identityInfo = IdentityInfo(firstName: trim(info.firstName), lastName: trim(info.lastName),
                                      email: info.email.map(trim))
        users[id] = u
        return u
    }

    // MARK: private

    private func insert(_ new: NewDirectoryUser) throws -> DirectoryUser {
        guard routing.withID(new.routingProfileId) != nil else {
            throw DirectoryError.unknownRoutingProfile(new.routingProfileId)
        }
        for s in new.securityProfileIds where security.withID(s) == nil {
            throw DirectoryError.unknownSecurityProfile(s)
        }
        if let h = new.hierarchyGroupId, !h.isEmpty, hierarchy.withID(h) == nil {
            throw DirectoryError.unknownHierarchyGroup(h)
        }
        let key = new.username.lowercased()
        if user(username: new.username) != nil {
            throw DirectoryError.usernameTaken(new.username)
        }
        if let until = deleted[key] {
            if until > clock() {
                throw DirectoryError.notReusableYet(new.username, until: until)
            }
            deleted[key] = nil
        }
        let id = UserID(ids())
        let u = DirectoryUser(
            id: id, arn: "\(instanceARN)/agent/\(id)", username: new.username,
            identityInfo: IdentityInfo(firstName: trim(new.identityInfo.firstName),
                                       lastName: trim(new.identityInfo.lastName),
                                       email: new.identityInfo.email.map(trim)),
            phoneConfig: new.phoneConfig, routingProfileId: new.routingProfileId,
            securityProfileIds: Array(Set(new.securityProfileIds)),
            hierarchyGroupId: new.hierarchyGroupId.flatMap { $0.isEmpty ? nil : $0 }, tags: new.tags)
        users[id] = u
        return u
    }

    private func notFound(_ id: UserID) -> DirectoryError {
        DirectoryError.notFound(id: id)
    }

    private func sorted(_ us: [DirectoryUser]) -> [DirectoryUser] {
        us.sorted { $0.username.lowercased() < $1.username.lowercased() }
    }

    private func same(_ a: String, _ b: String) -> Bool { trim(a).lowercased() == trim(b).lowercased() }

    private func trim(_ s: String) -> String { s.trimmingCharacters(in: .whitespacesAndNewlines) }
}
