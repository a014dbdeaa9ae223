/// Why an IMAP connection or command failed.
public struct IMAPConnectionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What kind of failure, for code that decides what to do next.
    public enum Code: Hashable, Sendable {
        /// The connection could not be made (DNS, refused, TLS, certificate): check the URL, port and CA file.
        case connect
        /// The server refused the user name and password or token.
        case authentication
        /// The server closed the connection or sent BYE: reconnect.
        case closed
        /// The server did not answer in time: the connection is abandoned; reconnect.
        case timeout
        /// The server sent bytes that are not IMAP (or too large): the connection is abandoned; reconnect.
        case protocolViolation
        /// The command completed with NO or BAD.
        case commandFailed
    }

    /// What kind of failure.
    public let code: Code
    /// What happened, and what to do.
    public let message: String
    /// For `.commandFailed`: the server's tagged response.
    public let response: IMAPStatusResponse?

    /// Creates an error.
    public init(_ code: Code, _ message: String, response: IMAPStatusResponse? = nil) {
        self.code = code
        self.message = message
        self.response = response
    }

    /// Whether the connection is unusable after this error (everything but a NO/BAD).
    public var dropsConnection: Bool { code != .commandFailed }

    public var description: String { message }
}
