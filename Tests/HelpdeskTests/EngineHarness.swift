import Directory
import Foundation
import Helpdesk
import Logging
import Mail
import MailTransport
import Replies
import Store
import Triage

/// The embedded default on disk, in a temporary folder: a Maildir in, a Maildir outbox, a local directory and a
/// store, with the repository's rules and templates. "Restart" makes a new engine over the same files.
final class EngineHarness: @unchecked Sendable {
    let root: String
    let policy: HelpdeskPolicy
    let directory: LocalDirectory
    var now: Date
    private(set) var store: HelpdeskStore
    static let repo: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    init(admins: [String] = ["admin@health.mo.gov"], requesters: [String] = [],
         sharedMailbox: String = "MOACTS@health.mo.gov", authservIDs: [String] = [],
         loopGuard: LoopGuardLimits = LoopGuardLimits()) throws {
        root = NSTemporaryDirectory() + "helpdesk-e2e-\(UUID().uuidString)"
        for d in ["inbox/new", "inbox/cur", "inbox/tmp", "outbox/new", "outbox/cur", "outbox/tmp"] {
            try FileManager.default.createDirectory(atPath: root + "/" + d, withIntermediateDirectories: true)
        }
        now = Date(timeIntervalSince1970: 1_600_000_000)
        policy = HelpdeskPolicy(sharedMailbox: sharedMailbox, admins: admins, requesters: requesters,
                                senderChecks: SenderChecks(trustedServers: authservIDs), loopGuard: loopGuard)
        let clock = ClockBox()
        self.clockBox = clock
        directory = try LocalDirectory(path: root + "/directory.sqlite", clock: { clock.now }, ids: .random)
        store = try HelpdeskStore(path: root + "/helpdesk.sqlite", clock: { clock.now })
    }

    let clockBox: ClockBox

    /// A new engine over the same files (a restart), optionally stopping at a checkpoint.
    func engine(stopAt: Checkpoint? = nil, after hits: Int = 1, sender: (any MailSender)? = nil,
                mailbox: (any Mailbox)? = nil, ledger: (any DeliveryLedger)? = nil,
                logger: Logger = Logger(label: "test")) throws -> HelpdeskEngine {
        let clock = clockBox
        store = try HelpdeskStore(path: root + "/helpdesk.sqlite", clock: { clock.now })
        let counter = Counter()
        let templates = try TemplateSet.load(directory: Self.repo + "/templates")
        let rules = try RuleLoader.load(directory: Self.repo + "/rules")
        return HelpdeskEngine(
            store: store, directory: directory,
            mailbox: mailbox ?? MaildirMailbox(path: root + "/inbox", name: "INBOX", newUIDValidity: { 7 }),
            sender: sender ?? MaildirSender(path: root + "/outbox", clock: { clock.now }),
            triage: Triage(rules: rules, ownAddresses: [policy.sharedMailbox.lowercased()]), writer: NoticeWriter(templates: templates, policy: policy, random: SecureRandom.bytes),
            policy: policy, clock: { clock.now },
            passwords: { Self.plantedPassword + String(counter.next()) },
            tokens: { ApprovalToken("token-\(counter.next())-\(UUID().uuidString)") },
            logger: logger,
            checkpoint: { point in
                if point == stopAt, counter.hit() == hits { throw Interruption(at: point) }
            },
            ledger: ledger)
    }

    /// A password every created user gets (plus a counter), planted so tests can search for it everywhere.
    static let plantedPassword = "Planted-Secret-Pw9-"

    /// Delivers a request into the inbox.
    func deliver(_ text: String, name: String = UUID().uuidString) throws {
        let crlf = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        try Data(crlf.utf8).write(to: URL(fileURLWithPath: root + "/inbox/new/\(name)"))
    }

    /// Delivers a corpus message.
    func deliver(corpus file: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.repo + "/Tests/Fixtures/corpus/" + file))
        try data.write(to: URL(fileURLWithPath: root + "/inbox/new/\(UUID().uuidString)"))
    }

    /// Every email in the outbox, parsed, with the envelope recipients.
    func outbox() throws -> [(message: ParsedMessage, to: [String], raw: String)] {
        let dir = root + "/outbox/new"
        return try FileManager.default.contentsOfDirectory(atPath: dir).sorted().map { name in
            let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
            let m = try MessageParser().parse(Array(data))
            return (m, m.headers.all("X-Envelope-To").map { $0.lowercased() }, String(decoding: data, as: UTF8.self))
        }
    }

    /// Files left unread in the inbox (for a person) and filed as processed.
    func inboxNew() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: root + "/inbox/new") }
    func processed() throws -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: root + "/inbox/.Processed/cur")) ?? []
    }

    /// Adds a user to the directory.
    @discardableResult
    func addUser(_ first: String, _ last: String, email: String?, routing: String = "Contact Tracers") async throws -> DirectoryUser {
        let r = try await directory.routingProfiles().first { $0.name == routing }!
        let s = try await directory.securityProfiles().first { $0.name == "Agent" }!
        return try await directory.create(NewDirectoryUser(username: "\(first).\(last)", password: Password("Initial-Pw-123"),
                                                           identityInfo: IdentityInfo(firstName: first, lastName: last, email: email),
                                                           routingProfileId: r.id, securityProfileIds: [s.id]))
    }

    /// Every byte written under the workspace (database files, WAL, Maildirs), for secret searches.
    func allBytes() throws -> [UInt8] {
        var out: [UInt8] = []
        let e = FileManager.default.enumerator(atPath: root)
        while let p = e?.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + p, isDirectory: &isDir), !isDir.boolValue,
               let d = FileManager.default.contents(atPath: root + "/" + p) { out += d }
        }
        return out
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }
}

final class ClockBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value = Date(timeIntervalSince1970: 1_600_000_000)
    var now: Date { lock.withLock { value } }
    func advance(_ seconds: TimeInterval) { lock.withLock { value += seconds } }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    private var hits = 0
    func next() -> Int { lock.withLock { n += 1; return n } }
    func hit() -> Int { lock.withLock { hits += 1; return hits } }
}

/// A request as a staff member would write it.
func request(from: String, name: String = "", subject: String, body: String, id: String = UUID().uuidString,
             extra: String = "") -> String {
    """
    From: \(name.isEmpty ? from : "\(Address.quoteIfNeeded(name)) <\(from)>")
    To: MOACTS <MOACTS@health.mo.gov>
    Subject: \(subject)
    Date: Tue, 8 Sep 2020 14:03:09 +0000
    Message-ID: <\(id)@mail.example.org>
    MIME-Version: 1.0
    Content-Type: text/plain; charset=utf-8
    \(extra)
    \(body)

    """
}
