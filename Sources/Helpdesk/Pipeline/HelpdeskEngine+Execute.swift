import Directory
import Foundation
import Store

/// How one directory step ended.
enum StepOutcome {
    case done(String)
    case failed(String)
    case later(String)
}

extension HelpdeskEngine {
    /// The tag CreateUser carries, so a retry after a crash finds what it already created.
    static func requestTag(ticket: TicketID, action: ActionID) -> String { "ticket-\(ticket.rawValue)-action-\(action.rawValue)" }
    static let tagKey = "helpdesk-request"

    /// Runs a ticket's remaining directory steps (each exactly once), then replies, then closes or hands it to a person.
    func execute(_ ticket: Ticket, key: MessageKey?) async throws -> Ticket {
        let actions = try store.actions(for: ticket.id)
        let bundle = try noticeBundle(actions)
        var notices = bundle.notices
        var human: [String] = bundle.humanReason.map { [$0] } ?? []
        for action in actions where action.kind != "notices" {
            guard let details = action.details,
                  let step = try? JSONDecoder().decode(PlannedStep.self, from: Data(details.utf8)) else { continue }
            var state = action.state
            if state == .planned {
                if policy.dryRun {
                    _ = try store.recordResult(of: action.id, state: .skipped, result: "dry run: not executed")
                    state = .skipped
                    human.append("dry run: \(step.kind) \(step.target) was not executed")
                } else {
                    let outcome = await run(step, ticket: ticket.id, action: action)
                    try checkpoint(.directoryCalled)
                    switch outcome {
                    case .done(let note):
                        _ = try store.recordResult(of: action.id, state: .succeeded, result: note)
                        state = .succeeded
                        logger.info("directory changed", metadata: ["ticket.id": "\(ticket.id.rawValue)", "action": "\(step.kind)"])
                    case .failed(let why):
                        _ = try store.recordResult(of: action.id, state: .failed, result: why)
                        state = .failed
                        human.append(why)
                    case .later(let why):
                        try store.note(ticket.id, actor: "bot", what: "retry_later", why: why)
                        return ticket
                    }
                }
            }
            switch (step, state) {
            case (.createUser(let spec), .succeeded):
                notices.append(.credentials(login: spec.login, email: spec.email))
            case (_, .succeeded):
                break
            default:
                notices = Self.withoutNotices(about: step, notices)
                if case .createUser(let spec) = step {
                    notices = notices.map { n in
                        guard case .newUserOutcome(var people) = n else { return n }
                        for i in people.indices where people[i].login == spec.login && people[i].status == .created {
                            people[i].status = .needsHuman
                            people[i].detail = "could not be created; a person will follow up"
                        }
                        return .newUserOutcome(people)
                    }
                } else if !notices.contains(where: { if case .handoff = $0 { true } else { false } }) {
                    notices.append(.handoff)
                }
            }
        }
        var replies = try writer.messages(for: notices, ticket: Int(ticket.id.rawValue), context: bundle.context, date: clock())
        if policy.dryRun { replies = [] }
        let passed = try guarded(replies, ticket: ticket.id, context: bundle.context)
        replies = passed.replies
        if let handoff = passed.handoff { human.append(handoff) }
        var t = try store.apply(.reply, to: ticket.id, actor: "bot", why: "\(replies.count) email(s) queued", replies: replies)
        try checkpoint(.replied)
        if human.isEmpty {
            // Closed once its replies are delivered (deliverOutbox); with none to send, now.
            if replies.isEmpty {
                t = try store.apply(.close, to: t.id, actor: "bot", why: "done", processed: key)
            } else if let key {
                try store.markProcessed(key)
            }
        } else {
            t = try store.apply(.handToHuman(reason: human.joined(separator: "; ")), to: t.id, actor: "bot", processed: key)
        }
        return t
    }

    /// Removes what would be said about a step that did not happen.
    static func withoutNotices(about step: PlannedStep, _ notices: [Notice]) -> [Notice] {
        let login = step.target
        return notices.filter { n in
            switch n {
            case .credentials(let l, _), .resetSteps(let l, _), .accountResetDone(_, let l): return l != login
            default: return true
            }
        }
    }

    /// One directory step, idempotent across crashes: what an earlier attempt did is found before anything is redone.
    func run(_ step: PlannedStep, ticket: TicketID, action: PlannedAction) async -> StepOutcome {
        let tag = Self.requestTag(ticket: ticket, action: action.id)
        do {
            switch step {
            case .createUser(let spec):
                if let existing = try await directory.user(username: spec.login) {
                    if existing.tags[Self.tagKey] == tag { return .done("\(spec.login) was created by an earlier attempt") }
                    return .failed("the login \(spec.login) was taken by someone else before it could be created")
                }
                let user = try await newDirectoryUser(first: spec.first, last: spec.last, email: spec.email, login: spec.login,
                                                      routing: spec.routingProfile, security: [spec.securityProfile], tag: tag)
                let created = try await directory.create(user)
                return .done("created \(created.username) (\(created.id.rawValue))")
            case .setEmail(let username, let userID, let email):
                let user = try await directory.describe(UserID(userID))
                if user.identityInfo.email?.lowercased() == email.lowercased() { return .done("the email of \(username) was already \(email)") }
                var info = user.identityInfo
                info.email = email
                _ = try await directory.updateIdentity(user.id, info)
                return .done("set the email of \(username) to \(email)")
            case .resetAccount(let username, _):
                return try await resetAccount(username: username, ticket: ticket, action: action, tag: tag)
            }
        } catch let error as DirectoryError {
            return .failed("\(step.kind) \(step.target): \(error.message)")
        } catch {
            return .failed("\(step.kind) \(step.target): \(error)")
        }
    }

    /// The guide's account reset: the user must be logged out; DeleteUser; CreateUser from the snapshot with a new
    /// password. A username not reusable yet is retried later, within the configured window, then left to a person
    /// with the snapshot intact.
    func resetAccount(username: String, ticket: TicketID, action: PlannedAction, tag: String) async throws -> StepOutcome {
        guard let snap = try store.latestSnapshot(login: username),
              let old = try? JSONDecoder().decode(DirectoryUser.self, from: Data(snap.json.utf8)) else {
            return .failed("no snapshot of \(username) was saved; nothing was deleted")
        }
        if let current = try await directory.user(username: username) {
            if current.tags[Self.tagKey] == tag { return .done("\(username) was re-created by an earlier attempt") }
            if try await directory.isLoggedIn(current.id) {
                return .failed("\(username) is logged in to Amazon Connect; ask them to log out, then retry (nothing was deleted)")
            }
            try await directory.delete(current.id)
            try store.note(ticket, actor: "bot", what: "user_deleted", why: "\(username) deleted for the reset; snapshot \(snap.id.rawValue) kept")
        }
        let profiles = try await directory.securityProfiles()
        let securityNames = old.securityProfileIds.compactMap { id in profiles.first { $0.id == id }?.name }
        let routing = try await directory.routingProfiles().first { $0.id == old.routingProfileId }?.name ?? ""
        var user = try await newDirectoryUser(first: old.identityInfo.firstName, last: old.identityInfo.lastName,
                                              email: old.identityInfo.email ?? "", login: old.username, routing: routing,
                                              security: securityNames, tag: tag)
        user.phoneConfig = old.phoneConfig
        user.hierarchyGroupId = old.hierarchyGroupId
        for (k, v) in old.tags where k != Self.tagKey { user.tags[k] = v }
        do {
            let created = try await directory.create(user)
            return .done("re-created \(created.username) (\(created.id.rawValue)) from snapshot \(snap.id.rawValue)")
        } catch let error as DirectoryError {
            if case .usernameNotReusableYet = error.code {
                if clock().timeIntervalSince(action.plannedAt) < policy.resetRetryWindow {
                    return .later("\(username) is not reusable yet: \(error.message)")
                }
                return .failed("\(username) was deleted but could not be re-created within \(Int(policy.resetRetryWindow / 60)) minutes; the snapshot (\(snap.id.rawValue)) is intact: re-create it by hand")
            }
            throw error
        }
    }

    func newDirectoryUser(first: String, last: String, email: String, login: String, routing: String, security: [String],
                          tag: String) async throws -> NewDirectoryUser {
        let routingProfiles = try await directory.routingProfiles()
        let securityProfiles = try await directory.securityProfiles()
        guard let r = routingProfiles.first(where: { $0.name.lowercased() == routing.lowercased() }) else {
            throw HelpdeskError("unknown routing profile \(routing)")
        }
        let s = security.compactMap { name in securityProfiles.first { $0.name.lowercased() == name.lowercased() }?.id }
        guard !s.isEmpty else { throw HelpdeskError("unknown security profile \(security.joined(separator: ", "))") }
        let group = try await directory.hierarchyGroups().first?.id
        return NewDirectoryUser(username: login, password: Password(passwords()),
                                identityInfo: IdentityInfo(firstName: first, lastName: last, email: email.isEmpty ? nil : email),
                                phoneConfig: policy.phoneConfig, routingProfileId: r.id, securityProfileIds: s,
                                hierarchyGroupId: group, tags: [Self.tagKey: tag])
    }

    /// Carries out what admins decided: approved tickets are executed, rejected ones answered and closed, expired
    /// approvals handed to a person.
    public func executeApproved() async throws {
        _ = try store.expireApprovals()
        for ticket in try store.tickets(in: .executing, limit: 500) {
            _ = try await execute(ticket, key: nil)
        }
        for ticket in try store.tickets(in: .planned, limit: 500) {
            let approvals = try store.approvals(for: ticket.id)
            guard let rejected = approvals.last, rejected.state == .rejected else { continue }
            let actions = try store.actions(for: ticket.id)
            for a in actions where a.state == .planned && a.kind != "notices" {
                _ = try store.recordResult(of: a.id, state: .skipped, result: "rejected by \(rejected.decidedBy ?? "an admin")")
            }
            let bundle = try noticeBundle(actions)
            let reason = rejected.decisionReason.map { ": \($0)" } ?? ""
            let replies = try writer.messages(for: [.acknowledgement(summary: "An administrator did not approve this request\(reason). Nothing was changed. Reply to this email if you have questions.")],
                                              ticket: Int(ticket.id.rawValue), context: bundle.context, date: clock())
            let passed = try guarded(policy.dryRun ? [] : replies, ticket: ticket.id, context: bundle.context).replies
            _ = try store.apply(.reply, to: ticket.id, actor: "bot", why: "rejected", replies: passed)
            _ = try store.apply(.close, to: ticket.id, actor: "bot", why: "rejected by \(rejected.decidedBy ?? "an admin")")
        }
    }
}
