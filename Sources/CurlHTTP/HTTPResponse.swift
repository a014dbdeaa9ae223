/// The answer to one request: the final status, its header fields and the body bytes.
/// `description` shows the status, header names and body size only, never the content.
public struct HTTPResponse: Sendable, Equatable, CustomStringConvertible {
    /// The status code of the final response (interim 1xx responses are skipped).
    public var status: Int
    /// The header fields of the final response, in order.
    public var headers: HTTPHeaders
    /// The body, as received (no content decoding is asked for).
    public var body: [UInt8]

    /// A response.
    public init(status: Int, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// True for 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }

    public var description: String { "HTTP \(status) headers \(headers) body \(body.count) bytes" }
}
