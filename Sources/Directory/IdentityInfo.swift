/// Who a user is: Amazon Connect's `UserIdentityInfo` (the fields this help desk uses).
public struct IdentityInfo: Hashable, Sendable, Codable {
    /// `FirstName`. Required when Connect manages identities.
    public var firstName: String
    /// `LastName`. Required when Connect manages identities.
    public var lastName: String
    /// `Email`: where Connect sends the password-reset mail. Optional to Connect, but without it the user cannot
    /// reset their own password (the guide: "it should not be left blank").
    public var email: String?

    /// Creates identity information; an empty email is stored as none.
    public init(firstName: String, lastName: String, email: String? = nil) {
        self.firstName = firstName
        self.lastName = lastName
        self.email = email.flatMap { $0.isEmpty ? nil : $0 }
    }

    enum CodingKeys: String, CodingKey {
        case firstName = "FirstName", lastName = "LastName", email = "Email"
    }
}
