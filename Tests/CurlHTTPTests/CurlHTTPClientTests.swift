import CurlHTTP
import Foundation
import HelpdeskTesting
import Testing

/// `CurlHTTPClient` against the mail stack's token server (a Python `http.server` on loopback) and against nothing.
@Suite("CurlHTTPClient")
struct CurlHTTPClientTests {
    static func server() throws -> TokenServer { try MailStack.load().tokenServer() }

    @Test("GET returns the status, the headers (looked up in any case) and the body")
    func get() async throws {
        let port = try Self.server().port
        let response = try await CurlHTTPClient().send(HTTPRequest(method: "GET", url: "http://127.0.0.1:\(port)/health"))
        #expect(response.status == 200)
        #expect(response.isSuccess)
        #expect(response.body == Array("ok".utf8))
        #expect(response.headers["content-type"] == "text/plain")
        #expect(response.headers["CONTENT-LENGTH"] == "2")
    }

    @Test("POST sends the body bytes and the headers given")
    func post() async throws {
        let server = try Self.server()
        let grant = try await server.issue(username: "user10@health.mo.gov", clientID: "http-test")
        let body = "grant_type=refresh_token&refresh_token=\(grant.refreshToken)&client_id=http-test"
        let response = try await CurlHTTPClient().send(HTTPRequest(
            method: "POST", url: server.tokenURL,
            headers: ["Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"],
            body: Array(body.utf8)))
        #expect(response.status == 200)
        let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        #expect((object?["access_token"] as? String)?.hasPrefix("at-") == true)
        #expect(try await server.stats(grant).refreshes == 1)
    }

    @Test("a 4xx answer is a response, not an error")
    func notFound() async throws {
        let port = try Self.server().port
        let response = try await CurlHTTPClient().send(HTTPRequest(method: "POST", url: "http://127.0.0.1:\(port)/nothing",
                                                                   body: Array("x".utf8)))
        #expect(response.status == 404)
        #expect(!response.isSuccess)
    }

    @Test("a body over maxResponseBytes fails with .responseTooLarge")
    func tooLarge() async throws {
        let port = try Self.server().port
        await #expect(throws: HTTPError.self) {
            _ = try await CurlHTTPClient().send(HTTPRequest(method: "GET", url: "http://127.0.0.1:\(port)/health",
                                                            maxResponseBytes: 1))
        }
        do {
            _ = try await CurlHTTPClient().send(HTTPRequest(method: "GET", url: "http://127.0.0.1:\(port)/health",
                                                            maxResponseBytes: 1))
        } catch let error as HTTPError {
            #expect(error.code == .responseTooLarge)
        }
    }

    @Test("a closed port is .couldNotConnect, and transient")
    func refused() async throws {
        do {
            _ = try await CurlHTTPClient().send(HTTPRequest(method: "GET", url: "http://127.0.0.1:1/",
                                                            connectTimeout: .seconds(2)))
            Issue.record("expected an error")
        } catch let error as HTTPError {
            #expect(error.code == .couldNotConnect)
            #expect(error.isTransient)
            #expect(error.message.contains("127.0.0.1:1"))
        }
    }

    @Test("requests that cannot be written are refused before anything is sent", arguments: [
        HTTPRequest(method: "GET", url: "ftp://example.org/"),
        HTTPRequest(method: "GET", url: "https://example.org/a b"),
        HTTPRequest(method: "GE T", url: "https://example.org/"),
        HTTPRequest(method: "GET", url: "https://example.org/", headers: ["X-Bad": "a\r\nInjected: yes"]),
        HTTPRequest(method: "GET", url: "https://example.org/", headers: ["Bad Name": "v"]),
    ])
    func invalid(_ request: HTTPRequest) async throws {
        do {
            _ = try await CurlHTTPClient().send(request)
            Issue.record("expected an error")
        } catch let error as HTTPError {
            #expect(error.code == .invalidRequest)
            #expect(!error.message.contains("Injected"))
        }
    }

    @Test("descriptions never show header values, bodies or the query")
    func descriptions() {
        let request = HTTPRequest(method: "POST", url: "https://login.example.org/token?code=SECRET1",
                                  headers: ["Authorization": "Bearer SECRET2"], body: Array("refresh_token=SECRET3".utf8))
        let response = HTTPResponse(status: 200, headers: ["Set-Cookie": "SECRET4"], body: Array("SECRET5".utf8))
        for text in [request.description, response.description, "\(request.headers)"] {
            #expect(!text.contains("SECRET"))
        }
        #expect(request.description.contains("Authorization"))
    }

    @Test("headers: set replaces every field of the name, lookups ignore case, order is kept")
    func headers() {
        var headers: HTTPHeaders = ["Accept": "a", "X-Many": "1"]
        headers.add("x-many", "2")
        #expect(headers.values("X-MANY") == ["1", "2"])
        headers.set("X-Many", "3")
        #expect(headers.values("x-many") == ["3"])
        #expect(headers.map(\.name) == ["Accept", "X-Many"])
        headers.remove("ACCEPT")
        #expect(headers["Accept"] == nil)
    }
}
