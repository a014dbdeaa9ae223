/// Limits checked before and during parsing, so that no input can make the parser run away.
public struct ParseLimits: Sendable, Equatable {
    /// The largest message accepted, in bytes (default 25 MB).
    public var maxMessageBytes: Int
    /// The largest header block of the message or of any part, in bytes (default 256 KiB).
    public var maxHeaderBytes: Int
    /// The deepest nesting of multipart and message/rfc822 parts (default 20).
    public var maxDepth: Int
    /// The most MIME parts in one message (default 500).
    public var maxParts: Int
    /// The share of the body text's non-blank characters that may be unreadable (U+FFFD, NUL, control characters)
    /// before the message is refused as `unreadableText` (default 0.25).
    public var maxUnreadableShare: Double
    /// How many unreadable characters there must at least be for that refusal (default 32): a short body with one
    /// bad byte is read leniently.
    public var minUnreadableCharacters: Int

    /// Creates limits; every value must be positive.
    public init(maxMessageBytes: Int = 25 * 1024 * 1024, maxHeaderBytes: Int = 256 * 1024,
                maxDepth: Int = 20, maxParts: Int = 500, maxUnreadableShare: Double = 0.25, minUnreadableCharacters: Int = 32) {
        self.maxMessageBytes = maxMessageBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxDepth = maxDepth
        self.maxParts = maxParts
        self.maxUnreadableShare = maxUnreadableShare
        self.minUnreadableCharacters = minUnreadableCharacters
    }

    /// The defaults the issue names: 25 MB, 256 KiB of headers, depth 20, 500 parts; a body over a quarter
    /// unreadable (and at least 32 such characters) is refused.
    public static let `default` = ParseLimits()
}
