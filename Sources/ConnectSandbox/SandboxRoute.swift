/// Which Connect operation a request is, found from its method and path as the REST API routes it.
enum SandboxRoute: Equatable {
    case describeUser(user: String)
    case deleteUser(user: String)
    case createUser
    case updateUser(user: String, what: String)
    case listUsers
    case listProfiles(operation: String)
    case searchUsers
    case getCurrentUserData
    case unknown

    /// The Connect operations the sandbox serves.
    static let operations: Set<String> = [
        "DescribeUser", "DeleteUser", "CreateUser", "UpdateUserIdentityInfo", "UpdateUserRoutingProfile",
        "UpdateUserSecurityProfiles", "UpdateUserPhoneConfig", "ListUsers", "ListRoutingProfiles",
        "ListSecurityProfiles", "ListUserHierarchyGroups", "SearchUsers", "GetCurrentUserData",
    ]

    /// The Connect operation's name, e.g. `CreateUser`.
    var operation: String {
        switch self {
        case .describeUser: "DescribeUser"
        case .deleteUser: "DeleteUser"
        case .createUser: "CreateUser"
        case .updateUser(_, let what):
            switch what {
            case "identity-info": "UpdateUserIdentityInfo"
            case "routing-profile": "UpdateUserRoutingProfile"
            case "security-profiles": "UpdateUserSecurityProfiles"
            default: "UpdateUserPhoneConfig"
            }
        case .listUsers: "ListUsers"
        case .listProfiles(let operation): operation
        case .searchUsers: "SearchUsers"
        case .getCurrentUserData: "GetCurrentUserData"
        case .unknown: "Unknown"
        }
    }

    /// The route of `method` on `segments` (the path's segments, decoded), and the instance id it names.
    static func of(_ method: String, _ s: [String]) -> (SandboxRoute, instance: String?) {
        switch (method, s.first ?? "", s.count) {
        case ("GET", "users", 3): (.describeUser(user: s[2]), s[1])
        case ("DELETE", "users", 3): (.deleteUser(user: s[2]), s[1])
        case ("PUT", "users", 2): (.createUser, s[1])
        case ("POST", "users", 4) where ["identity-info", "routing-profile", "security-profiles", "phone-config"]
            .contains(s[3]): (.updateUser(user: s[2], what: s[3]), s[1])
        case ("GET", "users-summary", 2): (.listUsers, s[1])
        case ("GET", "routing-profiles-summary", 2): (.listProfiles(operation: "ListRoutingProfiles"), s[1])
        case ("GET", "security-profiles-summary", 2): (.listProfiles(operation: "ListSecurityProfiles"), s[1])
        case ("GET", "user-hierarchy-groups-summary", 2): (.listProfiles(operation: "ListUserHierarchyGroups"), s[1])
        case ("POST", "search-users", 1): (.searchUsers, nil)
        case ("POST", "metrics", 3) where s[1] == "userdata": (.getCurrentUserData, s[2])
        default: (.unknown, nil)
        }
    }
}
