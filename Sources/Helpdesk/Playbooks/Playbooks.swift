public import Directory
import Foundation
public import Mail
public import Triage

/// What a playbook knows about the request it plans for.
public struct PlaybookInput: Sendable {
    /// The parsed request.
    public var message: ParsedMessage
    /// Its triage.
    public var triage: TriageResult
    /// How many earlier reset_failed tickets the same sender opened within the escalation window.
    public var recentResetFailures: Int
    /// Whether one of our emails to an address bounced.
    public var bounced: @Sendable (String) -> Bool
    /// The sender checks' verdict on the request (a trusted requester skips approval only when it passed).
    public var senderChecks: SenderChecks.Verdict

    /// Creates an input.
    public init(message: ParsedMessage, triage: TriageResult, recentResetFailures: Int = 0,
                bounced: @escaping @Sendable (String) -> Bool = { _ in false },
                senderChecks: SenderChecks.Verdict = SenderChecks.Verdict(passed: true, configured: false, summary: "not checked", results: [])) {
        self.senderChecks = senderChecks
        self.message = message
        self.triage = triage
        self.recentResetFailures = recentResetFailures
        self.bounced = bounced
    }
}

/// The guide's procedures. Each prepares a `Plan` from the request and the directory, reading only.
public struct Playbooks: Sendable {
    /// The directory, read here (never written while preparing).
    public let directory: any UserDirectory
    /// The policy.
    public let policy: HelpdeskPolicy

    /// Creates the playbooks.
    public init(directory: any UserDirectory, policy: HelpdeskPolicy) {
        self.directory = directory
        self.policy = policy
    }

    /// The plan for a request. When the sender checks are configured and the From failed them, nothing happens
    /// without a person: a plan that would act on its own (send credentials or reset steps, change the directory) is
    /// replaced by a hand-off with no reply (the From is not believed, so it is not answered), and a plan that waits
    /// for an admin says first that the checks failed.
    ///
    /// With the checks configured, a sender who passed them but is neither the person (their address on file) nor on
    /// the requester list cannot have credentials or reset steps sent on their say-so either: the body names the
    /// account, and identity never comes from the body. That request goes to a person too.
    public func prepare(_ input: PlaybookInput) async throws -> Plan {
        let plan = try await playbook(input)
        let checks = input.senderChecks
        guard checks.configured else { return plan }
        if checks.passed {
            let sender = input.message.senderAddress.lowercased()
            let forOthers = plan.notices.compactMap { notice -> String? in
                switch notice {
                case .credentials(_, let email), .resetSteps(_, let email): email.lowercased() == sender ? nil : email
                default: nil
                }
            }
            guard !plan.needsApproval, !forOthers.isEmpty, !policy.requesters.contains(sender) else { return plan }
            return Plan(humanReason: "\(sender) asked for mail to the address on file of someone else (\(forOthers.joined(separator: ", "))) and is not on the requester list: a person must confirm before \(plan.summary)",
                        summary: "request on behalf of someone else: handed to a person, no reply")
        }
        if plan.needsApproval {
            if plan.approvalReason?.contains("sender checks") == true { return plan }
            var held = plan
            held.approvalReason = "the sender checks failed (\(checks.summary)), so the From may be forged; "
                + (plan.approvalReason ?? plan.summary)
            return held
        }
        let acts = !plan.steps.isEmpty || plan.notices.contains { notice in
            switch notice {
            case .credentials, .resetSteps: true
            default: false
            }
        }
        guard acts else {
            var held = plan
            if let reason = plan.humanReason { held.humanReason = reason + "; and the sender checks failed (\(checks.summary))" }
            return held
        }
        return Plan(humanReason: "the sender checks failed (\(checks.summary)): a person must confirm who sent this before \(plan.summary)",
                    summary: "sender checks failed: handed to a person, no reply")
    }

    /// The guide's procedure for the request's category.
    func playbook(_ input: PlaybookInput) async throws -> Plan {
        switch input.triage.category {
        case .newUser: return try await newUsers(input)
        case .emailNotReceived: return try await emailNotReceived(input)
        case .resetFailed:
            if input.recentResetFailures > 0 { return try await accountReset(input, escalated: true) }
            return try await resetFailed(input)
        case .accountReset: return try await accountReset(input, escalated: false)
        case .ccpAccess:
            return Plan(notices: [.handoff], humanReason: "the Salesforce softphone (CCP) needs a person: permission set or call center user",
                        summary: "CCP access in Salesforce: handed to a person")
        case .other:
            return Plan(notices: [.handoff], humanReason: "not a request the bot handles: \(input.triage.classification.reason)",
                        summary: "handed to a person")
        case .approval:
            return Plan(humanReason: "an approval answer that names no pending ticket", summary: "approval without a ticket")
        case .autoReply, .bounce:
            return Plan(summary: "automatic mail: never answered")
        }
    }

    // MARK: new_user

    func newUsers(_ input: PlaybookInput) async throws -> Plan {
        let people = input.triage.users
        if people.isEmpty {
            return Plan(notices: [.needMoreInfo(missing: ["each new user's first name, last name and email address",
                                                          "each new user's routing profile (Case Investigator, Contact Tracers or Resource Coordinator)"])],
                        humanReason: nil, summary: "new-user request naming nobody: asked for the details")
        }
        let routing = try await directory.routingProfiles().map(\.name)
        let security = try await directory.securityProfiles().map(\.name)
        var steps: [PlannedStep] = []
        var outcomes: [PersonOutcome] = []
        var human: [String] = []
        var seenLogins = Set<String>()
        for person in people {
            let name = "\(person.first) \(person.last)".trimmingCharacters(in: .whitespaces)
            var missing: [String] = []
            if person.first.isEmpty { missing.append("first name") }
            if person.last.isEmpty { missing.append("last name") }
            if person.email == nil || !NewUserValidation.isEmailAddress(person.email ?? "") {
                missing.append("email address (without it \(person.first.isEmpty ? "they" : person.first) cannot reset their own password)")
            }
            if person.routingProfile == nil { missing.append("routing profile (Case Investigator, Contact Tracers or Resource Coordinator)") }
            let login = LoginName.make(first: person.first, last: person.last)
            if let requested = person.requestedLogin, requested.lowercased() != login.lowercased() {
                missing.append("User Login \"\(requested)\" must be Firstname.Lastname (\(login))")
            }
            if !missing.isEmpty {
                outcomes.append(PersonOutcome(name: name, email: person.email, login: nil, status: .missingFields,
                                              detail: "\(person.source): " + missing.joined(separator: "; ")))
                continue
            }
            let routingName = person.routingProfile ?? ""
            let securityName = person.securityProfile ?? policy.defaultSecurityProfile
            if !routing.contains(where: { $0.lowercased() == routingName.lowercased() }) {
                let reason = "unknown routing profile \"\(routingName)\" (known: \(routing.joined(separator: ", ")))"
                outcomes.append(PersonOutcome(name: name, email: person.email, login: login, status: .needsHuman, detail: reason))
                human.append("\(name): \(reason)")
                continue
            }
            if !security.contains(where: { $0.lowercased() == securityName.lowercased() }) {
                let reason = "unknown security profile \"\(securityName)\" (known: \(security.joined(separator: ", ")))"
                outcomes.append(PersonOutcome(name: name, email: person.email, login: login, status: .needsHuman, detail: reason))
                human.append("\(name): \(reason)")
                continue
            }
            if !seenLogins.insert(login.lowercased()).inserted { continue }
            if let existing = try await directory.user(username: login) {
                if existing.identityInfo.email?.lowercased() == person.email?.lowercased() {
                    outcomes.append(PersonOutcome(name: name, email: person.email, login: existing.username, status: .alreadyExisted, detail: nil))
                } else {
                    let reason = "the login \(login) belongs to another person (a different email on file)"
                    outcomes.append(PersonOutcome(name: name, email: person.email, login: login, status: .needsHuman, detail: reason))
                    human.append("\(name): \(reason)")
                }
                continue
            }
            let canonicalRouting = routing.first { $0.lowercased() == routingName.lowercased() } ?? routingName
            let canonicalSecurity = security.first { $0.lowercased() == securityName.lowercased() } ?? securityName
            steps.append(.createUser(NewUserSpec(first: person.first, last: person.last, email: person.email ?? "", login: login,
                                                 routingProfile: canonicalRouting, securityProfile: canonicalSecurity)))
            outcomes.append(PersonOutcome(name: name, email: person.email, login: login, status: .created, detail: nil))
        }
        let sender = input.message.senderAddress
        let trustedRequester = policy.requesters.contains(sender) && input.senderChecks.passed
        let needsApproval = !steps.isEmpty && !trustedRequester
        let created = steps.count
        return Plan(steps: steps, needsApproval: needsApproval,
                    approvalReason: needsApproval
                        ? (policy.requesters.contains(sender)
                            ? "new users requested by \(sender), whose mail did not pass the sender checks (\(input.senderChecks.summary))"
                            : "new users requested by \(sender), who is not on the requester list")
                        : nil,
                    notices: [.newUserOutcome(outcomes)],
                    humanReason: human.isEmpty ? nil : human.joined(separator: "; "),
                    summary: "new users: \(created) to create, \(outcomes.count - created) not")
    }

    // MARK: finding the person

    /// The directory user the request is about: by the login it gives, else by name, else by the sender's address
    /// (the costly search on Amazon Connect, tried last).
    func findUser(_ input: PlaybookInput) async throws -> DirectoryUser? {
        let person = input.triage.user
        if let login = person?.login, let u = try await directory.user(username: login) { return u }
        if let name = person?.name {
            let parts = name.split(separator: " ").map(String.init)
            if parts.count >= 2 {
                let found = try await directory.users(firstName: parts.first, lastName: parts.last)
                if found.count == 1 { return found[0] }
            }
        }
        for address in [person?.email, input.message.senderAddress].compactMap({ $0 }) where !address.isEmpty {
            let found = try await directory.usersWithEmail(address)
            if found.count == 1 { return found[0] }
        }
        return nil
    }

    func noAccount(_ input: PlaybookInput) -> Plan {
        let person = input.triage.user
        let who = person?.name ?? input.message.senderAddress
        let searched = [person?.login, person?.name, person?.email ?? input.message.senderAddress].compactMap { $0 }.joined(separator: ", ")
        return Plan(notices: [.noAccount(person: who, searched: searched)],
                    humanReason: "no Amazon Connect account found for \(who) (searched \(searched))",
                    summary: "no account for \(who)")
    }

    /// Whether the message says the address on file is wrong, or our email to it bounced.
    func saysAddressIsWrong(_ input: PlaybookInput) -> Bool {
        let text = TextNormalizer.fold(input.message.content.newText)
        return ["wrong address", "wrong email", "misspel", "typo", "old address", "old email", "dead address", "bounced",
                "doesn't exist", "does not exist", "no longer have access", "can't get into", "shut off"].contains { text.contains($0) }
    }

    // MARK: email_not_received

    func emailNotReceived(_ input: PlaybookInput) async throws -> Plan {
        guard let user = try await findUser(input) else { return noAccount(input) }
        guard let onFile = user.identityInfo.email, !onFile.isEmpty else { return try await resetFailed(input) }
        let given = input.triage.user?.email
        let wrong = saysAddressIsWrong(input) || input.bounced(onFile.lowercased())
        if wrong, let new = given, new.lowercased() != onFile.lowercased() {
            return Plan(steps: [.setEmail(username: user.username, userID: user.id.rawValue, email: new)], needsApproval: true,
                        approvalReason: "change the email on file of \(user.username) from \(onFile) to \(new): the request says the address on file is wrong",
                        notices: [.credentials(login: user.username, email: new)],
                        summary: "set the email of \(user.username), then resend the credentials", snapshotJSON: Self.snapshot(user))
        }
        if wrong {
            // Never resend to an address that is wrong or bounced.
            return Plan(notices: [.handoff], humanReason: "the address on file of \(user.username) (\(onFile)) is wrong or bounced, and the request gives no other",
                        summary: "address on file in doubt: handed to a person")
        }
        var notices: [Notice] = [.credentials(login: user.username, email: onFile)]
        if onFile.lowercased() != input.message.senderAddress {
            notices.append(.acknowledgement(summary: "We have sent the Amazon Connect credential email for \(user.username) again, to the address on file."))
        }
        return Plan(notices: notices, summary: "resend the credential email to the address on file of \(user.username)")
    }

    // MARK: reset_failed

    func resetFailed(_ input: PlaybookInput) async throws -> Plan {
        guard let user = try await findUser(input) else { return noAccount(input) }
        if let onFile = user.identityInfo.email, !onFile.isEmpty {
            var notices: [Notice] = [.resetSteps(login: user.username, email: onFile)]
            if onFile.lowercased() != input.message.senderAddress {
                notices.append(.acknowledgement(summary: "We have sent the Forgot Password steps and the User ID for \(user.username) to the address on file."))
            }
            return Plan(notices: notices, summary: "send the Forgot Password steps to the address on file of \(user.username)")
        }
        let email = input.triage.user?.email ?? input.message.senderAddress
        return Plan(steps: [.setEmail(username: user.username, userID: user.id.rawValue, email: email)], needsApproval: true,
                    approvalReason: "\(user.username) has no email on file; set it to \(email) (nothing proves who the sender is)",
                    notices: [.credentials(login: user.username, email: email), .resetSteps(login: user.username, email: email)],
                    summary: "set the missing email of \(user.username), then send the credentials and the reset steps",
                    snapshotJSON: Self.snapshot(user))
    }

    // MARK: account_reset

    func accountReset(_ input: PlaybookInput, escalated: Bool) async throws -> Plan {
        guard let user = try await findUser(input) else { return noAccount(input) }
        let snapshot = Self.snapshot(user)
        var notices: [Notice] = [.accountResetDone(person: input.triage.user?.name ?? user.username, login: user.username)]
        if let onFile = user.identityInfo.email, !onFile.isEmpty {
            notices.append(.credentials(login: user.username, email: onFile))
        }
        return Plan(steps: [.resetAccount(username: user.username, userID: user.id.rawValue)], needsApproval: true,
                    approvalReason: escalated
                        ? "the self-service reset still fails for \(user.username) after an earlier request: reset the account (delete and re-create)"
                        : "reset the account of \(user.username): delete it and re-create it with the same details",
                    notices: notices, summary: "account reset of \(user.username)" + (escalated ? " (escalated)" : ""),
                    snapshotJSON: snapshot)
    }
}

extension Playbooks {
    /// The user as JSON with sorted keys (no secrets: a directory user has no password field): what a plan saves as
    /// the user before its change, to show admins and to compare with before executing.
    static func snapshot(_ user: DirectoryUser) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(user)) ?? Data("{}".utf8), as: UTF8.self)
    }
}

/// Logins as the guide writes them: `Firstname.Lastname`, accents folded, no spaces.
public enum LoginName {
    /// The login for a person.
    public static func make(first: String, last: String) -> String {
        func clean(_ s: String) -> String {
            TextNormalizer.stripAccents(s).filter { $0.isLetter || $0 == "-" }.replacingOccurrences(of: " ", with: "")
        }
        return clean(first) + "." + clean(last)
    }
}
