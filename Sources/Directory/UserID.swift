public import Foundation

/// The identifier of a user in the directory: Amazon Connect's `UserId`, a UUID.
public struct UserID: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The UUID in its canonical lowercase text form, as Connect prints it.
    public let rawValue: String

    /// Wraps an identifier as the directory gave it.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// The identifier of `uuid`, lowercase as Connect writes it.
    public init(_ uuid: UUID) { self.rawValue = uuid.uuidString.lowercased() }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}
