public import Foundation

/// A second loopback mail stack of the test's own, for tests that stop and restart the servers: the shared stack
/// `make test` starts serves every other suite at the same time, and restarting it would break them.
///
/// It runs `scripts/mailstack start` with its own `MAILSTACK_DIR` (the shared one's plus `-p`) and port base (the
/// shared one's plus 7000, or `$MAILSTACK_PRIVATE_PORT_BASE`), and `stop()` removes it. `dovecot(_:)` and
/// `postfix(_:)` stop, start or restart one server and keep the mail and the queue.
public final class PrivateMailStack: Sendable {
    /// The stack, as tests of the shared one see theirs.
    public let stack: MailStack
    private let environment: [String: String]

    /// The package's `scripts/mailstack`.
    public static var scriptPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/mailstack").path
    }

    /// Starts a fresh private stack and waits until it answers (a few seconds).
    public init(environment base: [String: String] = ProcessInfo.processInfo.environment) throws {
        let shared = MailStack.directory(environment: base)
        let sharedBase = Int(base["MAILSTACK_PORT_BASE"] ?? "") ?? (try? MailStack.load(environment: base))
            .map { $0.imapPort - 143 } ?? 24000
        var environment = base
        environment["MAILSTACK_DIR"] = shared + "-p"
        environment["MAILSTACK_PORT_BASE"] = base["MAILSTACK_PRIVATE_PORT_BASE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? String(sharedBase + 7000)
        self.environment = environment
        try Self.script(["start"], environment: environment)
        stack = try MailStack.running(environment: environment)
    }

    /// What to do with one server.
    public enum Action: String, Sendable { case stop, start, restart }

    /// Stops, starts or restarts Dovecot (IMAP and LMTP), keeping the mail.
    public func dovecot(_ action: Action) throws { try Self.script(["dovecot", action.rawValue], environment: environment) }

    /// Stops, starts or restarts Postfix (SMTP), keeping its queue.
    public func postfix(_ action: Action) throws { try Self.script(["postfix", action.rawValue], environment: environment) }

    /// Stops both servers and forgets the stack.
    public func stop() throws { try Self.script(["stop"], environment: environment) }

    private static func script(_ arguments: [String], environment: [String: String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [scriptPath] + arguments
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw MailStackError.io("scripts/mailstack \(arguments.joined(separator: " ")) failed "
                + "(status \(process.terminationStatus)):\n\(text)")
        }
    }
}
