/// Why a message could not be submitted over SMTP, with libcurl's code, the server's last reply line, and what to
/// do. The description never holds message content or credentials.
public struct SMTPError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, for code that decides what to do next.
    public enum Code: Hashable, Sendable {
        /// No connection: the host did not resolve or refused, or the URL is wrong. Nothing was sent.
        case connectionFailed
        /// TLS failed: the handshake, the certificate check against the CA file, or STARTTLS not offered.
        case tlsFailed
        /// The server refused the login (AUTH, RFC 4954 §6: 535), or offered no mechanism we can use.
        case authenticationFailed
        /// The server refused the envelope sender (`MAIL FROM`).
        case senderRefused
        /// The server refused every recipient; `recipients` holds each one's reply. Nothing was sent.
        case allRecipientsRefused
        /// The server refused `DATA` or the message after its final "."; nothing was delivered.
        case messageRefused
        /// The server did not answer within the configured timeout.
        case timedOut
        /// The connection broke in the middle of the session, also on the one retry over a new connection.
        case connectionLost
        /// Anything else libcurl reported.
        case failed
    }

    /// What went wrong.
    public let code: Code
    /// libcurl's CURLcode (0 when curl reported success but the server's replies say otherwise).
    public let curlCode: Int
    /// The server's last reply line, when it sent one ("535 5.7.8 Error: authentication failed: ...").
    public let serverReply: String?
    /// Each recipient's result, when the session got as far as `RCPT TO`.
    public let recipients: [SMTPRecipientResult]
    /// What happened and what to do, in a sentence or two.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, curlCode: Int, serverReply: String?, recipients: [SMTPRecipientResult] = [],
                message: String) {
        self.code = code
        self.curlCode = curlCode
        self.serverReply = serverReply
        self.recipients = recipients
        self.message = message
    }

    public var description: String { message }
}
