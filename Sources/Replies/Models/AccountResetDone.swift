/// The account was reset (removed and created again with the same details); the credential email went to the
/// address on file.
public struct AccountResetDone: RequesterReply {
    public static let kind = ReplyKind.accountResetDone
    /// The ticket.
    public var ticket: TicketNumber
    /// The request's subject, for "Re: ...".
    public var requestSubject: String
    /// The requester's first name, when known.
    public var requesterName: String?
    /// The person whose account was reset.
    public var personName: String
    /// Their login.
    public var userID: String
    /// The login URL; the guide's by default.
    public var loginURL: String

    /// Creates the model.
    public init(ticket: TicketNumber, requestSubject: String, requesterName: String?, personName: String, userID: String,
                loginURL: String = defaultLoginURL) {
        self.ticket = ticket
        self.requestSubject = requestSubject
        self.requesterName = requesterName
        self.personName = personName
        self.userID = userID
        self.loginURL = loginURL
    }

    public var subjectTicket: TicketNumber? { ticket }
    public static var probes: [AccountResetDone] {
        [AccountResetDone(ticket: TicketNumber(1), requestSubject: "Reset", requesterName: "Jane", personName: "John Roe", userID: "John.Roe"),
         AccountResetDone(ticket: TicketNumber(1), requestSubject: "Reset", requesterName: nil, personName: "John Roe", userID: "John.Roe")]
    }
}
