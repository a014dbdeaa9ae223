public import Directory

/// The differences between two states of a directory user, one line per field ("Email: a@x -> b@x"), in the fields
/// an admin sees and a playbook relies on. Also what the approval queue shows as before and after.
public enum UserChanges {
    /// The fields of a user, in display order, as (name, value).
    public static func fields(_ u: DirectoryUser) -> [(String, String)] {
        [("Id", u.id.rawValue), ("Username", u.username), ("FirstName", u.identityInfo.firstName),
         ("LastName", u.identityInfo.lastName), ("Email", u.identityInfo.email ?? ""),
         ("PhoneType", u.phoneConfig.phoneType.rawValue), ("AutoAccept", "\(u.phoneConfig.autoAccept)"),
         ("AfterContactWorkTimeLimit", "\(u.phoneConfig.afterContactWorkTimeLimit)"),
         ("RoutingProfileId", u.routingProfileId), ("SecurityProfileIds", u.securityProfileIds.sorted().joined(separator: ", ")),
         ("HierarchyGroupId", u.hierarchyGroupId ?? "")]
    }

    /// "Email: a@x -> b@x" for each field that differs.
    public static func between(_ a: DirectoryUser, _ b: DirectoryUser) -> [String] {
        zip(fields(a), fields(b)).compactMap { x, y in
            x.1 == y.1 ? nil : "\(x.0): \(x.1.isEmpty ? "(none)" : x.1) -> \(y.1.isEmpty ? "(none)" : y.1)"
        }
    }
}
