/// An AWS access key pair and, for temporary credentials, its session token.
///
/// Prints and dumps without its secrets (`AKIDEXAMPLE/<redacted>`), so it cannot end up in a log by accident.
public struct AWSCredentials: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable {
    /// The access key id, e.g. `AKIAIOSFODNN7EXAMPLE`. Not secret; it appears in every Authorization header.
    public var accessKeyID: String
    /// The secret access key. Read it only to sign.
    public var secretAccessKey: String
    /// The session token of temporary credentials (STS, SSO, instance roles); sent as `X-Amz-Security-Token`.
    public var sessionToken: String?

    /// Creates credentials; an empty session token is treated as none.
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken.flatMap { $0.isEmpty ? nil : $0 }
    }

    public var description: String {
        "\(accessKeyID)/<redacted>" + (sessionToken == nil ? "" : " with a session token")
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["accessKeyID": accessKeyID]) }
}
