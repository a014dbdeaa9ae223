public import Directory

/// One entry of `ListUsers`: enough to tell whether a user changed since it was last described.
public struct UserSummary: Decodable, Sendable, Hashable {
    /// `Id`.
    public var id: UserID
    /// `Username`.
    public var username: String
    /// `LastModifiedTime` (seconds since 1970), when Connect gives it.
    public var lastModified: Double?

    /// Creates a summary.
    public init(id: UserID, username: String, lastModified: Double? = nil) {
        self.id = id
        self.username = username
        self.lastModified = lastModified
    }

    enum CodingKeys: String, CodingKey { case id = "Id", username = "Username", lastModified = "LastModifiedTime" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(UserID.self, forKey: .id)
        username = try c.decodeIfPresent(String.self, forKey: .username) ?? ""
        lastModified = try c.decodeIfPresent(Double.self, forKey: .lastModified)
    }
}
