/// The three kinds of profile a user is given, each listed by its own Connect operation.
public enum ProfileKind: String, Sendable, Hashable, CaseIterable {
    /// `ListRoutingProfiles`.
    case routing = "routing profile"
    /// `ListSecurityProfiles`.
    case security = "security profile"
    /// `ListUserHierarchyGroups`.
    case hierarchy = "agent hierarchy group"
}
