import Directory
import Foundation
import Helpdesk
import HelpdeskTesting
import Logging
import Mail
import MailTransport
import Store
import Testing

/// The bot riding out its servers going away: Dovecot restarted in the middle of a run, Postfix stopped for a while
/// and started again, with the bot's service loop running all along as `helpdesk run` runs it. Nothing is lost,
/// nothing is answered twice. These tests restart servers, so they use a private stack of their own
/// (`PrivateMailStack`), never the one the other suites share.
@Suite("Servers restarting under the running bot", .serialized)
final class ServerRestartTests {
    let privateStack: PrivateMailStack
    var stack: MailStack { privateStack.stack }
    static let shared = "moacts@health.mo.gov"

    init() throws { privateStack = try PrivateMailStack() }
    deinit { try? privateStack.stop() }

    /// Submits a request through Postfix as a user's mail client would, trying again for a few seconds: just after
    /// Dovecot restarts, Postfix's first SMTP AUTH can fail while it reconnects to Dovecot's auth socket.
    func submit(from: String, subject: String, body: String, id: String) async throws {
        let sender = try CurlSMTPSender(configuration: SMTPConfiguration(
            url: "smtp://127.0.0.1:\(stack.submissionPort)", user: from, credential: .password(stack.password), caFile: stack.caFile))
        let raw = Array(request(from: from, subject: subject, body: body, id: id).utf8)
        for attempt in 1...10 {
            do {
                _ = try await sender.send(raw, from: from, to: [Self.shared])
                return
            } catch where attempt < 10 {
                try await Task.sleep(for: .milliseconds(500))
            }
        }
    }

    func parts() throws -> (CurlIMAPMailbox, CurlSMTPSender, IMAPDeliveryLedger) {
        let imap = CurlIMAPMailbox(configuration: CurlIMAPMailboxConfiguration(
            url: "imaps://localhost:\(stack.imapsPort)/INBOX", user: Self.shared, secret: .password(stack.password),
            caFile: stack.caFile, processedFolder: "Processed", connectTimeout: .seconds(3), ioTimeout: .seconds(10),
            pollInterval: .seconds(1), maxReconnectAttempts: 3, initialBackoff: .milliseconds(200), maxBackoff: .seconds(1)))
        let smtp = try CurlSMTPSender(configuration: SMTPConfiguration(
            url: "smtp://127.0.0.1:\(stack.submissionPort)", user: Self.shared, credential: .password(stack.password),
            caFile: stack.caFile, connectTimeout: .seconds(3), timeout: .seconds(10)))
        let ledgerBox = CurlIMAPMailbox(configuration: CurlIMAPMailboxConfiguration(
            url: "imaps://localhost:\(stack.imapsPort)/INBOX", user: Self.shared, secret: .password(stack.password),
            caFile: stack.caFile, processedFolder: "Processed", maxReconnectAttempts: 3, initialBackoff: .milliseconds(200)))
        return (imap, smtp, IMAPDeliveryLedger(mailbox: ledgerBox, processedFolder: "Processed"))
    }

    /// Runs the service loop in the background, as `helpdesk run` does, with short pauses after a failed pass.
    func serve(_ engine: HelpdeskEngine) -> (Task<Void, Never>, PassLog) {
        let log = PassLog()
        let loop = ServiceLoop(pollInterval: .seconds(1), firstPause: .milliseconds(200), maxPause: .seconds(1))
        var logger = Logger(label: "restart-test")
        logger.logLevel = .warning
        return (Task { await loop.run(engine, logger: logger, onPass: { log.add($0.count) }) }, log)
    }

    /// Waits until `condition` holds, up to `timeout` seconds, calling `tick` between checks.
    func eventually(_ timeout: TimeInterval = 60, tick: () -> Void = {}, _ condition: () throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return true }
            tick()
            try await Task.sleep(for: .milliseconds(100))
        }
        return try condition()
    }

    @Test("Dovecot restarted in the middle of a run: every request answered exactly once, every message filed")
    func dovecotRestart() async throws {
        let users = (1...8).map { "user\($0)@health.mo.gov" }
        let h = try EngineHarness(sharedMailbox: Self.shared)
        for (i, u) in users.enumerated() { try await h.addUser("Name\(i)", "Tester", email: u) }
        let tag = UUID().uuidString.prefix(8)
        for (i, u) in users.enumerated() {
            try await submit(from: u, subject: "forgot password broken \(tag)",
                             body: "Forgot Password says Something went wrong every time.\n\nName\(i) Tester", id: "a\(i)-\(tag)")
        }
        for i in users.indices { #expect(try await stack.waitForMessage(of: Self.shared, containing: "a\(i)-\(tag)") != nil) }

        let (imap, smtp, ledger) = try parts()
        let (task, passes) = serve(try h.engine(sender: smtp, mailbox: imap, ledger: ledger))
        // Restart Dovecot as soon as the first answer is out: the bot is in the middle of the backlog (filing what
        // it answered, answering the rest) and its IMAP connection is cut under it.
        #expect(try await eventually { users.contains { !self.stack.messages(of: $0).isEmpty } })
        try privateStack.dovecot(.restart)
        for (i, u) in users.enumerated() {
            try await submit(from: u, subject: "reset link invalid \(tag)",
                             body: "The reset link from the Forgot Password email says invalid.\n\nName\(i) Tester", id: "b\(i)-\(tag)")
        }
        // A reply whose send the restart broke waits for its retry time; the harness clock moves on meanwhile.
        let answered = try await eventually(tick: { h.clockBox.advance(600) }) {
            users.allSatisfy { self.stack.messages(of: $0).count >= 2 }
        }
        #expect(answered, "every user got both answers")
        // The Cc copies come back to the shared mailbox; the loop files them too.
        let filed = try await eventually(tick: { h.clockBox.advance(600) }) { self.stack.messages(of: Self.shared).isEmpty
            && self.stack.messages(of: Self.shared, folder: "Processed").count == 4 * users.count }
        try await Task.sleep(for: .seconds(1))
        task.cancel()
        await task.value
        #expect(filed, "shared INBOX \(stack.messages(of: Self.shared).count), Processed \(stack.messages(of: Self.shared, folder: "Processed").count)")
        for u in users { #expect(stack.messages(of: u).count == 2, "\(u) got \(stack.messages(of: u).count) replies") }
        #expect(try h.store.tickets().count == 2 * users.count, "each request processed once")
        #expect(passes.count > 2, "the loop ran \(passes.count) passes")
        #expect(await imap.reconnections >= 1, "the restart cut the bot's IMAP connection and it connected again")
        await imap.close()
    }

    @Test("Postfix stopped for a while and started again: replies wait, then each goes out exactly once")
    func postfixStop() async throws {
        let users = (11...14).map { "user\($0)@health.mo.gov" }
        let h = try EngineHarness(sharedMailbox: Self.shared)
        for (i, u) in users.enumerated() { try await h.addUser("Name\(i)", "Tester", email: u) }
        let tag = UUID().uuidString.prefix(8)
        for (i, u) in users.enumerated() {
            try await submit(from: u, subject: "never got my login \(tag)",
                             body: "I never got the email with my Amazon Connect login.\n\nName\(i) Tester", id: "c\(i)-\(tag)")
        }
        for i in users.indices { #expect(try await stack.waitForMessage(of: Self.shared, containing: "c\(i)-\(tag)") != nil) }

        try privateStack.postfix(.stop)
        let (imap, smtp, ledger) = try parts()
        let (task, passes) = serve(try h.engine(sender: smtp, mailbox: imap, ledger: ledger))
        // The requests are handled while Postfix is down; their replies wait in the outbox.
        #expect(try await eventually(30) { try h.store.tickets().count == users.count })
        let start = passes.count
        #expect(try await eventually(30) { passes.count >= start + 3 }, "several passes with the server down")
        #expect(users.allSatisfy { stack.messages(of: $0).isEmpty }, "nothing could be sent")

        try privateStack.postfix(.start)
        h.clockBox.advance(3_600)   // past the outbox's backoff
        let answered = try await eventually { users.allSatisfy { !self.stack.messages(of: $0).isEmpty } }
        #expect(answered, "every user got the answer once Postfix was back")
        let filed = try await eventually { self.stack.messages(of: Self.shared).isEmpty
            && self.stack.messages(of: Self.shared, folder: "Processed").count == 2 * users.count }
        try await Task.sleep(for: .seconds(1))
        task.cancel()
        await task.value
        #expect(filed, "requests and Cc copies filed")
        for u in users { #expect(stack.messages(of: u).count == 1, "\(u) got \(stack.messages(of: u).count) replies") }
        await imap.close()
    }
}

/// How many passes the loop made (and how many messages each handled).
final class PassLog: @unchecked Sendable {
    private let lock = NSLock()
    private var sizes: [Int] = []
    func add(_ n: Int) { lock.withLock { sizes.append(n) } }
    var count: Int { lock.withLock { sizes.count } }
}
