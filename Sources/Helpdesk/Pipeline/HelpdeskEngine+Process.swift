import Foundation
import Mail
import MailTransport
import Store
import Triage

extension HelpdeskEngine {
    /// The header the bot puts on every email it sends; mail carrying it is never answered.
    static let loopHeader = "X-MOACTS-Helpdesk"

    /// fetch -> parse -> classify -> plan -> (approve) -> execute -> reply -> archive, for one message. Resumes from
    /// the ticket's recorded state when an earlier run stopped half way.
    func process(_ fetched: FetchedMessage) async throws -> ProcessedMessage? {
        try checkpoint(.fetched)
        let key = MessageKey(mailbox: fetched.mailbox, uidValidity: fetched.uidValidity, uid: fetched.uid)
        let parseResult = Result { () throws(MailParseError) -> ParsedMessage in try MessageParser().parse(fetched.raw) }
        let parsed = try? parseResult.get()
        let recording = try store.record(IncomingMessage(
            key: key, messageID: parsed?.messageID, contentHash: ContentHash.sha256Hex(of: fetched.raw),
            sender: parsed?.senderAddress ?? "", subject: parsed?.subject ?? ""))
        let stored = recording.message
        try checkpoint(.recorded)
        var report = ProcessedMessage(uid: fetched.uid, subject: parsed?.subject ?? "", sender: parsed?.senderAddress ?? "",
                                      ticket: stored.ticket, category: nil, state: nil, action: "")
        // Already done (this run or an earlier one): make sure it is filed, and move on.
        if stored.state != .pending {
            if let t = stored.ticket, let ticket = try store.ticket(t) {
                try await file(fetched, for: ticket.state)
            } else {
                try await mailbox.file(uid: fetched.uid, uidValidity: fetched.uidValidity, as: stored.state == .quarantined ? .leaveForHuman : .processed)
            }
            return nil
        }
        // Unparseable: a ticket in quarantine with the reason; the message stays for a person.
        guard let message = parsed else {
            let reason: String
            if case .failure(let e) = parseResult { reason = e.description } else { reason = "unparseable" }
            let ticket = try stored.ticket.flatMap { try store.ticket($0) }
                ?? store.createTicket(for: key, requester: "", subject: "(unparseable message)")
            _ = try store.apply(.quarantine(reason: reason), to: ticket.id, actor: "bot", why: reason)
            _ = try store.recordFailure(key, reason: reason)
            _ = try? store.recordFailure(key, reason: reason)
            _ = try? store.recordFailure(key, reason: reason)
            try await mailbox.file(uid: fetched.uid, uidValidity: fetched.uidValidity, as: .leaveForHuman)
            report.ticket = ticket.id
            report.state = .quarantined
            report.action = "quarantined: \(reason)"
            return report
        }
        // Our own copy (the Cc to the shared mailbox): nothing to do.
        if message.senderAddress == policy.sharedMailbox.lowercased() {
            return try await fromSharedMailbox(message, fetched: fetched, key: key, report: report)
        }
        var result = triage.triage(message)
        report.category = result.category
        let checks = policy.senderChecks.check(message)
        // A follow-up to one of our tickets.
        if let followUp = try await followUp(message, result: result, fetched: fetched, key: key, report: report) {
            return followUp
        }
        var ticket = try stored.ticket.flatMap { try store.ticket($0) }
            ?? store.createTicket(for: key, requester: message.senderAddress, subject: message.subject)
        report.ticket = ticket.id
        if ticket.state == .received {
            ticket = try store.apply(.classify(result.category), to: ticket.id, actor: "bot", why: result.classification.reason,
                                     data: ExplanationRecord(result, senderChecks: checks).jsonText)
            try checkpoint(.classified)
        } else if ticket.state == .classified, let category = ticket.category, category != result.category {
            // An admin reclassified the ticket: their category wins; the rules' explanation stays in the trail.
            result.category = category
            report.category = category
        }
        // Mail carrying our own loop header (one of our emails come back through someone else) is never answered.
        if message.headers.contains(Self.loopHeader) {
            ticket = try store.apply(.close, to: ticket.id, actor: "bot", why: "carries our loop header \(Self.loopHeader): never answered",
                                     processed: key)
            try await file(fetched, for: .closed)
            report.state = ticket.state
            report.action = "no reply (carries our loop header)"
            return report
        }
        // Machine-written mail is never answered; a bounce of our own email flags its ticket for a person.
        if result.category == .autoReply || result.category == .bounce || message.autoGenerated != nil {
            if let bounced = message.bounce?.originalMessageID, let original = try store.ticket(forSentMessageID: bounced),
               let t = try store.ticket(original) {
                // One of our emails bounced: its ticket goes to a person (or, when it is closed, this bounce does).
                let who = message.bounce?.failedRecipients.joined(separator: ", ") ?? "a recipient"
                let reason = "our email for \(original) to \(who) bounced"
                try store.note(original, actor: "bot", what: "bounced", why: reason)
                for address in message.bounce?.failedRecipients ?? [] where !(message.bounce?.isDelayOnly ?? false) {
                    try store.setState("bounced:\(address.lowercased())", "\(original.rawValue)")
                }
                if t.state != .closed && t.state != .needsHuman {
                    _ = try store.apply(.handToHuman(reason: reason), to: original, actor: "bot", why: "bounce \(message.messageID ?? "")")
                    ticket = try store.apply(.close, to: ticket.id, actor: "bot", why: reason, processed: key)
                } else {
                    ticket = try store.apply(.handToHuman(reason: reason), to: ticket.id, actor: "bot", processed: key)
                }
                try await file(fetched, for: .closed)
                report.state = ticket.state
                report.action = "bounce of our email for \(original): for a person, no reply"
                return report
            }
            try store.increment("loop_guard_trips")
            ticket = try store.apply(.close, to: ticket.id, actor: "bot", why: "automatic mail (\(result.category.rawValue)): never answered",
                                     processed: key)
            try await file(fetched, for: .closed)
            report.state = ticket.state
            report.action = result.category == .bounce ? "bounce recorded, no reply" : "no reply (automatic mail)"
            return report
        }
        let referenced = try referencedTicket(message)
        let fingerprint = Self.fingerprint(message)
        let context = RequestContext(requester: message.senderAddress,
                                     requesterName: message.from.first.map { Self.greetingName($0.displayName) } ?? nil,
                                     subject: message.subject, messageID: message.messageID, references: message.references,
                                     thread: try referenced.map(threadRoot) ?? ticket.id.rawValue, fingerprint: fingerprint,
                                     looksLikeLoop: try looksLikeLoop(message, thread: referenced, fingerprint: fingerprint))
        if ticket.state == .classified {
            let recent = try store.tickets(requester: message.senderAddress, category: .resetFailed, withinDays: policy.escalationDays)
                .filter { $0.id != ticket.id }.count
            let store = self.store
            let plan = try await playbooks.prepare(PlaybookInput(
                message: message, triage: result, recentResetFailures: recent,
                bounced: { address in ((try? store.state("bounced:\(address)")) ?? nil) != nil }, senderChecks: checks))
            ticket = try commitPlan(plan, ticket: ticket, context: context)
            try checkpoint(.planned)
        }
        ticket = try await advance(ticket, key: key)
        try await file(fetched, for: ticket.state)
        report.state = ticket.state
        report.action = try describe(ticket)
        return report
    }

    /// Records the plan: its steps and notices as actions, then the ticket moves to planned.
    func commitPlan(_ plan: Plan, ticket: Ticket, context: RequestContext) throws -> Ticket {
        // Recorded once (a restart after the plan was stored finds it); a reclassified ticket's old plan is superseded.
        if Self.current(try store.actions(for: ticket.id)).isEmpty {
            var plans = plan.steps.map { step in
                ActionPlan(kind: step.kind, target: step.target, details: step.jsonText, needsApproval: plan.needsApproval)
            }
            let bundle = NoticeBundle(notices: plan.notices, humanReason: plan.humanReason, context: context, summary: plan.summary)
            plans.append(ActionPlan(kind: "notices", target: context.requester, details: bundle.jsonText, needsApproval: false))
            let planned = try store.planActions(plans, for: ticket.id)
            if let snapshot = plan.snapshotJSON, let step = plan.steps.first {
                _ = try store.saveSnapshot(login: step.target, json: snapshot, ticket: ticket.id, action: planned.first?.id)
            }
        }
        return try store.apply(.plan, to: ticket.id, actor: "bot", why: plan.summary,
                               data: ["approval": plan.needsApproval ? (plan.approvalReason ?? "required") : "none"].jsonText)
    }

    /// Moves a planned ticket on: asks for approval, or executes and replies.
    func advance(_ ticket: Ticket, key: MessageKey?) async throws -> Ticket {
        var t = ticket
        if t.state == .planned {
            let actions = Self.current(try store.actions(for: t.id))
            let steps = actions.filter { $0.kind != "notices" && $0.state == .planned }
            if steps.contains(where: \.needsApproval) {
                return try requestApproval(t, steps: steps, actions: actions, key: key)
            }
            t = try store.apply(.startExecuting, to: t.id, actor: "bot", why: steps.isEmpty ? "nothing to change" : "no approval needed")
        }
        if t.state == .executing {
            t = try await execute(t, key: key)
        }
        return t
    }

    /// Queues the approval request to the admins and tells the requester; the message is done, the ticket waits.
    func requestApproval(_ ticket: Ticket, steps: [PlannedAction], actions: [PlannedAction], key: MessageKey?) throws -> Ticket {
        let bundle = try noticeBundle(actions)
        let token = tokens()
        let expires = clock().addingTimeInterval(policy.approvalValidity)
        let approval = try store.requestApproval(for: ticket.id, action: nil, token: token, expiresAt: expires)
        let what = Self.describeSteps(steps)
        let targets = steps.map(\.target).joined(separator: ", ")
        let hours = max(1, Int((policy.approvalValidity / 3600).rounded()))
        var replies = try writer.messages(for: [.approvalPending(action: what, hours: hours)],
                                          ticket: Int(ticket.id.rawValue), context: bundle.context, date: clock())
        if let request = try writer.approvalRequest(ticket: Int(ticket.id.rawValue), context: bundle.context, action: what,
                                                    person: steps.count == 1 ? targets : "\(steps.count) people", userID: targets,
                                                    reason: bundle.summary, token: token.value, expires: expires, date: clock()) {
            replies.append(request)
        } else {
            logger.warning("no admin can decide this approval", metadata: ["ticket.id": "\(ticket.id.rawValue)"])
        }
        if policy.dryRun { replies = [] }
        replies = try guarded(replies, ticket: ticket.id, context: bundle.context).replies
        return try store.apply(.requireApproval, to: ticket.id, actor: "bot", why: "approval #\(approval.id.rawValue): \(what)",
                               replies: replies, processed: key)
    }

    /// "create the user Jane.Doe", "create 3 users", "reset the account of Jane.Doe", "set the email of Jane.Doe".
    static func describeSteps(_ steps: [PlannedAction]) -> String {
        let creates = steps.filter { $0.kind == "create_user" }
        var parts: [String] = []
        if creates.count == 1 { parts.append("create the user \(creates[0].target)") }
        if creates.count > 1 { parts.append("create \(creates.count) users") }
        for s in steps where s.kind == "reset_account" { parts.append("reset the account of \(s.target)") }
        for s in steps where s.kind == "set_email" { parts.append("set the email of \(s.target)") }
        return parts.joined(separator: ", ")
    }

    /// The actions of the ticket's current plan: those planned after the last reclassification (which superseded
    /// every action still planned then, the notices record included, so all older actions are left out).
    static func current(_ actions: [PlannedAction]) -> [PlannedAction] {
        guard let last = actions.last(where: \.isSuperseded) else { return actions }
        return actions.filter { $0.id.rawValue > last.id.rawValue }
    }

    func noticeBundle(_ actions: [PlannedAction]) throws -> NoticeBundle {
        guard let a = Self.current(actions).first(where: { $0.kind == "notices" }), let details = a.details,
              let bundle = try? JSONDecoder().decode(NoticeBundle.self, from: Data(details.utf8)) else {
            throw HelpdeskError("the ticket's plan has no notices record; it was planned by another version")
        }
        return bundle
    }

    /// Files the request in the mailbox as the ticket's state says: a person's tickets stay unread in the INBOX.
    func file(_ fetched: FetchedMessage, for state: TicketState) async throws {
        let disposition: Disposition = (state == .needsHuman || state == .quarantined) ? .leaveForHuman : .processed
        try await mailbox.file(uid: fetched.uid, uidValidity: fetched.uidValidity, as: disposition)
    }

    func describe(_ ticket: Ticket) throws -> String {
        switch ticket.state {
        case .awaitingApproval: return "awaiting approval"
        case .needsHuman: return "for a person: \(ticket.holdReason ?? "")"
        case .closed, .replied: return "replied"
        default: return ticket.state.rawValue
        }
    }

    /// "Mattingly, Gloria" -> "Gloria"; "Zoë Lindqvist" -> "Zoë".
    static func greetingName(_ display: String) -> String? {
        let d = display.trimmingCharacters(in: .whitespaces)
        if d.isEmpty || d.contains("@") { return nil }
        if let comma = d.firstIndex(of: ",") {
            return d[d.index(after: comma)...].trimmingCharacters(in: .whitespaces).split(separator: " ").first.map(String.init)
        }
        return d.split(separator: " ").first.map(String.init)
    }
}

/// The classification's explanation as stored in the audit trail.
struct ExplanationRecord: Encodable {
    var category: String
    var confidence: Double
    var reason: String
    var hits: [RuleHit]
    var signals: [String]
    var senderChecks: SenderChecks.Verdict?

    init(_ r: TriageResult, senderChecks: SenderChecks.Verdict? = nil) {
        self.senderChecks = senderChecks
        category = r.category.rawValue
        confidence = r.confidence
        reason = r.classification.reason
        hits = r.classification.hits
        signals = r.signals.map(\.rawValue)
    }
}

/// An error of the help desk itself, with what to do.
public struct HelpdeskError: Error, Sendable, CustomStringConvertible {
    /// What happened and what to do.
    public var description: String
    init(_ d: String) { description = d }
}
