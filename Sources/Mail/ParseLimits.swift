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

    /// Creates limits; every value must be positive.
    public init(maxMessageBytes: Int = 25 * 1024 * 1024, maxHeaderBytes: Int = 256 * 1024,
                maxDepth: Int = 20, maxParts: Int = 500) {
        self.maxMessageBytes = maxMessageBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxDepth = maxDepth
        self.maxParts = maxParts
    }

    /// The defaults the issue names: 25 MB, 256 KiB of headers, depth 20, 500 parts.
    public static let `default` = ParseLimits()
}
