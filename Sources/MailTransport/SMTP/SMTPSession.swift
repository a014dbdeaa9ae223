/// What one submission asks of the connection: the envelope and the message (already CRLF-normalised).
public struct SMTPEnvelope: Sendable, Equatable {
    /// The envelope sender (`MAIL FROM`); "" is the null sender.
    public var sender: String
    /// Every recipient (To, Cc and Bcc), one `RCPT TO` each, in this order.
    public var recipients: [String]
    /// The message, CRLF line endings only.
    public var message: [UInt8]
    /// The OAuth 2.0 access token for XOAUTH2, when the sender authenticates with one (never logged).
    public var bearerToken: String?

    /// Creates an envelope.
    public init(sender: String, recipients: [String], message: [UInt8], bearerToken: String? = nil) {
        self.sender = sender
        self.recipients = recipients
        self.message = message
        self.bearerToken = bearerToken
    }
}

/// How one transfer ended: libcurl's result code and error text, whether a new connection was made, and what
/// was said.
public struct SMTPAttempt: Sendable, Equatable {
    /// The CURLcode (0 is CURLE_OK).
    public var curlCode: Int
    /// libcurl's error text for a non-zero code (from CURLOPT_ERRORBUFFER), e.g. "SSL certificate problem: ...".
    public var curlMessage: String
    /// True when this transfer opened a new connection; false when it reused the previous one.
    public var newConnection: Bool
    /// The commands and replies of this transfer.
    public var transcript: SMTPTranscript

    /// Creates an attempt.
    public init(curlCode: Int, curlMessage: String = "", newConnection: Bool, transcript: SMTPTranscript) {
        self.curlCode = curlCode
        self.curlMessage = curlMessage
        self.newConnection = newConnection
        self.transcript = transcript
    }
}

/// The seam below the sender: one SMTP transaction on a kept connection. `CurlSMTPConnection` is the libcurl
/// implementation; tests use a scripted one. Called from one thread at a time (the sender serialises calls).
public protocol SMTPSession: AnyObject {
    /// Runs `MAIL FROM`, `RCPT TO` for each recipient and `DATA` for `envelope`, on the kept connection or, with
    /// `freshConnection`, on a new one (which is then kept).
    func perform(_ envelope: SMTPEnvelope, freshConnection: Bool) -> SMTPAttempt
}
