/// Tells the requester what happened to each person they asked to have created.
public struct NewUserOutcome: RequesterReply {
    public static let kind = ReplyKind.newUserOutcome

    /// What happened to one person.
    public enum Outcome: Sendable, Equatable {
        /// The account was created with this login; credentials went to the address on file.
        case created(login: String)
        /// An account already existed with this login.
        case alreadyExisted(login: String)
        /// A person must look at it, for this reason.
        case needsHuman(reason: String)
        /// The request lacked these fields ("email address").
        case missingFields([String])
    }

    /// One person's line in the email. Templates use the flags as sections.
    public struct Person: Sendable, Equatable {
        /// Their name as the requester wrote it.
        public var name: String
        /// Their email address, when given.
        public var email: String?
        /// The outcome.
        public var outcome: Outcome
        /// Set for `.created`.
        public var created: Bool
        /// Set for `.alreadyExisted`.
        public var alreadyExisted: Bool
        /// Set for `.needsHuman`.
        public var needsHuman: Bool
        /// The login, for `.created` and `.alreadyExisted`.
        public var login: String?
        /// The reason, for `.needsHuman`.
        public var reason: String?
        /// The missing fields, for `.missingFields` (empty otherwise).
        public var missingFields: [String]

        /// Creates a person's line.
        public init(name: String, email: String?, outcome: Outcome) {
            self.name = name
            self.email = email
            self.outcome = outcome
            created = false
            alreadyExisted = false
            needsHuman = false
            login = nil
            reason = nil
            missingFields = []
            switch outcome {
            case .created(let l): created = true; login = l
            case .alreadyExisted(let l): alreadyExisted = true; login = l
            case .needsHuman(let r): needsHuman = true; reason = r
            case .missingFields(let f): missingFields = f
            }
        }
    }

    /// The ticket.
    public var ticket: TicketNumber
    /// The request's subject, for "Re: ...".
    public var requestSubject: String
    /// The requester's first name, when known.
    public var requesterName: String?
    /// Each person, in the order the request listed them.
    public var people: [Person]
    /// Whether `people` has anyone (for the HTML table).
    public var hasPeople: Bool
    /// The login URL; the guide's by default.
    public var loginURL: String

    /// Creates the model.
    public init(ticket: TicketNumber, requestSubject: String, requesterName: String?, people: [Person],
                loginURL: String = defaultLoginURL) {
        self.ticket = ticket
        self.requestSubject = requestSubject
        self.requesterName = requesterName
        self.people = people
        self.hasPeople = !people.isEmpty
        self.loginURL = loginURL
    }

    public var subjectTicket: TicketNumber? { ticket }
    public static var probes: [NewUserOutcome] {
        [NewUserOutcome(ticket: TicketNumber(1), requestSubject: "New users", requesterName: "Jane", people: [
            Person(name: "A B", email: "a@b.c", outcome: .created(login: "A.B")),
            Person(name: "C D", email: nil, outcome: .alreadyExisted(login: "C.D")),
            Person(name: "E F", email: "e@f.g", outcome: .needsHuman(reason: "two accounts match")),
            Person(name: "G H", email: nil, outcome: .missingFields(["email address"])),
        ]),
         NewUserOutcome(ticket: TicketNumber(1), requestSubject: "New users", requesterName: nil, people: [])]
    }
}
