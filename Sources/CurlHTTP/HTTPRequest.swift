/// One HTTP request: method, URL, headers, body bytes and its limits. A value; `HTTPTransport` sends it.
///
/// `description` names the method, the URL without its query and the header names only: never a header value
/// (an `Authorization` header is a secret) and never the body.
public struct HTTPRequest: Sendable, Equatable, CustomStringConvertible {
    /// The method (`GET`, `POST`, `PUT`, `DELETE`, ...): an RFC 9110 §9 token.
    public var method: String
    /// `https://host[:port]/path[?query]`, or `http://` (loopback and tests).
    public var url: String
    /// The header fields in order; names compare without regard to case.
    public var headers: HTTPHeaders
    /// The body; empty sends none (`Content-Length: 0` for POST and PUT).
    public var body: [UInt8]
    /// How long connecting and the TLS handshake may take.
    public var connectTimeout: Duration
    /// How long the whole exchange may take, connecting included.
    public var timeout: Duration
    /// A PEM file of the CAs to trust (`CURLOPT_CAINFO`); nil trusts the system's. Certificates and host names are
    /// always verified.
    public var caFile: String?
    /// The largest response body accepted; a longer one fails the request with `.responseTooLarge`.
    public var maxResponseBytes: Int

    /// A request; only the method and URL are required.
    public init(method: String, url: String, headers: HTTPHeaders = [:], body: [UInt8] = [],
                connectTimeout: Duration = .seconds(10), timeout: Duration = .seconds(30), caFile: String? = nil,
                maxResponseBytes: Int = 16 << 20) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.caFile = caFile
        self.maxResponseBytes = maxResponseBytes
    }

    /// The problem that keeps this request from being sent, or nil.
    public var problem: String? {
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else {
            return "The URL must start with https:// (or http:// on loopback); got a URL starting "
                + "\"\(String(url.prefix(8)))\"."
        }
        if url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) {
            return "The URL has a space or a control character; percent-encode it."
        }
        guard !method.isEmpty, method.unicodeScalars.allSatisfy(HTTPHeaders.isTokenCharacter) else {
            return "The method \"\(method)\" is not an HTTP token (letters such as GET or POST)."
        }
        if let bad = headers.problem { return bad }
        if maxResponseBytes < 0 { return "maxResponseBytes must not be negative." }
        return nil
    }

    /// The URL without its query and fragment (queries can carry secrets: a description never shows them).
    public var urlWithoutQuery: String {
        String(url.prefix { $0 != "?" && $0 != "#" })
    }

    public var description: String {
        let names = headers.map(\.name).joined(separator: ", ")
        return "\(method) \(urlWithoutQuery) headers [\(names)] body \(body.count) bytes"
    }
}
