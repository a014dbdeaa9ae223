public import Triage

/// Something that happens to a ticket; `TicketLifecycle` says which state it leads to.
public enum TicketEvent: Sendable, Equatable {
    /// Triage chose a category (`received -> classified`).
    case classify(Category)
    /// A playbook prepared its plan (`classified -> planned`).
    case plan
    /// The plan needs an admin's approval (`planned -> awaiting_approval`).
    case requireApproval
    /// An admin approved; the plan starts (`awaiting_approval -> executing`).
    case approve
    /// An admin rejected; the plan is prepared again without the rejected action (`awaiting_approval -> planned`).
    case reject
    /// Nobody decided in time (`awaiting_approval -> needs_human`).
    case expire
    /// A plan that needs no approval starts (`planned -> executing`).
    case startExecuting
    /// The plan's actions finished (`executing -> executing`: recorded in the audit trail; the reply follows).
    case executed
    /// The reply was queued (`planned` (a reply-only plan) or `executing -> replied`).
    case reply
    /// Nothing more to do (from `received`, `classified`, `replied`, `needs_human` or `quarantined`).
    case close
    /// The bot stops and a person takes over (from any open state but `needs_human`).
    case handToHuman(reason: String)
    /// Processing failed unexpectedly (from `received`, `classified`, `planned`, `awaiting_approval`, `executing`).
    case quarantine(reason: String)
    /// An admin asks the bot to process the ticket again from the start (`quarantined` or `needs_human -> received`).
    /// Playbooks must check the ticket's recorded actions so nothing already done is done twice.
    case retry
    /// An admin gives the ticket another category (`needs_human` or `quarantined -> classified`): the old plan is
    /// superseded and the running service plans again from the request, which a person's ticket keeps in the INBOX.
    case reclassify(Category)

    /// The event without its data: what the audit trail's `what` column stores.
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case classify, plan, requireApproval = "require_approval", approve, reject, expire
        case startExecuting = "start_executing", executed, reply, close
        case handToHuman = "hand_to_human", quarantine, retry, reclassify
    }

    /// This event's kind.
    public var kind: Kind {
        switch self {
        case .classify: .classify
        case .plan: .plan
        case .requireApproval: .requireApproval
        case .approve: .approve
        case .reject: .reject
        case .expire: .expire
        case .startExecuting: .startExecuting
        case .executed: .executed
        case .reply: .reply
        case .close: .close
        case .handToHuman: .handToHuman
        case .quarantine: .quarantine
        case .retry: .retry
        case .reclassify: .reclassify
        }
    }

    /// The reason carried by `handToHuman` and `quarantine`.
    public var reason: String? {
        switch self {
        case .handToHuman(let r), .quarantine(let r): r
        default: nil
        }
    }
}
