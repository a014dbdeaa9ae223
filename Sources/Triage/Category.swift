/// What a message is about, as the guide's procedures divide the work (definitions in docs/categories.md).
public enum Category: String, Sendable, Codable, CaseIterable, Comparable {
    /// A request to create Amazon Connect accounts for new staff.
    case newUser = "new_user"
    /// The credentials email (login URL and user ID) never arrived, was lost, or went to a wrong or dead address.
    case emailNotReceived = "email_not_received"
    /// The person tried the self-service "Forgot Password?" reset and it failed.
    case resetFailed = "reset_failed"
    /// An explicit request to reset, re-create or unlock an account.
    case accountReset = "account_reset"
    /// The Connect softphone (CCP) is missing or does not load inside Salesforce.
    case ccpAccess = "ccp_access"
    /// An admin approves or rejects a queued action under a `[MOACTS #N]` subject tag.
    case approval
    /// An automatic reply: out of office, vacation, a ticket system's acknowledgement.
    case autoReply = "auto_reply"
    /// A delivery failure or delay report.
    case bounce
    /// Everything a human must handle.
    case other

    public static func < (a: Category, b: Category) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// Whether the bot may answer a message of this category at all (never for machine-written mail).
    public var allowsReply: Bool { self != .autoReply && self != .bounce }
}
