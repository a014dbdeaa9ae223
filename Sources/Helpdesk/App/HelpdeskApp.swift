import CurlHTTP
public import Directory
public import Foundation
public import Logging
import Mail
import MailTransport
public import OAuth2
import Replies
public import Store
import Triage

/// The bot assembled from its configuration: the store, the directory, the mailbox, the sender, the rules and the
/// templates, each checked at start-up. A configuration that is wrong or unsafe stops here with a message that
/// names the key and the fix.
public struct HelpdeskApp: Sendable {
    /// The configuration.
    public let config: HelpdeskConfig
    /// The store.
    public let store: HelpdeskStore
    /// The user directory: the local one (the embedded default) or Amazon Connect (`directory.kind: connect`).
    public let directory: any UserDirectory
    /// The pipeline.
    public let engine: HelpdeskEngine
    /// The policy.
    public let policy: HelpdeskPolicy
    /// The XOAUTH2 token sources by section (`mailbox`, `outgoing`); one source when both name the same grant.
    public let tokenSources: [String: OAuth2TokenSource]

    /// Opens everything the configuration names. Folders for local files are created when missing.
    ///
    /// - Parameter connect: for `directory.kind: connect`, the HTTP transport, the AWS credential sources and the
    ///   client's clock (`system` in production; tests give the sandbox).
    /// - Parameter checkpoint: called at each named point of the pipeline (`Checkpoint`); nothing in production, the
    ///   crash harness's `CrashHook` under `helpdesk run`.
    public init(config: HelpdeskConfig, logger: Logger, clock: @escaping @Sendable () -> Date = { Date() },
                connect: ConnectDependencies = .system,
                checkpoint: @escaping @Sendable (Checkpoint) throws -> Void = { _ in }) throws {
        self.config = config
        let fm = FileManager.default
        func parent(_ p: String) throws {
            try fm.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        }
        let storePath = config.path("store.path")!
        try parent(storePath)
        let rules = try RuleLoader.load(directory: config.path("rules.path")!)
        let templates = try TemplateSet.load(directory: config.path("templates.path")!)
        let policy = HelpdeskPolicy(config: config)
        self.policy = policy
        store = try HelpdeskStore(path: storePath, clock: clock)
        if config.string("directory.kind") == "connect" {
            directory = try ConnectSetup.directory(config: config, dependencies: connect)
        } else {
            let directoryPath = config.path("directory.local_path")!
            try parent(directoryPath)
            directory = try LocalDirectory(path: directoryPath, clock: clock, ids: .random)
        }
        tokenSources = Self.tokenSources(config: config, logger: logger, clock: clock)
        let mailbox: any Mailbox
        var ledger: (any DeliveryLedger)?
        let processed = config.string("mailbox.processed_folder") ?? "Processed"
        if let url = config.string("mailbox.imap_url") {
            let secret: CurlIMAPMailboxConfiguration.Secret
            if let source = tokenSources["mailbox"] {
                secret = .token({ try await source.accessToken() })
            } else if let token = config["mailbox.oauth_token"] {
                secret = .token({ token })
            } else {
                secret = .password(config["mailbox.imap_password"] ?? "")
            }
            let imap = CurlIMAPMailbox(configuration: CurlIMAPMailboxConfiguration(
                url: url, user: config.string("mailbox.imap_user") ?? "", secret: secret, caFile: config.path("mailbox.ca_file"),
                processedFolder: processed, filingBatch: 100))
            mailbox = imap
            ledger = IMAPDeliveryLedger(mailbox: imap, processedFolder: processed, address: policy.sharedMailbox)
        } else {
            mailbox = MaildirMailbox(path: config.path("mailbox.maildir")!, name: "INBOX", processedFolder: processed,
                                     newUIDValidity: { UInt32(clamping: Int(clock().timeIntervalSince1970)) })
        }
        let sender: any MailSender
        if let url = config.string("outgoing.smtp_url") {
            let credential: SMTPConfiguration.Credential?
            if let source = tokenSources["outgoing"] {
                credential = .oauth2(tokenProvider: { try await source.accessToken() })
            } else if let token = config["outgoing.smtp_oauth_token"] {
                credential = .oauth2(tokenProvider: { token })
            } else {
                credential = config["outgoing.smtp_password"].map { .password($0) }
            }
            let connections = config.int("outgoing.smtp_connections") ?? 4
            guard (1...16).contains(connections) else {
                throw HelpdeskError("outgoing.smtp_connections: \(connections) is out of range; use 1 to 16 (default 4)")
            }
            sender = try SMTPSenderPool(configuration: SMTPConfiguration(
                url: url, user: config.string("outgoing.smtp_user"), credential: credential, caFile: config.path("outgoing.ca_file")),
                connections: connections)
        } else {
            sender = MaildirSender(path: config.path("outgoing.outbox_maildir")!, clock: clock)
        }
        let writer = NoticeWriter(templates: templates, policy: policy, random: SecureRandom.bytes)
        engine = HelpdeskEngine(store: store, directory: directory, mailbox: mailbox, sender: sender,
                                triage: Triage(rules: rules, ownAddresses: [policy.sharedMailbox.lowercased()]),
                                writer: writer, policy: policy, clock: clock,
                                passwords: { var g = SystemRandomNumberGenerator(); return PasswordGenerator.generate(using: &g) },
                                tokens: { var g = SystemRandomNumberGenerator(); return ApprovalToken.random(using: &g) },
                                logger: logger, checkpoint: checkpoint, ledger: ledger)
    }
}

extension HelpdeskApp {
    /// A token source per section that logs in with XOAUTH2. Sections with the same token endpoint, client and
    /// refresh token share one source (a rotated refresh token must not be used twice).
    static func tokenSources(config: HelpdeskConfig, logger: Logger,
                             clock: @escaping @Sendable () -> Date) -> [String: OAuth2TokenSource] {
        var sources: [String: OAuth2TokenSource] = [:]
        let transport = CurlHTTPClient()
        for section in OAuth2Settings.sections {
            guard let credentials = OAuth2Settings.credentials(config, section: section) else { continue }
            if let shared = sources.values.first(where: {
                $0.credentials.tokenURL == credentials.tokenURL && $0.credentials.clientID == credentials.clientID
                    && $0.credentials.refreshToken == credentials.refreshToken
            }) {
                sources[section] = shared
                continue
            }
            sources[section] = OAuth2TokenSource(credentials: credentials, policy: OAuth2Settings.policy(config),
                                                 transport: transport, logger: logger, now: clock)
        }
        return sources
    }
}

/// Bytes from the system's cryptographically secure generator.
public enum SecureRandom {
    /// `count` random bytes.
    public static let bytes: @Sendable (Int) -> [UInt8] = { count in
        var g = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &g) }
    }
}
