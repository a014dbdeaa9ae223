/// Why a mailbox or a sender could not do what was asked, and what to do about it.
public struct MailTransportError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, for code that decides what to do next.
    public enum Code: Hashable, Sendable {
        /// The caller's UIDVALIDITY is not the mailbox's current one (RFC 3501 §2.3.1.1): its UIDs name other
        /// messages now, so nothing was filed. Fetch again and match messages by Message-ID and content.
        case uidValidityChanged
        /// A folder or file of the mailbox could not be created, read, written or renamed.
        case storage
        /// `.Processed` already holds a different message under the same file name; nothing was moved.
        case nameTaken
        /// The mail server could not be reached, refused the login, or kept dropping the connection.
        case connection
        /// The mail server refused a command or broke the protocol.
        case server
        /// The message could not be sent: no recipient was accepted, or the envelope sender is malformed.
        case notSent
    }

    /// What went wrong.
    public let code: Code
    /// What happened and what to do, in a sentence or two.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

extension MailTransportError {
    /// The error for a `file(uid:uidValidity:as:)` call made with a stale UIDVALIDITY.
    public static func uidValidityChanged(given: UInt32, current: UInt32) -> MailTransportError {
        MailTransportError(.uidValidityChanged, "The mailbox's UIDVALIDITY is now \(current), not \(given): its UIDs "
            + "were renumbered, so nothing was filed. Fetch the mailbox again and match the message by Message-ID "
            + "and content.")
    }

    /// The error for a sender that accepted none of the recipients.
    public static func noRecipientAccepted(_ recipients: [String]) -> MailTransportError {
        MailTransportError(.notSent, "No recipient was accepted (\(recipients.count) given), so nothing was sent. "
            + "Check the addresses: each needs a local part and a domain and no line breaks.")
    }
}
