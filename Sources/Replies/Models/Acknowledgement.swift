/// "We received your request": sent when the bot takes a request on.
public struct Acknowledgement: RequesterReply {
    public static let kind = ReplyKind.acknowledgement
    /// The ticket.
    public var ticket: TicketNumber
    /// The request's subject, for "Re: ...".
    public var requestSubject: String
    /// The requester's first name, when known.
    public var requesterName: String?
    /// What the bot understood, in a few words ("a new account for 3 people").
    public var summary: String

    /// Creates the model.
    public init(ticket: TicketNumber, requestSubject: String, requesterName: String?, summary: String) {
        self.ticket = ticket
        self.requestSubject = requestSubject
        self.requesterName = requesterName
        self.summary = summary
    }

    public var subjectTicket: TicketNumber? { ticket }
    public static var probes: [Acknowledgement] {
        [Acknowledgement(ticket: TicketNumber(1), requestSubject: "Phone login", requesterName: "Jane", summary: "a password reset"),
         Acknowledgement(ticket: TicketNumber(1), requestSubject: "Phone login", requesterName: nil, summary: "a password reset")]
    }
}
