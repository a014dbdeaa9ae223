public import AWSSigV4
public import Foundation

/// One call to the Amazon Connect API as it goes on the wire, before signing: the REST-JSON form of an operation's
/// input (method, URI with its labels filled in, query, JSON body). Built by `ConnectAPI`; pure.
public struct ConnectRequest: Sendable, Hashable {
    /// A query parameter.
    public typealias QueryItem = SigV4Request.QueryItem

    /// The operation's name in the service model, e.g. `DescribeUser`: also the rate limiter's key.
    public var operation: String
    /// The HTTP method of the operation.
    public var method: String
    /// The path's segments before encoding: `["users", instanceID, userID]`.
    public var pathSegments: [String]
    /// Query parameters (their wire names, e.g. `nextToken`).
    public var query: [SigV4Request.QueryItem]
    /// The JSON body; empty for operations without body members (GET, DELETE).
    public var body: Data

    /// Creates a request.
    public init(operation: String, method: String, pathSegments: [String], query: [SigV4Request.QueryItem] = [],
                body: Data = Data()) {
        self.operation = operation
        self.method = method
        self.pathSegments = pathSegments
        self.query = query
        self.body = body
    }

    /// The path as sent: each segment percent-encoded once.
    public var path: String { AWSURIEncoding.path(pathSegments) }

    /// The request to sign for `configuration`'s endpoint: `Content-Type: application/json` when there is a body,
    /// as botocore sends it.
    public func sigV4Request(for configuration: ConnectConfiguration) -> SigV4Request {
        SigV4Request(method: method, host: configuration.authority, path: path, query: query,
                     headers: body.isEmpty ? [] : [.init("Content-Type", "application/json")], body: body)
    }
}
