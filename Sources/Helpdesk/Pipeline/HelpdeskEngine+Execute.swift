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
        let actions = Self.current(try store.actions(for: ticket.id))
        let bundle = try noticeBundle(actions)
        var notices = bundle.notices
        var human: [String] = bundle.humanReason.map { [$0] } ?? []
        var unfinished: [String] = []
        let approved = try store.approvals(for: ticket.id).contains { $0.state == .approved || $0.state == .executed }
        for action in actions where action.kind != "notices" {
            guard let details = action.details,
                  let step = try? JSONDecoder().decode(PlannedStep.self, from: Data(details.utf8)) else { continue }
            var state = action.state
            if state == .planned {
                let reread: Reread = policy.dryRun ? .same : await reread(step, action: action, ticket: ticket.id)
                if policy.dryRun {
                    _ = try store.recordResult(of: action.id, state: .skipped, result: "dry run: not executed")
                    state = .skipped
                    human.append("dry run: \(step.kind) \(step.target) was not executed")
                } else if case .unreadable(let unreadable) = reread {
                    // The directory could not be read again (throttled, unavailable): nothing is changed blind. Try
                    // again on a later pass; after the retry window a person is told.
                    if clock().timeIntervalSince(action.plannedAt) < policy.resetRetryWindow {
                        try store.note(ticket.id, actor: "bot", what: "retry_later",
                                       why: "\(step.kind) \(step.target): the directory could not be read again before the change (\(unreadable)); retrying")
                        return ticket
                    }
                    let why = "\(step.kind) \(step.target): the directory could not be read again within \(Int(policy.resetRetryWindow / 60)) minutes (\(unreadable)); nothing was changed"
                    _ = try store.recordResult(of: action.id, state: .failed, result: why)
                    state = .failed
                    human.append(why)
                } else if case .changed(let changes) = reread {
                    // The directory was read again: the user is not as the plan (and the admin) saw it. Nothing is changed.
                    let why = "plan void: \(step.target) changed in the directory since the plan was made (\(changes.joined(separator: "; "))); nothing was changed"
                    _ = try store.recordResult(of: action.id, state: .failed, result: why)
                    state = .failed
                    human.append(why)
                    let notice = try writer.planVoided(ticket: Int(ticket.id.rawValue), context: bundle.context,
                                                       action: Self.describeSteps([action]), changes: changes, date: clock())
                    try store.enqueueOnce(policy.dryRun ? [] : notice.map { [$0] } ?? [], ticket: ticket.id, what: "plan_voided",
                                          why: why, data: #"{"action":\#(action.id.rawValue)}"#)
                    logger.notice("plan void: the user changed", metadata: ["ticket.id": "\(ticket.id.rawValue)", "action": "\(step.kind)"])
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
            if state != .succeeded { unfinished.append("\(step.kind) \(step.target): \(state.rawValue)") }
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
        if approved {
            try store.finishApprovals(of: ticket.id, failure: unfinished.isEmpty ? nil : unfinished.joined(separator: "; "))
            // The requester hears that the approved change was made, unless another email already tells them.
            let requester = bundle.context.requester
            if unfinished.isEmpty, !notices.contains(where: { $0.reachesRequester(requester) }) {
                notices.append(.approvalDone(action: Self.describeSteps(actions.filter { $0.kind != "notices" })))
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
    /// password. Once the user is gone, a re-creation that fails for a reason that may pass (the username not
    /// reusable yet, throttling, the directory unavailable, an unclear answer) is retried later within the
    /// configured window; anything else, or the window spent, goes to a person with the snapshot intact. So a
    /// deleted user is never left without a re-created one unless a person has been told.
    func resetAccount(username: String, ticket: TicketID, action: PlannedAction, tag: String) async throws -> StepOutcome {
        guard let snap = try store.latestSnapshot(login: username),
              let old = try? JSONDecoder().decode(DirectoryUser.self, from: Data(snap.json.utf8)) else {
            return .failed("no snapshot of \(username) was saved; nothing was deleted")
        }
        do {
            return try await deleteAndRecreate(username: username, snapshot: snap, old: old, ticket: ticket,
                                               action: action, tag: tag)
        } catch let error as ResetFailure {
            let withinWindow = clock().timeIntervalSince(action.plannedAt) < policy.resetRetryWindow
            if error.mayPass && withinWindow {
                return .later("\(username) is deleted and not re-created yet (\(error.reason)); retrying")
            }
            let window = error.mayPass ? " within \(Int(policy.resetRetryWindow / 60)) minutes" : ""
            return .failed("\(username) was deleted but could not be re-created\(window) (\(error.reason)); the "
                + "snapshot (\(snap.id.rawValue)) is intact: re-create it by hand")
        } catch let error as DirectoryError {
            return .failed("reset_account \(username): \(error.message); nothing was deleted")
        } catch let error as HelpdeskError {
            return .failed("reset_account \(username): \(error.description); nothing was deleted")
        } catch {
            // Throttled or unavailable while looking the user up or deleting: try again later (a later attempt finds
            // whether the delete happened), then a person.
            if clock().timeIntervalSince(action.plannedAt) < policy.resetRetryWindow {
                return .later("reset_account \(username): \(error); retrying")
            }
            return .failed("reset_account \(username) did not finish within \(Int(policy.resetRetryWindow / 60)) "
                + "minutes (\(error)); check whether \(username) still exists; the snapshot (\(snap.id.rawValue)) is "
                + "intact")
        }
    }

    /// Why re-creating a deleted user failed, and whether trying again later may work.
    struct ResetFailure: Error {
        var reason: String
        var mayPass: Bool
    }

    /// Deletes the user (when still there) and re-creates it from the snapshot. Errors before the user is gone are
    /// thrown as they are; errors after are thrown as `ResetFailure`.
    func deleteAndRecreate(username: String, snapshot snap: UserSnapshot, old: DirectoryUser, ticket: TicketID,
                           action: PlannedAction, tag: String) async throws -> StepOutcome {
        if let current = try await directory.user(username: username) {
            if current.tags[Self.tagKey] == tag { return .done("\(username) was re-created by an earlier attempt") }
            if try await directory.isLoggedIn(current.id) {
                return .failed("\(username) is logged in to Amazon Connect; ask them to log out, then retry (nothing was deleted)")
            }
            try await directory.delete(current.id)
            do {
                try store.note(ticket, actor: "bot", what: "user_deleted", why: "\(username) deleted for the reset; snapshot \(snap.id.rawValue) kept")
            } catch {
                throw ResetFailure(reason: "the deletion could not be recorded (\(error))", mayPass: true)
            }
        }
        // From here on the user is gone: every failure says so, with the snapshot.
        do {
            let profiles = try await directory.securityProfiles()
            let securityNames = old.securityProfileIds.compactMap { id in profiles.first { $0.id == id }?.name }
            let routing = try await directory.routingProfiles().first { $0.id == old.routingProfileId }?.name ?? ""
            var user = try await newDirectoryUser(first: old.identityInfo.firstName, last: old.identityInfo.lastName,
                                                  email: old.identityInfo.email ?? "", login: old.username,
                                                  routing: routing, security: securityNames, tag: tag)
            user.phoneConfig = old.phoneConfig
            user.hierarchyGroupId = old.hierarchyGroupId
            for (k, v) in old.tags where k != Self.tagKey { user.tags[k] = v }
            let created = try await directory.create(user)
            return .done("re-created \(created.username) (\(created.id.rawValue)) from snapshot \(snap.id.rawValue)")
        } catch let error as DirectoryError {
            if case .usernameNotReusableYet = error.code {
                throw ResetFailure(reason: "the username is not reusable yet: \(error.message)", mayPass: true)
            }
            throw ResetFailure(reason: error.message, mayPass: error.code == .storage)
        } catch let error as HelpdeskError {
            throw ResetFailure(reason: error.description, mayPass: false)
        } catch is CancellationError {
            throw ResetFailure(reason: "stopped", mayPass: true)
        } catch {
            // Throttling, the directory unavailable, an unclear answer: worth another try.
            throw ResetFailure(reason: "\(error)", mayPass: true)
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

    /// Carries out what admins decided, whichever way they decided (command line, web page, email): approved tickets
    /// are executed, rejected ones answered with the admin's reason and closed, expired approvals handed to a person
    /// with a word to the requester. Each exactly once: the ticket's state (and, for expiries, the audit trail) says
    /// what is done.
    public func executeApproved() async throws {
        _ = try store.expireApprovals()
        try tellExpired()
        for ticket in try store.tickets(in: .executing, limit: 500) {
            _ = try await execute(ticket, key: nil)
        }
        for ticket in try store.tickets(in: .planned, limit: 500) {
            let approvals = try store.approvals(for: ticket.id)
            guard let rejected = approvals.last, rejected.state == .rejected,
                  try store.detail(ticket.id).events.last(where: { $0.toState != nil })?.what == TicketEvent.Kind.reject.rawValue
            else { continue }
            let actions = Self.current(try store.actions(for: ticket.id))
            let what = Self.describeSteps(actions.filter { $0.kind != "notices" })
            for a in actions where a.state == .planned && a.kind != "notices" {
                _ = try store.recordResult(of: a.id, state: .skipped, result: "rejected by \(rejected.decidedBy ?? "an admin")")
            }
            let bundle = try noticeBundle(actions)
            let reason = rejected.decisionReason ?? "no reason was given"
            let replies = try writer.messages(for: [.approvalRejected(action: what, reason: reason)],
                                              ticket: Int(ticket.id.rawValue), context: bundle.context, date: clock())
            let passed = try guarded(policy.dryRun ? [] : replies, ticket: ticket.id, context: bundle.context).replies
            _ = try store.apply(.reply, to: ticket.id, actor: "bot", why: "rejected", replies: passed)
            _ = try store.apply(.close, to: ticket.id, actor: "bot", why: "rejected by \(rejected.decidedBy ?? "an admin")")
        }
    }
}

extension HelpdeskEngine {
    /// Tells each requester whose approval expired that nothing was changed and a person takes over; once per
    /// approval (the audit trail remembers).
    func tellExpired() throws {
        for ticket in try store.tickets(in: .needsHuman, limit: 500) {
            for approval in try store.approvals(for: ticket.id) where approval.state == .expired {
                let actions = Self.current(try store.actions(for: ticket.id))
                guard let bundle = try? noticeBundle(actions) else { continue }
                let what = Self.describeSteps(actions.filter { $0.kind != "notices" })
                let data = #"{"approval":\#(approval.id.rawValue)}"#
                let seen = try store.detail(ticket.id).events.contains { $0.what == "requester_told_expired" && $0.data == data }
                if seen { continue }
                let replies = try writer.messages(for: [.approvalExpired(action: what)], ticket: Int(ticket.id.rawValue),
                                                  context: bundle.context, date: clock())
                try store.enqueueOnce(policy.dryRun ? [] : replies, ticket: ticket.id, what: "requester_told_expired",
                                      why: "approval \(approval.id) expired; the requester was told", data: data)
            }
        }
    }

    /// What changed about the step's user since the plan was made, read again from the directory now; nil when the
    /// step has no saved "before" (a new user: CreateUser itself refuses a login someone took meanwhile). The user as
    /// the plan left it (an earlier attempt that stopped before recording its result) counts as unchanged.
    /// What reading the directory again before a step found.
    enum Reread {
        /// As the plan saw it (or nothing to compare).
        case same
        /// Changed since the plan was made: these differences.
        case changed([String])
        /// Could not be read (throttled, unavailable): why.
        case unreadable(String)
    }

    /// Reads the directory again before `step` and compares it with the plan's snapshot.
    func reread(_ step: PlannedStep, action: PlannedAction, ticket: TicketID) async -> Reread {
        do {
            guard let changes = try await changedSincePlan(step, action: action, ticket: ticket), !changes.isEmpty else { return .same }
            return .changed(changes)
        } catch {
            return .unreadable("\(error)")
        }
    }

    func changedSincePlan(_ step: PlannedStep, action: PlannedAction, ticket: TicketID) async throws -> [String]? {
        guard let snap = try store.snapshot(forAction: action.id),
              let before = try? JSONDecoder().decode(DirectoryUser.self, from: Data(snap.json.utf8)) else { return nil }
        switch step {
        case .createUser:
            return nil
        case .setEmail(_, _, let email):
            guard let now = try await directory.user(username: before.username) else {
                return ["the user \(before.username) no longer exists"]
            }
            var after = before
            after.identityInfo.email = email
            if UserChanges.between(after, now).isEmpty { return [] }
            return UserChanges.between(before, now)
        case .resetAccount:
            guard let now = try await directory.user(username: before.username) else {
                let deletedByUs = try store.detail(ticket).events.contains { $0.what == "user_deleted" }
                return deletedByUs ? [] : ["the user \(before.username) no longer exists"]
            }
            if now.tags[Self.tagKey] == Self.requestTag(ticket: ticket, action: action.id) { return [] }
            return UserChanges.between(before, now)
        }
    }
}
