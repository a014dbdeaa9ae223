import Directory
import Foundation
import Helpdesk
import HelpdeskTesting
import Mail
import MailTransport
import Store
import Testing

/// The engine's replies through libcurl to the loopback Postfix (started by `make test`), read back from the
/// recipients' Maildirs: the right people, the Cc to the shared mailbox, threading.
@Suite("Replies through SMTP to a real Postfix", .serialized)
struct SMTPEndToEndTests {
    @Test("reset steps and an acknowledgement reach the user and the requester; the shared mailbox gets the Cc")
    func replies() async throws {
        let stack = try MailStack.running()
        let h = try EngineHarness()
        let sender = try CurlSMTPSender(configuration: SMTPConfiguration(
            url: "smtp://127.0.0.1:\(stack.submissionPort)", user: stack.sharedMailbox,
            credential: .password(stack.password), caFile: stack.caFile))
        // The person's address on file is a mailbox of the stack; the request comes from their supervisor.
        let tag = UUID().uuidString.prefix(8)
        try await h.addUser("Alicia", "Vance", email: "user32@health.mo.gov")
        try h.deliver(request(from: "user40@health.mo.gov", name: "Sam Supervisor", subject: "Forgot password error \(tag)",
                              body: "My tracer Alicia Vance (user32@health.mo.gov) tried Forgot Password and it says Something went wrong.",
                              id: "req-\(tag)"))
        try await h.engine(sender: sender).runOnce()
        let toUser = try #require(try await stack.waitForMessage(of: "user32@health.mo.gov", containing: "req-\(tag)@mail.example.org"))
        let m = try MessageParser().parse(Array(try Data(contentsOf: URL(fileURLWithPath: toUser))))
        #expect(m.inReplyTo == ["req-\(tag)@mail.example.org"])
        #expect(m.cc.map { $0.address.lowercased() } == ["moacts@health.mo.gov"])
        #expect(m.subject.contains("[MOACTS #"))
        #expect(try await stack.waitForMessage(of: "user40@health.mo.gov", containing: "req-\(tag)") != nil)
        #expect(try await stack.waitForMessage(of: "moacts@health.mo.gov", containing: "Alicia.Vance") != nil, "the Cc copy")
        let ticket = try #require(try h.store.tickets().first)
        #expect(ticket.state == .closed, "closed once Postfix accepted every reply")
    }
}
