import Directory
import Foundation
import Helpdesk
import HelpdeskTesting
import Mail
import MailTransport
import Store
import Testing

/// Faults on the real mail path, through a fault-injecting proxy on loopback that the test steers: the mail server
/// unreachable for a while, connections cut mid-DATA and mid-FETCH, the IMAP server dropping the bot. Nothing is
/// lost and nothing is sent twice. (Shared mailbox user33, requesters user34.. so no other suite's mail is seen.)
@Suite("Faults on the real mail path", .serialized)
struct FaultEndToEndTests {
    static let shared = "user33@health.mo.gov"

    func submit(_ stack: MailStack, from: String, subject: String, body: String, id: String) async throws {
        let sender = try CurlSMTPSender(configuration: SMTPConfiguration(
            url: "smtp://127.0.0.1:\(stack.submissionPort)", user: from, credential: .password(stack.password), caFile: stack.caFile))
        let raw = request(from: from, subject: subject, body: body, id: id)
            .replacingOccurrences(of: "To: MOACTS <MOACTS@health.mo.gov>", with: "To: \(Self.shared)")
        _ = try await sender.send(Array(raw.utf8), from: from, to: [Self.shared])
    }

    func smtp(_ stack: MailStack, port: Int) throws -> CurlSMTPSender {
        try CurlSMTPSender(configuration: SMTPConfiguration(url: "smtp://localhost:\(port)", user: Self.shared,
                                                           credential: .password(stack.password), caFile: stack.caFile,
                                                           connectTimeout: .seconds(3), timeout: .seconds(10)))
    }

    func imap(_ stack: MailStack, port: Int) -> CurlIMAPMailbox {
        CurlIMAPMailbox(configuration: CurlIMAPMailboxConfiguration(
            url: "imaps://localhost:\(port)/INBOX", user: Self.shared, secret: .password(stack.password), caFile: stack.caFile,
            processedFolder: "Processed", connectTimeout: .seconds(3), ioTimeout: .seconds(10), maxReconnectAttempts: 3,
            initialBackoff: .milliseconds(100), maxBackoff: .milliseconds(400)))
    }

    func clear(_ stack: MailStack, _ addresses: [String]) {
        for a in addresses {
            for folder in [nil, "Processed"] as [String?] {
                for p in stack.messages(of: a, folder: folder) { try? FileManager.default.removeItem(atPath: p) }
            }
        }
    }

    @Test("the SMTP server unreachable, then a connection cut mid-DATA, then an IMAP connection cut mid-FETCH: every user gets exactly one reply")
    func faults() async throws {
        let stack = try MailStack.running()
        let users = (34...36).map { "user\($0)@health.mo.gov" }
        clear(stack, [Self.shared] + users)
        let h = try EngineHarness(sharedMailbox: Self.shared)
        let tag = UUID().uuidString.prefix(8)
        for (i, u) in users.enumerated() {
            let first = ["Ada", "Bea", "Cal"][i]
            try await h.addUser(first, "Tester", email: u)
            try await submit(stack, from: u, subject: "forgot password broken \(tag)",
                             body: "Forgot Password says Something went wrong every time.\n\n\(first) Tester", id: "f\(i)-\(tag)")
        }
        for i in 0..<users.count { #expect(try await stack.waitForMessage(of: Self.shared, containing: "f\(i)-\(tag)") != nil) }

        let imapProxy = try FaultProxy(target: stack.imapsPort)
        let smtpProxy = try FaultProxy(target: stack.submissionPort)
        defer { imapProxy.stop(); smtpProxy.stop() }
        let mailbox = imap(stack, port: imapProxy.listenPort)
        let ledger = IMAPDeliveryLedger(mailbox: imap(stack, port: stack.imapsPort), processedFolder: "Processed")

        // 1. The SMTP server is unreachable (nothing listens where the bot sends): requests are handled, replies wait.
        let deadPort = 1   // nothing listens there: connection refused
        try await h.engine(sender: try smtp(stack, port: deadPort), mailbox: mailbox, ledger: ledger).runOnce()
        #expect(users.allSatisfy { stack.messages(of: $0).isEmpty })
        #expect(try h.store.dueOutbox(limit: 50).isEmpty, "retries wait for their backoff")

        // 2. The server is back, but the first connection is cut in the middle of the session (mid-DATA).
        try smtpProxy.cutAfter(bytes: 2_500, .up)
        for _ in 0..<6 {
            h.clockBox.advance(3_600)
            try await h.engine(sender: try smtp(stack, port: smtpProxy.listenPort), mailbox: mailbox, ledger: ledger).runOnce()
        }
        #expect(try smtpProxy.stats().cuts == 1, "the cut happened")
        for (i, u) in users.enumerated() {
            let got = try await stack.waitForMessage(of: u, containing: "f\(i)-\(tag)@mail.example.org")
            #expect(got != nil, "\(u) got no reply")
        }
        try await Task.sleep(for: .milliseconds(500))
        for u in users { #expect(stack.messages(of: u).count == 1, "\(u) got \(stack.messages(of: u).count) replies") }

        // 3. New requests arrive; the IMAP connection is cut in the middle of FETCH; the bot reconnects, and each is
        // answered once.
        for (i, u) in users.enumerated() {
            try await submit(stack, from: u, subject: "reset link invalid \(tag)",
                             body: "The reset link from the Forgot Password email says invalid.\n\n\(["Ada", "Bea", "Cal"][i]) Tester",
                             id: "g\(i)-\(tag)")
        }
        for i in 0..<users.count { #expect(try await stack.waitForMessage(of: Self.shared, containing: "g\(i)-\(tag)") != nil) }
        try imapProxy.cutAfter(bytes: 1_500, .down)
        for _ in 0..<4 {
            _ = try? await h.engine(sender: try smtp(stack, port: smtpProxy.listenPort), mailbox: mailbox, ledger: ledger).runOnce()
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(try imapProxy.stats().cuts == 1, "the cut happened")
        for (i, u) in users.enumerated() {
            #expect(try await stack.waitForMessage(of: u, containing: "g\(i)-\(tag)@mail.example.org") != nil)
        }
        try await Task.sleep(for: .milliseconds(500))
        _ = try? await h.engine(sender: try smtp(stack, port: smtpProxy.listenPort), mailbox: mailbox, ledger: ledger).runOnce()
        #expect(stack.messages(of: Self.shared).isEmpty, "every request and copy filed")
        #expect(try h.store.tickets().count == 2 * users.count, "each request processed once")
        for u in users { #expect(stack.messages(of: u).count == 2, "\(u) got \(stack.messages(of: u).count) replies") }
        await mailbox.close()
    }
}
