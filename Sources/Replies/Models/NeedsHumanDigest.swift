/// The daily list, for admins, of the requests waiting for a person. Covers many tickets, so its subject carries
/// no single `[MOACTS #N]` tag; each item names its ticket.
public struct NeedsHumanDigest: ReplyModel {
    public static let kind = ReplyKind.needsHumanDigest

    /// One waiting request.
    public struct Item: Sendable, Equatable {
        /// Its ticket tag, `[MOACTS #N]`.
        public var tag: String
        /// Its subject.
        public var subject: String
        /// Who wrote it.
        public var from: String
        /// When it arrived, as text ("2020-09-08 09:03").
        public var received: String
        /// Why it needs a person.
        public var reason: String

        /// Creates an item.
        public init(ticket: TicketNumber, subject: String, from: String, received: String, reason: String) {
            tag = ticket.tag
            self.subject = subject
            self.from = from
            self.received = received
            self.reason = reason
        }
    }

    /// The day the digest covers, as text ("2020-09-08").
    public var day: String
    /// How many requests wait.
    public var count: Int
    /// The waiting requests, oldest first.
    public var items: [Item]
    /// Whether `items` has anything (for the HTML table).
    public var hasItems: Bool

    /// Creates the model; `count` is the number of items.
    public init(day: String, items: [Item]) {
        self.day = day
        self.count = items.count
        self.items = items
        self.hasItems = !items.isEmpty
    }

    public var subjectTicket: TicketNumber? { nil }
    public static var probes: [NeedsHumanDigest] {
        [NeedsHumanDigest(day: "2020-09-08", items: [Item(ticket: TicketNumber(1), subject: "Help", from: "a@b.c",
                                                           received: "2020-09-08 09:03", reason: "no rule matched")]),
         NeedsHumanDigest(day: "2020-09-08", items: [])]
    }
}
