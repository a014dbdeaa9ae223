import Directory

/// The JSON members of Connect's request bodies, with the service model's names. Optional members left nil are not
/// sent, as botocore leaves out parameters it was not given.
enum ConnectWire {
    struct IdentityInfo: Encodable, Hashable, Sendable {
        var FirstName: String
        var LastName: String
        var Email: String?

        init(_ i: Directory.IdentityInfo) {
            FirstName = i.firstName
            LastName = i.lastName
            Email = i.email
        }
    }

    struct PhoneConfig: Encodable, Hashable, Sendable {
        var PhoneType: String
        var AutoAccept: Bool
        var AfterContactWorkTimeLimit: Int
        var DeskPhoneNumber: String?

        init(_ p: Directory.PhoneConfig) {
            PhoneType = p.phoneType.rawValue
            AutoAccept = p.autoAccept
            AfterContactWorkTimeLimit = p.afterContactWorkTimeLimit
            DeskPhoneNumber = p.deskPhoneNumber
        }
    }

    struct CreateUser: Encodable, Sendable {
        var Username: String
        var Password: String
        var IdentityInfo: IdentityInfo
        var PhoneConfig: PhoneConfig
        var SecurityProfileIds: [String]
        var RoutingProfileId: String
        var HierarchyGroupId: String?
        var Tags: [String: String]?
    }

    struct UpdateIdentityInfo: Encodable, Sendable { var IdentityInfo: IdentityInfo }
    struct UpdateRoutingProfile: Encodable, Sendable { var RoutingProfileId: String }
    struct UpdateSecurityProfiles: Encodable, Sendable { var SecurityProfileIds: [String] }
    struct UpdatePhoneConfig: Encodable, Sendable { var PhoneConfig: PhoneConfig }

    struct StringCondition: Encodable, Hashable, Sendable {
        var FieldName: String
        var Value: String
        var ComparisonType: String
    }

    struct SearchCriteria: Encodable, Hashable, Sendable {
        var StringCondition: StringCondition?
        var AndConditions: [SearchCriteria]?
    }

    struct TagCondition: Encodable, Hashable, Sendable {
        var TagKey: String
        var TagValue: String
    }

    struct TagFilter: Encodable, Hashable, Sendable { var TagCondition: TagCondition }
    struct SearchFilter: Encodable, Hashable, Sendable { var TagFilter: TagFilter }

    struct SearchUsers: Encodable, Sendable {
        var InstanceId: String
        var NextToken: String?
        var MaxResults: Int
        var SearchFilter: SearchFilter?
        var SearchCriteria: SearchCriteria?
    }

    struct CurrentUserDataFilters: Encodable, Sendable { var Agents: [String] }
    struct GetCurrentUserData: Encodable, Sendable {
        var Filters: CurrentUserDataFilters
        var NextToken: String?
        var MaxResults: Int
    }
}
