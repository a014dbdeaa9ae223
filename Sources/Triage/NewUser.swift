/// A person a requester asks to have created in Amazon Connect.
public struct NewUser: Sendable, Equatable, Codable {
    /// First name as written.
    public var first: String
    /// Last name as written.
    public var last: String
    /// Email address, when given.
    public var email: String?
    /// Routing profile, normalised to a configured name when recognised, else as written.
    public var routingProfile: String?
    /// Security profile, normalised when recognised, else as written; nil when not stated.
    public var securityProfile: String?
    /// The login the requester gave (CSV "User Login"), if any.
    public var requestedLogin: String?
    /// Where the person was found: "attachment users.csv row 3", "text line 5".
    public var source: String

    enum CodingKeys: String, CodingKey {
        case first, last, email
        case routingProfile = "routing_profile"
        case securityProfile = "security_profile"
        case requestedLogin = "login"
        case source
    }
}

/// The person an account problem is about (not always the sender).
public struct PersonConcerned: Sendable, Equatable, Codable {
    /// Full name, "First Last".
    public var name: String?
    /// Email address: one the message names for them, else the sender's.
    public var email: String?
    /// The login: the user ID the message gives, else `Firstname.Lastname` with accents folded.
    public var login: String?
    /// Whether this is someone other than the sender.
    public var isThirdParty: Bool

    enum CodingKeys: String, CodingKey {
        case name, email, login
        case isThirdParty = "third_party"
    }
}

/// An approver's decision on a queued action.
public enum ApprovalDecision: String, Sendable, Codable {
    /// Go ahead.
    case approve
    /// Do not.
    case reject
}
