import Directory
import Foundation
import Helpdesk
import Logging
import Store
import Testing

/// Every log line of a run, rendered as a handler would print it (message and metadata), at trace level.
final class CapturedLog: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    var all: [String] { lock.withLock { lines } }
    func append(_ line: String) { lock.withLock { lines.append(line) } }

    var logger: Logger {
        var l = Logger(label: "captured") { _ in Handler(log: self) }
        l.logLevel = .trace
        return l
    }

    struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(level: Logger.Level, message: Logger.Message, metadata extra: Logger.Metadata?, source: String,
                 file: String, function: String, line: UInt) {
            let all = self.metadata.merging(extra ?? [:]) { $1 }
            log.append("\(level) \(source) \(message) \(all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
        }
    }
}

/// A known password planted in the password generator, followed through whole runs: it must be in no log line, in
/// no file the bot writes (the store's database, its WAL and shared memory, the directory's, the Maildirs: inbox and
/// outbox), and in no email.
@Suite("A planted password through a whole run", .serialized)
struct PlantedSecretTests {
    @Test("trusted and approved new users, a resend, an unparseable message, the digest: the planted password is nowhere")
    func plantedPasswordNowhere() async throws {
        let h = try EngineHarness(requesters: ["gloria.mattingly@health.mo.gov"])
        let log = CapturedLog()
        // A trusted requester's three new users (created at once), and three that wait for an admin's approval.
        try h.deliver(corpus: "dev/dev001.eml")
        try h.deliver(corpus: "dev/dev039.eml")
        try await h.engine(logger: log.logger).runOnce()
        let pending = try h.store.pendingApprovals()
        #expect(pending.count == 1)
        _ = try h.store.decide(pending[0].id, decision: .approve, by: "cli:test", why: nil)
        h.clockBox.advance(60)
        try await h.engine(logger: log.logger).runOnce()
        // A resend request, a reply that will never parse, and a day later the digest.
        try h.deliver(request(from: "imani.caldwell@health.mo.gov", subject: "never got my login",
                              body: "I never got the email with my login. My user ID is Imani.Caldwell."))
        try h.deliver("\u{0}\u{0}not a message")
        h.clockBox.advance(26 * 3600)
        try await h.engine(logger: log.logger).runOnce()

        // The run did create users with the planted password (the generator was called) ...
        for login in ["Imani.Caldwell", "Victor.Dumas", "Rachel.Steinberg", "Jalen.Okafor", "Priya.Raman", "Colton.Briggs"] {
            #expect(try await h.directory.user(username: login) != nil, "\(login) created")
        }
        // ... and the scans see what the run wrote.
        let files = try FileManager.default.subpathsOfDirectory(atPath: h.root)
        #expect(files.contains("helpdesk.sqlite-wal"), "the store's WAL is scanned: \(files)")
        #expect(files.contains { $0.hasPrefix("outbox/new/") })
        let bytes = try h.allBytes()
        #expect(bytes.contains(subsequence: Array("Imani.Caldwell".utf8)))
        #expect(!log.all.isEmpty)
        #expect(log.all.contains { $0.contains("directory changed") })

        let planted = Array(EngineHarness.plantedPassword.utf8)
        #expect(!bytes.contains(subsequence: planted), "not in any file: database, WAL, directory, inbox, outbox")
        #expect(!bytes.contains(subsequence: Array(EngineHarness.plantedPassword.utf16.flatMap { [UInt8($0 & 0xff), UInt8($0 >> 8)] })))
        for line in log.all { #expect(!line.contains(EngineHarness.plantedPassword), "in the log: \(line)") }
        for sent in try h.outbox() { #expect(!sent.raw.contains(EngineHarness.plantedPassword)) }
        for t in try h.store.tickets(limit: 100) {
            let d = try h.store.detail(t.id)
            #expect(!"\(d)".contains(EngineHarness.plantedPassword))
        }
    }

    @Test("passwords come from the system CSPRNG and meet Connect's policy and the guide's length")
    func generatedPasswords() {
        var g = SystemRandomNumberGenerator()
        var seen = Set<String>()
        for _ in 0..<2000 {
            let p = PasswordGenerator.generate(using: &g)
            #expect(PasswordRules.problem(Password(p)) == nil)
            #expect(p.count == 24 && p.count >= PasswordRules.guideMinimumLength)
            #expect(p.contains { "!#%*+-=?@^_".contains($0) })
            seen.insert(p)
        }
        #expect(seen.count == 2000, "no repeats")
    }
}
