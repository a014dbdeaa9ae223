public import Foundation

/// An HTTP request as it will go on the wire, in the parts Signature Version 4 signs.
public struct SigV4Request: Sendable, Hashable {
    /// `GET`, `PUT`, `POST`, `DELETE`.
    public var method: String
    /// The authority the request goes to: the host, with `:port` when it is not the scheme's default
    /// (`connect.us-east-1.amazonaws.com`, `127.0.0.1:8443`). Signed as the `host` header.
    public var host: String
    /// The path exactly as sent, its segments already percent-encoded once (`AWSURIEncoding.path`).
    public var path: String
    /// Query parameters before encoding, in any order; repeated names are allowed.
    public var query: [QueryItem]
    /// Headers to send and sign besides `host`, `x-amz-date` and `x-amz-security-token` (e.g. `Content-Type`).
    /// Hop-by-hop headers and `User-Agent` are sent but not signed, as botocore does.
    public var headers: [Header]
    /// The body; empty for GET and DELETE.
    public var body: Data

    /// One query parameter, not yet encoded.
    public struct QueryItem: Sendable, Hashable {
        /// The name.
        public var name: String
        /// The value; may be empty.
        public var value: String
        /// Creates a parameter.
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// One header.
    public struct Header: Sendable, Hashable {
        /// The name as sent; compared without regard to case.
        public var name: String
        /// The value as sent.
        public var value: String
        /// Creates a header.
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Creates a request.
    public init(method: String, host: String, path: String, query: [QueryItem] = [], headers: [Header] = [],
                body: Data = Data()) {
        self.method = method
        self.host = host
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The query string as sent and as signed: each name and value encoded, sorted by name then value.
    public var encodedQuery: String {
        query.map { (AWSURIEncoding.encode($0.name), AWSURIEncoding.encode($0.value)) }
            .sorted { a, b in
                a.0 != b.0 ? Array(a.0.utf8).lexicographicallyPrecedes(b.0.utf8)
                    : Array(a.1.utf8).lexicographicallyPrecedes(b.1.utf8)
            }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// The path and query as they go on the request line: `/users-summary/ID?maxResults=100`.
    public var target: String {
        query.isEmpty ? path : path + "?" + encodedQuery
    }
}
