import Directory
import Foundation
import Helpdesk
import HelpdeskTesting
import Mail
import MailTransport
import Store
import Testing

/// An approval decided by email, end to end on the loopback Dovecot and Postfix: the request arrives over IMAP, the
/// approval request goes by SMTP to the admin only, the admin's reply (carrying the token) comes back to the shared
/// mailbox, and the bot carries the decision out once. Users: user41 is the shared mailbox, user42 the admin,
/// user43 the requester (and the directory user's address), user44 an admin who does not answer.
///
/// The admin's client adds the `Authentication-Results` field that the organisation's receiving server
/// (`mx.health.mo.gov` in `sender_checks.authserv_ids`) would add; the stack's own verifier writes
/// `mx.test.health.mo.gov`, which this test does not trust (SpoofEndToEndTests uses the real verifier).
@Suite("An approval by email on the loopback mail stack", .serialized)
struct EmailApprovalMailStackTests {
    static let shared = "user41@health.mo.gov"
    static let admin = "user42@health.mo.gov"
    static let requester = "user43@health.mo.gov"
    static let otherAdmin = "user44@health.mo.gov"

    func submit(_ stack: MailStack, from: String, raw: String) async throws {
        let sender = try CurlSMTPSender(configuration: SMTPConfiguration(
            url: "smtp://127.0.0.1:\(stack.submissionPort)", user: from, credential: .password(stack.password), caFile: stack.caFile))
        _ = try await sender.send(Array(raw.utf8), from: from, to: [Self.shared])
    }

    @Test("request by mail, approval request to the admins only, the admin's reply approves once, the change is made")
    func approveByEmail() async throws {
        let stack = try MailStack.running()
        for address in [Self.shared, Self.admin, Self.requester, Self.otherAdmin] {
            for folder in [nil, "Processed"] as [String?] {
                for path in stack.messages(of: address, folder: folder) { try? FileManager.default.removeItem(atPath: path) }
            }
        }
        let h = try EngineHarness(admins: [Self.admin, Self.otherAdmin], sharedMailbox: Self.shared, authservIDs: ["mx.health.mo.gov"])
        let imap = CurlIMAPMailbox(configuration: CurlIMAPMailboxConfiguration(
            url: "imaps://localhost:\(stack.imapsPort)/INBOX", user: Self.shared, secret: .password(stack.password),
            caFile: stack.caFile, processedFolder: "Processed", filingBatch: 50, pollInterval: .seconds(1)))
        let smtp = try CurlSMTPSender(configuration: SMTPConfiguration(
            url: "smtp://127.0.0.1:\(stack.submissionPort)", user: Self.shared, credential: .password(stack.password), caFile: stack.caFile))
        let ledger = IMAPDeliveryLedger(mailbox: imap, processedFolder: "Processed")
        func pass() async throws { try await h.engine(sender: smtp, mailbox: imap, ledger: ledger).runOnce() }
        let before = try await h.addUser("Ada", "Lind", email: Self.requester)
        let tag = String(UUID().uuidString.prefix(8))

        // 1. The request.
        let ask = request(from: Self.requester, name: "Ada Lind", subject: "Still locked out \(tag)",
                          body: "Hello, I am still locked out of Amazon Connect even after trying the reset. Please reset my account.\n\nAda Lind",
                          id: "ask-\(tag)").replacingOccurrences(of: "To: MOACTS <MOACTS@health.mo.gov>", with: "To: \(Self.shared)")
        try await submit(stack, from: Self.requester, raw: ask)
        #expect(try await stack.waitForMessage(of: Self.shared, containing: "ask-\(tag)") != nil)
        try await pass()
        let ticket = try #require(try h.store.pendingApprovals().first?.ticket)

        // 2. The approval request reaches the admins, never the shared mailbox; the requester hears it waits.
        let path = try #require(try await stack.waitForMessage(of: Self.admin, containing: "Approval needed"))
        let approvalMail = try MessageParser().parse(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        #expect(approvalMail.cc.isEmpty)
        let tokenLine = try #require(approvalMail.text.split(separator: "\n").first { $0.hasPrefix("Approval token: ") })
        let token = String(tokenLine.dropFirst("Approval token: ".count))
        #expect(try await stack.waitForMessage(of: Self.otherAdmin, containing: token) != nil)
        let waiting = try #require(try await stack.waitForMessage(of: Self.requester, containing: "ask-\(tag)@mail.example.org"))
        #expect(try MessageParser().parse(Array(try Data(contentsOf: URL(fileURLWithPath: waiting)))).text.contains("an administrator must approve"))
        try await pass()  // files our Cc copies
        let inShared = (stack.messages(of: Self.shared) + stack.messages(of: Self.shared, folder: "Processed")).map {
            (try? String(contentsOfFile: $0, encoding: .utf8)) ?? ""
        }
        #expect(!inShared.contains { $0.contains(token) }, "no token ever reaches the shared mailbox before the admin's reply")
        #expect(try await h.directory.user(username: "Ada.Lind")?.id == before.id, "nothing changes before the decision")

        // 3. The admin replies from their address, quoting the request (so carrying the token).
        func reply(id: String) -> String {
            let quoted = approvalMail.text.split(separator: "\n", omittingEmptySubsequences: false).map { "> " + $0 }.joined(separator: "\n")
            return request(from: Self.admin, subject: "RE: \(approvalMail.subject)", body: "Approved, go ahead.\n\n\(quoted)", id: id,
                           extra: "In-Reply-To: <\(approvalMail.messageID ?? "")>\nAuthentication-Results: mx.health.mo.gov; dkim=pass header.d=health.mo.gov; dmarc=pass header.from=health.mo.gov")
                .replacingOccurrences(of: "To: MOACTS <MOACTS@health.mo.gov>", with: "To: \(Self.shared)")
        }
        try await submit(stack, from: Self.admin, raw: reply(id: "yes-\(tag)"))
        #expect(try await stack.waitForMessage(of: Self.shared, containing: "yes-\(tag)") != nil)
        try await pass()

        // 4. Carried out in that pass: the account re-created, the approval executed, the requester told.
        let after = try #require(try await h.directory.user(username: "Ada.Lind"))
        #expect(after.id != before.id)
        let approval = try #require(try h.store.approvals(for: ticket).first)
        #expect(approval.state == .executed)
        #expect(approval.decidedBy == "email:\(Self.admin)")
        #expect(try await stack.waitForMessage(of: Self.requester, containing: "User ID (case sensitive): Ada.Lind") != nil)

        // 5. The same token again (a second reply): refused, nothing more happens.
        try await submit(stack, from: Self.otherAdmin, raw: reply(id: "again-\(tag)").replacingOccurrences(of: "From: \(Self.admin)", with: "From: \(Self.otherAdmin)"))
        #expect(try await stack.waitForMessage(of: Self.shared, containing: "again-\(tag)") != nil)
        try await pass()
        #expect(try await h.directory.user(username: "Ada.Lind")?.id == after.id, "changed exactly once")
        let refused = try h.store.detail(ticket).events.filter { $0.what == "approval_refused" }
        #expect(refused.count == 1)
        #expect(refused.first?.why?.contains("a decision counts once") == true)
        await imap.close()
    }
}
