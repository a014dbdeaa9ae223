import Foundation
import Store
import Synchronization
import Testing

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let current: Mutex<Date>
    init(_ start: Date = Date(timeIntervalSince1970: 1_760_000_000)) { current = Mutex(start) }
    var now: Date { current.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
    var function: @Sendable () -> Date { { [self] in self.now } }
}

/// Where a test's database lives: every behaviour runs on a real file (WAL) and in memory.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case file, memory
    var testDescription: String { rawValue }
}

/// A fresh database per test, removed at the end.
final class Fixture {
    let clock = ManualClock()
    let directory: URL
    let path: String
    private(set) var store: HelpdeskStore

    init(_ backend: Backend = .file) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("store-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("helpdesk.sqlite").path
        switch backend {
        case .file: store = try HelpdeskStore(path: path, clock: clock.function)
        case .memory: store = try HelpdeskStore.inMemory(clock: clock.function)
        }
    }

    /// Closes and opens the file again, as a restart does.
    func reopen() throws {
        store = try HelpdeskStore(path: path, clock: clock.function)
    }

    /// Every byte of the database file and its WAL.
    func fileBytes() throws -> [UInt8] {
        var all: [UInt8] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            all += Array(try Data(contentsOf: directory.appendingPathComponent(name)))
        }
        return all
    }

    deinit { try? FileManager.default.removeItem(at: directory) }
}

func incoming(uid: UInt32, validity: UInt32 = 7, mailbox: String = "INBOX", messageID: String? = nil,
              body: String? = nil, sender: String = "pat.lee@health.mo.gov", subject: String = "Cannot log in") -> IncomingMessage {
    let raw = "Message-ID: <\(messageID ?? "none")>\r\nSubject: \(subject)\r\n\r\n\(body ?? "body \(uid)")"
    return IncomingMessage(key: MessageKey(mailbox: mailbox, uidValidity: validity, uid: uid),
                           messageID: messageID, contentHash: ContentHash.sha256Hex(of: Array(raw.utf8)),
                           sender: sender, subject: subject)
}

extension Array where Element == UInt8 {
    func contains(bytes needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return false }
        var i = 0
        while i + needle.count <= count {
            if self[i] == needle[0], Array(self[i..<(i + needle.count)]) == needle { return true }
            i += 1
        }
        return false
    }
}

/// A seeded generator so tokens are repeatable.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
