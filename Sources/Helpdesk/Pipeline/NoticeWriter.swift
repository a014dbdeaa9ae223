import Foundation
import Mail
public import Replies
import Store

/// Renders notices into finished outgoing messages, ready for the outbox.
public struct NoticeWriter: Sendable {
    let templates: TemplateSet
    let composer: ReplyComposer
    let policy: HelpdeskPolicy
    let random: @Sendable (Int) -> [UInt8]

    /// Creates a writer.
    public init(templates: TemplateSet, policy: HelpdeskPolicy, random: @escaping @Sendable (Int) -> [UInt8]) {
        self.templates = templates
        self.policy = policy
        self.random = random
        let domain = policy.sharedMailbox.split(separator: "@").last.map(String.init) ?? "health.mo.gov"
        self.composer = ReplyComposer(sharedMailbox: Address(displayName: policy.sharedMailboxName, address: policy.sharedMailbox),
                                      messageIDDomain: domain)
    }

    /// The outgoing messages for `notices` on `ticket`.
    func messages(for notices: [Notice], ticket: Int, context: RequestContext, date: Date) throws -> [OutboxMessage] {
        let number = TicketNumber(ticket)
        let request = RequestReference(messageID: context.messageID.flatMap(MessageID.init),
                                       references: context.references.compactMap(MessageID.init))
        let requester = [Address(displayName: context.requesterName ?? "", address: context.requester)]
        let when = MailDate(secondsSince1970: Int64(date.timeIntervalSince1970))
        var out: [OutgoingMessage] = []
        for notice in notices {
            switch notice {
            case .credentials(let login, let email):
                let r = try templates.render(CredentialEmail(ticket: number, userID: login, loginURL: policy.loginURL))
                out.append(composer.credentials(r, to: AddressOnFile(directoryEmail: email), request: request, date: when, random: random))
            case .resetSteps(let login, let email):
                let r = try templates.render(ResetSteps(ticket: number, requestSubject: context.subject, requesterName: nil,
                                                        userID: login, loginURL: policy.loginURL))
                out.append(composer.reply(r, to: [Address(address: email)], request: request, date: when, random: random))
            case .acknowledgement(let summary):
                let r = try templates.render(Acknowledgement(ticket: number, requestSubject: context.subject,
                                                             requesterName: context.requesterName, summary: summary))
                out.append(composer.reply(r, to: requester, request: request, date: when, random: random))
            case .needMoreInfo(let missing):
                let r = try templates.render(NeedMoreInfo(ticket: number, requestSubject: context.subject,
                                                          requesterName: context.requesterName, missing: missing))
                out.append(composer.reply(r, to: requester, request: request, date: when, random: random))
            case .noAccount(let person, let searched):
                let r = try templates.render(NoAccount(ticket: number, requestSubject: context.subject, requesterName: context.requesterName,
                                                       personName: person, searchedFor: searched))
                out.append(composer.reply(r, to: requester, request: request, date: when, random: random))
            case .handoff:
                let r = try templates.render(HumanHandoff(ticket: number, requestSubject: context.subject, requesterName: context.requesterName))
                out.append(composer.reply(r, to: requester, request: request, date: when, random: random))
            case .newUserOutcome(let outcomes):
                let people = outcomes.map { o -> NewUserOutcome.Person in
                    let outcome: NewUserOutcome.Outcome
                    switch o.status {
                    case .created: outcome = .created(login: o.login ?? "")
                    case .alreadyExisted: outcome = .alreadyExisted(login: o.login ?? "")
                    case .needsHuman: outcome = .needsHuman(reason: o.detail ?? "a person will look at it")
                    case .missingFields: outcome = .missingFields([o.detail ?? "details"])
                    }
                    return NewUserOutcome.Person(name: o.name, email: o.email, outcome: outcome)
                }
                let r = try templates.render(NewUserOutcome(ticket: number, requestSubject: context.subject,
                                                            requesterName: context.requesterName, people: people, loginURL: policy.loginURL))
                out.append(composer.reply(r, to: requester, request: request, date: when, random: random))
            case .accountResetDone(let person, let login):
                let r = try templates.render(AccountResetDone(ticket: number, requestSubject: context.subject,
                                                              requesterName: context.requesterName, personName: person,
                                                              userID: login, loginURL: policy.loginURL))
                out.append(composer.reply(r, to: requester, request: request, date: when, random: random))
            case .approvalPending(let action, let hours):
                let r = try templates.render(ApprovalPending(ticket: number, requestSubject: context.subject,
                                                             requesterName: context.requesterName, action: action, hours: hours))
                out.append(composer.reply(r, to: requester, request: request, date: when, random: random))
            case .approvalDone(let action):
                let r = try templates.render(ApprovalDone(ticket: number, requestSubject: context.subject,
                                                          requesterName: context.requesterName, action: action))
                out.append(composer.reply(r, to: requester, request: request, date: when, random: random))
            case .approvalRejected(let action, let reason):
                let r = try templates.render(ApprovalRejected(ticket: number, requestSubject: context.subject,
                                                              requesterName: context.requesterName, action: action, reason: reason))
                out.append(composer.reply(r, to: requester, request: request, date: when, random: random))
            case .approvalExpired(let action):
                let r = try templates.render(ApprovalExpired(ticket: number, requestSubject: context.subject,
                                                             requesterName: context.requesterName, action: action))
                out.append(composer.reply(r, to: requester, request: request, date: when, random: random))
            }
        }
        return out.map { NoticeWriter.outbox($0) }
    }

    /// The admins who may decide a request of `requester`: every admin but the requester (no self-approval).
    func approvers(for requester: String) -> [String] {
        policy.admins.filter { $0 != requester.lowercased() }
    }

    /// The approval request to the admins but the requester (never Cc'd to the shared mailbox: it carries the token).
    func approvalRequest(ticket: Int, context: RequestContext, action: String, person: String, userID: String, reason: String,
                         token: String, expires: Date, date: Date) throws -> OutboxMessage? {
        let admins = approvers(for: context.requester)
        guard !admins.isEmpty else { return nil }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        let r = try templates.render(ApprovalRequest(ticket: TicketNumber(ticket), requestSubject: context.subject,
                                                     requester: context.requester, action: action, personName: person,
                                                     userID: userID, reason: reason, token: token, expires: f.string(from: expires)))
        let request = RequestReference(messageID: context.messageID.flatMap(MessageID.init),
                                       references: context.references.compactMap(MessageID.init))
        let m = composer.approvalRequest(r, to: admins.map { Address(address: $0) }, request: request,
                                         date: MailDate(secondsSince1970: Int64(date.timeIntervalSince1970)), random: random)
        var out = NoticeWriter.outbox(m)
        out.forgetAfterSending = true  // the token is kept only as its hash once the request is out
        return out
    }

    /// Tells the admins an approved plan was void because the user changed (no token: Cc the shared mailbox).
    func planVoided(ticket: Int, context: RequestContext, action: String, changes: [String], date: Date) throws -> OutboxMessage? {
        guard !policy.admins.isEmpty else { return nil }
        let r = try templates.render(PlanVoided(ticket: TicketNumber(ticket), requestSubject: context.subject,
                                                requester: context.requester, action: action, changes: changes))
        let request = RequestReference(messageID: context.messageID.flatMap(MessageID.init),
                                       references: context.references.compactMap(MessageID.init))
        let m = composer.adminNotice(r, to: policy.admins.map { Address(address: $0) }, request: request,
                                     date: MailDate(secondsSince1970: Int64(date.timeIntervalSince1970)), random: random)
        return NoticeWriter.outbox(m)
    }

    /// The daily digest of tickets waiting for a person, to the admins: `tickets` listed, `total` waiting in all.
    func digest(_ tickets: [Ticket], total: Int? = nil, date: Date) throws -> OutboxMessage? {
        guard !policy.admins.isEmpty, !tickets.isEmpty else { return nil }
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withFullDate]
        let items = tickets.map {
            NeedsHumanDigest.Item(ticket: TicketNumber(Int($0.id.rawValue)), subject: $0.subject, from: $0.requester,
                                  received: f.string(from: $0.createdAt), reason: $0.holdReason ?? "")
        }
        let r = try templates.render(NeedsHumanDigest(day: f.string(from: date), items: items, total: total))
        let m = composer.digest(r, to: policy.admins.map { Address(address: $0) },
                                date: MailDate(secondsSince1970: Int64(date.timeIntervalSince1970)), random: random)
        return NoticeWriter.outbox(m)
    }

    /// The send breaker's alert, to the admins.
    func sendingPaused(sent: Int, limit: Int, waiting: Int, date: Date) throws -> OutboxMessage? {
        guard !policy.admins.isEmpty else { return nil }
        let f = ISO8601DateFormatter()
        let r = try templates.render(SendingPaused(sent: sent, limit: limit, waiting: waiting, at: f.string(from: date)))
        let m = composer.sendingPaused(r, to: policy.admins.map { Address(address: $0) },
                                       date: MailDate(secondsSince1970: Int64(date.timeIntervalSince1970)), random: random)
        return NoticeWriter.outbox(m)
    }

    static func outbox(_ m: OutgoingMessage) -> OutboxMessage {
        OutboxMessage(messageID: m.messageID.value, sender: m.from.address, recipients: m.recipients, raw: m.render())
    }
}
