/// The send breaker's alert to the admins: more emails went out in ten minutes than the configuration allows, so
/// the bot stopped sending; queued emails wait until an admin runs `helpdesk resume-sending`.
public struct SendingPaused: ReplyModel {
    public static let kind = ReplyKind.sendingPaused
    /// How many emails went out in the window.
    public var sent: Int
    /// The configured limit (`loop_guard.breaker_per_10_minutes`).
    public var limit: Int
    /// How many emails wait in the outbox.
    public var waiting: Int
    /// When it tripped, as text ("2020-09-08 09:03:00 UTC").
    public var at: String

    /// Creates the model.
    public init(sent: Int, limit: Int, waiting: Int, at: String) {
        self.sent = sent
        self.limit = limit
        self.waiting = waiting
        self.at = at
    }

    public var subjectTicket: TicketNumber? { nil }
    public static var probes: [SendingPaused] { [SendingPaused(sent: 31, limit: 30, waiting: 12, at: "2020-09-08 09:03:00 UTC")] }
}
