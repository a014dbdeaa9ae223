/// Why no access token could be had, and what to do. Never holds a token or a secret.
public struct OAuth2Error: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure, for code that decides what to do next.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Raw: Hashable, Sendable { case refreshTokenRefused, clientRefused, endpointFailed, unreachable }
        private let raw: Raw

        /// The token endpoint refused the refresh token (`invalid_grant`, RFC 6749 §5.2): revoked, expired, or
        /// consent withdrawn. Retrying does not help; a person must consent again and configure the new token.
        public static let refreshTokenRefused = Code(raw: .refreshTokenRefused)
        /// The endpoint refused the client (`invalid_client`, `unauthorized_client`): wrong client id or secret.
        public static let clientRefused = Code(raw: .clientRefused)
        /// The endpoint answered with another error or with something that is not a token response.
        public static let endpointFailed = Code(raw: .endpointFailed)
        /// The endpoint could not be reached or did not answer in time; retrying later may work.
        public static let unreachable = Code(raw: .unreachable)

        public var description: String { "\(raw)" }
    }

    /// What went wrong.
    public let code: Code
    /// The `error` code of the endpoint's answer (`invalid_grant`, ...), when it gave one.
    public let oauthError: String?
    /// What happened and what to do.
    public let message: String

    /// An error.
    public init(_ code: Code, oauthError: String? = nil, message: String) {
        self.code = code
        self.oauthError = oauthError
        self.message = message
    }

    /// True when asking again later may work.
    public var isTransient: Bool { code == .unreachable || (code == .endpointFailed && oauthError == "temporarily_unavailable") }

    public var description: String { message }
}
