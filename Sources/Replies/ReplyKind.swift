/// Every email the bot sends, and the template files each one needs in `templates/`.
public enum ReplyKind: String, Sendable, CaseIterable {
    /// The guide's standard credential email ("MOACTS Email Template" appendix), to the address on file.
    case credentials = "credentials"
    /// "We received your request."
    case acknowledgement = "acknowledgement"
    /// The request lacks details the bot needs.
    case needMoreInfo = "need-more-info"
    /// No Amazon Connect account was found for the person.
    case noAccount = "no-account"
    /// The guide's "Login on Connect" (Forgot Password) steps.
    case resetSteps = "reset-steps"
    /// Asks an admin to approve a risky action; sent to admins only, never Cc'd to the shared mailbox.
    case approvalRequest = "approval-request"
    /// The account was reset (removed and created again).
    case accountResetDone = "account-reset-done"
    /// A person will take the request over.
    case humanHandoff = "human-handoff"
    /// Tells the requester what happened to each new user asked for.
    case newUserOutcome = "new-user-outcome"
    /// The daily list, for admins, of the requests that need a person.
    case needsHumanDigest = "needs-human-digest"
    /// Tells the requester the change waits for an admin's approval.
    case approvalPending = "approval-pending"
    /// Tells the requester the approved change was made.
    case approvalDone = "approval-done"
    /// Tells the requester an admin rejected the change, and why.
    case approvalRejected = "approval-rejected"
    /// Tells the requester nobody approved in time and a person takes over.
    case approvalExpired = "approval-expired"
    /// Tells the admins an approved plan was void: the directory user changed after it was made.
    case planVoided = "plan-voided"
    /// Tells the admins that the send breaker tripped: the bot stopped sending until one of them resumes it.
    case sendingPaused = "sending-paused"

    /// Whether the email has an HTML alternative (`<name>.html.mustache`).
    public var hasHTML: Bool {
        switch self {
        case .credentials, .resetSteps, .newUserOutcome, .needsHumanDigest: return true
        default: return false
        }
    }

    /// The template files this kind needs, e.g. `credentials.subject.mustache`.
    public var templateFiles: [String] {
        var files = ["\(rawValue).subject.mustache", "\(rawValue).text.mustache"]
        if hasHTML { files.append("\(rawValue).html.mustache") }
        return files
    }

    /// The view model type that renders this kind.
    var modelType: any ReplyModel.Type {
        switch self {
        case .credentials: return CredentialEmail.self
        case .acknowledgement: return Acknowledgement.self
        case .needMoreInfo: return NeedMoreInfo.self
        case .noAccount: return NoAccount.self
        case .resetSteps: return ResetSteps.self
        case .approvalRequest: return ApprovalRequest.self
        case .accountResetDone: return AccountResetDone.self
        case .humanHandoff: return HumanHandoff.self
        case .newUserOutcome: return NewUserOutcome.self
        case .needsHumanDigest: return NeedsHumanDigest.self
        case .approvalPending: return ApprovalPending.self
        case .approvalDone: return ApprovalDone.self
        case .approvalRejected: return ApprovalRejected.self
        case .approvalExpired: return ApprovalExpired.self
        case .planVoided: return PlanVoided.self
        case .sendingPaused: return SendingPaused.self
        }
    }
}
