import Foundation
import OAuth2
import Testing

/// The pure parts: form encoding, reading the token endpoint's answer, and when to refresh and warn.
@Suite("OAuth2 pure parts")
struct OAuth2PureTests {
    @Test("form encoding escapes all but letters, digits and *-._; a space is +", arguments: [
        ("abc-XYZ_0.9*", "abc-XYZ_0.9*"),
        ("a b", "a+b"),
        ("a+b&c=d/e", "a%2Bb%26c%3Dd%2Fe"),
        ("https://outlook.office.com/IMAP.AccessAsUser.All offline_access",
         "https%3A%2F%2Foutlook.office.com%2FIMAP.AccessAsUser.All+offline_access"),
        ("é~", "%C3%A9%7E"),
    ])
    func formEscape(_ input: String, _ expected: String) {
        #expect(FormEncoding.escape(input) == expected)
    }

    @Test("form encoding joins fields in order")
    func formEncode() {
        #expect(FormEncoding.encode([("grant_type", "refresh_token"), ("scope", "a b")]) == "grant_type=refresh_token&scope=a+b")
    }

    static func parse(_ status: Int, _ json: String) -> Result<OAuth2AccessToken, OAuth2Error> {
        OAuth2TokenResponse.parse(status: status, body: Array(json.utf8), refreshTokenSetting: "mailbox.oauth2.refresh_token",
                                  endpoint: "https://login.example/token")
    }

    @Test("a token answer: the token, its lifetime, a rotated refresh token and the refresh token's lifetime")
    func token() throws {
        let token = try Self.parse(200, #"{"access_token":"AT","token_type":"bearer","expires_in":3599,"refresh_token":"RT2","refresh_token_expires_in":"86400","scope":"s"}"#).get()
        #expect(token == OAuth2AccessToken(value: "AT", tokenType: "bearer", expiresIn: 3599, refreshToken: "RT2",
                                           refreshTokenExpiresIn: 86400, scope: "s"))
        #expect(!token.description.contains("AT\"") && !token.description.contains("RT2"))
        let minimal = try Self.parse(200, #"{"access_token":"AT"}"#).get()
        #expect(minimal.expiresIn == nil && minimal.refreshToken == nil && minimal.tokenType == "Bearer")
    }

    @Test("answers that are not usable tokens", arguments: [
        (200, #"{"token_type":"Bearer"}"#, OAuth2Error.Code.endpointFailed),
        (200, "<html>login</html>", .endpointFailed),
        (200, #"{"access_token":"AT","token_type":"mac"}"#, .endpointFailed),
        (400, #"{"error":"invalid_grant","error_description":"AADSTS70008: expired"}"#, .refreshTokenRefused),
        (401, #"{"error":"invalid_client"}"#, .clientRefused),
        (400, #"{"error":"unauthorized_client"}"#, .clientRefused),
        (400, #"{"error":"invalid_scope"}"#, .endpointFailed),
        (503, "Service Unavailable", .unreachable),
        (429, "", .unreachable),
        (404, "Not Found", .endpointFailed),
    ])
    func errors(_ status: Int, _ body: String, _ code: OAuth2Error.Code) {
        guard case .failure(let error) = Self.parse(status, body) else {
            Issue.record("expected an error")
            return
        }
        #expect(error.code == code)
    }

    @Test("a refused refresh token says to consent again and names the setting")
    func refusedMessage() throws {
        guard case .failure(let error) = Self.parse(400, #"{"error":"invalid_grant"}"#) else {
            Issue.record("expected an error")
            return
        }
        #expect(error.oauthError == "invalid_grant")
        #expect(error.message.contains("mailbox.oauth2.refresh_token"))
        #expect(error.message.contains("consent again"))
        #expect(!error.isTransient)
    }

    @Test("refresh 5 minutes before expiry; a short-lived token at half its life; 1 hour when no lifetime is given")
    func refreshTime() {
        let policy = OAuth2RefreshPolicy()
        let t0 = Date(timeIntervalSince1970: 1_000_000)
        #expect(policy.refreshTime(receivedAt: t0, expiresIn: 3600) == t0.addingTimeInterval(3300))
        #expect(policy.refreshTime(receivedAt: t0, expiresIn: 3) == t0.addingTimeInterval(1.5))
        #expect(policy.refreshTime(receivedAt: t0, expiresIn: nil) == t0.addingTimeInterval(3300))
        #expect(policy.refreshTime(receivedAt: t0, expiresIn: 0) == t0)
        #expect(policy.needsRefresh(refreshAt: nil, now: t0))
        #expect(!policy.needsRefresh(refreshAt: t0.addingTimeInterval(1), now: t0))
        #expect(policy.needsRefresh(refreshAt: t0, now: t0))
    }

    @Test("warn only within the window (default 7 days) of the refresh token's known expiry")
    func warning() {
        let policy = OAuth2RefreshPolicy()
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(policy.refreshTokenWarning(expiresAt: nil, now: now) == nil)
        #expect(policy.refreshTokenWarning(expiresAt: now.addingTimeInterval(8 * 86_400), now: now) == nil)
        #expect(abs((policy.refreshTokenWarning(expiresAt: now.addingTimeInterval(7 * 86_400), now: now) ?? -1) - 7 * 86_400) < 0.01)
        #expect(policy.refreshTokenWarning(expiresAt: now.addingTimeInterval(-5), now: now) == 0)
        let short = OAuth2RefreshPolicy(warningWindow: .seconds(60))
        #expect(short.refreshTokenWarning(expiresAt: now.addingTimeInterval(61), now: now) == nil)
    }

    @Test("credentials never show the secret or the refresh token")
    func credentialsDescription() {
        let c = OAuth2Credentials(tokenURL: "https://t", clientID: "cid", clientSecret: "SECRET1", refreshToken: "SECRET2")
        #expect(!c.description.contains("SECRET"))
        #expect(c.settingName("refresh_token") == "refresh token")
        #expect(OAuth2Credentials(tokenURL: "", clientID: "", refreshToken: "", settingsPrefix: "outgoing.oauth2")
            .settingName("refresh_token") == "outgoing.oauth2.refresh_token")
    }
}
