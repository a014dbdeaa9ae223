import Directory
import Foundation

/// The JSON of Connect's answers (the members helpdesk reads; the rest is ignored). Members Connect may leave out
/// are optional, so that an answer missing one still decodes.
enum ConnectResponses {
    struct DescribeUser: Decodable, Sendable { var User: WireUser }

    struct WireUser: Decodable, Sendable {
        var Id: String
        var Arn: String?
        var Username: String?
        var IdentityInfo: WireIdentity?
        var PhoneConfig: WirePhone?
        var SecurityProfileIds: [String]?
        var RoutingProfileId: String?
        var HierarchyGroupId: String?
        var Tags: [String: String]?

        /// The user in the directory's model.
        var directoryUser: DirectoryUser {
            let phone = PhoneConfig
            return DirectoryUser(
                id: UserID(Id), arn: Arn ?? "", username: Username ?? "",
                identityInfo: Directory.IdentityInfo(firstName: IdentityInfo?.FirstName ?? "",
                                                     lastName: IdentityInfo?.LastName ?? "",
                                                     email: IdentityInfo?.Email),
                phoneConfig: Directory.PhoneConfig(
                    phoneType: phone?.PhoneType.flatMap(Directory.PhoneConfig.PhoneType.init(rawValue:)) ?? .softPhone,
                    autoAccept: phone?.AutoAccept ?? false,
                    afterContactWorkTimeLimit: phone?.AfterContactWorkTimeLimit ?? 0,
                    deskPhoneNumber: phone?.DeskPhoneNumber),
                routingProfileId: RoutingProfileId ?? "", securityProfileIds: SecurityProfileIds ?? [],
                hierarchyGroupId: HierarchyGroupId.flatMap { $0.isEmpty ? nil : $0 }, tags: Tags ?? [:])
        }
    }

    struct WireIdentity: Decodable, Sendable {
        var FirstName: String?
        var LastName: String?
        var Email: String?
    }

    struct WirePhone: Decodable, Sendable {
        var PhoneType: String?
        var AutoAccept: Bool?
        var AfterContactWorkTimeLimit: Int?
        var DeskPhoneNumber: String?
    }

    struct CreateUser: Decodable, Sendable {
        var UserId: String?
        var UserArn: String?
    }

    struct ListUsers: Decodable, Sendable {
        var UserSummaryList: [UserSummary]?
        var NextToken: String?
    }

    struct ProfileList: Decodable, Sendable {
        var RoutingProfileSummaryList: [ProfileSummary]?
        var SecurityProfileSummaryList: [ProfileSummary]?
        var UserHierarchyGroupSummaryList: [ProfileSummary]?
        var NextToken: String?

        var items: [ProfileSummary] {
            RoutingProfileSummaryList ?? SecurityProfileSummaryList ?? UserHierarchyGroupSummaryList ?? []
        }
    }

    struct ProfileSummary: Decodable, Sendable {
        var Id: String
        var Arn: String?
        var Name: String?
    }

    struct SearchUsers: Decodable, Sendable {
        var Users: [SearchSummary]?
        var NextToken: String?
    }

    struct SearchSummary: Decodable, Sendable {
        var Id: String
        var Username: String?
    }

    struct GetCurrentUserData: Decodable, Sendable {
        var UserDataList: [UserData]?
        var NextToken: String?
    }

    struct UserData: Decodable, Sendable {
        var User: Reference?
        var Status: Status?
    }

    struct Reference: Decodable, Sendable {
        var Id: String?
        var Arn: String?
    }

    struct Status: Decodable, Sendable { var StatusName: String? }
}
