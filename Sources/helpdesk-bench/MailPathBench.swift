import Directory
import Foundation
import Helpdesk
import HelpdeskTesting
import Logging
import MailTransport
import Replies
import Store
import Triage
#if canImport(Glibc)
import Glibc
#endif

/// The mail path on the loopback stack (`scripts/mailstack`, a private one `make bench` starts): requests in the
/// shared mailbox read over IMAP, answered over SMTP to Postfix, release build.
///
/// - `backlog`: N requests already in the mailbox (the corpus repeated with fresh Message-IDs, written into its
///   Maildir), handled end to end by one pass: fetched, classified, answered, accepted by Postfix. Prints msg/s and
///   the process's peak memory (each N runs in its own process, so the peak is that N's).
/// - `idle`: requests delivered one at a time (LMTP, so the clock starts when the message is stored) while the bot
///   idles; the time from delivery to our reply accepted by Postfix, median and 99th percentile.
enum MailPathBench {
    static func engine(root: String, package: String, mailbox: any Mailbox, sender: any MailSender,
                       shared: String, directory: LocalDirectory) throws -> HelpdeskEngine {
        let clock: @Sendable () -> Date = { Date() }
        // The loop guard's limits set for a benchmark: the backlog repeats the corpus, so the same senders write
        // hundreds of times, which the default limits (3 a day, a breaker at 60 in 10 minutes) would rightly stop.
        let policy = HelpdeskPolicy(sharedMailbox: shared, admins: ["admin@health.mo.gov"], requesters: [],
                                    loopGuard: MailPathBench.benchmarkLimits)
        let store = try HelpdeskStore(path: root + "/helpdesk.sqlite", clock: clock)
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        return HelpdeskEngine(
            store: store, directory: directory, mailbox: mailbox, sender: sender,
            triage: Triage(rules: try RuleLoader.load(directory: package + "/rules"), ownAddresses: [shared.lowercased()]),
            writer: NoticeWriter(templates: try TemplateSet.load(directory: package + "/templates"), policy: policy,
                                 random: SecureRandom.bytes),
            policy: policy, clock: clock,
            passwords: { var g = SystemRandomNumberGenerator(); return PasswordGenerator.generate(using: &g) },
            tokens: { var g = SystemRandomNumberGenerator(); return ApprovalToken.random(using: &g) },
            logger: logger)
    }

    /// Loop-guard limits no benchmark reaches.
    static let benchmarkLimits = LoopGuardLimits(perCorrespondentPerDay: 1_000_000, perTicket: 1_000_000,
                                                 breakerPer10Minutes: 1_000_000)

    static func parts(_ stack: MailStack) throws -> (CurlIMAPMailbox, SMTPSenderPool) {
        let imap = CurlIMAPMailbox(configuration: CurlIMAPMailboxConfiguration(
            url: "imaps://localhost:\(stack.imapsPort)/INBOX", user: stack.sharedMailbox, secret: .password(stack.password),
            caFile: stack.caFile, processedFolder: "Processed", batchSize: 200, filingBatch: 200))
        let smtp = try SMTPSenderPool(configuration: SMTPConfiguration(
            url: "smtp://127.0.0.1:\(stack.submissionPort)", user: stack.sharedMailbox, credential: .password(stack.password),
            caFile: stack.caFile), connections: 4)
        return (imap, smtp)
    }

    static func workspace() throws -> String {
        let root = NSTemporaryDirectory() + "helpdesk-mailbench-\(ProcessInfo.processInfo.processIdentifier)"
        try? FileManager.default.removeItem(atPath: root)
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        return root
    }

    /// Empties a mailbox's INBOX and Processed folder (files only; Dovecot notices).
    static func clear(_ stack: MailStack, _ address: String) {
        for folder in [nil, "Processed"] as [String?] {
            for p in stack.messages(of: address, folder: folder) { try? FileManager.default.removeItem(atPath: p) }
        }
    }

    static func backlog(count: Int, corpus: String, package: String) async throws {
        let stack = try MailStack.running()
        let root = try workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        clear(stack, stack.sharedMailbox)
        clear(stack, stack.catchAll)
        // The backlog, written straight into the shared mailbox's Maildir as Dovecot's own delivery would.
        let files = try FileManager.default.contentsOfDirectory(atPath: corpus).filter { $0.hasSuffix(".eml") }.sorted()
        let messages = try files.map { try String(contentsOfFile: corpus + "/" + $0, encoding: .isoLatin1) }
        let new = stack.maildir(of: stack.sharedMailbox) + "/new"
        var owner = stat()
        stat(new, &owner)
        let stamp = Int(Date().timeIntervalSince1970)
        for i in 0..<count {
            var m = messages[i % messages.count]
            if let r = m.range(of: "Message-ID: <", options: .caseInsensitive) { m.replaceSubrange(r, with: "Message-ID: <bench\(i).") }
            let path = new + "/\(stamp).M\(i)P\(getpid()).bench"
            try m.replacingOccurrences(of: "\r\n", with: "\n").write(toFile: path, atomically: false, encoding: .isoLatin1)
            chown(path, owner.st_uid, owner.st_gid)
        }
        let directory = try LocalDirectory(path: root + "/directory.sqlite", clock: { Date() }, ids: .random)
        let (imap, smtp) = try parts(stack)
        let counting = CountingSender(inner: smtp)
        let engine = try engine(root: root, package: package, mailbox: imap, sender: counting, shared: stack.sharedMailbox,
                                directory: directory)
        let start = ContinuousClock.now
        let cpuBefore = cpuSeconds()
        var handled = 0
        try await engine.runOnce { _ in handled += 1 }
        let secs = seconds(ContinuousClock.now - start)
        let cpu = (user: cpuSeconds().user - cpuBefore.user, system: cpuSeconds().system - cpuBefore.system)
        await imap.close()
        if ProcessInfo.processInfo.environment["BENCH_SMAPS"] != nil { printResidentSplit() }
        print(String(format: "mail path backlog (IMAPS fetch, classify, answer, SMTP to Postfix): N=%d: %d handled, %d replies accepted by Postfix, %.2f s = %.0f msg/s; peak memory %.1f MB",
                     count, handled, counting.count, secs, Double(handled) / secs, peakMemoryMB()))
        print(String(format: "  the bot's own CPU time: %.2f ms per message (user %.1f s, system %.1f s)",
                     (cpu.user + cpu.system) * 1000 / Double(max(handled, 1)), cpu.user, cpu.system))
    }

    /// The process's CPU time so far, user and system (getrusage).
    static func cpuSeconds() -> (user: Double, system: Double) {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return (s(usage.ru_utime), s(usage.ru_stime))
    }

    static func idle(requests: Int, package: String) async throws {
        let stack = try MailStack.running()
        let root = try workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        clear(stack, stack.sharedMailbox)
        let directory = try LocalDirectory(path: root + "/directory.sqlite", clock: { Date() }, ids: .random)
        let requester = "user1@health.mo.gov"
        let routing = try await directory.routingProfiles().first { $0.name == "Contact Tracers" }!
        let agent = try await directory.securityProfiles().first { $0.name == "Agent" }!
        _ = try await directory.create(NewDirectoryUser(
            username: "Una.Reyes", password: Password("Initial-Pw-123"),
            identityInfo: IdentityInfo(firstName: "Una", lastName: "Reyes", email: requester),
            routingProfileId: routing.id, securityProfileIds: [agent.id]))
        let (imap, smtp) = try parts(stack)
        let timing = CountingSender(inner: smtp)
        let engine = try engine(root: root, package: package, mailbox: imap, sender: timing, shared: stack.sharedMailbox,
                                directory: directory)
        _ = try await engine.runOnce()
        let loop = Task {
            while !Task.isCancelled {
                try await engine.waitForMail(timeout: .seconds(30))
                try await engine.runOnce()
            }
        }
        let lmtp = try LMTPDelivery(stack: stack)
        var latencies: [Double] = []
        let tag = UUID().uuidString.prefix(8)
        for i in 0..<requests {
            let id = "idle\(i)-\(tag)@bench.localhost"
            let raw = """
                From: Una Reyes <\(requester)>
                To: \(stack.sharedMailbox)
                Subject: Forgot password error \(i)
                Date: \(Date().formatted(.dateTime))
                Message-ID: <\(id)>
                Content-Type: text/plain; charset=utf-8

                Hi, I clicked Forgot Password and after the captcha it says Something went wrong.

                Una Reyes
                """
            try lmtp.deliver(raw, from: requester, to: stack.sharedMailbox)
            let delivered = ContinuousClock.now
            let deadline = delivered + .seconds(10)
            while timing.answered(id) == nil, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(2)) }
            guard let answered = timing.answered(id) else {
                print("idle: request \(i) got no reply within 10 s")
                continue
            }
            latencies.append(seconds(answered - delivered))
            try await Task.sleep(for: .milliseconds(300))   // the Cc copy comes back and is filed
        }
        lmtp.close()
        loop.cancel()
        await imap.close()
        latencies.sort()
        guard !latencies.isEmpty else { return print("idle: no request was answered") }
        func pct(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int((p * Double(latencies.count)).rounded(.up)) - 1)] }
        print(String(format: "IDLE latency, delivery (LMTP 250) to our reply accepted by Postfix, %d requests: median %.3f s, p90 %.3f s, p99 %.3f s, max %.3f s",
                     latencies.count, pct(0.5), pct(0.9), pct(0.99), latencies.last!))
    }

    /// The kernel's split of the resident memory now (BENCH_SMAPS=1): anonymous (heap, stacks) against file-backed
    /// (libraries, ICU data) and shared memory, with the high-water mark.
    static func printResidentSplit() {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return }
        for line in text.split(separator: "\n") where ["VmHWM", "VmRSS", "RssAnon", "RssFile", "RssShmem", "Threads"].contains(where: { line.hasPrefix($0) }) {
            print("  " + line.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " "))
        }
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// The process's peak resident memory so far (getrusage's ru_maxrss, kB on Linux).
    static func peakMemoryMB() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}

/// Counts what the engine hands to Postfix and notes when each reply (by the request's Message-ID in its
/// In-Reply-To) was accepted.
final class CountingSender: MailSender, @unchecked Sendable {
    let inner: any MailSender
    private let lock = NSLock()
    private var sent = 0
    private var times: [String: ContinuousClock.Instant] = [:]
    init(inner: any MailSender) { self.inner = inner }
    var concurrentSends: Int { inner.concurrentSends }

    var count: Int { lock.withLock { sent } }
    func answered(_ id: String) -> ContinuousClock.Instant? { lock.withLock { times[id] } }

    func send(_ raw: [UInt8], from sender: String, to recipients: [String]) async throws -> [String] {
        let refused = try await inner.send(raw, from: sender, to: recipients)
        let now = ContinuousClock.now
        let head = String(decoding: raw.prefix(4096), as: UTF8.self)
        let id = head.range(of: "In-Reply-To: <").flatMap { r in
            head[r.upperBound...].firstIndex(of: ">").map { String(head[r.upperBound..<$0]) }
        }
        lock.withLock {
            sent += 1
            if let id { times[id] = now }
        }
        return refused
    }
}
