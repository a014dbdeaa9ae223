public import Directory
import Foundation

/// Builds the requests of the Amazon Connect operations helpdesk uses, from typed inputs, exactly as botocore
/// serializes them for the `connect` REST-JSON service (checked by the contract test against botocore's model).
public enum ConnectAPI {
    /// The page size asked of the list operations (the model allows 1-1000).
    public static let listPageSize = 1000
    /// The page size asked of `SearchUsers` (the model allows 1-500).
    public static let searchPageSize = 500

    /// `DescribeUser`: `GET /users/{InstanceId}/{UserId}`.
    public static func describeUser(instance: String, user: UserID) -> ConnectRequest {
        ConnectRequest(operation: "DescribeUser", method: "GET", pathSegments: ["users", instance, user.rawValue])
    }

    /// `DeleteUser`: `DELETE /users/{InstanceId}/{UserId}`.
    public static func deleteUser(instance: String, user: UserID) -> ConnectRequest {
        ConnectRequest(operation: "DeleteUser", method: "DELETE", pathSegments: ["users", instance, user.rawValue])
    }

    /// `CreateUser`: `PUT /users/{InstanceId}`. The password goes in the body and nowhere else.
    public static func createUser(instance: String, _ user: NewDirectoryUser) -> ConnectRequest {
        let body = ConnectWire.CreateUser(
            Username: user.username, Password: user.password.revealed,
            IdentityInfo: .init(user.identityInfo), PhoneConfig: .init(user.phoneConfig),
            SecurityProfileIds: user.securityProfileIds, RoutingProfileId: user.routingProfileId,
            HierarchyGroupId: user.hierarchyGroupId.flatMap { $0.isEmpty ? nil : $0 },
            Tags: user.tags.isEmpty ? nil : user.tags)
        return ConnectRequest(operation: "CreateUser", method: "PUT", pathSegments: ["users", instance],
                              body: json(body))
    }

    /// `UpdateUserIdentityInfo`: `POST /users/{InstanceId}/{UserId}/identity-info`.
    public static func updateUserIdentityInfo(instance: String, user: UserID, _ info: IdentityInfo) -> ConnectRequest {
        ConnectRequest(operation: "UpdateUserIdentityInfo", method: "POST",
                       pathSegments: ["users", instance, user.rawValue, "identity-info"],
                       body: json(ConnectWire.UpdateIdentityInfo(IdentityInfo: .init(info))))
    }

    /// `UpdateUserRoutingProfile`: `POST /users/{InstanceId}/{UserId}/routing-profile`.
    public static func updateUserRoutingProfile(instance: String, user: UserID, routingProfileID: String)
        -> ConnectRequest {
        ConnectRequest(operation: "UpdateUserRoutingProfile", method: "POST",
                       pathSegments: ["users", instance, user.rawValue, "routing-profile"],
                       body: json(ConnectWire.UpdateRoutingProfile(RoutingProfileId: routingProfileID)))
    }

    /// `UpdateUserSecurityProfiles`: `POST /users/{InstanceId}/{UserId}/security-profiles`.
    public static func updateUserSecurityProfiles(instance: String, user: UserID, securityProfileIDs: [String])
        -> ConnectRequest {
        ConnectRequest(operation: "UpdateUserSecurityProfiles", method: "POST",
                       pathSegments: ["users", instance, user.rawValue, "security-profiles"],
                       body: json(ConnectWire.UpdateSecurityProfiles(SecurityProfileIds: securityProfileIDs)))
    }

    /// `UpdateUserPhoneConfig`: `POST /users/{InstanceId}/{UserId}/phone-config`.
    public static func updateUserPhoneConfig(instance: String, user: UserID, _ phone: PhoneConfig) -> ConnectRequest {
        ConnectRequest(operation: "UpdateUserPhoneConfig", method: "POST",
                       pathSegments: ["users", instance, user.rawValue, "phone-config"],
                       body: json(ConnectWire.UpdatePhoneConfig(PhoneConfig: .init(phone))))
    }

    /// `ListUsers`: `GET /users-summary/{InstanceId}?maxResults=&nextToken=`.
    public static func listUsers(instance: String, nextToken: String? = nil) -> ConnectRequest {
        list("ListUsers", "users-summary", instance, nextToken)
    }

    /// `ListRoutingProfiles`: `GET /routing-profiles-summary/{InstanceId}`.
    public static func listRoutingProfiles(instance: String, nextToken: String? = nil) -> ConnectRequest {
        list("ListRoutingProfiles", "routing-profiles-summary", instance, nextToken)
    }

    /// `ListSecurityProfiles`: `GET /security-profiles-summary/{InstanceId}`.
    public static func listSecurityProfiles(instance: String, nextToken: String? = nil) -> ConnectRequest {
        list("ListSecurityProfiles", "security-profiles-summary", instance, nextToken)
    }

    /// `ListUserHierarchyGroups`: `GET /user-hierarchy-groups-summary/{InstanceId}`.
    public static func listUserHierarchyGroups(instance: String, nextToken: String? = nil) -> ConnectRequest {
        list("ListUserHierarchyGroups", "user-hierarchy-groups-summary", instance, nextToken)
    }

    /// `SearchUsers`: `POST /search-users`, the instance in the body. Names and usernames are compared `EXACT`.
    public static func searchUsers(instance: String, _ search: UserSearch, nextToken: String? = nil)
        -> ConnectRequest {
        var body = ConnectWire.SearchUsers(InstanceId: instance, NextToken: nextToken, MaxResults: searchPageSize)
        func exact(_ field: String, _ value: String) -> ConnectWire.SearchCriteria {
            .init(StringCondition: .init(FieldName: field, Value: value, ComparisonType: "EXACT"))
        }
        switch search {
        case .username(let u):
            body.SearchCriteria = exact("Username", u)
        case .name(let first, let last):
            let conditions = [first.map { exact("FirstName", $0) }, last.map { exact("LastName", $0) }]
                .compactMap { $0 }
            body.SearchCriteria = conditions.count == 1 ? conditions[0] : .init(AndConditions: conditions)
        case .tag(let key, let value):
            body.SearchFilter = .init(TagFilter: .init(TagCondition: .init(TagKey: key, TagValue: value)))
        }
        return ConnectRequest(operation: "SearchUsers", method: "POST", pathSegments: ["search-users"],
                              body: json(body))
    }

    /// `GetCurrentUserData` for the given agents: `POST /metrics/userdata/{InstanceId}`.
    public static func getCurrentUserData(instance: String, agents: [UserID], nextToken: String? = nil)
        -> ConnectRequest {
        let body = ConnectWire.GetCurrentUserData(Filters: .init(Agents: agents.map(\.rawValue)), NextToken: nextToken,
                                                  MaxResults: 100)
        return ConnectRequest(operation: "GetCurrentUserData", method: "POST",
                              pathSegments: ["metrics", "userdata", instance], body: json(body))
    }

    private static func list(_ operation: String, _ resource: String, _ instance: String, _ nextToken: String?)
        -> ConnectRequest {
        var query = [ConnectRequest.QueryItem("maxResults", String(listPageSize))]
        if let nextToken { query.append(.init("nextToken", nextToken)) }
        return ConnectRequest(operation: operation, method: "GET", pathSegments: [resource, instance], query: query)
    }

    /// JSON with sorted keys, `/` unescaped.
    static func json(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding these plain structs of strings, numbers and booleans cannot fail.
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }
}
