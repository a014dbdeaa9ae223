import Foundation
public import OAuth2

/// The `auth` and `oauth2` settings of the IMAP mailbox (`mailbox.`) and the SMTP sender (`outgoing.`):
/// `auth: password` or `auth: xoauth2`, and for XOAUTH2 an `oauth2:` block naming the token endpoint, the client and
/// the refresh token (secrets from the environment or files, like passwords).
public enum OAuth2Settings {
    /// The sections that can log in with XOAUTH2.
    public static let sections = ["mailbox", "outgoing"]

    /// The keys of one section's `auth` and `oauth2` block.
    static func keys(section: String) -> [ConfigKey] {
        let env = "HELPDESK_" + section.uppercased() + "_OAUTH2_"
        let what = section == "mailbox" ? "IMAP" : "SMTP"
        return [
            ConfigKey(name: "\(section).auth", kind: .string, defaultValue: nil,
                      help: "how the \(what) login proves itself: password or xoauth2 (default: password, or the static token of the older key)"),
            ConfigKey(name: "\(section).oauth2.token_url", kind: .string, defaultValue: nil,
                      help: "for xoauth2: the token endpoint, e.g. https://login.microsoftonline.com/TENANT/oauth2/v2.0/token or https://oauth2.googleapis.com/token"),
            ConfigKey(name: "\(section).oauth2.client_id", kind: .string, defaultValue: nil,
                      help: "for xoauth2: the application (client) id"),
            ConfigKey(name: "\(section).oauth2.client_secret", kind: .secret, defaultValue: nil,
                      help: "for xoauth2, a confidential client's secret: \(env)CLIENT_SECRET or \(section).oauth2.client_secret_file"),
            ConfigKey(name: "\(section).oauth2.refresh_token", kind: .secret, defaultValue: nil,
                      help: "for xoauth2: the refresh token from the mailbox owner's consent: \(env)REFRESH_TOKEN or \(section).oauth2.refresh_token_file"),
            ConfigKey(name: "\(section).oauth2.scope", kind: .string, defaultValue: nil,
                      help: "for xoauth2: the scope to ask for (e.g. https://outlook.office.com/IMAP.AccessAsUser.All offline_access); default: the grant's"),
            ConfigKey(name: "\(section).oauth2.refresh_token_expires_at", kind: .string, defaultValue: nil,
                      help: "for xoauth2: when the refresh token lapses, if the provider's policy says (2027-01-31 or 2027-01-31T12:00:00Z); a warning comes oauth2.expiry_warning_days before"),
        ]
    }

    /// The settings shared by both sections.
    static let sharedKeys = [
        ConfigKey(name: "oauth2.refresh_margin_seconds", kind: .int, defaultValue: "300",
                  help: "refresh an XOAUTH2 access token this long before it expires"),
        ConfigKey(name: "oauth2.expiry_warning_days", kind: .int, defaultValue: "7",
                  help: "warn this many days before a refresh token's known expiry"),
    ]

    /// True when `section` logs in with XOAUTH2.
    static func usesXOAUTH2(_ config: HelpdeskConfig, section: String) -> Bool {
        config.string("\(section).auth")?.lowercased() == "xoauth2"
    }

    /// The problems of one section's `auth` and `oauth2` settings, each with its key and fix.
    static func problems(_ config: HelpdeskConfig, section: String) -> [ConfigProblem] {
        var problems: [ConfigProblem] = []
        func problem(_ key: String, _ what: String, _ fix: String) {
            problems.append(ConfigProblem(key: key, source: config.sources[key] ?? "default", problem: what, fix: fix))
        }
        let auth = config.string("\(section).auth")?.lowercased()
        let block = keys(section: section).map(\.name).filter { $0.hasPrefix("\(section).oauth2.") }
        let env = "HELPDESK_" + section.uppercased() + "_OAUTH2_"
        if let auth, auth != "password", auth != "xoauth2" {
            problem("\(section).auth", "`\(auth)` is not a login method", "write password or xoauth2")
        }
        guard auth == "xoauth2" else {
            if let set = block.first(where: { config.string($0) != nil }) {
                problem(set, "an oauth2 setting is given but \(section).auth is not xoauth2",
                        "set \(section).auth: xoauth2, or remove the \(section).oauth2 settings")
            }
            return problems
        }
        let server = section == "mailbox" ? "mailbox.imap_url" : "outgoing.smtp_url"
        if config.string(server) == nil {
            problem("\(section).auth", "xoauth2 is set but there is no server to log in to", "set \(server), or remove \(section).auth")
        }
        let user = section == "mailbox" ? "mailbox.imap_user" : "outgoing.smtp_user"
        if config.string(user) == nil {
            problem(user, "xoauth2 needs the login name (the mailbox's address)", "set \(user): MOACTS@health.mo.gov")
        }
        if let url = config.string("\(section).oauth2.token_url") {
            if !isUsableTokenURL(url) {
                problem("\(section).oauth2.token_url", "`\(url)` is not an https URL",
                        "write the provider's token endpoint, https://... (http:// only for 127.0.0.1 or localhost)")
            }
        } else {
            problem("\(section).oauth2.token_url", "xoauth2 needs the token endpoint",
                    "set \(section).oauth2.token_url: https://login.microsoftonline.com/TENANT/oauth2/v2.0/token (Microsoft 365) or https://oauth2.googleapis.com/token (Gmail)")
        }
        if config.string("\(section).oauth2.client_id") == nil {
            problem("\(section).oauth2.client_id", "xoauth2 needs the application (client) id",
                    "set \(section).oauth2.client_id to the id of the app registration")
        }
        if config.string("\(section).oauth2.refresh_token") == nil {
            problem("\(section).oauth2.refresh_token", "xoauth2 needs a refresh token",
                    "set \(env)REFRESH_TOKEN, or \(section).oauth2.refresh_token_file: /path/to/secret")
        }
        if let text = config.string("\(section).oauth2.refresh_token_expires_at"), parseDate(text) == nil {
            problem("\(section).oauth2.refresh_token_expires_at", "`\(text)` is not a date",
                    "write a date such as 2027-01-31 or 2027-01-31T12:00:00Z")
        }
        for (key, secret) in [("mailbox.imap_password", "mailbox"), ("mailbox.oauth_token", "mailbox"),
                              ("outgoing.smtp_password", "outgoing"), ("outgoing.smtp_oauth_token", "outgoing")]
            where secret == section && config.string(key) != nil {
            problem(key, "a password or fixed token is set as well as xoauth2", "remove \(key), or set \(section).auth: password")
        }
        return problems
    }

    /// The credentials of `section`, when it logs in with XOAUTH2 and its settings are complete.
    public static func credentials(_ config: HelpdeskConfig, section: String) -> OAuth2Credentials? {
        guard usesXOAUTH2(config, section: section),
              let url = config.string("\(section).oauth2.token_url"),
              let client = config.string("\(section).oauth2.client_id"),
              let refresh = config.string("\(section).oauth2.refresh_token") else { return nil }
        return OAuth2Credentials(
            tokenURL: url, clientID: client, clientSecret: config.string("\(section).oauth2.client_secret"),
            refreshToken: refresh, scope: config.string("\(section).oauth2.scope"),
            refreshTokenExpiresAt: config.string("\(section).oauth2.refresh_token_expires_at").flatMap(parseDate),
            settingsPrefix: "\(section).oauth2",
            refreshTokenHelp: "HELPDESK_\(section.uppercased())_OAUTH2_REFRESH_TOKEN, or the file named by \(section).oauth2.refresh_token_file")
    }

    /// The refresh policy from `oauth2.refresh_margin_seconds` and `oauth2.expiry_warning_days`.
    public static func policy(_ config: HelpdeskConfig) -> OAuth2RefreshPolicy {
        OAuth2RefreshPolicy(margin: .seconds(config.int("oauth2.refresh_margin_seconds") ?? 300),
                            warningWindow: .seconds((config.int("oauth2.expiry_warning_days") ?? 7) * 86_400))
    }

    static func isUsableTokenURL(_ url: String) -> Bool {
        let lower = url.lowercased()
        if lower.hasPrefix("https://") { return true }
        return ["http://127.0.0.1:", "http://127.0.0.1/", "http://localhost:", "http://localhost/"].contains { lower.hasPrefix($0) }
    }

    /// `2027-01-31` (midnight UTC) or an ISO 8601 date-time.
    static func parseDate(_ text: String) -> Date? {
        let full = ISO8601DateFormatter()
        if let date = full.date(from: text) { return date }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        return day.date(from: text)
    }
}
