/// Why a message could not be parsed. The message is quarantined with this reason; it is never dropped.
public struct MailParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, stable for tests and for the quarantine table.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// The input holds no bytes, or only white space.
        case empty
        /// The input does not start with a header field: it is not an RFC 5322 message.
        case notAMessage
        /// The message is larger than `ParseLimits.maxMessageBytes`.
        case messageTooLarge
        /// A header block is larger than `ParseLimits.maxHeaderBytes`.
        case headerTooLarge
        /// Multipart or message/rfc822 parts nest deeper than `ParseLimits.maxDepth`.
        case tooDeep
        /// The message has more parts than `ParseLimits.maxParts`.
        case tooManyParts
        /// The header block holds NUL bytes, which no mail system writes.
        case nulInHeaders
        /// The body text is mostly undecodable: bytes its charset cannot read (U+FFFD), NUL bytes or other control
        /// characters (`ParseLimits.maxUnreadableShare`). A few such characters are read leniently; a body made of
        /// them is binary or garbage that no rule can read, so a person looks at it.
        case unreadableText
    }

    /// The kind of failure.
    public let kind: Kind
    /// A sentence for the admin: what is wrong and what was measured.
    public let reason: String

    /// Creates an error of `kind` with a human-readable reason.
    public init(_ kind: Kind, _ reason: String) {
        self.kind = kind
        self.reason = reason
    }

    public var description: String { "\(kind.rawValue): \(reason)" }
}
