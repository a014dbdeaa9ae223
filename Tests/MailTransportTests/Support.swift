import Foundation
import HelpdeskTesting
import MailTransport

/// UIDVALIDITY values handed out in order, as the clock would give them.
final class ValiditySource: @unchecked Sendable {
    private let lock = NSLock()
    private var next: UInt32

    init(start: UInt32 = 1_700_000_000) { next = start }

    func take() -> UInt32 {
        lock.lock()
        defer { lock.unlock() }
        next += 1
        return next - 1
    }

    var function: @Sendable () -> UInt32 { { self.take() } }
}

/// A fresh temporary folder for one test, removed afterwards.
func withTemporaryFolder<T>(_ body: (String) async throws -> T) async throws -> T {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("helpdesk-mailtransport-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    return try await body(folder)
}

/// A small message with CRLF line endings.
func message(_ n: Int, subject: String? = nil) -> [UInt8] {
    Array(("From: user\(n)@health.mo.gov\r\nTo: MOACTS@health.mo.gov\r\nMessage-ID: <m\(n)@example.org>\r\n"
        + "Subject: \(subject ?? "request \(n)")\r\n\r\nBody \(n)\r\n").utf8)
}

/// The two mailboxes the behavioural tests run against, so that the double matches the real thing.
enum MailboxKind: String, CaseIterable, CustomStringConvertible, Sendable {
    case maildir, inMemory

    var description: String { rawValue }
}

/// What a behavioural test needs besides the `Mailbox` requirements: delivering, restarting, losing the uid list,
/// and looking at where each message is.
protocol MailboxFixture: Sendable {
    /// The mailbox under test (after `restart()`, a new instance over the same storage).
    var mailbox: any Mailbox { get async }
    /// Delivers a message, later than every earlier one; `seen` puts it in `cur/` with the `S` flag.
    func deliver(_ raw: [UInt8], seen: Bool) async throws
    /// A new mailbox over the same storage (a process restart); the in-memory double has nothing to restart.
    func restart() async
    /// Loses the uid list: a new UIDVALIDITY and new UIDs.
    func loseUIDList() async throws
    /// The INBOX's messages and whether each is unread, in delivery order.
    func inbox() async throws -> [(raw: [UInt8], unread: Bool)]
    /// The messages filed as processed.
    func processed() async throws -> [[UInt8]]
}

extension MailboxFixture {
    func deliver(_ raw: [UInt8]) async throws { try await deliver(raw, seen: false) }
}

/// A real Maildir in a temporary folder; each delivery's file is one second newer than the last.
final class MaildirFixture: MailboxFixture, @unchecked Sendable {
    let root: String
    let validity = ValiditySource()
    private let lock = NSLock()
    private var current: MaildirMailbox
    private var delivered = 0
    private var names: [String] = []   // basenames, in delivery order

    init(root: String) {
        self.root = root
        current = MaildirMailbox(path: root, name: "INBOX", newUIDValidity: validity.function)
    }

    var mailbox: any Mailbox { locked { current } }

    /// The Maildir mailbox itself, for Maildir-only tests.
    var maildir: MaildirMailbox { locked { current } }

    func deliver(_ raw: [UInt8], seen: Bool) throws {
        let (n, basename) = locked { () -> (Int, String) in
            delivered += 1
            let name = "\(1_700_000_000 + delivered).\(delivered)_0.test"
            names.append(name)
            return (delivered, name)
        }
        try put(raw, in: seen ? "cur" : "new", named: seen ? basename + ":2,S" : basename,
                modified: Date(timeIntervalSince1970: TimeInterval(1_700_000_000 + n)))
    }

    /// Writes a file into `sub` (a path under the root) with a given modification time.
    func put(_ raw: [UInt8], in sub: String, named name: String, modified: Date? = nil) throws {
        let folder = root + "/" + sub
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/" + name
        guard FileManager.default.createFile(atPath: path, contents: Data(raw)) else {
            throw CocoaError(.fileWriteUnknown)
        }
        if let modified {
            try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: path)
        }
    }

    func restart() {
        locked { current = MaildirMailbox(path: root, name: "INBOX", newUIDValidity: validity.function) }
    }

    func loseUIDList() throws {
        try FileManager.default.removeItem(atPath: root + "/helpdesk-uidlist")
    }

    /// The file names in a folder under the root, sorted.
    func files(_ sub: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root + "/" + sub)) ?? []).sorted()
    }

    func inbox() throws -> [(raw: [UInt8], unread: Bool)] {
        let basenames = locked { names }
        var found: [(raw: [UInt8], unread: Bool)] = []
        for basename in basenames {
            for sub in ["new", "cur"] {
                for name in files(sub) where name == basename || name.hasPrefix(basename + ":2,") {
                    let raw = try [UInt8](Data(contentsOf: URL(fileURLWithPath: root + "/" + sub + "/" + name)))
                    let seen = name.split(separator: ",", maxSplits: 1).dropFirst().first?.contains("S") ?? false
                    found.append((raw, !seen))
                }
            }
        }
        return found
    }

    func processed() throws -> [[UInt8]] {
        try files(".Processed/cur").map {
            try [UInt8](Data(contentsOf: URL(fileURLWithPath: root + "/.Processed/cur/" + $0)))
        }
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}

/// The in-memory double.
struct InMemoryFixture: MailboxFixture {
    let double = InMemoryMailbox(name: "INBOX", uidValidity: 1_700_000_000)
    let validity = ValiditySource(start: 1_800_000_000)

    var mailbox: any Mailbox { double }
    func deliver(_ raw: [UInt8], seen: Bool) async { await double.deliver(raw, seen: seen) }
    func restart() {}
    func loseUIDList() async { await double.renumber(uidValidity: validity.take()) }
    func inbox() async -> [(raw: [UInt8], unread: Bool)] { await double.inbox.map { ($0.raw, !$0.seen) } }
    func processed() async -> [[UInt8]] { await double.processed }
}

/// Runs `body` on a new, empty mailbox of `kind`.
func withMailbox<T>(_ kind: MailboxKind, _ body: (any MailboxFixture) async throws -> T) async throws -> T {
    switch kind {
    case .inMemory:
        return try await body(InMemoryFixture())
    case .maildir:
        return try await withTemporaryFolder { folder in
            try await body(MaildirFixture(root: folder + "/Maildir"))
        }
    }
}
