extension DirectoryUser {
    /// The user as `helpdesk directory show` prints it: one `label: value` line per field, profile names instead of
    /// ids. There is no password to print.
    public func detailText(profiles: DirectoryProfiles, loggedIn: Bool?) -> String {
        var lines: [(String, String)] = [
            ("Username", username),
            ("Id", id.rawValue),
            ("Arn", arn),
            ("First name", identityInfo.firstName),
            ("Last name", identityInfo.lastName),
            ("Email", identityInfo.email ?? "(none: the user cannot reset their own password)"),
            ("Phone type", phoneConfig.phoneType == .softPhone ? "Soft Phone" : "Desk Phone"),
        ]
        if let n = phoneConfig.deskPhoneNumber { lines.append(("Desk phone number", n)) }
        lines += [
            ("Auto accept", phoneConfig.autoAccept ? "on" : "off"),
            ("ACW time limit", "\(phoneConfig.afterContactWorkTimeLimit) s"),
            ("Routing profile", profiles.routingName(routingProfileId)),
            ("Security profiles", securityProfileIds.map(profiles.securityName).sorted().joined(separator: ", ")),
            ("Agent hierarchy", hierarchyGroupId.map(profiles.hierarchyName) ?? "(none)"),
        ]
        if !tags.isEmpty {
            lines.append(("Tags", tags.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")))
        }
        if let loggedIn { lines.append(("Logged in", loggedIn ? "yes" : "no")) }
        let width = lines.map(\.0.count).max() ?? 0
        return lines.map { $0.0 + ":" + String(repeating: " ", count: width - $0.0.count + 1) + $0.1 }
            .joined(separator: "\n")
    }

    /// Users as `helpdesk directory list` prints them: a header and one aligned row each (username, name, email,
    /// routing profile, security profiles).
    public static func table(_ users: [DirectoryUser], profiles: DirectoryProfiles) -> String {
        let header = ["USERNAME", "NAME", "EMAIL", "ROUTING PROFILE", "SECURITY PROFILES"]
        let rows = users.map { u in
            [u.username, "\(u.identityInfo.firstName) \(u.identityInfo.lastName)", u.identityInfo.email ?? "-",
             profiles.routingName(u.routingProfileId),
             u.securityProfileIds.map(profiles.securityName).sorted().joined(separator: ", ")]
        }
        let all = [header] + rows
        let widths = header.indices.map { i in all.map { $0[i].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
