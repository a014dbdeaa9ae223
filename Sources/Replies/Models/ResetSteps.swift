/// The guide's "Login on Connect" steps: how users reset their own password with "Forgot Password?".
public struct ResetSteps: RequesterReply {
    public static let kind = ReplyKind.resetSteps
    /// The ticket.
    public var ticket: TicketNumber
    /// The request's subject, for "Re: ...".
    public var requestSubject: String
    /// The requester's first name, when known.
    public var requesterName: String?
    /// The user's login (Username on the landing page), when known.
    public var userID: String?
    /// The login URL; the guide's by default.
    public var loginURL: String

    /// Creates the model.
    public init(ticket: TicketNumber, requestSubject: String, requesterName: String?, userID: String?,
                loginURL: String = defaultLoginURL) {
        self.ticket = ticket
        self.requestSubject = requestSubject
        self.requesterName = requesterName
        self.userID = userID
        self.loginURL = loginURL
    }

    public var subjectTicket: TicketNumber? { ticket }
    public static var probes: [ResetSteps] {
        [ResetSteps(ticket: TicketNumber(1), requestSubject: "Password", requesterName: "Jane", userID: "Jane.Doe"),
         ResetSteps(ticket: TicketNumber(1), requestSubject: "Password", requesterName: nil, userID: nil)]
    }
}
