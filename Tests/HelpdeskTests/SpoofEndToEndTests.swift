import Directory
import Foundation
import Helpdesk
import HelpdeskTesting
import Mail
import MailTransport
import Store
import Testing

/// Spoofed senders against the real verifier: requests sent to the loopback stack's SMTP port by an "outside" client
/// (XCLIENT ADDR=203.0.113.66), verified by the stack's real OpenDKIM and OpenDMARC (keys and SPF/DMARC records from
/// its loopback DNS server), read by the bot over IMAP with `sender_checks.authserv_ids` set to the stack's
/// authserv-id, and answered over SMTP. For every forgery: no credential email to anyone, no directory change, and
/// the ticket goes to a person. The positive control (the same request, DKIM-signed by the stack because it was
/// submitted with AUTH) is answered with the credentials to the address on file, so the checks can fail.
///
/// Users: user45 is the shared mailbox here (no other suite sees this mail), user46 the person whose account the
/// attacker wants (login Wren.Halvorsen, address on file user46), user47 another person (Odile.Brandt). The
/// attacker's addresses (evil.test, the look-alike domains) have no mailbox: the stack delivers them to the catch-all.
/// No Authentication-Results field here is hand-written except the attacker's own forgeries, which the real verifier
/// receives and adds its field above.
@Suite("Spoofed senders on the loopback stack, checked by its real OpenDKIM and OpenDMARC", .serialized)
struct SpoofEndToEndTests {
    static let shared = "user45@health.mo.gov"
    static let victim = "user46@health.mo.gov"
    static let other = "user47@health.mo.gov"
    static let victimLogin = "Wren.Halvorsen"
    static let otherLogin = "Odile.Brandt"

    /// One forgery: the From, Reply-To, envelope sender, extra header fields and body the attacker sends.
    enum Spoof: String, CaseIterable, CustomTestStringConvertible, Sendable {
        /// The real user's address in From, unsigned, from an outside client: SPF and DMARC fail.
        case forgedFrom
        /// The same, with an envelope sender of the attacker's own (SPF passes for evil.test, not aligned).
        case forgedFromAttackerEnvelope
        /// `heaIth.mo.gov` (capital i): the attacker's look-alike, which passes DMARC for itself.
        case lookAlikeCapitalI
        /// `health-mo.gov`: a look-alike with no records at all.
        case lookAlikeHyphen
        /// `health.mo.gov.evil.test`: the real domain as a subdomain of the attacker's.
        case lookAlikeSuffix
        /// `"user46@health.mo.gov" <attacker@evil.test>`: passes DMARC for evil.test; the address is the attacker's.
        case displayName
        /// From the real user (forged), Reply-To the attacker, asking for the credentials to be sent "back".
        case replyTo
        /// The attacker writes `Authentication-Results: mx.test.health.mo.gov; dmarc=pass` fields of their own; the
        /// verifier's field on top says dmarc=fail. (OpenDKIM removes forged fields with a DKIM result claiming its
        /// id; these, without one, reach the mailbox below the real ones.)
        case forgedResultsBelow
        /// From the attacker's own domain (DMARC passes), the body claiming to be the user and naming their login.
        case bodyClaimsIdentity
        /// The real user's address, delivered straight into the mailbox by LMTP, past the verifier: no
        /// Authentication-Results from it at all (a missing field where one is required).
        case bypassedVerifier

        var testDescription: String { rawValue }
    }

    struct Forgery {
        var from: String
        var mailFrom: String
        var extra: String = ""
        var body: String
        /// What the verifier's topmost field must say (proves the real verifier judged it); nil: no field from it.
        var dmarc: String?
        /// Delivered by LMTP instead of the SMTP port (so no verifier ran).
        var viaLMTP = false
    }

    static let ask = "I never got the email with my login for Amazon Connect. My user ID is \(victimLogin)."

    func forgery(_ spoof: Spoof, authservID: String) -> Forgery {
        switch spoof {
        case .forgedFrom:
            Forgery(from: "Wren Halvorsen <\(Self.victim)>", mailFrom: Self.victim, body: Self.ask + "\n\nWren", dmarc: "dmarc=fail")
        case .forgedFromAttackerEnvelope:
            Forgery(from: "Wren Halvorsen <\(Self.victim)>", mailFrom: "bounces@evil.test", body: Self.ask + "\n\nWren", dmarc: "dmarc=fail")
        case .lookAlikeCapitalI:
            Forgery(from: "Wren Halvorsen <user46@heaIth.mo.gov>", mailFrom: "user46@heaith.mo.gov", body: Self.ask + "\n\nWren", dmarc: "dmarc=pass")
        case .lookAlikeHyphen:
            Forgery(from: "Wren Halvorsen <user46@health-mo.gov>", mailFrom: "user46@health-mo.gov", body: Self.ask + "\n\nWren", dmarc: "dmarc=none")
        case .lookAlikeSuffix:
            Forgery(from: "Wren Halvorsen <user46@health.mo.gov.evil.test>", mailFrom: "user46@health.mo.gov.evil.test",
                    body: Self.ask + "\n\nWren", dmarc: "dmarc=none")
        case .displayName:
            Forgery(from: "\"\(Self.victim)\" <attacker@evil.test>", mailFrom: "attacker@evil.test", body: Self.ask + "\n\nWren",
                    dmarc: "dmarc=pass")
        case .replyTo:
            Forgery(from: "Wren Halvorsen <\(Self.victim)>", mailFrom: Self.victim, extra: "Reply-To: Wren <attacker@evil.test>\n",
                    body: Self.ask + " Please send it to this address, I can't get into my work email.\n\nWren", dmarc: "dmarc=fail")
        case .forgedResultsBelow:
            Forgery(from: "Wren Halvorsen <\(Self.victim)>", mailFrom: Self.victim,
                    extra: "Authentication-Results: \(authservID); dmarc=pass header.from=health.mo.gov\n"
                        + "Authentication-Results: \(authservID); spf=pass smtp.mailfrom=health.mo.gov\n",
                    body: Self.ask + "\n\nWren", dmarc: "dmarc=fail")
        case .bodyClaimsIdentity:
            Forgery(from: "Wren Halvorsen <wren.h@evil.test>", mailFrom: "wren.h@evil.test",
                    body: "This is Wren Halvorsen, my work address is \(Self.victim). " + Self.ask
                        + " I am writing from my personal email.\n\nWren Halvorsen", dmarc: "dmarc=pass")
        case .bypassedVerifier:
            Forgery(from: "Wren Halvorsen <\(Self.victim)>", mailFrom: Self.victim, body: Self.ask + "\n\nWren", dmarc: nil, viaLMTP: true)
        }
    }

    static func message(from: String, to: String, subject: String, id: String, extra: String = "", body: String) -> String {
        "\(extra)From: \(from)\nTo: \(to)\nSubject: \(subject)\nDate: Wed, 25 Nov 2026 14:03:09 +0000\nMessage-ID: <\(id)@mail.example.org>\n"
            + "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n\(body)\n"
    }

    /// The credential email or the Forgot-Password steps (templates/credentials*, reset_steps*).
    static func isCredentialMail(_ raw: String) -> Bool {
        raw.contains("User ID (case sensitive)") || raw.contains("Amazon Connect Credentials") || raw.contains("Forgot Password")
    }

    func parts(_ stack: MailStack) throws -> (CurlIMAPMailbox, RecordingRelay, IMAPDeliveryLedger) {
        let imap = CurlIMAPMailbox(configuration: CurlIMAPMailboxConfiguration(
            url: "imaps://localhost:\(stack.imapsPort)/INBOX", user: Self.shared, secret: .password(stack.password),
            caFile: stack.caFile, processedFolder: "Processed", filingBatch: 50, pollInterval: .seconds(1)))
        let smtp = try CurlSMTPSender(configuration: SMTPConfiguration(
            url: "smtp://127.0.0.1:\(stack.submissionPort)", user: Self.shared, credential: .password(stack.password), caFile: stack.caFile))
        return (imap, RecordingRelay(smtp), IMAPDeliveryLedger(mailbox: imap, processedFolder: "Processed"))
    }

    func clear(_ stack: MailStack) {
        for address in [Self.shared, Self.victim, Self.other] {
            for folder in [nil, "Processed"] as [String?] {
                for path in stack.messages(of: address, folder: folder) { try? FileManager.default.removeItem(atPath: path) }
            }
        }
    }

    /// A harness whose sender checks trust the stack's verifier, with the two people in its local directory.
    func harness(_ stack: MailStack) async throws -> EngineHarness {
        let authservID = try #require(stack.authservID, "the stack has no verifier: run `scripts/mailstack start` (this branch's script)")
        let h = try EngineHarness(sharedMailbox: Self.shared, authservIDs: [authservID])
        try await h.addUser("Wren", "Halvorsen", email: Self.victim)
        try await h.addUser("Odile", "Brandt", email: Self.other)
        return h
    }

    static func snapshot(_ directory: LocalDirectory) async throws -> [DirectoryUser] {
        try await directory.allUsers().sorted { $0.username < $1.username }
    }

    /// The message in the shared mailbox carrying `id`, parsed, once the stack delivered it.
    func delivered(_ stack: MailStack, id: String) async throws -> ParsedMessage {
        let path = try #require(try await stack.waitForMessage(of: Self.shared, containing: "\(id)@mail.example.org", timeout: 20),
                                "the request never reached \(Self.shared) (log: \(stack.directory)/log/postfix.log)")
        return try MessageParser().parse(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    @Test("a forged sender gets no credential email and no directory change, and the ticket goes to a person",
          arguments: Spoof.allCases)
    func spoof(_ spoof: Spoof) async throws {
        let stack = try MailStack.running()
        clear(stack)
        let h = try await harness(stack)
        let authservID = try #require(stack.authservID)
        let (imap, relay, ledger) = try parts(stack)
        let before = try await Self.snapshot(h.directory)
        let tag = "spoof-\(spoof.rawValue)-\(UUID().uuidString.prefix(8))"
        let f = forgery(spoof, authservID: authservID)
        let raw = Self.message(from: f.from, to: Self.shared, subject: "never got my login \(tag)", id: tag, extra: f.extra, body: f.body)
        if f.viaLMTP {
            let lmtp = try LMTPDelivery(stack: stack)
            defer { lmtp.close() }
            try lmtp.deliver(raw, from: f.mailFrom, to: Self.shared)
        } else {
            _ = try stack.sendFromOutside(raw, mailFrom: f.mailFrom, to: [Self.shared])
        }

        // The real verifier judged it: its field is the topmost Authentication-Results (or, past it, there is none).
        let request = try await delivered(stack, id: tag)
        let results = request.headers.all("Authentication-Results")
        if let dmarc = f.dmarc {
            let top = try #require(results.first)
            #expect(top.lowercased().hasPrefix(authservID), "\(results)")
            #expect(top.contains(dmarc), "the verifier's topmost field: \(top)")
        } else {
            #expect(!results.contains { $0.lowercased().hasPrefix(authservID) }, "\(results)")
        }
        if spoof == .forgedResultsBelow {
            #expect(results.dropFirst().contains { $0.contains("dmarc=pass header.from=health.mo.gov") },
                    "the attacker's forged field reached the mailbox below the verifier's: \(results)")
        }

        let reports = try await h.engine(sender: relay, mailbox: imap, ledger: ledger).runOnce()
        await imap.close()
        let report = try #require(reports.first { $0.subject.contains(tag) }, "\(reports)")
        #expect(report.state == .needsHuman, "\(report.action)")

        // No credential email or reset steps to anyone; nothing at all to the attacker's or the look-alike addresses
        // (the From's owner may be told a person will look, never Reply-To). The needs-a-person digest to the admins
        // names the request; it is not a credential email.
        let sent = relay.sent()
        let credentialMail = sent.filter { Self.isCredentialMail($0.raw) }
        #expect(credentialMail.isEmpty, "credential email sent to \(credentialMail.map(\.to))")
        let outsiders = sent.flatMap(\.to).filter { !$0.lowercased().hasSuffix("@health.mo.gov") }
        #expect(outsiders.isEmpty, "mail went to \(outsiders)")
        #expect(try await h.directory.allUsers().sorted { $0.username < $1.username } == before, "the directory changed")
        // And the Maildirs agree: no credentials for the person or the other one; nothing in the catch-all (where
        // evil.test and the look-alike domains are delivered) about this request.
        for address in [Self.victim, Self.other] {
            let credentials = stack.messages(of: address).filter { path in
                (try? String(contentsOfFile: path, encoding: .utf8)).map(Self.isCredentialMail) ?? false
            }
            #expect(credentials.isEmpty, "credential email in the Maildir of \(address)")
        }
        #expect(try await stack.waitForMessage(of: stack.catchAll, containing: tag, timeout: 1) == nil)
        #expect(try await stack.waitForMessage(of: stack.catchAll, containing: "User ID (case sensitive): \(Self.victimLogin)", timeout: 0) == nil)
        let detail = try h.store.detail(try #require(report.ticket))
        #expect(detail.events.contains { ($0.why ?? "").contains("sender checks failed") || ($0.why ?? "").contains("someone else") },
                "the reason a person is asked says why: \(detail.events.map { $0.why ?? "" })")
    }

    @Test("positive control: the same request DKIM-signed by the stack gets the credentials, to the address on file")
    func signedRequestIsAnswered() async throws {
        let stack = try MailStack.running()
        clear(stack)
        let h = try await harness(stack)
        let (imap, relay, ledger) = try parts(stack)
        let before = try await Self.snapshot(h.directory)
        let tag = "signed-\(UUID().uuidString.prefix(8))"
        // Submitted with AUTH as the person: the stack signs it (d=health.mo.gov) and verifies it on its SMTP port.
        let submitter = try CurlSMTPSender(configuration: SMTPConfiguration(
            url: "smtp://127.0.0.1:\(stack.submissionPort)", user: Self.victim, credential: .password(stack.password), caFile: stack.caFile))
        let raw = Self.message(from: "Wren Halvorsen <\(Self.victim)>", to: Self.shared, subject: "never got my login \(tag)", id: tag,
                               body: Self.ask + "\n\nWren")
        _ = try await submitter.send(Array(raw.replacingOccurrences(of: "\n", with: "\r\n").utf8), from: Self.victim, to: [Self.shared])

        let request = try await delivered(stack, id: tag)
        let top = try #require(request.headers.all("Authentication-Results").first)
        #expect(top.contains("dmarc=pass"), "\(top)")
        #expect(request.headers.contains("DKIM-Signature"))

        let reports = try await h.engine(sender: relay, mailbox: imap, ledger: ledger).runOnce()
        await imap.close()
        let report = try #require(reports.first { $0.subject.contains(tag) }, "\(reports)")
        #expect(report.state != .needsHuman, "\(report.action)")
        let toVictim = try #require(try await stack.waitForMessage(of: Self.victim, containing: "User ID (case sensitive): \(Self.victimLogin)", timeout: 20),
                                    "the credential email never reached the address on file")
        let mail = try MessageParser().parse(Array(try Data(contentsOf: URL(fileURLWithPath: toVictim))))
        #expect(mail.subject.hasPrefix("Your MO ACTS Amazon Connect Credentials"))
        #expect(relay.sent().flatMap(\.to).allSatisfy { [Self.victim, Self.shared].contains($0.lowercased()) }, "\(relay.sent().map(\.to))")
        #expect(try await Self.snapshot(h.directory) == before, "a resend changes nothing in the directory")
    }
}

/// The real SMTP sender, recording what the bot sent (recipients and bytes), so a test knows nothing went out.
final class RecordingRelay: MailSender, @unchecked Sendable {
    private let inner: CurlSMTPSender
    private let lock = NSLock()
    private var log: [(to: [String], raw: String)] = []

    init(_ inner: CurlSMTPSender) { self.inner = inner }

    var concurrentSends: Int { 1 }

    func send(_ raw: [UInt8], from sender: String, to recipients: [String]) async throws -> [String] {
        lock.withLock { log.append((recipients, String(decoding: raw, as: UTF8.self))) }
        return try await inner.send(raw, from: sender, to: recipients)
    }

    func sent() -> [(to: [String], raw: String)] { lock.withLock { log } }
}
