public import CurlHTTP
public import Foundation
public import Logging

/// Access tokens for XOAUTH2 from a refresh token (RFC 6749 §6), cached and refreshed before they expire.
///
/// - `accessToken()` returns the cached token, or asks the token endpoint for a new one when there is none or its
///   refresh time has come (`OAuth2RefreshPolicy`: 5 minutes before expiry by default). Callers that ask while a
///   refresh is under way wait for that one: one request to the endpoint, however many callers.
/// - A new refresh token in the answer (rotation) replaces the old one in memory (the configured one is not
///   rewritten: after a restart the configured token is used again, so with rotating providers keep it current).
/// - A refused refresh token (`invalid_grant`) throws `OAuth2Error` `.refreshTokenRefused`, whose message says to
///   consent again and which setting to change; it is remembered, so later calls fail at once without asking the
///   endpoint again. Other failures are not remembered: the next call asks again.
/// - When the refresh token's expiry is known (configured, or `refresh_token_expires_in` in an answer) and falls
///   within the policy's warning window, each refresh logs a warning naming the setting (never a token).
///
/// The clock is injected; nothing here sleeps.
public actor OAuth2TokenSource {
    /// The credentials as configured (the refresh token in use may have been rotated since).
    public nonisolated let credentials: OAuth2Credentials
    /// When to refresh and when to warn.
    public nonisolated let policy: OAuth2RefreshPolicy
    private let transport: any HTTPTransport
    private let now: @Sendable () -> Date
    private let logger: Logger

    private var refreshToken: String
    private var refreshTokenExpiresAt: Date?
    private var current: OAuth2AccessToken?
    private var refreshAt: Date?
    private var inFlight: Task<OAuth2AccessToken, any Error>?
    private var refused: OAuth2Error?

    /// How many times the token endpoint was asked (for monitoring and tests).
    public private(set) var refreshCount = 0

    /// A token source; nothing is asked until the first `accessToken()`.
    public init(credentials: OAuth2Credentials, policy: OAuth2RefreshPolicy = OAuth2RefreshPolicy(),
                transport: any HTTPTransport, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }) {
        self.credentials = credentials
        self.policy = policy
        self.transport = transport
        self.logger = logger
        self.now = now
        refreshToken = credentials.refreshToken
        refreshTokenExpiresAt = credentials.refreshTokenExpiresAt
    }

    /// A usable access token: the cached one, or a new one from the token endpoint. Throws `OAuth2Error`.
    public func accessToken() async throws -> String {
        if let refused { throw refused }
        if let current, !policy.needsRefresh(refreshAt: refreshAt, now: now()) { return current.value }
        if let inFlight { return try await inFlight.value.value }
        let task = Task { try await self.refresh() }
        inFlight = task
        defer { inFlight = nil }
        return try await task.value.value
    }

    /// Forgets the cached access token (say, after the server refused it), so the next call asks for a new one.
    public func invalidate() {
        current = nil
        refreshAt = nil
    }

    /// When the refresh token in use lapses, when known.
    public var refreshTokenExpiry: Date? { refreshTokenExpiresAt }

    private func refresh() async throws -> OAuth2AccessToken {
        let settings = credentials
        let refreshSetting = settings.settingName("refresh_token")
        var fields = [("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("client_id", settings.clientID)]
        if let secret = settings.clientSecret { fields.append(("client_secret", secret)) }
        if let scope = settings.scope, !scope.isEmpty { fields.append(("scope", scope)) }
        let request = HTTPRequest(
            method: "POST", url: settings.tokenURL,
            headers: ["Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"],
            body: Array(FormEncoding.encode(fields).utf8), caFile: settings.caFile, maxResponseBytes: 1 << 20)
        let endpoint = request.urlWithoutQuery
        let started = now()
        refreshCount += 1
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch let error as HTTPError {
            logger.warning("oauth2 token endpoint unreachable", metadata: ["oauth2.setting": "\(refreshSetting)",
                                                                          "http.error": "\(error.code)"])
            throw OAuth2Error(.unreachable, message: "The token endpoint could not be reached: \(error.message)")
        }
        switch OAuth2TokenResponse.parse(status: response.status, body: response.body,
                                         refreshTokenSetting: refreshSetting + (settings.refreshTokenHelp.map { " (\($0))" } ?? ""),
                                         endpoint: endpoint) {
        case .failure(let error):
            if error.code == .refreshTokenRefused { refused = error }
            logger.error("oauth2 token refresh failed", metadata: [
                "oauth2.setting": "\(refreshSetting)", "oauth2.error": "\(error.oauthError ?? "-")",
                "http.status": "\(response.status)"])
            throw error
        case .success(let token):
            if let rotated = token.refreshToken { refreshToken = rotated }
            if let seconds = token.refreshTokenExpiresIn { refreshTokenExpiresAt = started.addingTimeInterval(Double(seconds)) }
            current = token
            refreshAt = policy.refreshTime(receivedAt: started, expiresIn: token.expiresIn)
            logger.debug("oauth2 access token refreshed", metadata: [
                "oauth2.setting": "\(refreshSetting)", "oauth2.expires_in": "\(token.expiresIn.map(String.init) ?? "-")",
                "oauth2.rotated": "\(token.refreshToken != nil)"])
            warnIfLapsing(setting: refreshSetting)
            return token
        }
    }

    private func warnIfLapsing(setting: String) {
        guard let left = policy.refreshTokenWarning(expiresAt: refreshTokenExpiresAt, now: now()) else { return }
        logger.warning("oauth2 refresh token lapses soon: consent again and set a new refresh token", metadata: [
            "oauth2.setting": "\(setting)",
            "oauth2.refresh_token_expires_in_hours": "\(Int(left / 3600))",
            "oauth2.refresh_token_expires_at": "\(ISO8601DateFormatter().string(from: refreshTokenExpiresAt!))"])
    }
}
