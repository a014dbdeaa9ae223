/// A person from the MO ACTS team will take the request over.
public struct HumanHandoff: RequesterReply {
    public static let kind = ReplyKind.humanHandoff
    /// The ticket.
    public var ticket: TicketNumber
    /// The request's subject, for "Re: ...".
    public var requestSubject: String
    /// The requester's first name, when known.
    public var requesterName: String?

    /// Creates the model.
    public init(ticket: TicketNumber, requestSubject: String, requesterName: String?) {
        self.ticket = ticket
        self.requestSubject = requestSubject
        self.requesterName = requesterName
    }

    public var subjectTicket: TicketNumber? { ticket }
    public static var probes: [HumanHandoff] {
        [HumanHandoff(ticket: TicketNumber(1), requestSubject: "Help", requesterName: "Jane"),
         HumanHandoff(ticket: TicketNumber(1), requestSubject: "Help", requesterName: nil)]
    }
}
