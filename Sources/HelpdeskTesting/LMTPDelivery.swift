public import Foundation

/// Delivers mail straight into the stack's mailboxes through Dovecot's LMTP port (RFC 2033), as Postfix does: the
/// message is in the Maildir, and announced to IDLE clients, when `deliver` returns. Benchmarks and tests use it to
/// time from delivery, without Postfix's queue in between. One connection is kept for many messages.
public final class LMTPDelivery {
    private let connection: LoopbackConnection

    /// Connects to the stack's LMTP port and says LHLO.
    public init(stack: MailStack, timeout: TimeInterval = 10) throws {
        connection = try LoopbackConnection(port: stack.lmtpPort, timeout: timeout)
        try expect(try connection.readLines(until: "220 ").last, "220")
        try connection.send("LHLO bench.localhost\r\n")
        try expect(try connection.readLines(until: "250 ").last, "250")
    }

    /// Delivers `raw` (CRLF line endings are made; dot-stuffed here) to `recipient`; returns when it is stored.
    public func deliver(_ raw: String, from sender: String, to recipient: String) throws {
        try connection.send("MAIL FROM:<\(sender)>\r\n")
        try expect(try connection.readLine(), "250")
        try connection.send("RCPT TO:<\(recipient)>\r\n")
        try expect(try connection.readLine(), "250")
        try connection.send("DATA\r\n")
        try expect(try connection.readLine(), "354")
        var body = ""
        for line in raw.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            body += (line.hasPrefix(".") ? "." : "") + line + "\r\n"
        }
        try connection.send(body + ".\r\n")
        try expect(try connection.readLine(), "250")   // one reply per recipient
    }

    /// Says QUIT and closes.
    public func close() {
        try? connection.send("QUIT\r\n")
        connection.close()
    }

    private func expect(_ line: String?, _ code: String) throws {
        guard let line, line.hasPrefix(code) else {
            throw MailStackError.io("LMTP: expected \(code), the server said \(line.map { $0.debugDescription } ?? "nothing")")
        }
    }
}
