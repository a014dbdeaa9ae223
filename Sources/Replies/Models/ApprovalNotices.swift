/// The requester's side of an approval: the request waits for an admin (`ApprovalPending`), the change was made
/// (`ApprovalDone`), an admin said no (`ApprovalRejected`), or nobody decided in time (`ApprovalExpired`). Each goes
/// to the requester only (Cc the shared mailbox, as every reply); none carries a token.
public struct ApprovalPending: RequesterReply {
    public static let kind = ReplyKind.approvalPending
    /// The ticket.
    public var ticket: TicketNumber
    /// The request's subject, for "Re: ...".
    public var requestSubject: String
    /// The requester's first name, when known.
    public var requesterName: String?
    /// The change, in words ("reset the account of Jane.Doe").
    public var action: String
    /// How many hours an admin has to decide.
    public var hours: Int

    /// Creates the model.
    public init(ticket: TicketNumber, requestSubject: String, requesterName: String?, action: String, hours: Int) {
        self.ticket = ticket
        self.requestSubject = requestSubject
        self.requesterName = requesterName
        self.action = action
        self.hours = hours
    }

    public var subjectTicket: TicketNumber? { ticket }
    public static var probes: [ApprovalPending] {
        [ApprovalPending(ticket: TicketNumber(1), requestSubject: "Reset", requesterName: "Jane", action: "reset the account of Jane.Doe", hours: 24),
         ApprovalPending(ticket: TicketNumber(1), requestSubject: "Reset", requesterName: nil, action: "create 3 users", hours: 24)]
    }
}

/// The approved change was made.
public struct ApprovalDone: RequesterReply {
    public static let kind = ReplyKind.approvalDone
    /// The ticket.
    public var ticket: TicketNumber
    /// The request's subject, for "Re: ...".
    public var requestSubject: String
    /// The requester's first name, when known.
    public var requesterName: String?
    /// The change, in words.
    public var action: String

    /// Creates the model.
    public init(ticket: TicketNumber, requestSubject: String, requesterName: String?, action: String) {
        self.ticket = ticket
        self.requestSubject = requestSubject
        self.requesterName = requesterName
        self.action = action
    }

    public var subjectTicket: TicketNumber? { ticket }
    public static var probes: [ApprovalDone] {
        [ApprovalDone(ticket: TicketNumber(1), requestSubject: "Email", requesterName: "Jane", action: "set the email of Jane.Doe"),
         ApprovalDone(ticket: TicketNumber(1), requestSubject: "Email", requesterName: nil, action: "set the email of Jane.Doe")]
    }
}

/// An admin did not approve the change; their reason is passed on.
public struct ApprovalRejected: RequesterReply {
    public static let kind = ReplyKind.approvalRejected
    /// The ticket.
    public var ticket: TicketNumber
    /// The request's subject, for "Re: ...".
    public var requestSubject: String
    /// The requester's first name, when known.
    public var requesterName: String?
    /// The change, in words.
    public var action: String
    /// The admin's reason, in their words.
    public var reason: String

    /// Creates the model.
    public init(ticket: TicketNumber, requestSubject: String, requesterName: String?, action: String, reason: String) {
        self.ticket = ticket
        self.requestSubject = requestSubject
        self.requesterName = requesterName
        self.action = action
        self.reason = reason
    }

    public var subjectTicket: TicketNumber? { ticket }
    public static var probes: [ApprovalRejected] {
        [ApprovalRejected(ticket: TicketNumber(1), requestSubject: "Reset", requesterName: "Jane", action: "reset the account of Jane.Doe",
                          reason: "she is on leave"),
         ApprovalRejected(ticket: TicketNumber(1), requestSubject: "Reset", requesterName: nil, action: "create 3 users", reason: "no")]
    }
}

/// Nobody decided in time; a person at the help desk takes the request over.
public struct ApprovalExpired: RequesterReply {
    public static let kind = ReplyKind.approvalExpired
    /// The ticket.
    public var ticket: TicketNumber
    /// The request's subject, for "Re: ...".
    public var requestSubject: String
    /// The requester's first name, when known.
    public var requesterName: String?
    /// The change, in words.
    public var action: String

    /// Creates the model.
    public init(ticket: TicketNumber, requestSubject: String, requesterName: String?, action: String) {
        self.ticket = ticket
        self.requestSubject = requestSubject
        self.requesterName = requesterName
        self.action = action
    }

    public var subjectTicket: TicketNumber? { ticket }
    public static var probes: [ApprovalExpired] {
        [ApprovalExpired(ticket: TicketNumber(1), requestSubject: "Reset", requesterName: "Jane", action: "reset the account of Jane.Doe"),
         ApprovalExpired(ticket: TicketNumber(1), requestSubject: "Reset", requesterName: nil, action: "create 3 users")]
    }
}

/// To the admins: an approved plan was not carried out because the directory user changed after it was made.
/// Holds no token, so it is Cc'd to the shared mailbox like the digest.
public struct PlanVoided: ReplyModel {
    public static let kind = ReplyKind.planVoided
    /// The ticket.
    public var ticket: TicketNumber
    /// The request's subject.
    public var requestSubject: String
    /// Who asked.
    public var requester: String
    /// The change that was not made.
    public var action: String
    /// What changed, one line each ("Email: a@x -> b@x").
    public var changes: [String]

    /// Creates the model.
    public init(ticket: TicketNumber, requestSubject: String, requester: String, action: String, changes: [String]) {
        self.ticket = ticket
        self.requestSubject = requestSubject
        self.requester = requester
        self.action = action
        self.changes = changes
    }

    public var subjectTicket: TicketNumber? { ticket }
    public static var probes: [PlanVoided] {
        [PlanVoided(ticket: TicketNumber(1), requestSubject: "Reset", requester: "a@b.c", action: "reset the account of Jane.Doe",
                    changes: ["Email: a@x -> b@x"]),
         PlanVoided(ticket: TicketNumber(1), requestSubject: "Reset", requester: "a@b.c", action: "reset", changes: [])]
    }
}
