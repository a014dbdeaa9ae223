/// The request lacks details the bot needs: lists them and asks for a reply.
public struct NeedMoreInfo: RequesterReply {
    public static let kind = ReplyKind.needMoreInfo
    /// The ticket.
    public var ticket: TicketNumber
    /// The request's subject, for "Re: ...".
    public var requestSubject: String
    /// The requester's first name, when known.
    public var requesterName: String?
    /// What is missing, one item each ("the user's email address").
    public var missing: [String]

    /// Creates the model.
    public init(ticket: TicketNumber, requestSubject: String, requesterName: String?, missing: [String]) {
        self.ticket = ticket
        self.requestSubject = requestSubject
        self.requesterName = requesterName
        self.missing = missing
    }

    public var subjectTicket: TicketNumber? { ticket }
    public static var probes: [NeedMoreInfo] {
        [NeedMoreInfo(ticket: TicketNumber(1), requestSubject: "Help", requesterName: "Jane", missing: ["the user's email address"]),
         NeedMoreInfo(ticket: TicketNumber(1), requestSubject: "Help", requesterName: nil, missing: [])]
    }
}
