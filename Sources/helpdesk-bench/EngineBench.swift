import Directory
import Foundation
import Helpdesk
import Logging
import MailTransport
import Replies
import Store
import Triage

/// The whole pipeline on the embedded default: a Maildir backlog of `count` requests (the corpus, repeated with
/// fresh Message-IDs), the local directory holding every person the requests name, replies into a Maildir outbox.
enum EngineBench {
    static func run(count: Int, corpus: String, package: String) async throws {
        let root = NSTemporaryDirectory() + "helpdesk-bench-\(ProcessInfo.processInfo.processIdentifier)"
        try? FileManager.default.removeItem(atPath: root)
        defer { try? FileManager.default.removeItem(atPath: root) }
        for d in ["in/new", "in/cur", "in/tmp", "out/new", "out/cur", "out/tmp"] {
            try FileManager.default.createDirectory(atPath: root + "/" + d, withIntermediateDirectories: true)
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: corpus).filter { $0.hasSuffix(".eml") }.sorted()
        let messages = try files.map { try String(contentsOfFile: corpus + "/" + $0, encoding: .isoLatin1) }
        for i in 0..<count {
            var m = messages[i % messages.count]
            // A fresh Message-ID so each copy is a new request.
            if let r = m.range(of: "Message-ID: <", options: .caseInsensitive) ?? m.range(of: "Message-Id: <") {
                m.replaceSubrange(r, with: "Message-ID: <bench\(i).")
            }
            try m.write(toFile: root + "/in/new/\(String(format: "%08d", i)).bench", atomically: false, encoding: .isoLatin1)
        }
        let clock: @Sendable () -> Date = { Date() }
        let policy = HelpdeskPolicy(admins: ["admin@health.mo.gov"], requesters: [], loopGuard: MailPathBench.benchmarkLimits)
        let store = try HelpdeskStore(path: root + "/helpdesk.sqlite", clock: clock)
        let directory = try LocalDirectory(path: root + "/directory.sqlite", clock: clock, ids: .random)
        let engine = HelpdeskEngine(
            store: store, directory: directory,
            mailbox: MaildirMailbox(path: root + "/in", name: "INBOX", newUIDValidity: { 1 }),
            sender: MaildirSender(path: root + "/out", clock: clock),
            triage: Triage(rules: try RuleLoader.load(directory: package + "/rules")),
            writer: NoticeWriter(templates: try TemplateSet.load(directory: package + "/templates"), policy: policy,
                                 random: SecureRandom.bytes),
            policy: policy, clock: clock,
            passwords: { var g = SystemRandomNumberGenerator(); return PasswordGenerator.generate(using: &g) },
            tokens: { var g = SystemRandomNumberGenerator(); return ApprovalToken.random(using: &g) },
            logger: Logger(label: "bench"))
        let start = ContinuousClock.now
        let done = try await engine.runOnce()
        let elapsed = ContinuousClock.now - start
        let secs = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let sent = (try? FileManager.default.contentsOfDirectory(atPath: root + "/out/new").count) ?? 0
        print(String(format: "pipeline (Maildir in, local directory, SQLite store, Maildir out): %d requests in %.2f s = %.0f msg/s, %d emails written; peak memory %.1f MB",
                     done.count, secs, Double(done.count) / secs, sent, MailPathBench.peakMemoryMB()))
    }
}
