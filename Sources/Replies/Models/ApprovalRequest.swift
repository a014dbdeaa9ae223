/// Asks admins to approve an action the guide makes risky (an account reset removes the user). Carries the
/// approval token, so it goes to the admins only and is never Cc'd to the shared mailbox.
public struct ApprovalRequest: ReplyModel {
    public static let kind = ReplyKind.approvalRequest
    /// The ticket; the admin's answer comes back with its tag.
    public var ticket: TicketNumber
    /// The request's subject.
    public var requestSubject: String
    /// Who asked (their address).
    public var requester: String
    /// The action, in words ("Reset the Amazon Connect account (remove and create again)").
    public var action: String
    /// The person concerned.
    public var personName: String
    /// Their login.
    public var userID: String
    /// Why the bot proposes it.
    public var reason: String
    /// The approval token that the answer must carry.
    public var token: String
    /// When the token expires, in words ("2020-09-14 14:03 UTC").
    public var expires: String

    /// Creates the model.
    public init(ticket: TicketNumber, requestSubject: String, requester: String, action: String, personName: String,
                userID: String, reason: String, token: String, expires: String) {
        self.expires = expires
        self.ticket = ticket
        self.requestSubject = requestSubject
        self.requester = requester
        self.action = action
        self.personName = personName
        self.userID = userID
        self.reason = reason
        self.token = token
    }

    public var subjectTicket: TicketNumber? { ticket }
    public static var probes: [ApprovalRequest] {
        [ApprovalRequest(ticket: TicketNumber(1), requestSubject: "Reset", requester: "a@b.c", action: "Reset the account",
                         personName: "John Roe", userID: "John.Roe", reason: "Reset failed twice", token: "tok-123", expires: "2020-09-14 14:03 UTC")]
    }
}
