/// A store operation that could not be done. Says what happened and what to do.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Code: Sendable, Equatable {
        case noSuchTicket, noSuchMessage, noSuchAction, noSuchApproval, noSuchOutbox
        case notAResult, unknownToken, approvalNotPending, approvalExpired, secretInSnapshot, notQuarantined, notJSON
        case selfApproval, cannotReclassify, noPendingApproval
    }
    private let code: Code
    /// The explanation.
    public let description: String

    private init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }

    static func noSuchTicket(_ id: TicketID) -> StoreError { .init(.noSuchTicket, "there is no ticket \(id); `helpdesk tickets` lists them") }
    static func noSuchMessage(_ what: String) -> StoreError { .init(.noSuchMessage, "there is no recorded message \(what)") }
    static func noSuchAction(_ id: ActionID) -> StoreError { .init(.noSuchAction, "there is no action \(id)") }
    static func noSuchApproval(_ id: ApprovalID) -> StoreError { .init(.noSuchApproval, "there is no approval \(id)") }
    static func noSuchOutbox(_ id: OutboxID) -> StoreError { .init(.noSuchOutbox, "there is no outbox message \(id)") }
    static func notAResult(_ id: ActionID) -> StoreError {
        .init(.notAResult, "the result of action \(id) must be succeeded, failed or skipped, not planned")
    }
    static let unknownToken = StoreError(.unknownToken, "this approval link is not valid; ask for a new one")
    static func approvalNotPending(_ id: ApprovalID, _ state: ApprovalState) -> StoreError {
        .init(.approvalNotPending, "approval \(id) was already \(state.rawValue); a decision counts once")
    }
    static func approvalExpired(_ id: ApprovalID) -> StoreError {
        .init(.approvalExpired, "approval \(id) expired before it was decided; the ticket went to a human")
    }
    static func secretInSnapshot(_ key: String) -> StoreError {
        .init(.secretInSnapshot, "the user snapshot has a field `\(key)` that may hold a secret; remove it before saving")
    }
    static func notQuarantined(_ id: MessageRecordID) -> StoreError {
        .init(.notQuarantined, "message \(id) is not quarantined; `helpdesk quarantine list` shows those that are")
    }
    static func selfApproval(_ id: ApprovalID, _ who: String) -> StoreError {
        .init(.selfApproval, "\(who) asked for this change and cannot approve it (approval \(id)); another admin must decide")
    }
    static func cannotReclassify(_ id: TicketID, _ state: TicketState) -> StoreError {
        .init(.cannotReclassify, "ticket \(id) is \(state.rawValue); only a ticket waiting for a person (needs_human or quarantined) can be reclassified. For a pending approval, reject it with a reason")
    }
    static func noPendingApproval(_ id: TicketID, last: ApprovalState?) -> StoreError {
        .init(.noPendingApproval, "ticket \(id) has no pending approval" + (last.map { " (its last one was \($0.rawValue); a decision counts once)" } ?? "; `helpdesk queue` lists those that wait"))
    }
    static func notJSON(_ what: String) -> StoreError { .init(.notJSON, "\(what) is not valid JSON") }

    /// Whether this error is "no such ticket".
    public var isNoSuchTicket: Bool { code == .noSuchTicket }
    /// Whether an approval token was unknown.
    public var isUnknownToken: Bool { code == .unknownToken }
    /// Whether an approval was already decided (a token is used once).
    public var isAlreadyDecided: Bool { code == .approvalNotPending }
    /// Whether an approval expired.
    public var isExpired: Bool { code == .approvalExpired }
    /// Whether the requester tried to approve their own request.
    public var isSelfApproval: Bool { code == .selfApproval }
    /// Whether a ticket could not be reclassified in its state.
    public var isCannotReclassify: Bool { code == .cannotReclassify }
    /// Whether a ticket had no pending approval to decide.
    public var isNoPendingApproval: Bool { code == .noPendingApproval }
    /// Whether a snapshot was refused for holding a secret-looking field.
    public var isSecretRefused: Bool { code == .secretInSnapshot }
}
