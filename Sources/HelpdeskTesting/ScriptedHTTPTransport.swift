public import CurlHTTP
import Foundation

/// An `HTTPTransport` double: answers each request with the next scripted result and records the requests. A
/// request after the script ran out fails the test's expectations with `HTTPError` `.couldNotConnect`.
/// `gate` (optional) is awaited before each answer, so a test can hold a request in flight.
public final class ScriptedHTTPTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var script: [Result<HTTPResponse, HTTPError>]
    private var recorded: [HTTPRequest] = []
    private let gate: (@Sendable () async -> Void)?

    /// A transport that gives `script`'s answers in order.
    public init(_ script: [Result<HTTPResponse, HTTPError>], gate: (@Sendable () async -> Void)? = nil) {
        self.script = script
        self.gate = gate
    }

    /// A JSON answer.
    public static func json(_ status: Int, _ text: String) -> Result<HTTPResponse, HTTPError> {
        .success(HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: Array(text.utf8)))
    }

    /// The requests sent so far.
    public var requests: [HTTPRequest] { lock.withLock { recorded } }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let next: Result<HTTPResponse, HTTPError>? = lock.withLock {
            recorded.append(request)
            return script.isEmpty ? nil : script.removeFirst()
        }
        if let gate { await gate() }
        guard let next else {
            throw HTTPError(.couldNotConnect, message: "ScriptedHTTPTransport: no answer scripted for \(request)")
        }
        return try next.get()
    }
}
