/// Why bytes from the server are not a valid response. "Need more bytes" is not an error: the parser returns
/// `.needMoreBytes` for it (`IMAPParseResult`).
public struct IMAPParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem, for code that decides what to do next.
    public enum Code: Hashable, Sendable {
        /// The bytes break the grammar (the response is complete and wrong, or its first bytes can never start one).
        case malformed
        /// A line (without its literals) is longer than `IMAPResponseParser.Limits.maxLineLength`.
        case lineTooLong
        /// A literal announces more bytes than `Limits.maxLiteralSize`.
        case literalTooLarge
        /// One response, literals included, is larger than `Limits.maxResponseSize`.
        case responseTooLarge
        /// Parentheses nest deeper than `Limits.maxDepth`.
        case tooDeep
    }

    /// What kind of problem.
    public let code: Code
    /// What was wrong and where.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

/// What `IMAPResponseParser.next()` found.
public enum IMAPParseResult: Sendable, Equatable {
    /// A complete response.
    case response(IMAPResponse)
    /// The buffered bytes are a valid beginning; append more.
    case needMoreBytes
}
