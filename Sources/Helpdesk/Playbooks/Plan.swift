import Foundation

/// A change the bot would make in the user directory. Preparing a plan never writes; executing does.
public enum PlannedStep: Sendable, Equatable, Codable {
    /// CreateUser for a new person (with a fresh random password that is never stored nor sent).
    case createUser(NewUserSpec)
    /// UpdateUserIdentityInfo: set the email on file of an existing user.
    case setEmail(username: String, userID: String, email: String)
    /// The guide's account reset: DeleteUser, then CreateUser from the saved snapshot with a new password.
    case resetAccount(username: String, userID: String)

    /// "create_user", "set_email", "reset_account": the action kind in the store.
    public var kind: String {
        switch self {
        case .createUser: "create_user"
        case .setEmail: "set_email"
        case .resetAccount: "reset_account"
        }
    }

    /// The login the step is about.
    public var target: String {
        switch self {
        case .createUser(let s): s.login
        case .setEmail(let u, _, _), .resetAccount(let u, _): u
        }
    }
}

/// What CreateUser needs for one person. Holds no password.
public struct NewUserSpec: Sendable, Equatable, Codable {
    /// First name.
    public var first: String
    /// Last name.
    public var last: String
    /// Email on file (required by the guide: without it the user cannot reset their own password).
    public var email: String
    /// The login, `Firstname.Lastname`.
    public var login: String
    /// The routing profile's name.
    public var routingProfile: String
    /// The security profile's name.
    public var securityProfile: String
}

/// Something the bot will say, rendered from a template when the ticket replies.
public enum Notice: Sendable, Equatable, Codable {
    /// The guide's standard credential email, to the address on file of `login`.
    case credentials(login: String, email: String)
    /// The Forgot-Password steps with the User ID, to the address on file.
    case resetSteps(login: String, email: String)
    /// An acknowledgement to the requester with what happens next.
    case acknowledgement(summary: String)
    /// Ask the requester for exactly what is missing.
    case needMoreInfo(missing: [String])
    /// No account exists for the person; a supervisor must request one.
    case noAccount(person: String, searched: String)
    /// A person at the help desk will take it.
    case handoff
    /// Each requested person's outcome.
    case newUserOutcome([PersonOutcome])
    /// The account was reset; the credential email went to the address on file.
    case accountResetDone(person: String, login: String)
    /// The change (`action`, in words) waits for an admin, who has `hours` to decide.
    case approvalPending(action: String, hours: Int)
    /// The approved change was made.
    case approvalDone(action: String)
    /// An admin rejected the change, for `reason`.
    case approvalRejected(action: String, reason: String)
    /// Nobody decided in time; a person takes over.
    case approvalExpired(action: String)

    /// Whether the notice goes to the requester (rather than to a user's address on file).
    func reachesRequester(_ requester: String) -> Bool {
        switch self {
        case .credentials(_, let email), .resetSteps(_, let email): email.lowercased() == requester.lowercased()
        default: true
        }
    }
}

/// What happened, or will happen, for one person of a new-user request.
public struct PersonOutcome: Sendable, Equatable, Codable {
    /// How it ended.
    public enum Status: String, Sendable, Codable {
        /// Will be created (before execution) or was created.
        case created
        /// A user with this login and email exists already.
        case alreadyExisted = "already_existed"
        /// Someone must look (another person has the login, an unknown profile ...).
        case needsHuman = "needs_human"
        /// Fields are missing or invalid.
        case missingFields = "missing_fields"
    }
    /// The person's name as requested.
    public var name: String
    /// Their email, when given.
    public var email: String?
    /// The login.
    public var login: String?
    /// The status.
    public var status: Status
    /// Why, for needsHuman and missingFields.
    public var detail: String?
}

/// A playbook's prepared plan: the directory changes, whether they need an admin's approval, what to say, and
/// whether a person must take over.
public struct Plan: Sendable, Equatable {
    /// Directory changes, in order.
    public var steps: [PlannedStep]
    /// Whether the steps wait for an admin.
    public var needsApproval: Bool
    /// Why approval is needed (shown to the admin).
    public var approvalReason: String?
    /// What to say once the steps are done (or right away when there are none).
    public var notices: [Notice]
    /// When set, the ticket goes to a person with this reason after the notices.
    public var humanReason: String?
    /// One line for the audit trail and the admin.
    public var summary: String
    /// A user's state before the plan (a reset's snapshot), as JSON with no secrets.
    public var snapshotJSON: String?

    /// Creates a plan.
    public init(steps: [PlannedStep] = [], needsApproval: Bool = false, approvalReason: String? = nil,
                notices: [Notice] = [], humanReason: String? = nil, summary: String, snapshotJSON: String? = nil) {
        self.steps = steps
        self.needsApproval = needsApproval
        self.approvalReason = approvalReason
        self.notices = notices
        self.humanReason = humanReason
        self.summary = summary
        self.snapshotJSON = snapshotJSON
    }
}
