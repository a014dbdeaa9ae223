/// Why a request got no response, and what to do about it. Never holds a header value or a body.
public struct HTTPError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, for code that decides whether to retry.
    public enum Code: Hashable, Sendable {
        /// The request cannot be sent as given (URL, method or a header); nothing was sent.
        case invalidRequest
        /// The host name did not resolve, or the connection was refused or could not be made.
        case couldNotConnect
        /// Connecting or the whole exchange took longer than the request's timeouts.
        case timedOut
        /// TLS failed: the certificate or host name could not be verified, or the handshake failed.
        case tls
        /// The response body was larger than `maxResponseBytes`.
        case responseTooLarge
        /// The connection broke or the server did not speak HTTP.
        case transfer
    }

    /// What went wrong.
    public let code: Code
    /// The libcurl result code (0 when libcurl was not called).
    public let curlCode: Int
    /// What happened and what to do, in a sentence or two.
    public let message: String

    /// An error.
    public init(_ code: Code, curlCode: Int = 0, message: String) {
        self.code = code
        self.curlCode = curlCode
        self.message = message
    }

    /// True when sending the same request again later may work (connection problems and time-outs).
    public var isTransient: Bool { code == .couldNotConnect || code == .timedOut || code == .transfer }

    public var description: String { message }
}
