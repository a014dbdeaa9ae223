public import MailTransport

/// A `MailSender` that keeps every message in memory, for tests of the stages that send mail. It can be told to
/// refuse some recipients (as a mail server refuses an RCPT) or to fail the next sends outright.
///
/// Like `MaildirSender`, it throws `MailTransportError` `.notSent` when every recipient is refused, and records
/// nothing then.
public actor RecordingSender: MailSender {
    /// One message the sender accepted.
    public struct Sent: Sendable, Equatable {
        /// The bytes, as given.
        public var raw: [UInt8]
        /// The envelope sender.
        public var from: String
        /// The recipients accepted, in the order given.
        public var to: [String]
        /// The recipients refused, in the order given.
        public var refused: [String]

        /// A record of one send.
        public init(raw: [UInt8], from: String, to: [String], refused: [String]) {
            self.raw = raw
            self.from = from
            self.to = to
            self.refused = refused
        }
    }

    /// Every message accepted, in order.
    public private(set) var sent: [Sent] = []
    /// How many times `send` was called, failures included.
    public private(set) var attempts = 0
    private var refusing: Set<String> = []
    private var failuresLeft = 0

    /// A sender that accepts everything.
    public init() {}

    /// Refuses these recipients from now on (compared without regard to case).
    public func refuse(_ recipients: [String]) {
        refusing.formUnion(recipients.map { $0.lowercased() })
    }

    /// Makes the next `count` sends throw `MailTransportError` `.notSent`, sending nothing.
    public func failNext(_ count: Int) {
        failuresLeft = max(count, 0)
    }

    public func send(_ raw: [UInt8], from sender: String, to recipients: [String]) throws -> [String] {
        attempts += 1
        if failuresLeft > 0 {
            failuresLeft -= 1
            throw MailTransportError(.notSent, "RecordingSender was told to fail this send.")
        }
        let refused = recipients.filter { $0.isEmpty || refusing.contains($0.lowercased()) }
        let accepted = recipients.filter { !($0.isEmpty || refusing.contains($0.lowercased())) }
        guard !accepted.isEmpty else { throw MailTransportError.noRecipientAccepted(recipients) }
        sent.append(Sent(raw: raw, from: sender, to: accepted, refused: refused))
        return refused
    }
}
