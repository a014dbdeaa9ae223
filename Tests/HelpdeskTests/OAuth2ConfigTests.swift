import Foundation
import OAuth2
import Testing
@testable import Helpdesk

/// The `auth: xoauth2` settings of the mailbox and the sender: what they build, and errors that name key and fix.
@Suite("Configuration: XOAUTH2 with a refresh token")
struct OAuth2ConfigTests {
    func write(_ yaml: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("helpdesk.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let imap = """
        mailbox:
          imap_url: imaps://outlook.office365.com/INBOX
          imap_user: MOACTS@health.mo.gov
          auth: xoauth2
          oauth2:
            token_url: https://login.microsoftonline.com/tenant/oauth2/v2.0/token
            client_id: app-id
            scope: https://outlook.office.com/IMAP.AccessAsUser.All offline_access
            refresh_token_expires_at: 2027-01-31
        outgoing:
          outbox_maildir: out

        """

    @Test("xoauth2 builds credentials from the block, secrets from the environment, and names its keys")
    func credentials() throws {
        let c = try HelpdeskConfig.load(path: try write(Self.imap), environment: [
            "HELPDESK_MAILBOX_OAUTH2_REFRESH_TOKEN": "rt-secret", "HELPDESK_MAILBOX_OAUTH2_CLIENT_SECRET": "cs-secret"])
        let credentials = try #require(OAuth2Settings.credentials(c, section: "mailbox"))
        #expect(credentials.tokenURL == "https://login.microsoftonline.com/tenant/oauth2/v2.0/token")
        #expect(credentials.clientID == "app-id")
        #expect(credentials.clientSecret == "cs-secret")
        #expect(credentials.refreshToken == "rt-secret")
        #expect(credentials.scope == "https://outlook.office.com/IMAP.AccessAsUser.All offline_access")
        #expect(credentials.refreshTokenExpiresAt == Date(timeIntervalSince1970: 1_801_353_600))
        #expect(credentials.settingName("refresh_token") == "mailbox.oauth2.refresh_token")
        #expect(OAuth2Settings.credentials(c, section: "outgoing") == nil)
        #expect(OAuth2Settings.policy(c) == OAuth2RefreshPolicy())
    }

    @Test("the refresh token from a file named by refresh_token_file")
    func secretFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rt-\(UUID().uuidString)").path
        try "rt-from-file\n".write(toFile: file, atomically: true, encoding: .utf8)
        let yaml = Self.imap.replacing("    client_id: app-id\n",
                                        with: "    client_id: app-id\n    refresh_token_file: \(file)\n")
        let c = try HelpdeskConfig.load(path: try write(yaml), environment: [:])
        #expect(OAuth2Settings.credentials(c, section: "mailbox")?.refreshToken == "rt-from-file")
    }

    @Test("each XOAUTH2 mistake names the key and the fix", arguments: [
        ("    token_url: https://login.microsoftonline.com/tenant/oauth2/v2.0/token\n", "", "mailbox.oauth2.token_url",
         "set mailbox.oauth2.token_url"),
        ("    client_id: app-id\n", "", "mailbox.oauth2.client_id", "app registration"),
        ("  auth: xoauth2\n", "  auth: kerberos\n", "mailbox.auth", "write password or xoauth2"),
        ("  auth: xoauth2\n", "  auth: password\n", "mailbox.oauth2.token_url", "set mailbox.auth: xoauth2"),
        ("https://login.microsoftonline.com", "http://login.microsoftonline.com", "mailbox.oauth2.token_url", "https://"),
        ("2027-01-31", "next spring", "mailbox.oauth2.refresh_token_expires_at", "2027-01-31"),
        ("    client_id: app-id\n", "    client_id: app-id\n    refresh_token: rt-inline\n", "mailbox.oauth2.refresh_token",
         "HELPDESK_MAILBOX_OAUTH2_REFRESH_TOKEN"),
        ("  imap_user: MOACTS@health.mo.gov\n", "", "mailbox.imap_user", "set mailbox.imap_user"),
    ])
    func problems(_ replace: String, _ with: String, _ key: String, _ fix: String) throws {
        let yaml = Self.imap.replacing(replace, with: with)
        #expect(yaml != Self.imap)
        let path = try write(yaml)
        do {
            _ = try HelpdeskConfig.load(path: path, environment: ["HELPDESK_MAILBOX_OAUTH2_REFRESH_TOKEN": "rt-secret"])
            Issue.record("expected a configuration error")
        } catch {
            let p = error.problems.first { $0.key == key }
            #expect(p != nil, "\(error.description)")
            #expect(p.map { ($0.fix + $0.problem).contains(fix) } == true, "\(error.description)")
            #expect(!error.description.contains("rt-secret") && !error.description.contains("rt-inline"))
        }
    }

    @Test("a missing refresh token says which variable or file to set")
    func missingRefreshToken() throws {
        let path = try write(Self.imap)
        do {
            _ = try HelpdeskConfig.load(path: path, environment: [:])
            Issue.record("expected a configuration error")
        } catch {
            let p = try #require(error.problems.first { $0.key == "mailbox.oauth2.refresh_token" })
            #expect(p.fix.contains("HELPDESK_MAILBOX_OAUTH2_REFRESH_TOKEN"))
            #expect(p.fix.contains("mailbox.oauth2.refresh_token_file"))
        }
    }

    @Test("the mailbox and the sender on the same grant share one token source; another grant gets its own")
    func sharedSource() throws {
        let yaml = Self.imap.replacing("outgoing:\n  outbox_maildir: out\n", with: """
            outgoing:
              smtp_url: smtp://smtp.office365.com:587
              smtp_user: MOACTS@health.mo.gov
              auth: xoauth2
              oauth2:
                token_url: https://login.microsoftonline.com/tenant/oauth2/v2.0/token
                client_id: app-id

            """)
        var env = ["HELPDESK_MAILBOX_OAUTH2_REFRESH_TOKEN": "rt-1", "HELPDESK_OUTGOING_OAUTH2_REFRESH_TOKEN": "rt-1"]
        let same = HelpdeskApp.tokenSources(config: try HelpdeskConfig.load(path: try write(yaml), environment: env),
                                            logger: .init(label: "t"), clock: { Date() })
        #expect(same.count == 2)
        #expect(same["mailbox"] === same["outgoing"])
        env["HELPDESK_OUTGOING_OAUTH2_REFRESH_TOKEN"] = "rt-2"
        let other = HelpdeskApp.tokenSources(config: try HelpdeskConfig.load(path: try write(yaml), environment: env),
                                             logger: .init(label: "t"), clock: { Date() })
        #expect(other["mailbox"] !== other["outgoing"])
        #expect(other["outgoing"]?.credentials.settingName("refresh_token") == "outgoing.oauth2.refresh_token")
    }
}
