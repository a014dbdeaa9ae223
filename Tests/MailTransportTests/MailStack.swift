import Foundation

/// The loopback mail stack of `scripts/mailstack` (Postfix and Dovecot), as the integration tests find it: from
/// the environment (`MAILSTACK_SUBMISSION_PORT`, ...), else from `$MAILSTACK_DIR/env`, else from the script's
/// default `/tmp/helpdesk-mailstack/env`. Missing is an error, never a skip.
struct MailStack: Sendable {
    let host: String
    let submissionPort: Int
    let smtpsPort: Int
    let caFile: String
    let password: String
    let mailRoot: String

    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    static func load() throws -> MailStack {
        var values = ProcessInfo.processInfo.environment
        let dir = values["MAILSTACK_DIR"] ?? "/tmp/helpdesk-mailstack"
        if values["MAILSTACK_SUBMISSION_PORT"] == nil,
           let text = try? String(contentsOfFile: dir + "/env", encoding: .utf8) {
            for line in text.split(separator: "\n") where line.hasPrefix("export ") {
                let pair = line.dropFirst(7).split(separator: "=", maxSplits: 1)
                if pair.count == 2, values[String(pair[0])] == nil { values[String(pair[0])] = String(pair[1]) }
            }
        }
        func need(_ key: String) throws -> String {
            guard let value = values[key], !value.isEmpty else {
                throw Missing(description: "\(key) is not set and \(dir)/env has none: the SMTP integration tests "
                    + "need the loopback mail stack. Run `scripts/mailstack start` (as root), then the tests with "
                    + "MAILSTACK_DIR set to its directory, or source `scripts/mailstack env`.")
            }
            return value
        }
        let stack = MailStack(
            host: values["MAILSTACK_HOST"] ?? "127.0.0.1",
            submissionPort: Int(try need("MAILSTACK_SUBMISSION_PORT")) ?? 0,
            smtpsPort: Int(try need("MAILSTACK_SMTPS_PORT")) ?? 0,
            caFile: try need("MAILSTACK_CA_FILE"),
            password: try need("MAILSTACK_PASSWORD"),
            mailRoot: try need("MAILSTACK_MAIL_ROOT"))
        guard FileManager.default.fileExists(atPath: stack.caFile) else {
            throw Missing(description: "The mail stack's CA file \(stack.caFile) is missing: run `scripts/mailstack start`.")
        }
        return stack
    }

    /// The Maildir of a stack user (`user@domain` -> MAIL_ROOT/domain/user/Maildir).
    func maildir(_ address: String) -> String {
        let parts = address.split(separator: "@", maxSplits: 1)
        return "\(mailRoot)/\(parts[1])/\(parts[0])/Maildir"
    }

    /// The delivered file in `address`'s Maildir whose headers carry `Message-ID: <id>`; polls (Postfix delivers
    /// asynchronously, in ~1-3 ms here) until `deadline`.
    func delivered(to address: String, messageID: String, within deadline: Duration = .seconds(15)) async throws -> [UInt8]? {
        let needle = Array("Message-ID: <\(messageID)>".utf8)
        let clock = ContinuousClock()
        let end = clock.now + deadline
        while clock.now < end {
            for sub in ["new", "cur"] {
                let folder = maildir(address) + "/" + sub
                for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
                    guard let data = FileManager.default.contents(atPath: folder + "/" + name) else { continue }
                    let bytes = [UInt8](data)
                    if bytes.firstRange(of: needle) != nil { return bytes }
                }
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// How many files `address`'s Maildir holds whose content contains `marker`.
    func count(in address: String, containing marker: String) -> Int {
        let needle = Array(marker.utf8)
        var n = 0
        for sub in ["new", "cur"] {
            let folder = maildir(address) + "/" + sub
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
                if let data = FileManager.default.contents(atPath: folder + "/" + name),
                   [UInt8](data).firstRange(of: needle) != nil { n += 1 }
            }
        }
        return n
    }
}

/// A stored message without the trace lines the servers add at the top (Postfix's and Dovecot LMTP's `Received:`,
/// Dovecot's `Return-Path:` and `Delivered-To:`), each with its folded continuation lines.
func withoutTraceHeaders(_ stored: [UInt8]) -> [UInt8] {
    // What the stack adds on the way, above the message: Dovecot's and Postfix's trace fields, the DKIM signature of
    // the submission ports (mail from health.mo.gov) and the verifier's Authentication-Results (docs/mailstack.md).
    let trace = ["return-path:", "delivered-to:", "received:", "authentication-results:", "dkim-signature:"]
    var index = 0
    while index < stored.count {
        let end = stored[index...].firstIndex(of: 10) ?? stored.count
        let line = String(decoding: stored[index..<end], as: UTF8.self).lowercased()
        let isTrace = trace.contains { line.hasPrefix($0) }
        let isContinuation = index > 0 && (stored[index] == 32 || stored[index] == 9)
        guard isTrace || isContinuation else { break }
        index = end + 1
    }
    return Array(stored[index...])
}

/// Dovecot stores Maildir files with LF line ends (`mail_save_crlf = no`): the bytes sent, as Dovecot stores them.
func asStored(_ sent: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    for (i, byte) in sent.enumerated() where !(byte == 13 && i + 1 < sent.count && sent[i + 1] == 10) { out.append(byte) }
    return out
}

extension Array where Element == UInt8 {
    func firstRange(of needle: [UInt8]) -> Range<Int>? {
        guard !needle.isEmpty, needle.count <= count else { return nil }
        for start in 0...(count - needle.count) where self[start] == needle[0] {
            if Array(self[start..<start + needle.count]) == needle { return start..<start + needle.count }
        }
        return nil
    }
}
