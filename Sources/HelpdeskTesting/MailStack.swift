public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The loopback mail stack `scripts/mailstack start` runs (Dovecot and Postfix on 127.0.0.1), as tests see it: its
/// ports, its CA file, the test users' password and where each user's Maildir is (docs/mailstack.md).
///
/// `load()` reads `$MAILSTACK_DIR/env` (`/tmp/helpdesk-mailstack/env` by default), which `start` writes; when there
/// is no such file the `MAILSTACK_*` variables of the environment are used. `running()` also checks that IMAP and
/// SMTP answer, and throws an error that says to run `scripts/mailstack start` when they do not: tests that need
/// the stack fail, they do not skip.
public struct MailStack: Sendable {
    /// The stack's private directory (config, state, logs, mail).
    public let directory: String
    /// The address every service listens on (127.0.0.1).
    public let host: String
    public let imapPort: Int
    public let imapsPort: Int
    public let lmtpPort: Int
    /// SMTP: plain, STARTTLS, AUTH only after STARTTLS; any client may send to any address (all local).
    public let smtpPort: Int
    /// Submission: STARTTLS required, then AUTH required.
    public let submissionPort: Int
    /// SMTPS: implicit TLS, AUTH required.
    public let smtpsPort: Int
    /// The OAuth 2.0 token server (`scripts/tokenserver.py`: `/token`, `/introspect`, `/admin/...`) that Dovecot's
    /// oauth2 passdb asks; nil for a stack started by an older `scripts/mailstack`. See `tokenServer()`.
    public let tokenPort: Int?
    /// The CA that signed the server certificate (for `localhost` and `127.0.0.1`).
    public let caFile: String
    /// Every test user's password.
    public let password: String
    /// Maildirs are at `mailRoot/DOMAIN/LOCALPART/Maildir`.
    public let mailRoot: String
    /// The shared help-desk mailbox (`moacts@health.mo.gov`); it has a `Processed` folder.
    public let sharedMailbox: String
    /// Where mail to any address without a mailbox goes (`catchall@health.mo.gov`).
    public let catchAll: String
    /// The authserv-id the stack's verifier (OpenDKIM and OpenDMARC on the SMTP port) writes in the
    /// `Authentication-Results` fields it adds (`mx.test.health.mo.gov`); nil for a stack started by an older
    /// `scripts/mailstack`, without the milters.
    public var authservID: String?

    /// The directory `scripts/mailstack` uses with this environment.
    public static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        environment["MAILSTACK_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp/helpdesk-mailstack"
    }

    /// The stack's settings, from `$MAILSTACK_DIR/env` or else the environment. Does not check that it runs.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> MailStack {
        let dir = directory(environment: environment)
        let file = dir + "/env"
        var values: [String: String]
        if let text = try? String(contentsOfFile: file, encoding: .utf8) {
            values = parseEnv(text)
        } else {
            values = environment.filter { $0.key.hasPrefix("MAILSTACK_") }
        }
        func text(_ key: String) throws -> String {
            guard let value = values[key], !value.isEmpty else {
                throw MailStackError.notRunning("\(key) is not set and \(file) is missing or lacks it")
            }
            return value
        }
        func port(_ key: String) throws -> Int {
            guard let value = Int(try text(key)), (1...65535).contains(value) else {
                throw MailStackError.notRunning("\(key) is not a port number in \(file)")
            }
            return value
        }
        return MailStack(
            directory: values["MAILSTACK_DIR"] ?? dir,
            host: values["MAILSTACK_HOST"] ?? "127.0.0.1",
            imapPort: try port("MAILSTACK_IMAP_PORT"),
            imapsPort: try port("MAILSTACK_IMAPS_PORT"),
            lmtpPort: try port("MAILSTACK_LMTP_PORT"),
            smtpPort: try port("MAILSTACK_SMTP_PORT"),
            submissionPort: try port("MAILSTACK_SUBMISSION_PORT"),
            smtpsPort: try port("MAILSTACK_SMTPS_PORT"),
            tokenPort: values["MAILSTACK_TOKEN_PORT"].flatMap { Int($0) },
            caFile: try text("MAILSTACK_CA_FILE"),
            password: try text("MAILSTACK_PASSWORD"),
            mailRoot: try text("MAILSTACK_MAIL_ROOT"),
            sharedMailbox: values["MAILSTACK_SHARED_MAILBOX"] ?? "moacts@health.mo.gov",
            catchAll: values["MAILSTACK_CATCHALL"] ?? "catchall@health.mo.gov",
            authservID: values["MAILSTACK_AUTHSERV_ID"].flatMap { $0.isEmpty ? nil : $0 }
        )
    }

    /// The stack's settings, after checking that IMAP, LMTP and SMTP answer. Throws `MailStackError.notRunning`
    /// (whose message says to run `scripts/mailstack start`) otherwise.
    public static func running(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> MailStack {
        let stack = try load(environment: environment)
        for (name, port, prefix) in [("IMAP", stack.imapPort, "* OK"), ("LMTP", stack.lmtpPort, "220"),
                                     ("SMTP", stack.smtpPort, "220")] {
            let line = try? stack.greeting(port: port)
            guard let line, line.hasPrefix(prefix) else {
                throw MailStackError.notRunning("\(name) on 127.0.0.1:\(port) does not answer"
                    + (line.map { " as expected (it said \($0.debugDescription))" } ?? ""))
            }
        }
        return stack
    }

    /// The first line a server sends on `port` (its greeting), without the line ending.
    public func greeting(port: Int, timeout: TimeInterval = 3) throws -> String {
        let connection = try LoopbackConnection(port: port, timeout: timeout)
        defer { connection.close() }
        return try connection.readLine()
    }

    /// The Maildir of `address` (any case), or of one of its folders (`Processed`: `Maildir/.Processed`).
    public func maildir(of address: String, folder: String? = nil) -> String {
        let lower = address.lowercased()
        let at = lower.lastIndex(of: "@") ?? lower.endIndex
        let local = String(lower[..<at])
        let domain = at < lower.endIndex ? String(lower[lower.index(after: at)...]) : ""
        var path = "\(mailRoot)/\(domain)/\(local)/Maildir"
        if let folder, !folder.isEmpty, folder.uppercased() != "INBOX" { path += "/." + folder }
        return path
    }

    /// Puts `raw` straight into the Maildir of `address` (or of one of its folders) as Dovecot would find a new
    /// delivery: written in `tmp`, owned like the Maildir (by `mail`), renamed into `new`. Returns the path.
    /// Thread-safe (it reads the owner with `stat`, not the non-reentrant `getpwnam`).
    @discardableResult
    public func deliverToMaildir(_ raw: [UInt8], of address: String, folder: String? = nil) throws -> String {
        let root = maildir(of: address, folder: folder)
        var owner = stat()
        guard stat(root, &owner) == 0 else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: root]) }
        let name = "\(Date().timeIntervalSince1970).\(UUID().uuidString).helpdesk-test"
        let tmp = root + "/tmp/" + name
        guard FileManager.default.createFile(atPath: tmp, contents: Data(raw)) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: tmp])
        }
        _ = chown(tmp, owner.st_uid, owner.st_gid)
        let target = root + "/new/" + name
        guard rename(tmp, target) == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target]) }
        return target
    }

    /// The paths of the messages in a Maildir (its `new` and `cur`), sorted.
    public func messages(of address: String, folder: String? = nil) -> [String] {
        let base = maildir(of: address, folder: folder)
        var paths: [String] = []
        for sub in ["new", "cur"] {
            let dir = "\(base)/\(sub)"
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] where !name.hasPrefix(".") {
                paths.append("\(dir)/\(name)")
            }
        }
        return paths.sorted()
    }

    /// The path of the first message in the Maildir of `address` whose bytes contain `text`, waiting up to
    /// `timeout` seconds for it to be delivered; nil if none arrives.
    public func waitForMessage(of address: String, folder: String? = nil, containing text: String,
                               timeout: TimeInterval = 10) async throws -> String? {
        let needle = Data(text.utf8)
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            for path in messages(of: address, folder: folder) {
                if let data = FileManager.default.contents(atPath: path), data.range(of: needle) != nil {
                    return path
                }
            }
            if Date() >= deadline { return nil }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    static func parseEnv(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for raw in text.split(whereSeparator: \.isNewline) {
            var line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") || line.isEmpty { continue }
            if line.hasPrefix("export ") { line.removeFirst("export ".count) }
            guard let eq = line.firstIndex(of: "=") else { continue }
            var value = String(line[line.index(after: eq)...])
            if value.count >= 2, let first = value.first, first == "'" || first == "\"", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            values[String(line[..<eq])] = value
        }
        return values
    }
}

/// Why the mail stack cannot be used.
public enum MailStackError: Error, CustomStringConvertible, Sendable {
    case notRunning(String)
    case io(String)

    public var description: String {
        switch self {
        case .notRunning(let why):
            return "the loopback mail stack is not running (\(why)): run `scripts/mailstack start` "
                + "(`make test` does; docs/mailstack.md)"
        case .io(let why):
            return why
        }
    }
}

/// A plain TCP connection to a port on 127.0.0.1, for tests that speak a protocol by hand (through a
/// `FaultProxy`, say). Reads time out after `timeout` seconds.
public final class LoopbackConnection {
    private var fd: Int32
    private var buffer: [UInt8] = []
    /// Whether the peer has closed (a read returned end of file).
    public private(set) var atEnd = false

    public init(port: Int, timeout: TimeInterval = 5) throws {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw MailStackError.io("socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard rc == 0 else {
            let error = errno
            _ = Glibc.close(fd)
            throw MailStackError.io("connect to 127.0.0.1:\(port): errno \(error)")
        }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1_000_000))
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        self.fd = fd
    }

    deinit { close() }

    /// Sends all of `bytes`.
    public func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw MailStackError.io("send: errno \(errno)") }
            sent += n
        }
    }

    /// Sends `text` as UTF-8.
    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Some bytes: what is buffered, or one read; empty at end of file. Throws on a timeout or an error.
    public func receive() throws -> [UInt8] {
        if !buffer.isEmpty {
            defer { buffer = [] }
            return buffer
        }
        return try readChunk()
    }

    /// The next line, without its CRLF or LF. Throws at end of file before a line ends, or on a timeout.
    public func readLine() throws -> String {
        while true {
            if let nl = buffer.firstIndex(of: 10) {
                var line = Array(buffer[..<nl])
                buffer.removeFirst(nl + 1)
                if line.last == 13 { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            let chunk = try readChunk()
            if chunk.isEmpty { throw MailStackError.io("connection closed before a line ended") }
            buffer += chunk
        }
    }

    /// Lines until one starts with `prefix` (that one included).
    public func readLines(until prefix: String) throws -> [String] {
        var lines: [String] = []
        while true {
            let line = try readLine()
            lines.append(line)
            if line.hasPrefix(prefix) { return lines }
        }
    }

    /// Every byte until the peer closes (what is buffered first). Throws on a timeout.
    public func readToEnd() throws -> [UInt8] {
        var all = buffer
        buffer = []
        while true {
            let chunk = try readChunk()
            if chunk.isEmpty { return all }
            all += chunk
        }
    }

    /// Closes the connection (idempotent).
    public func close() {
        if fd >= 0 {
            _ = Glibc.close(fd)
            fd = -1
        }
    }

    private func readChunk() throws -> [UInt8] {
        if atEnd { return [] }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n < 0 {
            let error = errno
            if error == ECONNRESET { atEnd = true; return [] }
            throw MailStackError.io(error == EAGAIN || error == EWOULDBLOCK ? "read timed out" : "recv: errno \(error)")
        }
        if n == 0 { atEnd = true; return [] }
        return Array(chunk[..<n])
    }
}
