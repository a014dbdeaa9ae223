import Foundation
import HelpdeskTesting
import Testing

/// `helpdesk run` with `mailbox.auth: xoauth2` whose refresh token the provider refused: the bot stops with a message
/// that says what to do and which key to change, and exits with status 1; it does not crash or print the token.
@Suite("helpdesk run with a refused refresh token")
struct XOAUTH2CLITests {
    @Test("run --once exits 1 with the key to change, not a crash, and never prints the token")
    func refusedRefreshToken() async throws {
        let stack = try MailStack.running()
        let server = try stack.tokenServer()
        let grant = try await server.issue(username: "user11@health.mo.gov", clientID: "helpdesk-cli")
        try await server.revoke(grant)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("xoauth2-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/helpdesk.yaml"
        try """
            mailbox:
              imap_url: imaps://localhost:\(stack.imapsPort)/INBOX
              imap_user: user11@health.mo.gov
              ca_file: \(stack.caFile)
              auth: xoauth2
              oauth2:
                token_url: \(server.tokenURL)
                client_id: helpdesk-cli
            outgoing:
              outbox_maildir: \(dir)/outbox
            store:
              path: \(dir)/helpdesk.sqlite
            directory:
              local_path: \(dir)/directory.sqlite
            rules:
              path: \(CLITests.root)/rules
            templates:
              path: \(CLITests.root)/templates

            """.write(toFile: path, atomically: true, encoding: .utf8)
        let r = try CLITests.helpdesk(["run", "--once", "--config", path],
                                      environment: ["HELPDESK_MAILBOX_OAUTH2_REFRESH_TOKEN": grant.refreshToken,
                                                    "HELPDESK_LOG_LEVEL": "debug"])
        #expect(r.status == 1, "\(r.err)")
        #expect(r.err.contains("refused the refresh token (invalid_grant"), "\(r.err)")
        #expect(r.err.contains("mailbox.oauth2.refresh_token"))
        #expect(r.err.contains("consent again"))
        #expect(!r.err.contains(grant.refreshToken) && !r.out.contains(grant.refreshToken))
        #expect(!r.err.contains("Fatal error"))
        #expect(try await server.stats(grant).refused == 1)
    }
}
