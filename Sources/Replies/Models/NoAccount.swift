/// No Amazon Connect account was found for the person the request is about.
public struct NoAccount: RequesterReply {
    public static let kind = ReplyKind.noAccount
    /// The ticket.
    public var ticket: TicketNumber
    /// The request's subject, for "Re: ...".
    public var requestSubject: String
    /// The requester's first name, when known.
    public var requesterName: String?
    /// The person looked for.
    public var personName: String
    /// What was searched for (a login or an email address).
    public var searchedFor: String

    /// Creates the model.
    public init(ticket: TicketNumber, requestSubject: String, requesterName: String?, personName: String, searchedFor: String) {
        self.ticket = ticket
        self.requestSubject = requestSubject
        self.requesterName = requesterName
        self.personName = personName
        self.searchedFor = searchedFor
    }

    public var subjectTicket: TicketNumber? { ticket }
    public static var probes: [NoAccount] {
        [NoAccount(ticket: TicketNumber(1), requestSubject: "Login", requesterName: "Jane", personName: "John Roe", searchedFor: "John.Roe"),
         NoAccount(ticket: TicketNumber(1), requestSubject: "Login", requesterName: nil, personName: "John Roe", searchedFor: "John.Roe")]
    }
}
