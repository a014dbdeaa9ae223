import Foundation
import Helpdesk
import HelpdeskTesting
import Logging
import Testing

/// The bot as `helpdesk run` builds it from its configuration, logging in to IMAP and SMTP with XOAUTH2 and tokens
/// refreshed from a refresh token at the stack's token server. The shared mailbox here is user14.
@Suite("The bot with auth: xoauth2 on the loopback mail stack")
struct XOAUTH2EndToEndTests {
    static let shared = "user14@health.mo.gov"
    static let requester = "user10@health.mo.gov"
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    @Test("a request read over IMAP and answered over SMTP, both with XOAUTH2 on one shared token source")
    func endToEnd() async throws {
        let stack = try MailStack.running()
        let server = try stack.tokenServer()
        let grant = try await server.issue(username: Self.shared, clientID: "helpdesk-e2e")
        for folder in [nil, "Processed"] as [String?] {
            for path in stack.messages(of: Self.shared, folder: folder) { try? FileManager.default.removeItem(atPath: path) }
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("xoauth2-e2e-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let oauth2 = """
              auth: xoauth2
              ca_file: \(stack.caFile)
              oauth2:
                token_url: \(server.tokenURL)
                client_id: helpdesk-e2e
            """
        let yaml = """
            shared_mailbox:
              address: \(Self.shared)
            mailbox:
              imap_url: imaps://localhost:\(stack.imapsPort)/INBOX
              imap_user: \(Self.shared)
            \(oauth2)
            outgoing:
              smtp_url: smtp://127.0.0.1:\(stack.submissionPort)
              smtp_user: \(Self.shared)
            \(oauth2)
            store:
              path: \(dir)/helpdesk.sqlite
            directory:
              local_path: \(dir)/directory.sqlite
            rules:
              path: \(Self.root)/rules
            templates:
              path: \(Self.root)/templates

            """
        let path = dir + "/helpdesk.yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        let config = try HelpdeskConfig.load(path: path, environment: [
            "HELPDESK_MAILBOX_OAUTH2_REFRESH_TOKEN": grant.refreshToken,
            "HELPDESK_OUTGOING_OAUTH2_REFRESH_TOKEN": grant.refreshToken])
        let app = try HelpdeskApp(config: config, logger: Logger(label: "xoauth2-e2e"))
        #expect(app.tokenSources["mailbox"] === app.tokenSources["outgoing"])

        let tag = UUID().uuidString.prefix(8)
        let id = "xoauth2-\(tag)@mail.example.org"
        let raw = "From: Tess Grant <\(Self.requester)>\r\nTo: \(Self.shared)\r\nSubject: A question \(tag)\r\n"
            + "Message-ID: <\(id)>\r\nDate: Wed, 25 Nov 2026 10:00:00 -0600\r\n\r\n"
            + "Hello, I have a general question about the schedule for next week.\r\n\r\nTess Grant\r\n"
        try stack.deliverToMaildir(Array(raw.utf8), of: Self.shared)

        let done = try await app.engine.runOnce()
        #expect(done.count == 1)
        #expect(try await stack.waitForMessage(of: Self.requester, containing: id) != nil, "the reply reached the requester")
        let stats = try await server.stats(grant)
        #expect(stats.refreshes == 1, "one access token for the IMAP login and the SMTP send")
    }
}
