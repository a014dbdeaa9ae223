import Foundation
import Helpdesk
import HelpdeskTesting
import Mail
import MailTransport
import Testing

/// The bot against a real auto-responder: user16's Sieve vacation rule in the loopback Dovecot (Pigeonhole,
/// `scripts/mailstack`). The "shared mailbox" here is user17, so no other suite's mail is seen; only users 16..18.
@Suite("The bot against a Sieve vacation auto-responder", .serialized)
struct VacationEndToEndTests {
    static let shared = "user17@health.mo.gov"
    static let away = "user16@health.mo.gov"

    func submit(_ stack: MailStack, from: String, to: String, raw: String) async throws {
        let sender = try CurlSMTPSender(configuration: SMTPConfiguration(
            url: "smtp://127.0.0.1:\(stack.submissionPort)", user: from, credential: .password(stack.password), caFile: stack.caFile))
        _ = try await sender.send(Array(raw.replacingOccurrences(of: "\n", with: "\r\n").utf8), from: from, to: [to])
    }

    func clear(_ stack: MailStack) throws {
        for address in [Self.shared, Self.away, "user18@health.mo.gov"] {
            for folder in [nil, "Processed"] as [String?] {
                for path in stack.messages(of: address, folder: folder) { try? FileManager.default.removeItem(atPath: path) }
            }
        }
        // Pigeonhole answers each sender once a day: forget earlier runs on this stack.
        try? FileManager.default.removeItem(atPath: stack.mailRoot + "/health.mo.gov/user16/.dovecot.lda-dupes")
    }

    func read(_ path: String) throws -> ParsedMessage {
        try MessageParser().parse(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    /// Every message in a user's INBOX and Processed, parsed.
    func all(_ stack: MailStack, _ address: String) throws -> [ParsedMessage] {
        try (stack.messages(of: address) + stack.messages(of: address, folder: "Processed")).map(read)
    }

    /// Waits until the Dovecot log has a line containing every fragment.
    func waitForLog(_ stack: MailStack, _ fragments: [String], timeout: TimeInterval = 15) async throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let log = (try? String(contentsOfFile: stack.directory + "/log/dovecot.log", encoding: .utf8)) ?? ""
            if log.split(separator: "\n").contains(where: { line in fragments.allSatisfy { line.contains($0) } }) { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    @Test("a request from a user on vacation: one reply, the real vacation answer comes back and is never answered")
    func atMostOneExchange() async throws {
        let stack = try MailStack.running()
        try clear(stack)
        let h = try EngineHarness(sharedMailbox: Self.shared)
        try await h.addUser("Vera", "Lang", email: Self.away)
        let imap = CurlIMAPMailbox(configuration: CurlIMAPMailboxConfiguration(
            url: "imaps://localhost:\(stack.imapsPort)/INBOX", user: Self.shared, secret: .password(stack.password),
            caFile: stack.caFile, processedFolder: "Processed", filingBatch: 50, pollInterval: .seconds(1)))
        let smtp = try CurlSMTPSender(configuration: SMTPConfiguration(
            url: "smtp://127.0.0.1:\(stack.submissionPort)", user: Self.shared, credential: .password(stack.password), caFile: stack.caFile))
        let ledger = IMAPDeliveryLedger(mailbox: imap, processedFolder: "Processed")
        let tag = String(UUID().uuidString.prefix(8))

        // 1. Vera (on vacation from now on) asks for her login; the bot answers her once.
        let ask = request(from: Self.away, name: "Vera Lang", subject: "never got my login \(tag)",
                          body: "I never got the email with my login for Amazon Connect. My user ID is Vera.Lang.\n\nVera",
                          id: "vera-\(tag)").replacingOccurrences(of: "To: MOACTS <MOACTS@health.mo.gov>", with: "To: \(Self.shared)")
        try await submit(stack, from: Self.away, to: Self.shared, raw: ask)
        #expect(try await stack.waitForMessage(of: Self.shared, containing: "vera-\(tag)") != nil)
        try await h.engine(sender: smtp, mailbox: imap, ledger: ledger).runOnce()
        let replyPath = try #require(try await stack.waitForMessage(of: Self.away, containing: "vera-\(tag)@mail.example.org"))
        let reply = try read(replyPath)
        #expect(reply.headers.first("X-MOACTS-Helpdesk") != nil)
        // Pigeonhole sees the bot's Auto-Submitted: auto-replied and sends no vacation answer to it (RFC 5230 §5).
        let replyID = try #require(reply.messageID)
        #expect(try await waitForLog(stack, ["msgid=<\(replyID)>", "discarding vacation response to auto-submitted message"]),
                "Sieve ran on the bot's reply and did not answer it")

        // 2. A person at the help desk writes to Vera by hand (no automatic headers): the vacation rule answers that,
        //    to the shared mailbox, where the bot reads it.
        let human = """
            From: MO ACTS Help Desk <\(Self.shared)>
            To: Vera Lang <\(Self.away)>
            Subject: Re: never got my login \(tag)
            Date: Tue, 8 Sep 2020 15:00:00 +0000
            Message-ID: <human-\(tag)@health.mo.gov>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8

            Hi Vera, did the email arrive this time?

            """
        try await submit(stack, from: Self.shared, to: Self.away, raw: human)
        let vacationPath = try #require(try await stack.waitForMessage(of: Self.shared, containing: "mailstack vacation rule"),
                                        "the vacation answer came back to the shared mailbox")
        let vacation = try read(vacationPath)
        #expect(vacation.headers.first("Auto-Submitted")?.hasPrefix("auto-replied") == true)
        #expect(vacation.inReplyTo == ["human-\(tag)@health.mo.gov"])

        // 3. The bot reads the vacation answer (and its own Cc copy) and answers neither, however often it runs.
        for _ in 0..<3 {
            try await h.engine(sender: smtp, mailbox: imap, ledger: ledger).runOnce()
            try await Task.sleep(for: .milliseconds(500))
        }
        let toVera = try all(stack, Self.away)
        let fromBot = toVera.filter { $0.headers.first("X-MOACTS-Helpdesk") != nil }
        #expect(fromBot.count == 1, "one reply from the bot, got \(fromBot.map(\.subject))")
        #expect(toVera.count == 2, "the bot's reply and the person's email, nothing more")
        let vacations = try all(stack, Self.shared).filter { $0.text.contains("mailstack vacation rule") }
        #expect(vacations.count == 1, "one vacation answer")
        #expect(stack.messages(of: Self.shared).isEmpty, "request, Cc copy and vacation answer all filed")
        #expect(try h.store.dueOutbox(limit: 10).isEmpty)
        await imap.close()
    }
}
