import CurlHTTP
import Foundation
import HelpdeskTesting
import InMemoryLogging
import Logging
import OAuth2
import Testing

/// A clock the test moves.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_700_000_000)
    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}

/// The token source with a scripted token endpoint and a manual clock: no network, no sleeping.
@Suite("OAuth2TokenSource")
struct OAuth2TokenSourceTests {
    static let credentials = OAuth2Credentials(tokenURL: "https://login.example/token", clientID: "cid",
                                               clientSecret: "csecret", refreshToken: "RT1", scope: "a b",
                                               settingsPrefix: "mailbox.oauth2")

    static func source(_ transport: ScriptedHTTPTransport, clock: TestClock, credentials: OAuth2Credentials = credentials,
                       log: InMemoryLogHandler = InMemoryLogHandler()) -> OAuth2TokenSource {
        OAuth2TokenSource(credentials: credentials, transport: transport,
                          logger: Logger(label: "test") { _ in log }, now: { clock.now })
    }

    static func form(_ request: HTTPRequest) -> [String: String] {
        var out: [String: String] = [:]
        for pair in String(decoding: request.body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            out[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return out
    }

    @Test("the first call refreshes with a form POST (RFC 6749 §6); later calls use the cache until the margin")
    func cacheAndRefresh() async throws {
        let transport = ScriptedHTTPTransport([
            ScriptedHTTPTransport.json(200, #"{"access_token":"AT1","token_type":"Bearer","expires_in":3600}"#),
            ScriptedHTTPTransport.json(200, #"{"access_token":"AT2","token_type":"Bearer","expires_in":3600}"#),
        ])
        let clock = TestClock()
        let source = Self.source(transport, clock: clock)
        #expect(try await source.accessToken() == "AT1")
        #expect(try await source.accessToken() == "AT1")
        clock.advance(3299)
        #expect(try await source.accessToken() == "AT1")
        clock.advance(1)   // 5 minutes before expiry
        #expect(try await source.accessToken() == "AT2")
        #expect(await source.refreshCount == 2)
        let request = try #require(transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.url == "https://login.example/token")
        #expect(request.headers["Content-Type"] == "application/x-www-form-urlencoded")
        #expect(Self.form(request) == ["grant_type": "refresh_token", "refresh_token": "RT1", "client_id": "cid",
                                       "client_secret": "csecret", "scope": "a b"])
    }

    @Test("callers that ask during a refresh share it: one request for ten callers")
    func sharedRefresh() async throws {
        let release = AsyncStream<Void>.makeStream()
        let transport = ScriptedHTTPTransport(
            [ScriptedHTTPTransport.json(200, #"{"access_token":"AT1","expires_in":3600}"#)],
            gate: { for await _ in release.stream { break } })
        let source = Self.source(transport, clock: TestClock())
        let tokens = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<10 { group.addTask { try await source.accessToken() } }
            while transport.requests.isEmpty { await Task.yield() }
            for _ in 0..<20 { await Task.yield() }   // let the other callers reach the actor
            release.continuation.yield()
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(tokens == Array(repeating: "AT1", count: 10))
        #expect(transport.requests.count == 1)
    }

    @Test("a rotated refresh token replaces the old one for the next refresh")
    func rotation() async throws {
        let transport = ScriptedHTTPTransport([
            ScriptedHTTPTransport.json(200, #"{"access_token":"AT1","expires_in":60,"refresh_token":"RT2"}"#),
            ScriptedHTTPTransport.json(200, #"{"access_token":"AT2","expires_in":60}"#),
            ScriptedHTTPTransport.json(200, #"{"access_token":"AT3","expires_in":60}"#),
        ])
        let clock = TestClock()
        let source = Self.source(transport, clock: clock)
        _ = try await source.accessToken()
        clock.advance(60)
        _ = try await source.accessToken()
        clock.advance(60)
        #expect(try await source.accessToken() == "AT3")
        #expect(transport.requests.map { Self.form($0)["refresh_token"] } == ["RT1", "RT2", "RT2"])
    }

    @Test("a refused refresh token is a typed error naming the setting, remembered without asking again")
    func refused() async throws {
        let transport = ScriptedHTTPTransport([
            ScriptedHTTPTransport.json(400, #"{"error":"invalid_grant","error_description":"revoked"}"#),
        ])
        let log = InMemoryLogHandler()
        let source = Self.source(transport, clock: TestClock(), log: log)
        for _ in 0..<2 {
            do {
                _ = try await source.accessToken()
                Issue.record("expected an error")
            } catch let error as OAuth2Error {
                #expect(error.code == .refreshTokenRefused)
                #expect(error.message.contains("mailbox.oauth2.refresh_token"))
            }
        }
        #expect(transport.requests.count == 1)
        let logged = log.entries.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
        #expect(logged.contains("mailbox.oauth2.refresh_token"))
        #expect(!logged.contains("RT1") && !logged.contains("csecret"))
    }

    @Test("an unreachable endpoint is not remembered: the next call asks again")
    func unreachable() async throws {
        let transport = ScriptedHTTPTransport([
            .failure(HTTPError(.couldNotConnect, message: "down")),
            ScriptedHTTPTransport.json(503, "busy"),
            ScriptedHTTPTransport.json(200, #"{"access_token":"AT1","expires_in":3600}"#),
        ])
        let source = Self.source(transport, clock: TestClock())
        for expected in [OAuth2Error.Code.unreachable, .unreachable] {
            do {
                _ = try await source.accessToken()
                Issue.record("expected an error")
            } catch let error as OAuth2Error {
                #expect(error.code == expected)
                #expect(error.isTransient)
            }
        }
        #expect(try await source.accessToken() == "AT1")
    }

    @Test("a refresh token lapsing within 7 days logs a warning with the setting's name, never a token")
    func lapsingWarning() async throws {
        let clock = TestClock()
        let transport = ScriptedHTTPTransport([
            ScriptedHTTPTransport.json(200, #"{"access_token":"AT1","expires_in":3600,"refresh_token_expires_in":864000}"#),
            ScriptedHTTPTransport.json(200, #"{"access_token":"AT2","expires_in":3600,"refresh_token_expires_in":518400}"#),
        ])
        let log = InMemoryLogHandler()
        let source = Self.source(transport, clock: clock, log: log)
        _ = try await source.accessToken()   // 10 days left: quiet
        #expect(log.entries.filter { $0.level == .warning }.isEmpty)
        clock.advance(3600)
        _ = try await source.accessToken()   // 6 days left
        let warnings = log.entries.filter { $0.level == .warning }
        #expect(warnings.count == 1)
        #expect(warnings.first?.metadata["oauth2.setting"] == "mailbox.oauth2.refresh_token")
        #expect(warnings.first?.metadata["oauth2.refresh_token_expires_in_hours"] == "144")
        let all = log.entries.map { "\($0.message) \($0.metadata)" }.joined()
        #expect(!all.contains("AT1") && !all.contains("AT2") && !all.contains("RT1"))
    }

    @Test("a configured refresh-token expiry warns too")
    func configuredExpiry() async throws {
        let clock = TestClock()
        var credentials = Self.credentials
        credentials.refreshTokenExpiresAt = clock.now.addingTimeInterval(2 * 86_400)
        let log = InMemoryLogHandler()
        let source = Self.source(ScriptedHTTPTransport([ScriptedHTTPTransport.json(200, #"{"access_token":"AT1"}"#)]),
                                 clock: clock, credentials: credentials, log: log)
        _ = try await source.accessToken()
        #expect(log.entries.filter { $0.level == .warning }.count == 1)
        #expect(await source.refreshTokenExpiry == credentials.refreshTokenExpiresAt)
    }

    @Test("invalidate() drops the cached token")
    func invalidate() async throws {
        let transport = ScriptedHTTPTransport([
            ScriptedHTTPTransport.json(200, #"{"access_token":"AT1","expires_in":3600}"#),
            ScriptedHTTPTransport.json(200, #"{"access_token":"AT2","expires_in":3600}"#),
        ])
        let source = Self.source(transport, clock: TestClock())
        #expect(try await source.accessToken() == "AT1")
        await source.invalidate()
        #expect(try await source.accessToken() == "AT2")
    }
}
