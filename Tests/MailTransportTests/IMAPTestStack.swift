import Foundation
import MailTransport

/// The loopback Dovecot of `scripts/mailstack` (ports, CA file, password, Maildirs), read from the environment or
/// from `$MAILSTACK_DIR/env`. Missing settings are a failure, not a skip.
struct IMAPTestStack: Sendable {
    let host: String
    let imapPort: Int
    let imapsPort: Int
    let caFile: String
    let password: String
    let mailRoot: String
    let dir: String

    struct NotRunning: Error, CustomStringConvertible {
        let missing: String
        var description: String {
            "The IMAP integration tests need a running mail stack, but \(missing) is not set. Run "
                + "`scripts/mailstack start` and export what `scripts/mailstack env` prints (or set MAILSTACK_DIR)."
        }
    }

    static func load() throws -> IMAPTestStack {
        var env = ProcessInfo.processInfo.environment
        let dir = env["MAILSTACK_DIR"] ?? "/tmp/helpdesk-mailstack"
        if env["MAILSTACK_IMAP_PORT"] == nil, let text = try? String(contentsOfFile: dir + "/env", encoding: .utf8) {
            for line in text.split(separator: "\n") {
                let body = line.hasPrefix("export ") ? line.dropFirst(7) : line[...]
                guard let eq = body.firstIndex(of: "=") else { continue }
                env[String(body[..<eq])] = String(body[body.index(after: eq)...])
            }
        }
        func need(_ key: String) throws -> String {
            guard let value = env[key], !value.isEmpty else { throw NotRunning(missing: key) }
            return value
        }
        let stack = IMAPTestStack(host: env["MAILSTACK_HOST"] ?? "127.0.0.1", imapPort: Int(try need("MAILSTACK_IMAP_PORT")) ?? 0,
                              imapsPort: Int(try need("MAILSTACK_IMAPS_PORT")) ?? 0, caFile: try need("MAILSTACK_CA_FILE"),
                              password: try need("MAILSTACK_PASSWORD"), mailRoot: try need("MAILSTACK_MAIL_ROOT"),
                              dir: env["MAILSTACK_DIR"] ?? dir)
        return stack
    }

    func address(_ n: Int) -> String { "user\(n)@health.mo.gov" }

    func maildir(_ n: Int) -> String { "\(mailRoot)/health.mo.gov/user\(n)/Maildir" }

    /// A mailbox for test user `n` over IMAPS, verified with the stack's CA.
    func mailbox(user n: Int, tls: Bool = true, configure: (inout CurlIMAPMailboxConfiguration) -> Void = { _ in },
                 sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) })
        -> CurlIMAPMailbox {
        let url = tls ? "imaps://localhost:\(imapsPort)/INBOX" : "imap://localhost:\(imapPort)/INBOX"
        var config = CurlIMAPMailboxConfiguration(url: url, user: address(n), secret: .password(password),
                                                  caFile: caFile, ioTimeout: .seconds(20))
        configure(&config)
        return CurlIMAPMailbox(configuration: config, sleep: sleep)
    }

    /// A raw connection for looking at flags as a person's client would.
    func connection(user n: Int) throws -> CurlIMAPConnection {
        try CurlIMAPConnection(IMAPServer(url: "imaps://localhost:\(imapsPort)", user: address(n),
                                          credential: .password(password), caFile: caFile))
    }

    private var mailOwner: (uid: Int, gid: Int) {
        guard let pw = getpwnam("mail") else { return (8, 8) }
        return (Int(pw.pointee.pw_uid), Int(pw.pointee.pw_gid))
    }

    /// Empties user `n`'s Maildir (no session of theirs may be open).
    func reset(user n: Int) throws {
        let root = maildir(n)
        try? FileManager.default.removeItem(atPath: root)
        for sub in ["", "/new", "/cur", "/tmp"] { try makeDirectory(root + sub) }
    }

    func makeDirectory(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        chown(path, uid_t(mailOwner.uid), gid_t(mailOwner.gid))
    }

    /// Delivers `raw` into user `n`'s Maildir (or its `.folder` subfolder) as an MTA would: tmp/, then new/.
    /// Returns the file's path in new/.
    @discardableResult
    func deliver(_ raw: [UInt8], to n: Int, folder: String? = nil) throws -> String {
        let root = folder.map { maildir(n) + "/." + $0 } ?? maildir(n)
        if folder != nil { for sub in ["", "/new", "/cur", "/tmp"] { try makeDirectory(root + sub) } }
        let name = "\(Date().timeIntervalSince1970).\(UUID().uuidString).helpdesk-test"
        let tmp = root + "/tmp/" + name
        _ = FileManager.default.createFile(atPath: tmp, contents: Data(raw))
        chown(tmp, uid_t(mailOwner.uid), gid_t(mailOwner.gid))
        let target = root + "/new/" + name
        guard rename(tmp, target) == 0 else { throw CocoaError(.fileWriteUnknown) }
        return target
    }

    /// The message files of a Maildir folder (name -> bytes), new/ and cur/.
    func files(user n: Int, folder: String? = nil) -> [String: [UInt8]] {
        let root = folder.map { maildir(n) + "/." + $0 } ?? maildir(n)
        var out: [String: [UInt8]] = [:]
        for sub in ["/new", "/cur"] {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: root + sub)) ?? [] {
                if let data = FileManager.default.contents(atPath: root + sub + "/" + name) {
                    out[sub + "/" + name] = [UInt8](data)
                }
            }
        }
        return out
    }

    /// Runs `doveadm` against the stack's Dovecot.
    func doveadm(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/doveadm")
        process.arguments = ["-c", dir + "/dovecot/dovecot.conf"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
    }

    /// Makes Dovecot close user `n`'s connections, as a server restart would.
    func kick(user n: Int) throws { try doveadm(["kick", address(n)]) }
}

/// A message with CRLF line endings and a Message-ID of its own.
func imapTestMessage(_ n: Int, body: String? = nil, size: Int = 0) -> [UInt8] {
    var text = "From: Tracer \(n) <tracer\(n)@health.mo.gov>\r\nTo: MOACTS@health.mo.gov\r\n"
        + "Message-ID: <imap-test-\(n)@example.org>\r\nSubject: request \(n)\r\n\r\n"
    text += body ?? "My Amazon Connect login \(n) does not work.\r\n"
    if size > 0 {
        var line = 0
        while text.utf8.count < size {
            text += "filler line \(line) for message \(n) .......................................\r\n"
            line += 1
        }
    }
    return Array(text.utf8)
}

/// Records the pauses asked for, and pauses only briefly.
final class RecordingSleep: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [Duration] = []
    let real: Duration

    init(real: Duration = .milliseconds(10)) { self.real = real }

    var pauses: [Duration] { lock.withLock { recorded } }

    var function: @Sendable (Duration) async throws -> Void {
        { duration in
            self.lock.withLock { self.recorded.append(duration) }
            try await Task.sleep(for: min(duration, self.real))
        }
    }
}
