public import CurlHTTP
import Foundation

/// An error answer of the REST-JSON protocol: its type and message, found as botocore finds them.
public struct ConnectServiceError: Sendable, Hashable {
    /// The status code.
    public var status: Int
    /// The error type without namespace or URL, e.g. `ResourceNotFoundException`; empty when none was given.
    public var type: String
    /// Connect's message, or empty.
    public var message: String

    /// Reads the error in `response`: the type from the `x-amzn-ErrorType` header (up to a `:`), else the body's
    /// `__type` (after a `#`) or `code`; the message from the body's `message` or `Message`.
    public init(_ response: HTTPResponse) {
        status = response.status
        let body = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
        var type = response.headers["x-amzn-errortype"] ?? (body["__type"] as? String) ?? (body["code"] as? String)
            ?? (body["Code"] as? String) ?? ""
        if let colon = type.firstIndex(of: ":") { type = String(type[..<colon]) }
        if let hash = type.lastIndex(of: "#") { type = String(type[type.index(after: hash)...]) }
        self.type = type.trimmingCharacters(in: .whitespaces)
        message = (body["message"] as? String) ?? (body["Message"] as? String) ?? ""
    }

    /// Whether asking again later may succeed: throttling and server faults.
    public var isRetryable: Bool {
        status == 429 || status >= 500 || Self.throttlingTypes.contains(type)
    }

    /// Whether Connect refused because of the request rate.
    public var isThrottling: Bool { status == 429 || Self.throttlingTypes.contains(type) }

    static let throttlingTypes: Set<String> = [
        "ThrottlingException", "TooManyRequestsException", "Throttling", "ThrottledException",
        "RequestLimitExceeded", "RequestThrottled", "RequestThrottledException", "SlowDown",
    ]

    /// Connect's words and its error type, for messages: `ResourceNotFoundException: User not found`.
    public var summary: String {
        let t = type.isEmpty ? "HTTP \(status)" : type
        return message.isEmpty ? t : "\(t): \(message)"
    }
}
