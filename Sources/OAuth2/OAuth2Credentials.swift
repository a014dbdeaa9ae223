public import Foundation

/// What a client needs to get access tokens from a refresh token (RFC 6749 §6): the token endpoint, the client's
/// identity, the refresh token and the scope. `description` never shows the secret or the refresh token.
public struct OAuth2Credentials: Sendable, Equatable, CustomStringConvertible {
    /// The token endpoint, e.g. `https://login.microsoftonline.com/TENANT/oauth2/v2.0/token` or
    /// `https://oauth2.googleapis.com/token`.
    public var tokenURL: String
    /// The client (application) id.
    public var clientID: String
    /// The client secret, for a confidential client; nil for a public client.
    public var clientSecret: String?
    /// The refresh token the user's consent produced.
    public var refreshToken: String
    /// The scope to ask for (space-separated), e.g. `https://outlook.office.com/IMAP.AccessAsUser.All offline_access`;
    /// nil asks for the scope of the original grant.
    public var scope: String?
    /// When the refresh token lapses, when known (the provider's policy; a `refresh_token_expires_in` in an answer
    /// replaces it).
    public var refreshTokenExpiresAt: Date?
    /// The configuration keys these came from, e.g. `mailbox.oauth2`: errors and warnings name
    /// `<settingsPrefix>.refresh_token` so a person knows what to change. Nil names no key.
    public var settingsPrefix: String?
    /// A CA file to verify the token endpoint with (nil: the system's CAs).
    public var caFile: String?
    /// How a person sets a new refresh token, for the message of a refused one (e.g. "the environment variable X or
    /// the file named by Y"); nil says only the setting's name.
    public var refreshTokenHelp: String?

    /// Credentials.
    public init(tokenURL: String, clientID: String, clientSecret: String? = nil, refreshToken: String,
                scope: String? = nil, refreshTokenExpiresAt: Date? = nil, settingsPrefix: String? = nil,
                caFile: String? = nil, refreshTokenHelp: String? = nil) {
        self.tokenURL = tokenURL
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.refreshToken = refreshToken
        self.scope = scope
        self.refreshTokenExpiresAt = refreshTokenExpiresAt
        self.settingsPrefix = settingsPrefix
        self.caFile = caFile
        self.refreshTokenHelp = refreshTokenHelp
    }

    /// The name of a setting for messages: `mailbox.oauth2.refresh_token`, or a plain phrase without a prefix.
    public func settingName(_ key: String) -> String {
        settingsPrefix.map { "\($0).\(key)" } ?? key.replacingOccurrences(of: "_", with: " ")
    }

    public var description: String {
        "OAuth2 client \(clientID) at \(tokenURL) secret \(clientSecret == nil ? "none" : "set") refresh token set"
    }
}
