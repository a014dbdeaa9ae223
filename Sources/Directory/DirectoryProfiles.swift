/// A directory's routing profiles, security profiles and hierarchy groups, read once: for resolving the names in an
/// import file and for showing names instead of ids.
public struct DirectoryProfiles: Sendable {
    /// Routing profiles.
    public var routing: [ProfileSummary]
    /// Security profiles.
    public var security: [ProfileSummary]
    /// Agent hierarchy groups.
    public var hierarchy: [ProfileSummary]

    /// Creates the lists.
    public init(routing: [ProfileSummary], security: [ProfileSummary], hierarchy: [ProfileSummary]) {
        self.routing = routing
        self.security = security
        self.hierarchy = hierarchy
    }

    /// The lists `directory` has.
    public init(of directory: some ProfileListing) async throws {
        self.init(routing: try await directory.routingProfiles(), security: try await directory.securityProfiles(),
                  hierarchy: try await directory.hierarchyGroups())
    }

    /// The name of routing profile `id`, or the id itself when unknown.
    public func routingName(_ id: String) -> String { routing.withID(id)?.name ?? id }
    /// The name of security profile `id`, or the id itself when unknown.
    public func securityName(_ id: String) -> String { security.withID(id)?.name ?? id }
    /// The name of hierarchy group `id`, or the id itself when unknown.
    public func hierarchyName(_ id: String) -> String { hierarchy.withID(id)?.name ?? id }
}
