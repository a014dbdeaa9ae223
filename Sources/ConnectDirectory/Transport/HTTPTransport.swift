public import Foundation

// The HTTP seam, kept in one file so that it can be swapped for the shared one when `CurlHTTP` lands.

/// One HTTP request, ready to send.
public struct HTTPRequest: Sendable {
    /// `GET`, `PUT`, `POST`, `DELETE`.
    public var method: String
    /// The full URL, its path and query already percent-encoded as they must be sent.
    public var url: URL
    /// Headers in the order they are sent.
    public var headers: [(name: String, value: String)]
    /// The body; empty for none.
    public var body: Data
    /// How long, in seconds, the whole exchange may take.
    public var timeout: TimeInterval

    /// Creates a request.
    public init(method: String, url: URL, headers: [(name: String, value: String)] = [], body: Data = Data(),
                timeout: TimeInterval = 30) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    /// The value of the first header named `name` (without regard to case).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// What the server answered.
public struct HTTPResponse: Sendable, Hashable {
    /// The status code, e.g. 200.
    public var status: Int
    /// The headers, names lowercased.
    public var headers: [String: String]
    /// The body.
    public var body: Data

    /// Creates a response; header names are lowercased.
    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }) { first, _ in first }
        self.body = body
    }
}

/// Sends HTTP requests: libcurl in production, an in-memory double in tests.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the answer, whatever its status. Throws `HTTPTransportError` when no answer
    /// came (connection refused, TLS failure, timeout).
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}

/// Why a request got no answer.
public struct HTTPTransportError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: Hashable, Sendable {
        /// The exchange took longer than the request's timeout. The server may have acted on it.
        case timedOut
        /// No connection could be made, or it broke before the answer was complete.
        case connectionFailed
        /// TLS failed (certificate, handshake). Retrying will not help.
        case tls
    }

    /// What went wrong.
    public let code: Code
    /// The detail, e.g. libcurl's error text.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
