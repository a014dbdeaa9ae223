import Foundation

/// How `CurlIMAPMailbox` reaches the shared mailbox and files what is done.
public struct CurlIMAPMailboxConfiguration: Sendable {
    /// The password, or where to get an OAuth 2.0 access token for each new connection.
    public enum Secret: Sendable {
        /// A password (LOGIN / AUTHENTICATE PLAIN).
        case password(String)
        /// A closure giving a fresh XOAUTH2 bearer token (Microsoft 365, Gmail); asked at every connect.
        case token(@Sendable () async throws -> String)
    }

    /// `imaps://host:port/MAILBOX` or `imap://host:port/MAILBOX` (STARTTLS required). The path is the mailbox
    /// (percent-decoded; `INBOX` when empty).
    public var url: String
    /// The login name.
    public var user: String
    /// The password or token provider.
    public var secret: Secret
    /// A PEM file of certificate authorities to trust (nil: the system's).
    public var caFile: String?
    /// Where `.processed` messages are moved (created when missing); nil: only flag them with `processedKeyword`.
    public var processedFolder: String?
    /// The keyword set when a message cannot be moved (no MOVE and no UIDPLUS, or no processed folder).
    public var processedKeyword: IMAPFlag
    /// How many messages one UID FETCH asks for.
    public var batchSize: Int
    /// How many `.processed` filings are noted before they are carried out with one UID MOVE; 1 files each at once.
    /// Above 1, whoever files calls `flushFilings()` when it is done (the engine does after each part of a backlog).
    public var filingBatch: Int
    /// The most messages `fetchAll()` accepts from one search (a larger mailbox is an error, not a memory blow-up).
    public var maxMessages: Int
    /// Whether `imap://` may stay unencrypted without STARTTLS (loopback tests only).
    public var allowPlaintext: Bool
    /// Connect + TLS + login timeout.
    public var connectTimeout: Duration
    /// Timeout of each read or write.
    public var ioTimeout: Duration
    /// How long one IDLE lasts before DONE and a new IDLE; under the 29 minutes of RFC 2177 §3.
    public var idleRenewal: Duration
    /// How often NOOP asks for news when the server has no IDLE.
    public var pollInterval: Duration
    /// How many times in a row to reconnect after a drop before giving up.
    public var maxReconnectAttempts: Int
    /// The first pause before reconnecting; doubled each attempt up to `maxBackoff`.
    public var initialBackoff: Duration
    /// The longest pause between reconnection attempts.
    public var maxBackoff: Duration
    /// Capabilities to act as if the server lacked (e.g. `MOVE`, `UIDPLUS`, `IDLE`, `ESEARCH`): for tests of the
    /// fallbacks, or a server that announces more than it does.
    public var ignoredCapabilities: Set<String>

    /// A configuration; only the URL, user and secret are required.
    public init(url: String, user: String, secret: Secret, caFile: String? = nil,
                processedFolder: String? = "Processed",
                processedKeyword: IMAPFlag = IMAPFlag(rawValue: "$MOACTSProcessed")!,
                batchSize: Int = 100, filingBatch: Int = 1, maxMessages: Int = 1_000_000, allowPlaintext: Bool = false,
                connectTimeout: Duration = .seconds(20), ioTimeout: Duration = .seconds(60),
                idleRenewal: Duration = .seconds(25 * 60), pollInterval: Duration = .seconds(30),
                maxReconnectAttempts: Int = 6, initialBackoff: Duration = .seconds(1), maxBackoff: Duration = .seconds(60),
                ignoredCapabilities: Set<String> = []) {
        self.url = url
        self.filingBatch = max(1, filingBatch)
        self.user = user
        self.secret = secret
        self.caFile = caFile
        self.processedFolder = processedFolder
        self.processedKeyword = processedKeyword
        self.batchSize = max(1, batchSize)
        self.maxMessages = maxMessages
        self.allowPlaintext = allowPlaintext
        self.connectTimeout = connectTimeout
        self.ioTimeout = ioTimeout
        self.idleRenewal = min(idleRenewal, .seconds(29 * 60 - 30))
        self.pollInterval = pollInterval
        self.maxReconnectAttempts = maxReconnectAttempts
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.ignoredCapabilities = Set(ignoredCapabilities.map { $0.uppercased() })
    }

    /// The URL without its path: what curl connects to.
    var serverURL: String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return url }
        return String(url[..<slash])
    }

    /// The mailbox named by the URL's path (`INBOX` when none).
    var mailbox: String {
        guard let scheme = url.range(of: "://") else { return "INBOX" }
        let rest = url[scheme.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return "INBOX" }
        let path = String(rest[rest.index(after: slash)...])
        let name = path.removingPercentEncoding ?? path
        return name.isEmpty ? "INBOX" : name
    }

    /// The pause before reconnection attempt `attempt` (1-based): initial, doubled, capped.
    func backoff(attempt: Int) -> Duration {
        var pause = initialBackoff
        for _ in 1..<max(1, attempt) where pause < maxBackoff { pause *= 2 }
        return min(pause, maxBackoff)
    }
}
