/// A failure talking to Amazon Connect that is not one of the directory's own (`DirectoryError`): what happened
/// and what to do. Never contains a password or a key.
public struct ConnectError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, for code that decides what to do next.
    public enum Code: Hashable, Sendable {
        /// Connect kept answering 429 / `ThrottlingException` after every retry.
        case throttled
        /// Connect kept failing (5xx) or no answer came (timeouts, connections) after every retry.
        case unavailable
        /// A change (CreateUser) got no clear answer: it may or may not have been made.
        case outcomeUnknown
        /// The credentials were refused or lack a permission (`AccessDeniedException`, 401/403).
        case accessDenied
        /// Connect refused the request as invalid (`InvalidParameterException`, `InvalidRequestException`, ...).
        case rejected
        /// A quota was reached (`LimitExceededException`, `ServiceQuotaExceededException`).
        case limitExceeded
        /// The answer could not be read.
        case malformedResponse
        /// The email index has not described every user yet, so a search by email could miss someone.
        case indexIncomplete
    }

    /// What went wrong.
    public let code: Code
    /// What happened and what to do.
    public let message: String
    /// Connect's error type (`ThrottlingException`), when it gave one.
    public let serviceType: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, serviceType: String? = nil) {
        self.code = code
        self.message = message
        self.serviceType = serviceType
    }

    public var description: String { message }
}
