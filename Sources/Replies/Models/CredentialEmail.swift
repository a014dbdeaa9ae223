/// The guide's standard credential email (appendix "MOACTS Email Template"): the login URL and the user ID.
/// Sent only to the address on file (`ReplyComposer.credentials`).
public struct CredentialEmail: ReplyModel {
    public static let kind = ReplyKind.credentials
    /// The ticket.
    public var ticket: TicketNumber
    /// The Amazon Connect login (user ID), case sensitive.
    public var userID: String
    /// The login URL; the guide's by default.
    public var loginURL: String

    /// Creates the model.
    public init(ticket: TicketNumber, userID: String, loginURL: String = defaultLoginURL) {
        self.ticket = ticket
        self.userID = userID
        self.loginURL = loginURL
    }

    public var subjectTicket: TicketNumber? { ticket }
    public static var probes: [CredentialEmail] { [CredentialEmail(ticket: TicketNumber(1), userID: "Jane.Doe")] }
}
