/// The profiles a user can be given: Connect's `ListRoutingProfiles`, `ListSecurityProfiles`,
/// `ListUserHierarchyGroups`.
public protocol ProfileListing: Sendable {
    /// Routing profiles (Case Investigator, Contact Tracers, Resource Coordinator), sorted by name.
    func routingProfiles() async throws -> [ProfileSummary]
    /// Security profiles (Agent, Supervisor, L1 Support, Admin, CallCenterManager), sorted by name.
    func securityProfiles() async throws -> [ProfileSummary]
    /// Agent hierarchy groups, sorted by name.
    func hierarchyGroups() async throws -> [ProfileSummary]
}

extension Array where Element == ProfileSummary {
    /// The profile named `name` (without regard to case or surrounding spaces), or nil.
    public func named(_ name: String) -> ProfileSummary? {
        let wanted = name.trimmed.lowercased()
        return first { $0.name.lowercased() == wanted }
    }

    /// The profile with identifier `id`, or nil.
    public func withID(_ id: String) -> ProfileSummary? { first { $0.id == id } }
}
