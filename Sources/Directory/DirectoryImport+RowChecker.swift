extension DirectoryImport {
    /// Checks one row's cells, column by column, as the Connect console does.
    struct RowChecker {
        let cell: (String) -> String
        let profiles: DirectoryProfiles

        /// The user the row describes, or nil; every problem found is appended to `problems` (never a password).
        func check(into problems: inout [String]) -> NewDirectoryUser? {
            let first = cell("First Name"), last = cell("Last Name"), email = cell("Email Address")
            let login = cell("User Login"), password = Password(cell("Password"))
            if first.isEmpty { problems.append("First Name is empty") }
            if last.isEmpty { problems.append("Last Name is empty") }
            if email.isEmpty {
                problems.append("Email Address is empty (without it the user cannot reset their own password)")
            } else if !NewUserValidation.isEmailAddress(email) {
                problems.append("Email Address '\(email)' is not an email address")
            }
            if login.isEmpty {
                problems.append("User Login is empty")
            } else if let p = UsernameRules.problem(login) {
                problems.append("User Login: \(p)")
            } else if let p = UsernameRules.guideProblem(login) {
                problems.append("User Login \(p)")
            }
            if password.revealed.isEmpty {
                problems.append("Password is empty")
            } else if let p = PasswordRules.problem(password) {
                problems.append("Password: \(p)")
            }
            let security = securityProfiles(&problems)
            let routing = profile("Routing Profile", in: profiles.routing, required: true, &problems)
            let phone = phoneConfig(&problems)
            let hierarchy = profile("Agent Hierarchy", in: profiles.hierarchy, required: false, &problems)
            guard problems.isEmpty, let routing, let phone else { return nil }
            return NewDirectoryUser(username: login, password: password,
                                    identityInfo: IdentityInfo(firstName: first, lastName: last, email: email),
                                    phoneConfig: phone, routingProfileId: routing.id, securityProfileIds: security,
                                    hierarchyGroupId: hierarchy?.id)
        }

        /// One or more security profiles, separated by `|` as in Connect's template.
        func securityProfiles(_ problems: inout [String]) -> [String] {
            let names = cell("Security Profile").split(separator: "|").map { String($0).trimmed }.filter { !$0.isEmpty }
            if names.isEmpty {
                problems.append("Security Profile is empty; use one of " + list(profiles.security))
                return []
            }
            var ids: [String] = []
            for n in names {
                if let p = profiles.security.named(n) {
                    ids.append(p.id)
                } else {
                    problems.append("Security Profile '\(n)' is unknown; use one of " + list(profiles.security))
                }
            }
            return ids
        }

        func profile(_ column: String, in known: [ProfileSummary], required: Bool,
                     _ problems: inout [String]) -> ProfileSummary? {
            let name = cell(column)
            if name.isEmpty {
                if required { problems.append("\(column) is empty; use one of " + list(known)) }
                return nil
            }
            guard let p = known.named(name) else {
                problems.append("\(column) '\(name)' is unknown; use one of " + list(known))
                return nil
            }
            return p
        }

        func phoneConfig(_ problems: inout [String]) -> PhoneConfig? {
            let raw = cell("Phone Type")
            let folded = raw.lowercased().filter { $0.isLetter }
            switch folded {
            case "softphone":
                return PhoneConfig(phoneType: .softPhone)
            case "deskphone":
                let number = cell(DirectoryImport.deskPhoneColumn)
                if number.isEmpty {
                    problems.append("Phone Type is Desk Phone but \(DirectoryImport.deskPhoneColumn) is empty; "
                        + "give the number (e.g. +15735551234) or use Soft Phone")
                    return nil
                }
                return PhoneConfig(phoneType: .deskPhone, deskPhoneNumber: number)
            case "":
                problems.append("Phone Type is empty; use Soft Phone (the template's default) or Desk Phone")
                return nil
            default:
                problems.append("Phone Type '\(raw)' is unknown; use Soft Phone or Desk Phone")
                return nil
            }
        }

        func list(_ known: [ProfileSummary]) -> String { known.map(\.name).joined(separator: ", ") }
    }
}
