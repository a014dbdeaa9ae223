public import Foundation

/// A `MailSender` that delivers into an outbox Maildir (the embedded default: no SMTP server), with the Maildir
/// delivery protocol: the message is written to `tmp/` under a unique name `time.pid_seq.host`, fsynced, then
/// linked into `new/` (and the `tmp/` name removed). A reader of `new/` therefore only ever sees complete files.
///
/// The stored file is the message with the SMTP envelope prepended, one header line each, CRLF-terminated:
///
/// ```
/// X-Envelope-From: helpdesk@example.org      (the null sender is written <>)
/// X-Envelope-To: first@example.org           (one line per accepted recipient, in the order given)
/// X-Envelope-To: second@example.org
/// <the message's bytes, unchanged>
/// ```
///
/// A recipient that cannot be written in a header (empty, or containing a line break, space or tab) is refused and
/// returned; when every recipient is refused, or the sender address has a line
/// break, nothing is stored and `MailTransportError` `.notSent` is thrown.
public struct MaildirSender: MailSender {
    /// The outbox Maildir's root.
    public let path: String
    private let hostName: String
    private let processID: Int32
    private let clock: @Sendable () -> Date

    /// An outbox at `path` (`new/`, `cur/`, `tmp/` are created on the first send). `clock` gives the time in file
    /// names; `hostName` defaults to this machine's (`/` and `:` are escaped as `\057` and `\072`, as the Maildir
    /// specification asks).
    public init(path: String, hostName: String? = nil, clock: @escaping @Sendable () -> Date) {
        self.path = path
        let host = hostName ?? ProcessInfo.processInfo.hostName
        self.hostName = host.isEmpty ? "localhost"
            : host.replacingOccurrences(of: "/", with: "\\057").replacingOccurrences(of: ":", with: "\\072")
        processID = ProcessInfo.processInfo.processIdentifier
        self.clock = clock
    }

    /// Stores `raw` with its envelope in the outbox's `new/`. Returns the refused recipients.
    public func send(_ raw: [UInt8], from sender: String, to recipients: [String]) async throws -> [String] {
        guard !sender.contains(where: \.isNewline) else {
            throw MailTransportError(.notSent, "The envelope sender has a line break, so nothing was sent. "
                + "Use a plain address.")
        }
        let accepted = recipients.filter(Self.isWritable)
        let refused = recipients.filter { !Self.isWritable($0) }
        guard !accepted.isEmpty else { throw MailTransportError.noRecipientAccepted(recipients) }

        var envelope = "X-Envelope-From: \(sender.isEmpty ? "<>" : sender)\r\n"
        for recipient in accepted { envelope += "X-Envelope-To: \(recipient)\r\n" }
        try deliver([Array(envelope.utf8), raw])
        return refused
    }

    private func deliver(_ chunks: [[UInt8]]) throws {
        let outbox = MaildirFolder(path: path)
        try outbox.create()
        while true {
            let seconds = Int(clock().timeIntervalSince1970)
            let name = "\(seconds).\(processID)_\(DeliveryCounter.shared.next()).\(hostName)"
            let temporary = outbox.tmp + "/" + name
            let final = outbox.new + "/" + name
            // Both names must be fresh; a clash (another sender in another process) just takes the next number.
            if FileManager.default.fileExists(atPath: final) { continue }
            guard try POSIXFile.createExclusive(temporary, writing: chunks) else { continue }
            let linked: Bool
            do {
                linked = try POSIXFile.link(temporary, final)
            } catch {
                try? POSIXFile.unlinkIfPresent(temporary)
                throw error
            }
            if !linked {
                try POSIXFile.unlinkIfPresent(temporary)
                continue
            }
            POSIXFile.syncFolder(of: final)
            try POSIXFile.unlinkIfPresent(temporary)
            return
        }
    }

    /// True when `address` can be written on an `X-Envelope-To:` line and handed to a mail system.
    static func isWritable(_ address: String) -> Bool {
        !address.isEmpty && !address.contains(where: { $0.isNewline || $0 == " " || $0 == "\t" })
    }
}

/// The `seq` of delivery names: one counter for the whole process, so senders sharing an outbox never pick the
/// same name in the same second.
final class DeliveryCounter: @unchecked Sendable {
    static let shared = DeliveryCounter()
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
