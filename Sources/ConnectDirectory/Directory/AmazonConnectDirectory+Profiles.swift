public import Directory

extension AmazonConnectDirectory: ProfileListing {
    public func routingProfiles() async throws -> [ProfileSummary] { try await cached(.routing) }
    public func securityProfiles() async throws -> [ProfileSummary] { try await cached(.security) }
    public func hierarchyGroups() async throws -> [ProfileSummary] { try await cached(.hierarchy) }

    /// The id of the profile of `kind` named `name` (without regard to case), listing the profiles again once when
    /// the cached list does not have it. Throws the matching `DirectoryError` when there is none.
    public func profileID(_ kind: ProfileKind, named name: String) async throws -> String {
        if let p = try await cached(kind).named(name) { return p.id }
        profiles[kind] = nil
        if let p = try await cached(kind).named(name) { return p.id }
        let known = (profiles[kind] ?? []).map(\.name).joined(separator: ", ")
        let message = "Amazon Connect has no \(kind.rawValue) named \(name). Use one of: \(known)."
        switch kind {
        case .routing: throw DirectoryError(.unknownRoutingProfile, message)
        case .security: throw DirectoryError(.unknownSecurityProfile, message)
        case .hierarchy: throw DirectoryError(.unknownHierarchyGroup, message)
        }
    }

    /// Forgets the cached profile lists (after an admin added a profile in the console).
    public func forgetProfiles() { profiles = [:] }

    /// The profiles of `kind`, listed once and then cached, sorted by name.
    func cached(_ kind: ProfileKind) async throws -> [ProfileSummary] {
        if let list = profiles[kind] { return list }
        let request: (String?) -> ConnectRequest = switch kind {
        case .routing: { ConnectAPI.listRoutingProfiles(instance: self.instance, nextToken: $0) }
        case .security: { ConnectAPI.listSecurityProfiles(instance: self.instance, nextToken: $0) }
        case .hierarchy: { ConnectAPI.listUserHierarchyGroups(instance: self.instance, nextToken: $0) }
        }
        let list = try await allPages(request, as: ConnectResponses.ProfileList.self) { page in
            (page.items.map { ProfileSummary(id: $0.Id, arn: $0.Arn ?? "", name: $0.Name ?? $0.Id) }, page.NextToken)
        }.sorted { $0.name.lowercased() < $1.name.lowercased() }
        profiles[kind] = list
        return list
    }
}
