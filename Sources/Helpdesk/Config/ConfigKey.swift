/// One setting of `helpdesk.yaml`: its dotted name, its type, its default, and what it is for.
public struct ConfigKey: Sendable, Equatable {
    /// The value kinds a key can hold.
    public enum Kind: Sendable, Equatable {
        /// Text.
        case string
        /// true/false (also yes/no, 1/0 from the environment).
        case bool
        /// A whole number.
        case int
        /// A list of text (comma-separated in the environment).
        case list
        /// An email address.
        case address
        /// A list of email addresses.
        case addresses
        /// A secret: only from the environment or a file named by `<key>_file`, never written in the file itself.
        case secret
    }

    /// The dotted name, e.g. "store.path".
    public var name: String
    /// The kind of value.
    public var kind: Kind
    /// The default, when the key may be left out.
    public var defaultValue: String?
    /// One line for `helpdesk check` and the documentation.
    public var help: String

    /// The environment variable that overrides it: `HELPDESK_` + the name upper-cased with dots as underscores.
    public var environmentName: String {
        "HELPDESK_" + name.uppercased().replacingOccurrences(of: ".", with: "_")
    }
}

extension String {
    /// Only for one-character `a` (it splits on a Character): fileprivate, so it shadows Foundation nowhere else.
    fileprivate func replacingOccurrences(of a: String, with b: String) -> String {
        split(separator: Character(a), omittingEmptySubsequences: false).joined(separator: b)
    }
}

/// Every key `helpdesk.yaml` knows. Unknown keys are errors (a typo must not silently leave a default in force).
public enum ConfigSchema {
    /// The keys, in the order the documentation lists them.
    public static let keys: [ConfigKey] = [
        ConfigKey(name: "shared_mailbox.address", kind: .address, defaultValue: "MOACTS@health.mo.gov",
                  help: "the help desk's shared mailbox: every reply is From it and Cc'd to it"),
        ConfigKey(name: "shared_mailbox.name", kind: .string, defaultValue: "MO ACTS Help Desk",
                  help: "the display name on the bot's replies"),
        ConfigKey(name: "mailbox.maildir", kind: .string, defaultValue: nil,
                  help: "the incoming Maildir (embedded default); or set mailbox.imap_url"),
        ConfigKey(name: "mailbox.imap_url", kind: .string, defaultValue: nil,
                  help: "imaps://host/INBOX for the real shared mailbox (next issue)"),
        ConfigKey(name: "mailbox.imap_user", kind: .string, defaultValue: nil, help: "the IMAP login"),
        ConfigKey(name: "mailbox.imap_password", kind: .secret, defaultValue: nil,
                  help: "the IMAP password: HELPDESK_MAILBOX_IMAP_PASSWORD or mailbox.imap_password_file"),
        ConfigKey(name: "mailbox.oauth_token", kind: .secret, defaultValue: nil,
                  help: "an XOAUTH2 access token for Microsoft 365 or Gmail: HELPDESK_MAILBOX_OAUTH_TOKEN or mailbox.oauth_token_file"),
        ConfigKey(name: "mailbox.processed_folder", kind: .string, defaultValue: "Processed",
                  help: "where finished requests are moved"),
        ConfigKey(name: "outgoing.outbox_maildir", kind: .string, defaultValue: nil,
                  help: "the Maildir replies are written to (embedded default); or set outgoing.smtp_url"),
        ConfigKey(name: "outgoing.smtp_url", kind: .string, defaultValue: nil, help: "smtp://host:587 (STARTTLS) or smtps://host:465"),
        ConfigKey(name: "outgoing.smtp_user", kind: .string, defaultValue: nil, help: "the SMTP login"),
        ConfigKey(name: "outgoing.smtp_connections", kind: .int, defaultValue: "4",
                  help: "how many SMTP connections send replies side by side (1 to 16)"),
        ConfigKey(name: "outgoing.smtp_password", kind: .secret, defaultValue: nil,
                  help: "the SMTP password: HELPDESK_OUTGOING_SMTP_PASSWORD or outgoing.smtp_password_file"),
        ConfigKey(name: "outgoing.smtp_oauth_token", kind: .secret, defaultValue: nil,
                  help: "an XOAUTH2 access token for SMTP: HELPDESK_OUTGOING_SMTP_OAUTH_TOKEN or outgoing.smtp_oauth_token_file"),
        ConfigKey(name: "outgoing.ca_file", kind: .string, defaultValue: nil,
                  help: "a CA certificate file to verify the SMTP server with (default: the system's)"),
        ConfigKey(name: "mailbox.ca_file", kind: .string, defaultValue: nil,
                  help: "a CA certificate file to verify the IMAP server with (default: the system's)"),
        ConfigKey(name: "outgoing.retry_first_seconds", kind: .int, defaultValue: "300",
                  help: "the first wait before resending a reply the mail system refused (doubling after that, as Postfix)"),
        ConfigKey(name: "outgoing.retry_max_seconds", kind: .int, defaultValue: "3600", help: "the longest wait between resends"),
        ConfigKey(name: "outgoing.alert_after_hours", kind: .int, defaultValue: "24",
                  help: "after this long undelivered, a reply's ticket goes to a person"),
        ConfigKey(name: "outgoing.in_doubt_grace_seconds", kind: .int, defaultValue: "15",
                  help: "after a stop between the mail server's acceptance and our record of it, how long to wait for the Cc copy to reach the shared mailbox before looking it up there (and sending again only when it is not found)"),
        ConfigKey(name: "directory.kind", kind: .string, defaultValue: "local", help: "local (embedded SQLite) or connect"),
        ConfigKey(name: "directory.local_path", kind: .string, defaultValue: "var/directory.sqlite",
                  help: "the local directory's SQLite file"),
        ConfigKey(name: "directory.connect.instance_id", kind: .string, defaultValue: nil,
                  help: "the Amazon Connect instance id (or ARN), for directory.kind: connect"),
        ConfigKey(name: "directory.connect.region", kind: .string, defaultValue: nil,
                  help: "the instance's AWS region, e.g. us-east-1 (default: AWS_REGION, or the AWS profile's region)"),
        ConfigKey(name: "directory.connect.endpoint", kind: .string, defaultValue: nil,
                  help: "another endpoint than https://connect.REGION.amazonaws.com (FIPS, a VPC endpoint, or the "
                      + "`helpdesk sandbox` URL on loopback)"),
        ConfigKey(name: "directory.connect.profile", kind: .string, defaultValue: nil,
                  help: "the AWS profile whose credentials to use (default: AWS_PROFILE, else default; the keys in "
                      + "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY come first)"),
        ConfigKey(name: "store.path", kind: .string, defaultValue: "var/helpdesk.sqlite",
                  help: "the bot's own SQLite database (tickets, audit trail, outbox)"),
        ConfigKey(name: "rules.path", kind: .string, defaultValue: "rules", help: "the classification rules folder"),
        ConfigKey(name: "templates.path", kind: .string, defaultValue: "templates", help: "the reply templates folder"),
        ConfigKey(name: "admins", kind: .addresses, defaultValue: "",
                  help: "addresses that approve risky actions and get the daily digest"),
        ConfigKey(name: "requesters", kind: .addresses, defaultValue: "",
                  help: "supervisors whose new-user requests need no approval when they pass the sender checks"),
        ConfigKey(name: "approvals.validity_hours", kind: .int, defaultValue: "24",
                  help: "how long an approval request (and its emailed token) stays valid; then it expires and the requester is told"),
        ConfigKey(name: "sender_checks.authserv_ids", kind: .list, defaultValue: "",
                  help: "the receiving servers whose Authentication-Results (SPF, DKIM, DMARC) are believed; empty: senders are not checked and emailed approvals are refused"),
        ConfigKey(name: "web.host", kind: .string, defaultValue: "127.0.0.1", help: "where `helpdesk serve` listens (keep it loopback behind a TLS proxy)"),
        ConfigKey(name: "web.port", kind: .int, defaultValue: "8080", help: "the admin page's port"),
        ConfigKey(name: "web.users_file", kind: .string, defaultValue: "var/web-admins",
                  help: "the admin page's accounts: one `address pbkdf2-sha256$...` line each, written by `helpdesk web-admin ADDRESS`"),
        ConfigKey(name: "web.secure_cookies", kind: .bool, defaultValue: "true",
                  help: "mark the session cookie Secure (browsers keep it on http://localhost too); keep true"),
        ConfigKey(name: "login_url", kind: .string, defaultValue: "https://moprodconnect.awsapps.com/connect/login",
                  help: "the Amazon Connect login URL in the credential email"),
        ConfigKey(name: "new_user.security_profile", kind: .string, defaultValue: "Agent",
                  help: "the security profile when a request names none"),
        ConfigKey(name: "new_user.phone_type", kind: .string, defaultValue: "SOFT_PHONE", help: "SOFT_PHONE or DESK_PHONE"),
        ConfigKey(name: "new_user.auto_accept", kind: .bool, defaultValue: "false", help: "auto-accept calls"),
        ConfigKey(name: "new_user.after_contact_work_seconds", kind: .int, defaultValue: "300",
                  help: "after-contact work time limit"),
        ConfigKey(name: "poll_seconds", kind: .int, defaultValue: "60", help: "how often `helpdesk run` polls"),
        ConfigKey(name: "dry_run", kind: .bool, defaultValue: "false",
                  help: "plan and log everything, change nothing and send nothing"),
        ConfigKey(name: "loop_guard.per_correspondent_per_day", kind: .int, defaultValue: "3",
                  help: "automatic emails to one correspondent in 24 hours before one final notice and silence (1 to 20; admins and requesters exempt)"),
        ConfigKey(name: "loop_guard.per_ticket", kind: .int, defaultValue: "3",
                  help: "automatic emails to one correspondent in one ticket's thread before one final notice and silence (1 to 20)"),
        ConfigKey(name: "loop_guard.breaker_per_10_minutes", kind: .int, defaultValue: "60",
                  help: "more emails than this in 10 minutes pause all sending and alert the admins (1 to 1000)"),
    ] + OAuth2Settings.sections.flatMap { OAuth2Settings.keys(section: $0) } + OAuth2Settings.sharedKeys

    /// The key called `name`, if it exists.
    public static func key(_ name: String) -> ConfigKey? { keys.first { $0.name == name } }
}
