/// Why no credentials or region could be loaded, and what to do about it. Never contains a secret.
public struct AWSCredentialsError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, for code that decides what to do next.
    public enum Code: Hashable, Sendable {
        /// No source had credentials.
        case notFound
        /// A source had half a key pair (an access key id without its secret, or the reverse).
        case incomplete
        /// `AWS_PROFILE` names a profile neither file has.
        case unknownProfile
        /// The profile gets credentials in a way this loader does not support (role, SSO, a process).
        case unsupportedProfile
        /// No region is set.
        case noRegion
    }

    /// What went wrong.
    public let code: Code
    /// What happened and what to do.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
