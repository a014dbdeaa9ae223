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
    /// The waiting requests listed, oldest first (at most the digest's limit).
    public var items: [Item]
    /// Whether `items` has anything (for the HTML table).
    public var hasItems: Bool
    /// How many more wait than are listed (0 when all are).
    public var more: Int
    /// Whether some are not listed.
    public var hasMore: Bool

    /// Creates the model; `total` is how many wait in all (at least the items listed; the items' count when nil).
    public init(day: String, items: [Item], total: Int? = nil) {
        self.day = day
        self.count = max(total ?? items.count, items.count)
        self.items = items
        self.hasItems = !items.isEmpty
        self.more = count - items.count
        self.hasMore = more > 0
    }

    public var subjectTicket: TicketNumber? { nil }
    public static var probes: [NeedsHumanDigest] {
        [NeedsHumanDigest(day: "2020-09-08", items: [Item(ticket: TicketNumber(1), subject: "Help", from: "a@b.c",
                                                           received: "2020-09-08 09:03", reason: "no rule matched")]),
         NeedsHumanDigest(day: "2020-09-08", items: [Item(ticket: TicketNumber(1), subject: "Help", from: "a@b.c",
                                                           received: "2020-09-08 09:03", reason: "no rule matched")], total: 130),
         NeedsHumanDigest(day: "2020-09-08", items: [])]
    }
}
