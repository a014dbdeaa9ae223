/// A password on its way to the directory. It prints, dumps and logs as `<redacted>` and is not `Codable`,
/// so that it cannot end up in a log line, a JSON file or a database by accident.
public struct Password: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The secret itself. Read it only to hand it to the identity provider.
    public let revealed: String

    /// Wraps a secret.
    public init(_ secret: String) { revealed = secret }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
