/// Sends one HTTP request and returns the response: the seam between code that speaks an HTTP API and the network.
/// `CurlHTTPClient` is the real one; tests use a double that answers from a script.
///
/// An answer with any status (404 and 500 included) is a response, not an error; errors are for requests that got
/// no answer (`HTTPError`).
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the final response. Throws `HTTPError` when there is no response.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
