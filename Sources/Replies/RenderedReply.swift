/// An email's words, rendered from its model: the subject (with its `[MOACTS #N]` tag), the text, and the HTML
/// alternative when the email has one. `Model` records which email it is, so the composer can take only the
/// right kinds in each of its functions.
public struct RenderedReply<Model: ReplyModel>: Sendable, Equatable {
    /// The subject, tagged.
    public let subject: String
    /// The plain text.
    public let text: String
    /// The HTML alternative, for kinds that have one.
    public let html: String?
    /// The ticket of the subject tag (nil for the digest).
    public let ticket: TicketNumber?

    /// Creates a rendered reply (the templates make these; tests may too).
    public init(subject: String, text: String, html: String?, ticket: TicketNumber?) {
        self.subject = subject
        self.text = text
        self.html = html
        self.ticket = ticket
    }
}
