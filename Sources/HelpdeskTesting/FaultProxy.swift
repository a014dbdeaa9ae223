public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A fault-injecting TCP proxy on loopback for a test: `scripts/faultproxy.py` run through `Process`, forwarding
/// `listenPort` to `targetPort` on 127.0.0.1, steered through its control port.
///
/// ```swift
/// let proxy = try FaultProxy(target: stack.imapPort)
/// defer { proxy.stop() }
/// try proxy.cutAfter(bytes: 2000, .down)       // the next 2,000 bytes from the server, then both sides close
/// // ... connect the client under test to proxy.listenPort ...
/// ```
///
/// The proxy exits when `stop()` is called, when this object is released, when the test process exits, or after
/// `maxLifetime` seconds.
public final class FaultProxy: @unchecked Sendable {
    /// Which way bytes flow: `down` is server to client, `up` is client to server.
    public enum Direction: String, Sendable {
        case down, up
    }

    /// The proxy's counters (the `stats` command).
    public struct Stats: Decodable, Sendable, Equatable {
        public var accepted: Int
        public var open: Int
        public var bytesUp: Int
        public var bytesDown: Int
        public var cuts: Int
        public var paused: Bool

        enum CodingKeys: String, CodingKey {
            case accepted, open, cuts, paused
            case bytesUp = "bytes_up"
            case bytesDown = "bytes_down"
        }
    }

    /// Where clients connect.
    public let listenPort: Int
    /// Where the proxy forwards to.
    public let targetPort: Int
    /// The control port (line commands, see scripts/faultproxy.py).
    public let controlPort: Int

    private let process: Process
    private let stdin: Pipe
    private let lock = NSLock()
    private var control: LoopbackConnection?

    /// The package's `scripts/faultproxy.py` (or `$HELPDESK_FAULTPROXY`).
    public static var scriptPath: String {
        if let path = ProcessInfo.processInfo.environment["HELPDESK_FAULTPROXY"], !path.isEmpty { return path }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/faultproxy.py").path
    }

    /// Starts a proxy to `target` on 127.0.0.1 and waits until it listens. `listen` 0 picks a free port.
    public init(target: Int, listen: Int = 0, maxLifetime: TimeInterval = 300,
                python: String = "/usr/bin/python3") throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [FaultProxy.scriptPath, "--listen", String(listen), "--target", String(target),
                             "--control", "0", "--max-lifetime", String(Int(maxLifetime)), "--stdin-watch"]
        let stdout = Pipe()
        let stdin = Pipe()
        process.standardOutput = stdout
        process.standardInput = stdin
        process.standardError = FileHandle.standardError
        try process.run()
        self.process = process
        self.stdin = stdin

        var text = ""
        while !text.contains("\n") {
            let data = stdout.fileHandleForReading.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        var ports: [String: Int] = [:]
        let line = text.split(separator: "\n").first.map(String.init) ?? ""
        if line.hasPrefix("READY ") {
            for word in line.split(separator: " ").dropFirst() {
                let parts = word.split(separator: "=", maxSplits: 1)
                if parts.count == 2, let value = Int(parts[1]) { ports[String(parts[0])] = value }
            }
        }
        guard let listenPort = ports["listen"], let controlPort = ports["control"] else {
            process.terminate()
            throw MailStackError.io("faultproxy.py did not start (\(FaultProxy.scriptPath)): it said \(text.debugDescription)")
        }
        self.listenPort = listenPort
        self.controlPort = controlPort
        self.targetPort = target
    }

    deinit { stop() }

    /// Sends one control command and returns the reply after `OK `; throws on an `ERR` reply.
    @discardableResult
    public func command(_ line: String) throws -> String {
        lock.lock()
        defer { lock.unlock() }
        if control == nil { control = try LoopbackConnection(port: controlPort, timeout: 10) }
        guard let control else { throw MailStackError.io("no control connection") }
        try control.send(line + "\n")
        let reply = try control.readLine()
        guard reply.hasPrefix("OK") else { throw MailStackError.io("faultproxy: \(line): \(reply)") }
        return String(reply.dropFirst(2)).trimmingCharacters(in: .whitespaces)
    }

    /// Arms a one-shot cut: the first connection (open now or opened later) that forwards `bytes` more bytes in
    /// `direction` forwards exactly those and then both its sides close (`reset`: with a TCP reset).
    public func cutAfter(bytes: Int, _ direction: Direction, reset: Bool = false) throws {
        try command("cut-after-bytes \(bytes) \(direction.rawValue)" + (reset ? " rst" : ""))
    }

    /// Stops forwarding (connections are still accepted; bytes wait).
    public func pause() throws { try command("pause") }
    /// Forwards again.
    public func resume() throws { try command("resume") }
    /// Closes every open connection now.
    public func dropAll() throws { try command("drop-all") }
    /// Clears an armed cut and resumes.
    public func reset() throws { try command("reset") }

    /// The proxy's counters.
    public func stats() throws -> Stats {
        try JSONDecoder().decode(Stats.self, from: Data(try command("stats").utf8))
    }

    /// Stops the proxy and waits for it to exit (idempotent).
    public func stop() {
        lock.lock()
        control?.close()
        control = nil
        lock.unlock()
        if process.isRunning {
            try? stdin.fileHandleForWriting.close()   // --stdin-watch: end of file stops it
            let deadline = Date().addingTimeInterval(3)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
    }
}
