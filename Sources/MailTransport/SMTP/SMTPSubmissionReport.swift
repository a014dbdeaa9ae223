/// What the server said about one recipient.
public struct SMTPRecipientResult: Hashable, Sendable, CustomStringConvertible {
    /// The recipient as given.
    public var address: String
    /// The server's reply to its `RCPT TO` (nil when the session ended before it was asked).
    public var reply: SMTPReply?

    /// Creates a result.
    public init(address: String, reply: SMTPReply?) {
        self.address = address
        self.reply = reply
    }

    /// True when the server accepted the recipient (2yz).
    public var accepted: Bool { reply?.isPositive == true }
    /// True when the refusal was temporary (4yz, e.g. 452 too many recipients or mailbox full): may work later.
    public var temporarilyRefused: Bool { reply?.isTemporaryFailure == true }

    public var description: String { "\(address): \(reply?.lastLine ?? "no reply")" }
}

/// The outcome of a message the server took: each recipient's result and the server's reply to the message.
public struct SMTPSubmissionReport: Hashable, Sendable {
    /// One result per recipient, in the order given.
    public var recipients: [SMTPRecipientResult]
    /// The server's reply after the message's final "." (250 with its queue id).
    public var messageReply: SMTPReply?
    /// True when the first attempt failed on a connection the server had closed and the message went over a new one.
    public var retried: Bool
    /// When `retried`: the CURLcode of the failed first attempt (56 receive error, 55 send error, 52 got nothing).
    public var firstAttemptCurlCode: Int?
    /// True when this send opened a new connection (the first send, or after the kept one was closed); false when
    /// it reused the kept one.
    public var openedConnection: Bool

    /// Creates a report.
    public init(recipients: [SMTPRecipientResult], messageReply: SMTPReply?, retried: Bool, openedConnection: Bool,
                firstAttemptCurlCode: Int? = nil) {
        self.firstAttemptCurlCode = firstAttemptCurlCode
        self.recipients = recipients
        self.messageReply = messageReply
        self.retried = retried
        self.openedConnection = openedConnection
    }

    /// The recipients the server refused (permanently or for now), in the order given.
    public var refused: [SMTPRecipientResult] { recipients.filter { !$0.accepted } }
}
