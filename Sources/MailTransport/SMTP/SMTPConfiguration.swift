/// Where and how `CurlSMTPSender` submits mail. TLS is always required: `smtp://` upgrades with STARTTLS
/// (RFC 3207; `CURLOPT_USE_SSL = CURLUSESSL_ALL`, so a server without STARTTLS is a TLS error, never plain text),
/// `smtps://` is implicit TLS (RFC 8314 §3.3).
public struct SMTPConfiguration: Sendable, CustomStringConvertible {
    /// How the sender proves who it is (AUTH, RFC 4954).
    public enum Credential: Sendable {
        /// A password (SASL PLAIN or LOGIN, whichever the server offers).
        case password(String)
        /// An OAuth 2.0 access token for SASL XOAUTH2 (Microsoft 365, Gmail), asked for before every send so the
        /// provider can refresh it: `CURLOPT_XOAUTH2_BEARER` with `CURLOPT_LOGIN_OPTIONS "AUTH=XOAUTH2"`.
        case oauth2(tokenProvider: @Sendable () async throws -> String)
    }

    /// `smtp://host:port` (STARTTLS, usually port 587) or `smtps://host:port` (implicit TLS, usually 465).
    public var url: String
    /// The login name; nil sends without AUTH (only for a server that takes mail from us unauthenticated).
    public var user: String?
    /// The password or token provider; never logged or printed.
    public var credential: Credential?
    /// A PEM file of the CAs to trust (`CURLOPT_CAINFO`); nil trusts the system's CAs. The server's certificate
    /// and host name are always verified.
    public var caFile: String?
    /// How long connecting, TLS and login may take (`CURLOPT_CONNECTTIMEOUT_MS`).
    public var connectTimeout: Duration
    /// How long one whole send may take (`CURLOPT_TIMEOUT_MS`), connecting included.
    public var timeout: Duration
    /// The name said in EHLO; nil lets libcurl use this machine's host name.
    public var heloName: String?

    /// Creates a configuration.
    public init(url: String, user: String? = nil, credential: Credential? = nil, caFile: String? = nil,
                connectTimeout: Duration = .seconds(15), timeout: Duration = .seconds(60), heloName: String? = nil) {
        self.url = url
        self.user = user
        self.credential = credential
        self.caFile = caFile
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.heloName = heloName
    }

    /// True for `smtps://` (implicit TLS), false for `smtp://` (STARTTLS).
    public var implicitTLS: Bool { url.lowercased().hasPrefix("smtps://") }

    /// The URL handed to libcurl: the EHLO name is the URL's path (`smtp://host:port/name`).
    var curlURL: String {
        let lower = url.lowercased()
        let rest = url.dropFirst(lower.hasPrefix("smtps://") ? 8 : 7)
        let authority = rest.prefix { $0 != "/" }
        let prefix = url.prefix(url.count - rest.count) + authority
        guard let heloName, !heloName.isEmpty else { return String(url) }
        return prefix + "/" + heloName
    }

    /// The problem with this configuration, or nil when it can be used.
    public var problem: String? {
        let lower = url.lowercased()
        guard lower.hasPrefix("smtp://") || lower.hasPrefix("smtps://") else {
            return "The SMTP URL must start with smtp:// (STARTTLS) or smtps:// (implicit TLS); got \"\(url)\"."
        }
        if url.contains(where: { $0.isNewline || $0 == " " }) { return "The SMTP URL has a space or a line break." }
        if credential != nil && (user ?? "").isEmpty { return "An SMTP password or token needs a user name too." }
        if let heloName, heloName.contains(where: { $0.isNewline || $0 == " " || $0 == "/" }) {
            return "The EHLO name must be a plain host name."
        }
        return nil
    }

    public var description: String {
        let auth: String
        switch credential {
        case .password: auth = "password"
        case .oauth2: auth = "XOAUTH2"
        case nil: auth = "none"
        }
        return "SMTP \(url) user \(user ?? "-") auth \(auth)"   // never the secret
    }
}
