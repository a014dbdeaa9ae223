public import Mail

/// Builds the email for a rendered reply, with the rules every email the bot sends follows: From the shared
/// mailbox; Cc the shared mailbox (except approval requests, whose token must never reach it); a fresh
/// Message-ID; In-Reply-To and References to the request; the `[MOACTS #N]` subject tag (from the templates);
/// `Auto-Submitted: auto-replied` and `X-Auto-Response-Suppress: All` (so no auto-responder answers) and our own
/// loop header `X-MOACTS-Helpdesk` (so the bot recognises its own mail when the Cc comes back).
///
/// Each kind has its own function and takes only its own `RenderedReply`: credentials go only to an
/// `AddressOnFile`, approval requests only to admins, without Cc.
public struct ReplyComposer: Sendable {
    /// The shared mailbox, with its display name.
    public var sharedMailbox: Address
    /// The domain of generated Message-IDs.
    public var messageIDDomain: String

    /// The program's shared mailbox.
    public static let moacts = Address(displayName: "MO ACTS Help Desk", address: "MOACTS@health.mo.gov")
    /// The loop header's name.
    public static let loopHeader = "X-MOACTS-Helpdesk"

    /// Creates a composer.
    public init(sharedMailbox: Address = ReplyComposer.moacts, messageIDDomain: String = "health.mo.gov") {
        self.sharedMailbox = sharedMailbox
        self.messageIDDomain = messageIDDomain
    }

    /// A reply to the requester (acknowledgement, need-more-info, no-account, reset steps, account reset done,
    /// human hand-off, new-user outcome), To `to`, Cc the shared mailbox.
    public func reply<M: RequesterReply>(_ reply: RenderedReply<M>, to: [Address], request: RequestReference,
                                         date: MailDate, random: (Int) -> [UInt8]) -> OutgoingMessage {
        compose(reply, to: to, cc: true, request: request, date: date, random: random)
    }

    /// The credential email, To the address on file only, Cc the shared mailbox (as the guide says).
    public func credentials(_ reply: RenderedReply<CredentialEmail>, to: AddressOnFile, request: RequestReference,
                            date: MailDate, random: (Int) -> [UInt8]) -> OutgoingMessage {
        compose(reply, to: [to.address], cc: true, request: request, date: date, random: random)
    }

    /// An approval request, To the admins, never Cc'd to the shared mailbox: it carries the approval token.
    public func approvalRequest(_ reply: RenderedReply<ApprovalRequest>, to admins: [Address],
                                request: RequestReference, date: MailDate, random: (Int) -> [UInt8]) -> OutgoingMessage {
        compose(reply, to: admins, cc: false, request: request, date: date, random: random)
    }

    /// The daily digest, To the admins, Cc the shared mailbox (it holds no token). It answers no single request,
    /// so it has no In-Reply-To or References, and no subject tag.
    public func digest(_ reply: RenderedReply<NeedsHumanDigest>, to admins: [Address], date: MailDate,
                       random: (Int) -> [UInt8]) -> OutgoingMessage {
        compose(reply, to: admins, cc: true, request: RequestReference(messageID: nil), date: date, random: random)
    }

    /// A notice to the admins that holds no token (a voided plan), To the admins, Cc the shared mailbox.
    public func adminNotice(_ reply: RenderedReply<PlanVoided>, to admins: [Address], request: RequestReference,
                            date: MailDate, random: (Int) -> [UInt8]) -> OutgoingMessage {
        compose(reply, to: admins, cc: true, request: request, date: date, random: random)
    }

    /// The breaker's alert, To the admins only (not Cc'd: nothing more should reach the shared mailbox while the bot
    /// may be in a loop). It answers no request.
    public func sendingPaused(_ reply: RenderedReply<SendingPaused>, to admins: [Address], date: MailDate,
                              random: (Int) -> [UInt8]) -> OutgoingMessage {
        compose(reply, to: admins, cc: false, request: RequestReference(messageID: nil), date: date, random: random)
    }

    private func compose<M: ReplyModel>(_ reply: RenderedReply<M>, to: [Address], cc: Bool, request: RequestReference,
                                        date: MailDate, random: (Int) -> [UInt8]) -> OutgoingMessage {
        let loop = reply.ticket.map { "ticket \($0.value)" } ?? M.kind.rawValue
        return OutgoingMessage(
            from: sharedMailbox, to: to, cc: cc ? [sharedMailbox] : [], subject: reply.subject,
            messageID: MessageID.generate(domain: messageIDDomain, random: random),
            inReplyTo: request.inReplyTo, references: request.replyReferences, date: date,
            extraHeaders: [
                .init("Auto-Submitted", "auto-replied"),
                .init("X-Auto-Response-Suppress", "All"),
                .init(Self.loopHeader, loop),
            ],
            text: reply.text, html: reply.html)
    }
}
