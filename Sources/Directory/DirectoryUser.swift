/// A user as Amazon Connect's `DescribeUser` returns it. Never carries a password.
///
/// Encodes with Connect's field names (`Id`, `Arn`, `Username`, `IdentityInfo`, `PhoneConfig`, ...).
public struct DirectoryUser: Hashable, Sendable, Codable {
    /// `Id`.
    public var id: UserID
    /// `Arn`: `<instance ARN>/agent/<Id>`.
    public var arn: String
    /// `Username`: the login, e.g. `Jane.Doe`.
    public var username: String
    /// `IdentityInfo`: names and email.
    public var identityInfo: IdentityInfo
    /// `PhoneConfig`.
    public var phoneConfig: PhoneConfig
    /// `RoutingProfileId`.
    public var routingProfileId: String
    /// `SecurityProfileIds`, sorted.
    public var securityProfileIds: [String]
    /// `HierarchyGroupId`, if the user is in the agent hierarchy.
    public var hierarchyGroupId: String?
    /// `Tags`.
    public var tags: [String: String]

    /// Creates a user value.
    public init(id: UserID, arn: String, username: String, identityInfo: IdentityInfo, phoneConfig: PhoneConfig,
                routingProfileId: String, securityProfileIds: [String], hierarchyGroupId: String? = nil,
                tags: [String: String] = [:]) {
        self.id = id
        self.arn = arn
        self.username = username
        self.identityInfo = identityInfo
        self.phoneConfig = phoneConfig
        self.routingProfileId = routingProfileId
        self.securityProfileIds = securityProfileIds.sorted()
        self.hierarchyGroupId = hierarchyGroupId
        self.tags = tags
    }

    enum CodingKeys: String, CodingKey {
        case id = "Id", arn = "Arn", username = "Username", identityInfo = "IdentityInfo", phoneConfig = "PhoneConfig",
             routingProfileId = "RoutingProfileId", securityProfileIds = "SecurityProfileIds",
             hierarchyGroupId = "HierarchyGroupId", tags = "Tags"
    }
}
