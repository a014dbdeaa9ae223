import Foundation

/// An access token with what the endpoint said about it (RFC 6749 §5.1).
public struct OAuth2AccessToken: Sendable, Equatable, CustomStringConvertible {
    /// The token itself (never logged).
    public var value: String
    /// `token_type`, usually `Bearer`.
    public var tokenType: String
    /// `expires_in`: the lifetime in seconds, when the endpoint gave one.
    public var expiresIn: Int?
    /// `refresh_token`: a new refresh token that replaces the one used (rotation), when given.
    public var refreshToken: String?
    /// `refresh_token_expires_in` (Microsoft's extension): seconds until the refresh token lapses, when given.
    public var refreshTokenExpiresIn: Int?
    /// `scope`, when given.
    public var scope: String?

    /// A token.
    public init(value: String, tokenType: String = "Bearer", expiresIn: Int? = nil, refreshToken: String? = nil,
                refreshTokenExpiresIn: Int? = nil, scope: String? = nil) {
        self.value = value
        self.tokenType = tokenType
        self.expiresIn = expiresIn
        self.refreshToken = refreshToken
        self.refreshTokenExpiresIn = refreshTokenExpiresIn
        self.scope = scope
    }

    public var description: String {
        "\(tokenType) token expires_in \(expiresIn.map(String.init) ?? "-")\(refreshToken == nil ? "" : " rotated refresh token")"
    }
}

/// Reads the token endpoint's answer: a token (RFC 6749 §5.1) or an error (§5.2), as an `OAuth2Error` whose message
/// says what to do and names `refreshTokenSetting` for a refused refresh token. Pure.
public enum OAuth2TokenResponse {
    /// The token in a 200 answer, or the error of any other.
    public static func parse(status: Int, body: [UInt8], refreshTokenSetting: String,
                             endpoint: String) -> Result<OAuth2AccessToken, OAuth2Error> {
        let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        if status == 200 {
            guard let object, let token = object["access_token"] as? String, !token.isEmpty else {
                return .failure(OAuth2Error(.endpointFailed, message: "The token endpoint \(endpoint) answered 200 "
                    + "without an access_token in a JSON object. Check that the token URL is the provider's token "
                    + "endpoint."))
            }
            let type = object["token_type"] as? String ?? "Bearer"
            guard type.lowercased() == "bearer" else {
                return .failure(OAuth2Error(.endpointFailed, message: "The token endpoint \(endpoint) gave a token of "
                    + "type \(type), not Bearer; XOAUTH2 needs a Bearer token. Check the token URL."))
            }
            return .success(OAuth2AccessToken(
                value: token, tokenType: type, expiresIn: integer(object["expires_in"]),
                refreshToken: (object["refresh_token"] as? String).flatMap { $0.isEmpty ? nil : $0 },
                refreshTokenExpiresIn: integer(object["refresh_token_expires_in"]), scope: object["scope"] as? String))
        }
        let code = object?["error"] as? String
        let described = (object?["error_description"] as? String).map { ": \(firstLine($0))" } ?? ""
        switch code {
        case "invalid_grant":
            return .failure(OAuth2Error(.refreshTokenRefused, oauthError: code, message: "The token endpoint "
                + "\(endpoint) refused the refresh token (invalid_grant\(described)): it was revoked, it expired, or "
                + "the consent was withdrawn. Have the mailbox's owner consent again to get a new refresh token, and "
                + "put it in \(refreshTokenSetting); then restart the bot."))
        case "invalid_client", "unauthorized_client":
            return .failure(OAuth2Error(.clientRefused, oauthError: code, message: "The token endpoint \(endpoint) "
                + "refused the client (\(code!)\(described)). Check the client id and client secret settings against "
                + "the app registration."))
        case let code?:
            return .failure(OAuth2Error(.endpointFailed, oauthError: code, message: "The token endpoint \(endpoint) "
                + "answered HTTP \(status) with error \(code)\(described). Check the token URL, client and scope "
                + "settings."))
        case nil:
            let retry = status >= 500 || status == 429
            return .failure(OAuth2Error(retry ? .unreachable : .endpointFailed, message: "The token endpoint "
                + "\(endpoint) answered HTTP \(status) without an OAuth error. "
                + (retry ? "It will be asked again; if it persists, check the provider's status."
                         : "Check that the token URL is the provider's token endpoint.")))
        }
    }

    static func integer(_ value: Any?) -> Int? {
        switch value {
        case let n as NSNumber: return n.intValue
        case let s as String: return Int(s)
        default: return nil
        }
    }

    static func firstLine(_ text: String) -> String {
        String(text.prefix { $0 != "\n" && $0 != "\r" }.prefix(200))
    }
}
