import Directory
import Foundation
import Helpdesk
import HelpdeskTesting
import Mail
import MailTransport
import Store
import Testing

/// The whole bot on real mail: requests submitted by SMTP to the shared mailbox of the loopback Dovecot/Postfix,
/// the bot reading it over IMAP and answering over SMTP, the answers read back from the users' Maildirs.
/// The "shared mailbox" here is user37 so these tests never see another suite's mail.
@Suite("The bot on the loopback mail stack (IMAP in, SMTP out)", .serialized)
struct RealMailEndToEndTests {
    static let shared = "user37@health.mo.gov"

    func parts(_ stack: MailStack) throws -> (CurlIMAPMailbox, CurlSMTPSender, IMAPDeliveryLedger) {
        let imap = CurlIMAPMailbox(configuration: CurlIMAPMailboxConfiguration(
            url: "imaps://localhost:\(stack.imapsPort)/INBOX", user: Self.shared, secret: .password(stack.password),
            caFile: stack.caFile, processedFolder: "Processed", filingBatch: 50, pollInterval: .seconds(1)))
        let smtp = try CurlSMTPSender(configuration: SMTPConfiguration(
            url: "smtp://127.0.0.1:\(stack.submissionPort)", user: Self.shared, credential: .password(stack.password), caFile: stack.caFile))
        return (imap, smtp, IMAPDeliveryLedger(mailbox: imap, processedFolder: "Processed"))
    }

    /// Submits a request as `from` to the shared mailbox through Postfix.
    func submit(_ stack: MailStack, from: String, subject: String, body: String, id: String) async throws {
        let sender = try CurlSMTPSender(configuration: SMTPConfiguration(
            url: "smtp://127.0.0.1:\(stack.submissionPort)", user: from, credential: .password(stack.password), caFile: stack.caFile))
        let raw = request(from: from, subject: subject, body: body, id: id).replacingOccurrences(of: "To: MOACTS <MOACTS@health.mo.gov>", with: "To: \(Self.shared)")
        _ = try await sender.send(Array(raw.utf8), from: from, to: [Self.shared])
    }

    /// Empties the mailboxes these tests use, so a run on a stack that is not fresh sees only its own mail.
    func clearShared(_ stack: MailStack) throws {
        for address in [Self.shared, "user38@health.mo.gov", "user39@health.mo.gov"] {
            for folder in [nil, "Processed"] as [String?] {
                for path in stack.messages(of: address, folder: folder) { try? FileManager.default.removeItem(atPath: path) }
            }
        }
    }

    @Test("requests by SMTP, read over IMAP: each user gets the right reply, the shared mailbox the Cc, requests end in Processed")
    func endToEnd() async throws {
        let stack = try MailStack.running()
        try clearShared(stack)
        let h = try EngineHarness(sharedMailbox: Self.shared)
        let (imap, smtp, ledger) = try parts(stack)
        try await h.addUser("Una", "Reyes", email: "user38@health.mo.gov")
        try await h.addUser("Ivo", "Marsh", email: "user39@health.mo.gov")
        let tag = UUID().uuidString.prefix(8)
        try await submit(stack, from: "user38@health.mo.gov", subject: "Forgot password error \(tag)",
                         body: "Hi, I clicked Forgot Password and after the captcha it says Something went wrong.\n\nUna Reyes", id: "una-\(tag)")
        try await submit(stack, from: "user39@health.mo.gov", subject: "never got my login \(tag)",
                         body: "I never got the email with my login for Amazon Connect. My user ID is Ivo.Marsh.\n\nIvo Marsh", id: "ivo-\(tag)")
        #expect(try await stack.waitForMessage(of: Self.shared, containing: "ivo-\(tag)") != nil)
        try await h.engine(sender: smtp, mailbox: imap, ledger: ledger).runOnce()
        let toUna = try #require(try await stack.waitForMessage(of: "user38@health.mo.gov", containing: "una-\(tag)@mail.example.org"))
        let una = try MessageParser().parse(Array(try Data(contentsOf: URL(fileURLWithPath: toUna))))
        #expect(una.text.contains("Una.Reyes"))
        #expect(una.text.contains("Forgot Password"))
        #expect(una.inReplyTo == ["una-\(tag)@mail.example.org"])
        #expect(una.cc.map { $0.address.lowercased() } == [Self.shared])
        let toIvo = try #require(try await stack.waitForMessage(of: "user39@health.mo.gov", containing: "ivo-\(tag)@mail.example.org"))
        let ivo = try MessageParser().parse(Array(try Data(contentsOf: URL(fileURLWithPath: toIvo))))
        #expect(ivo.subject.hasPrefix("Your MO ACTS Amazon Connect Credentials"))
        #expect(ivo.text.contains("User ID (case sensitive): Ivo.Marsh"))
        #expect(stack.messages(of: "user38@health.mo.gov").count == 1, "exactly one reply")
        // The Cc copies arrive in the shared mailbox; the next run files them (and never answers them).
        #expect(try await stack.waitForMessage(of: Self.shared, containing: "User ID (case sensitive): Ivo.Marsh") != nil)
        #expect(try await stack.waitForMessage(of: Self.shared, containing: "Una.Reyes") != nil)
        let second = try await h.engine(sender: smtp, mailbox: imap, ledger: ledger).runOnce()
        #expect(stack.messages(of: Self.shared).isEmpty, "every request and copy was filed: \(second)")
        let processed = stack.messages(of: Self.shared, folder: "Processed")
        #expect(processed.count == 4)
        #expect(stack.messages(of: "user38@health.mo.gov").count == 1, "no reply to our own copies")
        await imap.close()
    }

    @Test("IDLE: a request delivered while the bot waits is answered without waiting for a poll interval")
    func idle() async throws {
        let stack = try MailStack.running()
        try clearShared(stack)
        let h = try EngineHarness(sharedMailbox: Self.shared)
        let (imap, smtp, ledger) = try parts(stack)
        try await h.addUser("Una", "Reyes", email: "user38@health.mo.gov")
        let engine = try h.engine(sender: smtp, mailbox: imap, ledger: ledger)
        try await engine.runOnce()
        // The bot idles up to 8 s at a time (a poll would wait that long); the request must be answered well before.
        let loop = Task {
            while !Task.isCancelled {
                try await engine.waitForMail(timeout: .seconds(8))
                try await engine.runOnce()
            }
        }
        try await Task.sleep(for: .milliseconds(300))
        let tag = UUID().uuidString.prefix(8)
        let start = ContinuousClock.now
        try await submit(stack, from: "user38@health.mo.gov", subject: "reset link expired \(tag)",
                         body: "The reset link from the Forgot Password email says it expired.\n\nUna Reyes", id: "idle-\(tag)")
        let reply = try await stack.waitForMessage(of: "user38@health.mo.gov", containing: "idle-\(tag)@mail.example.org", timeout: 20)
        let elapsed = ContinuousClock.now - start
        loop.cancel()
        #expect(reply != nil)
        #expect(elapsed < .seconds(4), "answered in \(elapsed), well before an 8 s wait would end")
        print("IDLE: request submitted to reply delivered in \(elapsed)")
        await imap.close()
    }
}
