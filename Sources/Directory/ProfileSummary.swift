/// A routing profile, security profile or agent hierarchy group, as Connect's list calls return them.
public struct ProfileSummary: Hashable, Sendable, Codable {
    /// `Id`: the profile's identifier (a UUID).
    public var id: String
    /// `Arn`.
    public var arn: String
    /// `Name`, e.g. "Contact Tracers".
    public var name: String

    /// Creates a summary.
    public init(id: String, arn: String, name: String) {
        self.id = id
        self.arn = arn
        self.name = name
    }

    enum CodingKeys: String, CodingKey { case id = "Id", arn = "Arn", name = "Name" }
}
