import Directory
import Foundation
import Helpdesk
import Mail
import Store
import Testing

/// The approval queue on the embedded default: every transition of an approval
/// (`pending -> approved | rejected | expired -> executed | failed`) in the audit trail, what the requester hears at
/// each step, emailed decisions (token expiry, reuse, a wrong sender, self-approval), a plan voided by a changed user,
/// what `helpdesk queue` shows, and reclassification.
@Suite("The approval queue", .serialized)
struct ApprovalQueueTests {
    static let trustedServer = "mx.health.mo.gov"

    func sentTo(_ h: EngineHarness, _ address: String) throws -> [ParsedMessage] {
        try h.outbox().filter { $0.to.contains(address.lowercased()) }.map(\.message)
    }

    /// An account reset of Dolores.Quintero waiting for approval; returns its ticket.
    func pendingReset(_ h: EngineHarness) async throws -> TicketID {
        try await h.addUser("Dolores", "Quintero", email: "dquintero55@yahoo.com")
        try h.deliver(corpus: "dev/dev021.eml")
        try await h.engine().runOnce()
        return try #require(try h.store.pendingApprovals().first?.ticket)
    }

    /// The events of a ticket whose `what` starts with `approval_`, and the ticket transitions, in order.
    func trail(_ h: EngineHarness, _ t: TicketID) throws -> [String] {
        try h.store.detail(t).events.map(\.what).filter {
            $0.hasPrefix("approval_") || ["require_approval", "approve", "reject", "expire", "reply", "close", "hand_to_human",
                                          "requester_told_expired", "plan_voided", "reclassify", "plan"].contains($0)
        }
    }

    enum Path: String, CaseIterable {
        case approvedExecuted, approvedFailed, rejected, expired
    }

    @Test("every path of an approval, in the audit trail, and what the requester hears", arguments: Path.allCases)
    func transitions(path: Path) async throws {
        let h = try EngineHarness()
        let t = try await pendingReset(h)
        let waiting = try sentTo(h, "dquintero55@yahoo.com")
        #expect(waiting.count == 1)
        #expect(waiting.first?.text.contains("an administrator must approve the change") == true)
        switch path {
        case .approvedExecuted:
            _ = try h.store.decide(ticket: t, decision: .approve, by: "cli:lead", why: nil)
        case .approvedFailed:
            let u = try #require(try await h.directory.user(username: "Dolores.Quintero"))
            try await h.directory.setLoggedIn(u.id, true)
            _ = try h.store.decide(ticket: t, decision: .approve, by: "cli:lead", why: nil)
        case .rejected:
            _ = try h.store.decide(ticket: t, decision: .reject, by: "cli:lead", why: "call the district office first")
        case .expired:
            h.clockBox.advance(24 * 3600 + 1)
        }
        #expect(try h.store.ticket(t)?.state != .closed, "a decision is only recorded; the service carries it out")
        try await h.engine().runOnce()
        try await h.engine().runOnce()  // a second pass does nothing more: exactly once
        let approval = try #require(try h.store.approvals(for: t).first)
        let mails = try sentTo(h, "dquintero55@yahoo.com").filter { !$0.text.contains("an administrator must approve") }
        let trail = try trail(h, t)
        switch path {
        case .approvedExecuted:
            #expect(approval.state == .executed)
            #expect(trail.suffix(5) == ["approval_approved", "approve", "approval_executed", "reply", "close"])
            #expect(mails.contains { $0.subject.hasPrefix("Your MO ACTS Amazon Connect Credentials") })
            #expect(mails.count == 2, "the reset notice and the credentials, once each")
        case .approvedFailed:
            #expect(approval.state == .failed)
            #expect(trail.suffix(5) == ["approval_approved", "approve", "approval_failed", "reply", "hand_to_human"])
            #expect(try h.store.ticket(t)?.state == .needsHuman)
        case .rejected:
            #expect(approval.state == .rejected)
            #expect(approval.decisionReason == "call the district office first")
            #expect(trail.contains("approval_rejected") && trail.last == "close")
            #expect(mails.count == 1)
            #expect(mails.first?.text.contains("Their reason: call the district office first") == true, "\(mails.map(\.text))")
            #expect(try await h.directory.user(username: "Dolores.Quintero") != nil)
        case .expired:
            #expect(approval.state == .expired)
            #expect(trail.suffix(3) == ["approval_expired", "expire", "requester_told_expired"])
            #expect(mails.count == 1, "told once, however many passes")
            #expect(mails.first?.text.contains("was not approved in time") == true)
            #expect(try h.store.ticket(t)?.state == .needsHuman)
        }
    }

    @Test("clear errors: an unknown ticket, a decided one, an expired one")
    func errors() async throws {
        let h = try EngineHarness()
        let t = try await pendingReset(h)
        let unknown = #expect(throws: StoreError.self) { try h.store.decide(ticket: TicketID(99_999), decision: .approve, by: "cli:a", why: nil) }
        #expect(unknown?.isNoSuchTicket == true)
        _ = try h.store.decide(ticket: t, decision: .approve, by: "cli:a", why: nil)
        let again = #expect(throws: StoreError.self) { try h.store.decide(ticket: t, decision: .reject, by: "cli:b", why: "no") }
        #expect(again?.isNoPendingApproval == true)
        #expect(again?.description.contains("approved") == true)

        let h2 = try EngineHarness()
        let t2 = try await pendingReset(h2)
        h2.clockBox.advance(24 * 3600)
        let late = #expect(throws: StoreError.self) { try h2.store.decide(ticket: t2, decision: .approve, by: "cli:a", why: nil) }
        #expect(late?.isExpired == true)
    }

    @Test("the token lives 24 hours by default, is at least 128 random bits, and is at rest only as a hash once sent")
    func tokenShape() async throws {
        let h = try EngineHarness()
        let t = try await pendingReset(h)
        let a = try #require(try h.store.approvals(for: t).first)
        #expect(a.expiresAt.timeIntervalSince(a.requestedAt) == 24 * 3600)
        var g = SystemRandomNumberGenerator()
        let token = ApprovalToken.random(using: &g)
        #expect(token.value.count * 6 >= 128)
        // The token the admin got is nowhere in the bot's database files (the outbox keeps a note instead).
        let mail = try #require(try h.outbox().first { $0.message.subject.contains("Approval needed") })
        let line = try #require(mail.message.text.split(separator: "\n").first { $0.hasPrefix("Approval token: ") })
        let sent = Array(line.dropFirst("Approval token: ".count).utf8)
        #expect(sent.count >= 32)
        var db: [UInt8] = []
        for suffix in ["", "-wal", "-shm"] {
            if let d = FileManager.default.contents(atPath: h.root + "/helpdesk.sqlite" + suffix) { db += d }
        }
        #expect(!db.isEmpty)
        #expect(!db.contains(subsequence: sent), "the token is stored only as its hash")
        #expect(db.contains(subsequence: Array(ApprovalToken(String(decoding: sent, as: UTF8.self)).sha256Hex.utf8)))
    }

    // MARK: emailed decisions

    /// The approval request the admin received, and an admin's reply to it (quoting it, so carrying the token).
    func reply(_ h: EngineHarness, from: String, first line: String, authenticated: Bool = true, to admin: String = "admin@health.mo.gov") throws -> String {
        let approvalMail = try #require(try sentTo(h, admin).last { $0.subject.contains("Approval needed") })
        let quoted = approvalMail.text.split(separator: "\n", omittingEmptySubsequences: false).map { "> " + $0 }.joined(separator: "\n")
        let domain = from.split(separator: "@").last.map(String.init) ?? ""
        let auth = authenticated ? "Authentication-Results: \(Self.trustedServer); spf=pass smtp.mailfrom=\(from); dkim=pass header.d=\(domain); dmarc=pass header.from=\(domain)" : ""
        return request(from: from, subject: "RE: \(approvalMail.subject)", body: "\(line)\n\n\(quoted)",
                       extra: "In-Reply-To: <\(approvalMail.messageID ?? "")>\n" + auth)
    }

    @Test("an admin approves by replying: the service carries it out once")
    func emailApproval() async throws {
        let h = try EngineHarness(authservIDs: [Self.trustedServer])
        let t = try await pendingReset(h)
        let before = try #require(try await h.directory.user(username: "Dolores.Quintero"))
        try h.deliver(try reply(h, from: "admin@health.mo.gov", first: "Approved"))
        try await h.engine().runOnce()
        let a = try #require(try h.store.approvals(for: t).first)
        #expect(a.decidedBy == "email:admin@health.mo.gov")
        #expect(a.state == .executed)
        #expect(try await h.directory.user(username: "Dolores.Quintero")?.id != before.id)
        #expect(try h.store.detail(t).events.contains { $0.what == "approval_answer" && $0.why?.contains("dmarc=pass") == true })
    }

    @Test("an emailed rejection carries the admin's reason to the requester")
    func emailRejection() async throws {
        let h = try EngineHarness(authservIDs: [Self.trustedServer])
        let t = try await pendingReset(h)
        try h.deliver(try reply(h, from: "admin@health.mo.gov", first: "Reject - she has left the program"))
        try await h.engine().runOnce()
        #expect(try h.store.approvals(for: t).first?.state == .rejected)
        #expect(try sentTo(h, "dquintero55@yahoo.com").contains { $0.text.contains("Their reason: she has left the program") })
    }

    enum Refusal: String, CaseIterable {
        case notAnAdmin, failsSenderChecks, noToken, reused, expired
    }

    @Test("an emailed decision is refused, left for a person and recorded, and a live token it carried is burned",
          arguments: Refusal.allCases)
    func emailRefused(refusal: Refusal) async throws {
        let h = try EngineHarness(admins: ["admin@health.mo.gov", "admin2@health.mo.gov"], authservIDs: [Self.trustedServer])
        let t = try await pendingReset(h)
        var message: String
        switch refusal {
        case .notAnAdmin:
            message = try reply(h, from: "mallory@health.mo.gov", first: "Approved")
        case .failsSenderChecks:
            message = try reply(h, from: "admin@health.mo.gov", first: "Approved", authenticated: false)
        case .noToken:
            message = request(from: "admin@health.mo.gov", subject: "RE: [MOACTS #\(t.rawValue)] Approval needed: reset",
                                                body: "Approved", extra: "Authentication-Results: \(Self.trustedServer); dmarc=pass header.from=health.mo.gov")
        case .reused:
            try h.deliver(try reply(h, from: "admin@health.mo.gov", first: "Approved"))
            try await h.engine().runOnce()
            message = try reply(h, from: "admin2@health.mo.gov", first: "Approved", to: "admin2@health.mo.gov")
        case .expired:
            h.clockBox.advance(24 * 3600 + 60)
            message = try reply(h, from: "admin@health.mo.gov", first: "Approved")
        }
        let decidedBefore = try h.store.approvals(for: t).first?.decidedBy
        try h.deliver(message)
        try await h.engine().runOnce()
        let a = try #require(try h.store.approvals(for: t).first)
        let events = try h.store.detail(t).events
        let refused = events.filter { $0.what == "approval_refused" }
        #expect(refused.count == 1, "\(events.map { "\($0.what): \($0.why ?? "")" })")
        #expect(try h.inboxNew().count == 1, "a refused decision stays unread for a person")
        switch refusal {
        case .notAnAdmin, .failsSenderChecks:
            #expect(a.state == .pending, "nothing decided")
            #expect(try h.store.detail(t).events.contains { $0.what == "approval_token_burned" })
            // The token in that reply no longer decides anything; the admin page and the command line still do.
            try h.deliver(try reply(h, from: "admin@health.mo.gov", first: "Approved"))
            try await h.engine().runOnce()
            #expect(try h.store.approvals(for: t).first?.state == .pending)
            _ = try h.store.decide(ticket: t, decision: .approve, by: "cli:lead", why: nil)
        case .noToken:
            #expect(a.state == .pending)
            #expect(refused.first?.why?.contains("no approval token") == true)
        case .reused:
            #expect(a.decidedBy == decidedBefore, "the second use changes nothing")
            #expect(a.state == .executed)
            #expect(refused.first?.why?.contains("a decision counts once") == true)
        case .expired:
            #expect(a.state == .expired)
        }
    }

    @Test("the requester can never approve their own request, by command or by email")
    func selfApproval() async throws {
        let h = try EngineHarness(admins: ["dquintero55@yahoo.com", "admin@health.mo.gov"], authservIDs: [Self.trustedServer])
        let t = try await pendingReset(h)
        let requests = try h.outbox().filter { $0.message.subject.contains("Approval needed") }
        #expect(requests.count == 1)
        #expect(requests.first?.to == ["admin@health.mo.gov"], "the requester gets no approval request")
        #expect(requests.first?.message.cc.isEmpty == true, "never Cc'd to the shared mailbox")
        let e = #expect(throws: StoreError.self) { try h.store.decide(ticket: t, decision: .approve, by: "cli:dquintero55@yahoo.com", why: nil) }
        #expect(e?.isSelfApproval == true)
        try h.deliver(try reply(h, from: "dquintero55@yahoo.com", first: "Approved", to: "admin@health.mo.gov"))
        try await h.engine().runOnce()
        #expect(try h.store.approvals(for: t).first?.state == .pending)
        #expect(try h.store.detail(t).events.contains { $0.what == "approval_refused" && $0.why?.contains("cannot approve") == true })
    }

    @Test("a plan is void when the user changed after it was made: nothing changes and the admins are told")
    func voided() async throws {
        let h = try EngineHarness()
        let t = try await pendingReset(h)
        let u = try #require(try await h.directory.user(username: "Dolores.Quintero"))
        var info = u.identityInfo
        info.email = "dolores.q@health.mo.gov"
        _ = try await h.directory.updateIdentity(u.id, info)
        _ = try h.store.decide(ticket: t, decision: .approve, by: "cli:lead", why: nil)
        try await h.engine().runOnce()
        try await h.engine().runOnce()
        #expect(try await h.directory.user(username: "Dolores.Quintero")?.id == u.id, "not deleted")
        #expect(try h.store.approvals(for: t).first?.state == .failed)
        #expect(try h.store.ticket(t)?.state == .needsHuman)
        let notice = try sentTo(h, "admin@health.mo.gov").filter { $0.subject.contains("Plan void") }
        #expect(notice.count == 1)
        #expect(notice.first?.text.contains("Email: dquintero55@yahoo.com -> dolores.q@health.mo.gov") == true)
        #expect(try h.store.actions(for: t).first?.result?.hasPrefix("plan void") == true)
    }

    @Test("the queue shows the change (the user before and after), the request, the requester, the sender checks and the explanation")
    func queue() async throws {
        let h = try EngineHarness(authservIDs: [Self.trustedServer])
        try await h.addUser("Philip", "Osei", email: nil)
        try h.deliver(corpus: "dev/dev024.eml")
        try await h.engine().runOnce()
        let items = try ApprovalQueue(store: h.store).pending()
        let item = try #require(items.first)
        #expect(items.count == 1)
        #expect(item.requester == "philip.osei@health.mo.gov")
        #expect(item.subject == "Error when recovering password")
        #expect(item.category == "reset_failed")
        #expect(!item.explanation.isEmpty)
        #expect(!item.rules.isEmpty)
        #expect(item.senderChecksPassed == false, "a corpus message carries no Authentication-Results from our server")
        #expect(item.senderChecks.contains("no Authentication-Results"))
        let change = try #require(item.changes.first)
        #expect(change.kind == "set_email")
        #expect(change.fields.first?.field == "Email")
        #expect(change.fields.first?.before == "")
        #expect(change.fields.first?.after.lowercased() == "philip.osei@health.mo.gov")
        #expect(change.fields.contains { $0.field == "Username" && $0.before == "Philip.Osei" && $0.after == "Philip.Osei" })
        #expect(item.approvalReason.contains("no email on file"))
        // With the directory's names, profiles read as names, not ids.
        let named = try #require(try ApprovalQueue(store: h.store, names: try await ApprovalQueue.names(in: h.directory)).pending().first)
        let fields = try #require(named.changes.first?.fields)
        #expect(fields.contains { $0.field == "RoutingProfile" && $0.before == "Contact Tracers" && $0.after == "Contact Tracers" })
        #expect(fields.contains { $0.field == "SecurityProfiles" && $0.before == "Agent" })
        #expect(fields.contains { $0.field == "HierarchyGroup" })
    }

    @Test("reclassify: a ticket handed to a person is planned again under the admin's category, exactly once")
    func reclassify() async throws {
        let h = try EngineHarness()
        try await h.addUser("Benjamin", "Ortiz", email: "Benjamin.Ortiz@health.mo.gov")
        try h.deliver(corpus: "dev/dev002.eml")  // "Headset": other, for a person
        try await h.engine().runOnce()
        let t = try #require(try h.store.ticketsNeedingHuman().first?.id)
        let wrong = #expect(throws: StoreError.self) {
            try h.store.reclassify(TicketID(99_999), as: .resetFailed, by: "cli:lead", why: nil)
        }
        #expect(wrong?.isNoSuchTicket == true)
        try h.store.reclassify(t, as: .resetFailed, by: "cli:lead", why: "he cannot log in")
        #expect(try h.store.ticket(t)?.state == .classified)
        #expect(try h.store.ticket(t)?.category == .resetFailed)
        try await h.engine().runOnce()
        try await h.engine().runOnce()
        let steps = try sentTo(h, "Benjamin.Ortiz@health.mo.gov").filter { $0.text.contains("Forgot Password") }
        #expect(steps.count == 1, "planned again from the request, once")
        #expect(try h.store.ticket(t)?.state == .closed)
        #expect(try trail(h, t).contains("reclassify"))
        let again = #expect(throws: StoreError.self) { try h.store.reclassify(t, as: .other, by: "cli:lead", why: nil) }
        #expect(again?.isCannotReclassify == true)
    }
}

