import Directory
import Foundation

/// Connect's JSON for the directory's values, as the sandbox answers.
enum SandboxJSON {
    static func user(_ u: DirectoryUser) -> [String: Any] {
        var identity: [String: Any] = ["FirstName": u.identityInfo.firstName, "LastName": u.identityInfo.lastName]
        if let e = u.identityInfo.email { identity["Email"] = e }
        var phone: [String: Any] = ["PhoneType": u.phoneConfig.phoneType.rawValue, "AutoAccept": u.phoneConfig.autoAccept,
                                    "AfterContactWorkTimeLimit": u.phoneConfig.afterContactWorkTimeLimit]
        if let d = u.phoneConfig.deskPhoneNumber { phone["DeskPhoneNumber"] = d }
        var j: [String: Any] = ["Id": u.id.rawValue, "Arn": u.arn, "Username": u.username, "IdentityInfo": identity,
                                "PhoneConfig": phone, "RoutingProfileId": u.routingProfileId,
                                "SecurityProfileIds": u.securityProfileIds]
        if let h = u.hierarchyGroupId { j["HierarchyGroupId"] = h }
        if !u.tags.isEmpty { j["Tags"] = u.tags }
        return j
    }

    static func identity(_ j: [String: Any]?) -> IdentityInfo {
        IdentityInfo(firstName: j?["FirstName"] as? String ?? "", lastName: j?["LastName"] as? String ?? "",
                     email: j?["Email"] as? String)
    }

    static func phone(_ j: [String: Any]?) -> PhoneConfig {
        PhoneConfig(phoneType: (j?["PhoneType"] as? String).flatMap(PhoneConfig.PhoneType.init(rawValue:)) ?? .softPhone,
                    autoAccept: j?["AutoAccept"] as? Bool ?? false,
                    afterContactWorkTimeLimit: j?["AfterContactWorkTimeLimit"] as? Int ?? 0,
                    deskPhoneNumber: j?["DeskPhoneNumber"] as? String)
    }

    static func data(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }
}
