import Directory
import Foundation
import Helpdesk
import Mail
import Store
import Testing

/// Every playbook branch on the embedded default: a Maildir in, the local directory, a Maildir outbox read back.
@Suite("Playbooks end to end on the embedded default", .serialized)
struct PlaybookEndToEndTests {
    func sentTo(_ h: EngineHarness, _ address: String) throws -> [ParsedMessage] {
        try h.outbox().filter { $0.to.contains(address.lowercased()) }.map(\.message)
    }

    /// Every reply carries the rules of the issue: From and Cc the shared mailbox, threading, tag, loop headers.
    func checkReplyHeaders(_ m: ParsedMessage, requestID: String, ccShared: Bool = true) {
        #expect(m.from.first?.address.lowercased() == "moacts@health.mo.gov")
        #expect(m.cc.contains { $0.address.lowercased() == "moacts@health.mo.gov" } == ccShared)
        #expect(m.inReplyTo == [requestID])
        #expect(m.subject.contains("[MOACTS #"))
        #expect(m.headers.first("Auto-Submitted") == "auto-replied")
        #expect(m.headers.first("X-Auto-Response-Suppress") == "All")
        #expect(m.messageID != nil)
    }

    @Test("new users from a trusted requester: created with the guide's defaults, credentials to each, outcome to the requester")
    func newUsersTrusted() async throws {
        let h = try EngineHarness(requesters: ["gloria.mattingly@health.mo.gov"])
        try h.deliver(corpus: "dev/dev001.eml")
        try await h.engine().runOnce()
        for (login, email) in [("Imani.Caldwell", "Imani.Caldwell@health.mo.gov"), ("Victor.Dumas", "Victor.Dumas@health.mo.gov"),
                               ("Rachel.Steinberg", "Rachel.Steinberg@health.mo.gov")] {
            let u = try #require(try await h.directory.user(username: login))
            #expect(u.identityInfo.email == email)
            #expect(u.phoneConfig == .guideDefault)
            let mails = try sentTo(h, email)
            #expect(mails.count == 1)
            let m = try #require(mails.first)
            #expect(m.subject.hasPrefix("Your MO ACTS Amazon Connect Credentials"))
            #expect(m.text.contains("User ID (case sensitive): \(login)"))
            #expect(m.to.map(\.address) == [email])
            checkReplyHeaders(m, requestID: "BN6PR09MB1874F26FD51AD77D609A73080@BN6PR09MB1874.namprd09.prod.outlook.com")
        }
        let rachel = try #require(try await h.directory.user(username: "Rachel.Steinberg"))
        let supervisor = try await h.directory.securityProfiles().first { $0.name == "Supervisor" }!
        #expect(rachel.securityProfileIds == [supervisor.id])
        let toRequester = try sentTo(h, "Gloria.Mattingly@health.mo.gov")
        #expect(toRequester.count == 1)
        #expect(toRequester.first?.text.contains("Imani") == true)
        #expect(try h.processed().count == 1)
        // The password never leaves the CSPRNG: not in the outbox, the store, the directory or any file.
        #expect(!(try h.allBytes()).contains(subsequence: Array(EngineHarness.plantedPassword.utf8)))
    }

    @Test("new users from anyone else wait for approval; approved, they are created exactly once")
    func newUsersNeedApproval() async throws {
        let h = try EngineHarness()
        try h.deliver(corpus: "dev/dev039.eml")
        try await h.engine().runOnce()
        #expect(try await h.directory.user(username: "Jalen.Okafor") == nil)
        let admin = try sentTo(h, "admin@health.mo.gov")
        #expect(admin.count == 1)
        #expect(admin.first?.cc.isEmpty == true, "approval requests are never Cc'd to the shared mailbox")
        #expect(try sentTo(h, "karen.whitfield@health.mo.gov").count == 1)  // told it awaits approval
        let pending = try h.store.pendingApprovals()
        #expect(pending.count == 1)
        _ = try h.store.decide(pending[0].id, decision: .approve, by: "cli:test", why: nil)
        try await h.engine().runOnce()
        try await h.engine().runOnce()
        for login in ["Jalen.Okafor", "Priya.Raman", "Colton.Briggs"] {
            #expect(try await h.directory.user(username: login) != nil)
            #expect(try sentTo(h, "\(login)@health.mo.gov").count == 1)
        }
        #expect(try h.store.ticket(pending[0].ticket)?.state == .closed)
    }

    @Test("a login that exists with the same email is reported as existing; with another email it goes to a person")
    func existingLogins() async throws {
        let h = try EngineHarness(requesters: ["boss@health.mo.gov"])
        try await h.addUser("Jane", "Doe", email: "Jane.Doe@health.mo.gov")
        try await h.addUser("John", "Roe", email: "someone.else@health.mo.gov")
        try h.deliver(request(from: "boss@health.mo.gov", subject: "New users",
                              body: "Please add to Amazon Connect, both Contact Tracers:\nJane Doe - Jane.Doe@health.mo.gov\nJohn Roe - John.Roe@health.mo.gov"))
        let done = try await h.engine().runOnce()
        #expect(try await h.directory.allUsers().count == 2)
        let reply = try #require(try sentTo(h, "boss@health.mo.gov").first)
        #expect(reply.text.contains("Jane.Doe"))
        #expect(done.first?.state == .needsHuman)
        #expect(try h.inboxNew().count == 1, "a request a person must see stays unread in the INBOX")
    }

    @Test("missing fields: a reply that asks for exactly what is missing, nothing created for that person")
    func missingFields() async throws {
        let h = try EngineHarness(requesters: ["phyllis.dunaway@health.mo.gov"])
        try h.deliver(corpus: "dev/dev054.eml")
        try await h.engine().runOnce()
        #expect(try await h.directory.user(username: "Tyrell.Manning") == nil)
        #expect(try await h.directory.user(username: "Heather.Lindgren") != nil)
        let reply = try #require(try sentTo(h, "phyllis.dunaway@health.mo.gov").first)
        #expect(reply.text.contains("Tyrell"))
        #expect(reply.text.lowercased().contains("email address"))
    }

    @Test("email not received: the credential email goes again to the address on file, never to the sender")
    func resendCredentials() async throws {
        let h = try EngineHarness()
        try await h.addUser("Tamika", "Lowry", email: "Tamika.Lowry@health.mo.gov")
        try h.deliver(corpus: "dev/dev010.eml")  // from a personal gmail
        try await h.engine().runOnce()
        let creds = try sentTo(h, "Tamika.Lowry@health.mo.gov")
        #expect(creds.count == 1)
        #expect(creds.first?.subject.hasPrefix("Your MO ACTS Amazon Connect Credentials") == true)
        let toSender = try sentTo(h, "tamikalowry21@gmail.com")
        #expect(toSender.allSatisfy { !$0.text.contains("User ID (case sensitive)") })
    }

    @Test("email not received, no account: a no-account reply and a person")
    func noAccount() async throws {
        let h = try EngineHarness()
        try h.deliver(corpus: "dev/dev008.eml")
        let done = try await h.engine().runOnce()
        #expect(done.first?.state == .needsHuman)
        let reply = try #require(try sentTo(h, "earl.tidwell@health.mo.gov").first)
        checkReplyHeaders(reply, requestID: try #require(try MessageParser().parse(Array(Data(contentsOf: URL(fileURLWithPath: EngineHarness.repo + "/Tests/Fixtures/corpus/dev/dev008.eml")))).messageID))
        #expect(try h.inboxNew().count == 1)
    }

    @Test("reset failed with an email on file: the Forgot Password steps and the User ID to the address on file")
    func resetSteps() async throws {
        let h = try EngineHarness()
        try await h.addUser("Alicia", "Vance", email: "avance@lphamo.net")
        try h.deliver(corpus: "dev/dev009.eml")
        try await h.engine().runOnce()
        let m = try #require(try sentTo(h, "avance@lphamo.net").first)
        #expect(m.text.contains("Alicia.Vance"))
        #expect(m.text.contains("Forgot Password"))
    }

    @Test("reset failed with no email on file: setting it waits for approval, then credentials and steps go to it")
    func resetBlankEmail() async throws {
        let h = try EngineHarness()
        try await h.addUser("Philip", "Osei", email: nil)
        try h.deliver(corpus: "dev/dev024.eml")
        try await h.engine().runOnce()
        #expect(try await h.directory.user(username: "Philip.Osei")?.identityInfo.email == nil)
        let pending = try h.store.pendingApprovals()
        #expect(pending.count == 1)
        _ = try h.store.decide(pending[0].id, decision: .approve, by: "cli:test", why: nil)
        try await h.engine().runOnce()
        #expect(try await h.directory.user(username: "Philip.Osei")?.identityInfo.email?.lowercased() == "philip.osei@health.mo.gov")
        let mails = try sentTo(h, "philip.osei@health.mo.gov")
        #expect(mails.contains { $0.subject.hasPrefix("Your MO ACTS Amazon Connect Credentials") })
        #expect(mails.contains { $0.text.contains("Forgot Password") })
    }

    @Test("the same person failing again within 7 days is escalated to an account reset")
    func escalation() async throws {
        let h = try EngineHarness()
        try await h.addUser("Natalie", "Kerr", email: "Natalie.Kerr@health.mo.gov")
        try h.deliver(corpus: "dev/dev050.eml")
        try await h.engine().runOnce()
        #expect(try h.store.pendingApprovals().isEmpty)
        try h.deliver(request(from: "Natalie.Kerr@health.mo.gov", name: "Kerr, Natalie", subject: "Still can't reset",
                              body: "I did the Forgot Password steps again and the reset email still never came."))
        let second = try await h.engine().runOnce()
        let pending = try h.store.pendingApprovals()
        let all = try h.store.tickets()
        #expect(pending.count == 1, "\(second) \(all)")
        let actions = try h.store.actions(for: try #require(pending.first).ticket)
        #expect(actions.contains { $0.kind == "reset_account" })
    }

    @Test("account reset: snapshot first, approval always; then deleted and re-created with the same details")
    func accountReset() async throws {
        let h = try EngineHarness()
        let before = try await h.addUser("Dolores", "Quintero", email: "dquintero55@yahoo.com", routing: "Case Investigator")
        try h.deliver(corpus: "dev/dev021.eml")
        try await h.engine().runOnce()
        #expect(try await h.directory.user(username: "Dolores.Quintero")?.id == before.id, "nothing changes before approval")
        #expect(try h.store.latestSnapshot(login: "Dolores.Quintero") != nil)
        let pending = try h.store.pendingApprovals()
        _ = try h.store.decide(pending[0].id, decision: .approve, by: "cli:test", why: nil)
        try await h.engine().runOnce()
        let after = try #require(try await h.directory.user(username: "Dolores.Quintero"))
        #expect(after.id != before.id)
        #expect(after.identityInfo == before.identityInfo)
        #expect(after.routingProfileId == before.routingProfileId)
        #expect(after.securityProfileIds == before.securityProfileIds)
        #expect(try sentTo(h, "dquintero55@yahoo.com").contains { $0.subject.hasPrefix("Your MO ACTS Amazon Connect Credentials") })
        #expect(try h.store.ticket(pending[0].ticket)?.state == .closed)
    }

    @Test("account reset while the user is logged in: nothing deleted, a person is told")
    func resetWhileLoggedIn() async throws {
        let h = try EngineHarness()
        let u = try await h.addUser("Dolores", "Quintero", email: "dquintero55@yahoo.com")
        try await h.directory.setLoggedIn(u.id, true)
        try h.deliver(corpus: "dev/dev021.eml")
        try await h.engine().runOnce()
        let pending = try h.store.pendingApprovals()
        _ = try h.store.decide(pending[0].id, decision: .approve, by: "cli:test", why: nil)
        try await h.engine().runOnce()
        #expect(try await h.directory.user(username: "Dolores.Quintero")?.id == u.id)
        #expect(try h.store.ticket(pending[0].ticket)?.state == .needsHuman)
    }

    @Test("a rejected change is not made; the requester hears the reason")
    func rejected() async throws {
        let h = try EngineHarness()
        let u = try await h.addUser("Dolores", "Quintero", email: "dquintero55@yahoo.com")
        try h.deliver(corpus: "dev/dev021.eml")
        try await h.engine().runOnce()
        let pending = try h.store.pendingApprovals()
        _ = try h.store.decide(pending[0].id, decision: .reject, by: "cli:test", why: "call the district office first")
        try await h.engine().runOnce()
        #expect(try await h.directory.user(username: "Dolores.Quintero")?.id == u.id)
        #expect(try sentTo(h, "dquintero55@yahoo.com").contains { $0.text.contains("call the district office first") })
        #expect(try h.store.ticket(pending[0].ticket)?.state == .closed)
    }

    @Test("CCP access and other requests: an acknowledgement with the ticket number, and a person", arguments: ["dev/dev013.eml", "dev/dev002.eml"])
    func handoff(file: String) async throws {
        let h = try EngineHarness()
        try h.deliver(corpus: file)
        let done = try await h.engine().runOnce()
        #expect(done.first?.state == .needsHuman)
        let requester = try #require(done.first?.sender)
        #expect(try sentTo(h, requester).count == 1)
        #expect(try h.inboxNew().count == 1)
        #expect(try h.store.ticketsNeedingHuman().count == 1)
    }

    @Test("automatic mail is never answered", arguments: ["dev/dev033.eml", "dev/dev041.eml", "dev/dev042.eml", "dev/dev064.eml", "extra/extra005.eml", "extra/extra014.eml", "extra/extra016.eml", "extra/extra018.eml"])
    func automatic(file: String) async throws {
        let h = try EngineHarness()
        try h.deliver(corpus: file)
        try await h.engine().runOnce()
        #expect(try h.outbox().isEmpty)
    }

    @Test("a bounce of one of our own emails flags that ticket for a person")
    func bounceOfOurEmail() async throws {
        let h = try EngineHarness()
        try await h.addUser("Tamika", "Lowry", email: "Tamika.Lowry@health.mo.gov")
        try h.deliver(corpus: "dev/dev010.eml")
        try await h.engine().runOnce()
        let sent = try #require(try sentTo(h, "Tamika.Lowry@health.mo.gov").first)
        let ticket = try #require(try h.store.ticket(forSentMessageID: sent.messageID!))
        try h.deliver(request(from: "MAILER-DAEMON@mx.health.mo.gov", subject: "Undeliverable: Your MO ACTS Amazon Connect Credentials",
                              body: "Delivery has failed to these recipients: Tamika.Lowry@health.mo.gov\n\nOriginal message headers:\nMessage-ID: <\(sent.messageID!)>\n"))
        let done = try await h.engine().runOnce()
        #expect(done.first?.action.contains("bounce of our email for \(ticket)") == true)
        #expect(try h.store.ticketsNeedingHuman().contains { $0.holdReason?.contains("our email for \(ticket)") == true })
        #expect(try h.outbox().filter { !$0.message.subject.contains("need a person") }.count == 2, "no reply to the bounce")
    }

    @Test("a nudge while an approval is pending adds no second approval and no reply")
    func nudge() async throws {
        let h = try EngineHarness()
        try await h.addUser("Dolores", "Quintero", email: "dquintero55@yahoo.com")
        try h.deliver(corpus: "dev/dev021.eml")
        try await h.engine().runOnce()
        let ticket = try #require(try h.store.pendingApprovals().first?.ticket)
        let before = try h.outbox().count
        try h.deliver(request(from: "dquintero55@yahoo.com", subject: "RE: [MOACTS #\(ticket.rawValue)] We received your request",
                              body: "Any news? I still can't log in, please reset my account."))
        try await h.engine().runOnce()
        #expect(try h.store.pendingApprovals().count == 1)
        #expect(try h.outbox().count == before)
    }

    @Test("our own copies in the shared mailbox are never answered (no loop)")
    func ownCopies() async throws {
        let h = try EngineHarness()
        try await h.addUser("Tamika", "Lowry", email: "Tamika.Lowry@health.mo.gov")
        try h.deliver(corpus: "dev/dev010.eml")
        try await h.engine().runOnce()
        let count = try h.outbox().count
        // The Cc copies arrive in the shared mailbox.
        for (_, _, raw) in try h.outbox() {
            let body = raw.split(separator: "\r\n", omittingEmptySubsequences: false).drop { $0.hasPrefix("X-Envelope-") }.joined(separator: "\r\n")
            try h.deliver(body)
        }
        try await h.engine().runOnce()
        #expect(try h.outbox().count == count)
    }
}

extension Array where Element == UInt8 {
    func contains(subsequence s: [UInt8]) -> Bool {
        guard !s.isEmpty, s.count <= count else { return false }
        for i in 0...(count - s.count) where self[i] == s[0] && Array(self[i..<(i + s.count)]) == s { return true }
        return false
    }
}

@Suite("The daily digest for the admins", .serialized)
struct DigestTests {
    @Test("one digest a day lists what waits for a person, to the admins only")
    func digest() async throws {
        let h = try EngineHarness(admins: ["admin@health.mo.gov"])
        try h.deliver(corpus: "dev/dev002.eml")
        try h.deliver(corpus: "dev/dev013.eml")
        try await h.engine().runOnce()
        let digests = try h.outbox().filter { $0.to.contains("admin@health.mo.gov") && $0.message.subject.contains("need a person") }
        #expect(digests.count == 1)
        #expect(digests.first?.message.text.contains("Headset") == true)
        try await h.engine().runOnce()
        #expect(try h.outbox().filter { $0.to.contains("admin@health.mo.gov") && $0.message.subject.contains("need a person") }.count == 1, "not twice the same day")
        h.clockBox.advance(25 * 3600)
        try await h.engine().runOnce()
        #expect(try h.outbox().filter { $0.to.contains("admin@health.mo.gov") && $0.message.subject.contains("need a person") }.count == 2)
    }

    @Test("a long list is cut at the 100 oldest, with the exact count and how many more")
    func longDigest() async throws {
        // 130 acknowledgements in one pass: the send breaker's limit raised so that they and the digest go out.
        let h = try EngineHarness(admins: ["admin@health.mo.gov"],
                                  loopGuard: LoopGuardLimits(perCorrespondentPerDay: 3, perTicket: 3, breakerPer10Minutes: 1000))
        for i in 0..<130 {
            try h.deliver("From: person\(i)@example.org\r\nTo: MOACTS@health.mo.gov\r\nSubject: headset question \(i)\r\n"
                + "Message-ID: <digest\(i)@example.org>\r\n\r\nMy headset crackles on every call, what should I do?\r\n")
        }
        try await h.engine().runOnce()
        let waiting = try h.store.ticketsNeedingHuman().count
        #expect(waiting > 100, "the test needs more than 100 waiting: \(waiting)")
        let digest = try #require(try h.outbox().first { $0.message.subject.contains("need a person") })
        #expect(digest.message.subject.contains("\(waiting) requests"))
        #expect(digest.message.text.contains("... and \(waiting - 100) more"))
        #expect(digest.message.text.split(whereSeparator: \.isNewline).contains { $0.hasSuffix("headset question 0") })
        #expect(!digest.message.text.contains("headset question 129"), "the newest are counted, not listed")
    }
}

@Suite("Unparseable mail", .serialized)
struct QuarantineTests {
    @Test("a message that cannot be parsed is quarantined with its reason, left for a person, never answered")
    func quarantine() async throws {
        let h = try EngineHarness()
        try h.deliver("this is not a message: no header at all\n\n\u{1}\u{2}binary")
        let done = try await h.engine().runOnce()
        #expect(done.first?.state == .quarantined)
        #expect(done.first?.action.contains("notAMessage") == true)
        let q = try h.store.quarantinedMessages()
        #expect(q.count == 1)
        #expect(q.first?.lastError?.contains("header") == true)
        #expect(try h.inboxNew().count == 1)
        #expect(try h.outbox().filter { !$0.message.subject.contains("need a person") }.isEmpty)
        // Processed again on request: still not a message, quarantined again, nothing lost.
        _ = try h.store.retryQuarantined(q[0].id, actor: "cli:test")
        try await h.engine().runOnce()
        #expect(try h.store.quarantinedMessages().count == 1)
    }
}

@Suite("A bounced address on file", .serialized)
struct BouncedAddressTests {
    @Test("after our credential email to the address on file bounced, a resend request gets no resend there: a new address waits for approval")
    func noResendToBouncedAddress() async throws {
        let h = try EngineHarness()
        try await h.addUser("Tamika", "Lowry", email: "tamika.lowery@health.mo.gov")
        try h.deliver(request(from: "tamikalowry21@gmail.com", name: "Tamika Lowry", subject: "never got my login",
                              body: "I never got the email with my login for Amazon Connect. My user ID is Tamika.Lowry."))
        try await h.engine().runOnce()
        let first = try h.outbox().filter { $0.to.contains("tamika.lowery@health.mo.gov") }
        #expect(first.count == 1)
        let id = try #require(first.first?.message.messageID)
        try h.deliver(request(from: "MAILER-DAEMON@mx.health.mo.gov", subject: "Undeliverable: Your MO ACTS Amazon Connect Credentials",
                              body: "Delivery has failed to these recipients: tamika.lowery@health.mo.gov\n\n550 5.1.1 User unknown\n\nMessage-ID: <\(id)>\n"))
        try await h.engine().runOnce()
        try h.deliver(request(from: "tamikalowry21@gmail.com", name: "Tamika Lowry", subject: "still no login email",
                              body: "Still haven't received the email with my user ID. Please send it to my work email Tamika.Lowry@health.mo.gov instead."))
        try await h.engine().runOnce()
        #expect(try h.outbox().filter { $0.to.contains("tamika.lowery@health.mo.gov") }.count == 1, "never resent to the bounced address")
        let pending = try h.store.pendingApprovals()
        #expect(pending.count == 1)
        let actions = try h.store.actions(for: try #require(pending.first).ticket)
        #expect(actions.contains { $0.kind == "set_email" })
    }
}
