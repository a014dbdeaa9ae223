/// A typed view model for one kind of email. Its stored properties are the template's variables (templates see
/// stored properties only, by name); nothing else reaches a template.
public protocol ReplyModel: Sendable {
    /// The email this model renders.
    static var kind: ReplyKind { get }
    /// Models used at start-up to check the templates: between them every optional is set and unset, and every
    /// list is empty and not, so every section of a template is rendered at least once.
    static var probes: [Self] { get }
    /// The ticket the subject is tagged with; nil only for the digest, which covers many tickets.
    var subjectTicket: TicketNumber? { get }
}

/// A model for an email to the person who wrote the request (the requester): `ReplyComposer.reply` takes only
/// these, so a credential email or an approval request cannot be sent as an ordinary reply.
public protocol RequesterReply: ReplyModel {}

/// The guide's login URL, the default of every `loginURL`.
public let defaultLoginURL = "https://moprodconnect.awsapps.com/connect/login"
