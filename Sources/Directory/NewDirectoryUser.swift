/// What `create` needs: Amazon Connect's `CreateUser` request. The password is checked and then dropped; no
/// directory in this package stores it.
public struct NewDirectoryUser: Sendable {
    /// `Username`: the login, e.g. `Jane.Doe` (see `UsernameRules`).
    public var username: String
    /// `Password`: required when Connect manages identities (see `PasswordRules`).
    public var password: Password
    /// `IdentityInfo`.
    public var identityInfo: IdentityInfo
    /// `PhoneConfig`.
    public var phoneConfig: PhoneConfig
    /// `RoutingProfileId`.
    public var routingProfileId: String
    /// `SecurityProfileIds`: at least one.
    public var securityProfileIds: [String]
    /// `HierarchyGroupId`.
    public var hierarchyGroupId: String?
    /// `Tags`.
    public var tags: [String: String]

    /// Creates a request.
    public init(username: String, password: Password, identityInfo: IdentityInfo,
                phoneConfig: PhoneConfig = .guideDefault, routingProfileId: String, securityProfileIds: [String],
                hierarchyGroupId: String? = nil, tags: [String: String] = [:]) {
        self.username = username
        self.password = password
        self.identityInfo = identityInfo
        self.phoneConfig = phoneConfig
        self.routingProfileId = routingProfileId
        self.securityProfileIds = securityProfileIds
        self.hierarchyGroupId = hierarchyGroupId
        self.tags = tags
    }
}
