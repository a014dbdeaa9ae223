import CurlHTTP
import Foundation

/// The loopback OAuth 2.0 token server of `scripts/mailstack` (`scripts/tokenserver.py`), as tests drive it: issue
/// a refresh token for a user (a user's consent), revoke it, and count what the token endpoint was asked.
public struct TokenServer: Sendable {
    /// Its port on 127.0.0.1.
    public let port: Int
    private let client = CurlHTTPClient()

    /// The token server on `port`.
    public init(port: Int) { self.port = port }

    /// `http://127.0.0.1:PORT/token`: the token endpoint (refresh_token grant).
    public var tokenURL: String { "http://127.0.0.1:\(port)/token" }
    /// `http://127.0.0.1:PORT/introspect`: RFC 7662 introspection, as Dovecot asks it.
    public var introspectionURL: String { "http://127.0.0.1:\(port)/introspect" }

    /// A new grant: its id and first refresh token.
    public struct Grant: Sendable {
        /// The grant's id, for `stats` and `revoke`.
        public let id: String
        /// The refresh token.
        public let refreshToken: String
    }

    /// What the token endpoint did for one grant.
    public struct Stats: Sendable, Equatable {
        /// Every request to `/token` with one of the grant's refresh tokens.
        public let tokenRequests: Int
        /// The access tokens issued.
        public let refreshes: Int
        /// The requests refused.
        public let refused: Int
    }

    /// Issues a refresh token for `username`; `accessLifetime` (seconds) for its access tokens, `rotate` to rotate
    /// the refresh token on every use, `refreshLifetime` (seconds) for the refresh token, reported in answers as
    /// `refresh_token_expires_in`.
    public func issue(username: String, clientID: String, clientSecret: String? = nil, accessLifetime: Double? = nil,
                      rotate: Bool = false, refreshLifetime: Double? = nil) async throws -> Grant {
        var body: [String: Any] = ["username": username, "client_id": clientID, "rotate": rotate]
        if let clientSecret { body["client_secret"] = clientSecret }
        if let accessLifetime { body["access_lifetime"] = accessLifetime }
        if let refreshLifetime { body["refresh_lifetime"] = refreshLifetime }
        let answer = try await post("/admin/issue", body)
        guard let id = answer["grant"] as? String, let token = answer["refresh_token"] as? String else {
            throw MailStackError.notRunning("the token server's /admin/issue gave no grant")
        }
        return Grant(id: id, refreshToken: token)
    }

    /// Revokes the grant: its refresh tokens are refused (`invalid_grant`) and its access tokens become inactive.
    public func revoke(_ grant: Grant) async throws {
        _ = try await post("/admin/revoke", ["grant": grant.id])
    }

    /// The counts for `grant`.
    public func stats(_ grant: Grant) async throws -> Stats {
        let response = try await client.send(HTTPRequest(method: "GET", url: "http://127.0.0.1:\(port)/admin/stats?grant=\(grant.id)"))
        let object = (try JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
        return Stats(tokenRequests: object["token_requests"] as? Int ?? -1, refreshes: object["refreshes"] as? Int ?? -1,
                     refused: object["refused"] as? Int ?? -1)
    }

    /// Asks `/introspect` about `token`, as Dovecot does: whether it is active.
    public func isActive(_ token: String) async throws -> Bool {
        let response = try await client.send(HTTPRequest(
            method: "POST", url: introspectionURL, headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: Array("token=\(token)".utf8)))
        let object = (try JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
        return object["active"] as? Bool ?? false
    }

    private func post(_ path: String, _ body: [String: Any]) async throws -> [String: Any] {
        let response = try await client.send(HTTPRequest(
            method: "POST", url: "http://127.0.0.1:\(port)\(path)", headers: ["Content-Type": "application/json"],
            body: Array(try JSONSerialization.data(withJSONObject: body))))
        guard response.isSuccess else {
            throw MailStackError.notRunning("the token server answered \(response.status) to \(path)")
        }
        return (try JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
    }
}

extension MailStack {
    /// The stack's token server. Throws `MailStackError.notRunning` when the stack has none (restart it with this
    /// version of `scripts/mailstack`).
    public func tokenServer() throws -> TokenServer {
        guard let tokenPort else {
            throw MailStackError.notRunning("MAILSTACK_TOKEN_PORT is not set: the stack was started by an older "
                + "scripts/mailstack; run `scripts/mailstack start` again")
        }
        return TokenServer(port: tokenPort)
    }
}
