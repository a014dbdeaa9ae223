import Foundation
import HelpdeskTesting
import Testing

/// `helpdesk run` configured as the README's "Real mail" section shows, against the loopback Dovecot and Postfix, run
/// as a new admin would: a config file, the passwords in the environment, a directory imported from the guide's CSV.
/// (The shared mailbox here is user20 and the requester user3, so no other suite's mail is read.)
@Suite("helpdesk run on real mail, configured as the README shows")
struct RunRealMailCLITests {
    @Test("a request delivered to the shared mailbox is answered over SMTP and filed in Processed; a second run adds nothing")
    func readmeConfig() async throws {
        let stack = try MailStack.running()
        let shared = "user20@health.mo.gov", requester = "user3@health.mo.gov"
        for address in [shared, requester] {
            for folder in [nil, "Processed"] as [String?] {
                for p in stack.messages(of: address, folder: folder) { try? FileManager.default.removeItem(atPath: p) }
            }
        }
        let dir = NSTemporaryDirectory() + "run-real-mail-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let config = dir + "/helpdesk.yaml"
        try """
            shared_mailbox:
              address: \(shared)
            mailbox:
              imap_url: imaps://localhost:\(stack.imapsPort)/INBOX
              imap_user: \(shared)
              processed_folder: Processed
              ca_file: \(stack.caFile)
            outgoing:
              smtp_url: smtp://127.0.0.1:\(stack.submissionPort)
              smtp_user: \(shared)
              ca_file: \(stack.caFile)
            store:
              path: \(dir)/var/helpdesk.sqlite
            directory:
              local_path: \(dir)/var/directory.sqlite
            rules:
              path: \(CLITests.root)/rules
            templates:
              path: \(CLITests.root)/templates

            """.write(toFile: config, atomically: true, encoding: .utf8)
        let secrets = ["HELPDESK_MAILBOX_IMAP_PASSWORD": stack.password, "HELPDESK_OUTGOING_SMTP_PASSWORD": stack.password]
        try """
            First Name,Last Name,Email Address,User Login,Password,Security Profile,Routing Profile,Phone Type,Agent Hierarchy
            Una,Reyes,\(requester),Una.Reyes,Xk3vQ9pLm2Rt7Wz8Yb4N,Agent,Contact Tracers,Soft Phone,MO ACTS

            """.write(toFile: dir + "/users.csv", atomically: true, encoding: .utf8)
        let imported = try CLITests.helpdesk(["directory", "import", dir + "/users.csv", "--config", config], environment: secrets)
        #expect(imported.status == 0, "\(imported.err)")

        let tag = UUID().uuidString.prefix(8)
        let lmtp = try LMTPDelivery(stack: stack)
        try lmtp.deliver("""
            From: Una Reyes <\(requester)>
            To: \(shared)
            Subject: Forgot password error \(tag)
            Date: Tue, 8 Sep 2020 14:03:09 +0000
            Message-ID: <cli-\(tag)@mail.example.org>

            Hi, I clicked Forgot Password and after the captcha it says Something went wrong.

            Una Reyes
            """, from: requester, to: shared)
        lmtp.close()

        let run = try CLITests.helpdesk(["run", "--once", "--config", config], environment: secrets)
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains("Forgot password error \(tag)"), "run prints what it did: \(run.out)")
        #expect(!run.out.contains(stack.password) && !run.err.contains(stack.password), "no secret printed")
        let reply = try await stack.waitForMessage(of: requester, containing: "cli-\(tag)@mail.example.org")
        #expect(reply != nil, "the requester got the reply")
        #expect(try await stack.waitForMessage(of: shared, containing: "Una.Reyes") != nil, "the Cc copy")
        #expect(!stack.messages(of: shared, folder: "Processed").isEmpty, "the request is in Processed")

        // The Cc copy is filed by the next run, which answers nothing new.
        let again = try CLITests.helpdesk(["run", "--once", "--config", config], environment: secrets)
        #expect(again.status == 0, "\(again.err)")
        try await Task.sleep(for: .milliseconds(500))
        #expect(stack.messages(of: requester).count == 1, "exactly one reply")
        #expect(stack.messages(of: shared).isEmpty, "request and copy both filed")
    }
}
