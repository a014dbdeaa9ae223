import Foundation

/// A `MailSender` that submits mail over SMTP with libcurl (RFC 6409 submission): STARTTLS or implicit TLS, AUTH
/// with a password or an XOAUTH2 token, and one connection kept and reused from one message to the next.
///
/// Each send:
/// - normalises the message's line endings to CRLF (never a bare LF on the wire, see `SMTPLineEndings`);
/// - refuses, without sending, a recipient that cannot be written in a command (empty, or with a CR, LF or NUL);
/// - issues one `RCPT TO` per recipient with `MAIL_RCPT_ALLLOWFAILS`, so one refused recipient does not drop the
///   others, and records the server's reply to each;
/// - when the kept connection turns out to be closed by the server (libcurl reuses it once and fails), sends once
///   more over a fresh connection, but only when the server cannot have taken the message yet.
///
/// One handle and one connection: sends are serialised on a private queue (curl's blocking calls stay off Swift's
/// cooperative threads). For more throughput use a few senders (see `docs/smtp.md`). Nothing is logged; errors
/// are `SMTPError`s that carry the curl code and the server's last reply, never content or credentials.
public final class CurlSMTPSender: MailSender, @unchecked Sendable {
    private let queue = DispatchQueue(label: "helpdesk.smtp-sender")
    private let session: SessionOnQueue   // only touched on `queue`
    private let tokenProvider: (@Sendable () async throws -> String)?

    /// A sender for `configuration`; connects on the first send. Throws `SMTPError` `.failed` for a configuration
    /// that cannot work (see `SMTPConfiguration.problem`).
    public convenience init(configuration: SMTPConfiguration) throws {
        let provider: (@Sendable () async throws -> String)?
        if case .oauth2(let tokens) = configuration.credential { provider = tokens } else { provider = nil }
        self.init(session: try CurlSMTPConnection(configuration: configuration), tokenProvider: provider)
    }

    /// A sender over any session: tests pass a scripted one. `session` must not be used elsewhere afterwards.
    public init(session: any SMTPSession, tokenProvider: (@Sendable () async throws -> String)? = nil) {
        self.session = SessionOnQueue(session: session)
        self.tokenProvider = tokenProvider
    }

    /// Sends `raw` and returns the refused recipients' addresses (see `submit`).
    public func send(_ raw: [UInt8], from sender: String, to recipients: [String]) async throws -> [String] {
        try await submit(raw, from: sender, to: recipients).refused.map(\.address)
    }

    /// Sends `raw` from `sender` to every recipient and returns each recipient's result. Throws `SMTPError` when
    /// nothing was delivered: every recipient refused, the sender or the message refused, or the connection, TLS,
    /// login or time failed.
    public func submit(_ raw: [UInt8], from sender: String, to recipients: [String]) async throws -> SMTPSubmissionReport {
        guard Self.isWritable(sender, allowEmpty: true) else {
            throw SMTPError(.senderRefused, curlCode: 0, serverReply: nil, message: "The envelope sender has a line "
                + "break or NUL, so nothing was sent. Use a plain address.")
        }
        let usable = recipients.filter { Self.isWritable($0, allowEmpty: false) }
        guard !usable.isEmpty else {
            let results = recipients.map { SMTPRecipientResult(address: $0, reply: nil) }
            throw SMTPError(.allRecipientsRefused, curlCode: 0, serverReply: nil, recipients: results,
                            message: "No recipient can be written in an SMTP command (\(recipients.count) given), so "
                                + "nothing was sent. Each needs a local part and a domain and no line breaks.")
        }
        let token = try await tokenProvider?()
        let envelope = SMTPEnvelope(sender: sender, recipients: usable, message: SMTPLineEndings.normalized(raw),
                                    bearerToken: token)
        let sent = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<SMTPSubmissionReport, any Error>) in
            queue.async { [session] in
                continuation.resume(with: Self.deliver(envelope, over: session.session))
            }
        }
        // Put the locally refused ones back in the caller's order.
        var results = sent.recipients.makeIterator()
        let all = recipients.map { address in
            Self.isWritable(address, allowEmpty: false)
                ? results.next() ?? SMTPRecipientResult(address: address, reply: nil)
                : SMTPRecipientResult(address: address, reply: nil)
        }
        return SMTPSubmissionReport(recipients: all, messageReply: sent.messageReply, retried: sent.retried,
                                    openedConnection: sent.openedConnection,
                                    firstAttemptCurlCode: sent.firstAttemptCurlCode)
    }

    /// One attempt, and one more over a fresh connection when the kept one was found closed.
    static func deliver(_ envelope: SMTPEnvelope, over session: any SMTPSession) -> Result<SMTPSubmissionReport, SMTPError> {
        let first = session.perform(envelope, freshConnection: false)
        guard SMTPOutcome.shouldRetry(first, recipients: envelope.recipients) else {
            return SMTPOutcome.evaluate(first, recipients: envelope.recipients, retried: false)
        }
        let second = session.perform(envelope, freshConnection: true)
        return SMTPOutcome.evaluate(second, recipients: envelope.recipients, retried: true).map { report in
            var report = report
            report.firstAttemptCurlCode = first.curlCode
            return report
        }
    }

    /// True when `address` can go in `MAIL FROM:<...>` or `RCPT TO:<...>` without changing the command.
    static func isWritable(_ address: String, allowEmpty: Bool) -> Bool {
        (allowEmpty || !address.isEmpty)
            && !address.unicodeScalars.contains { $0 == "\r" || $0 == "\n" || $0 == "\0" || $0 == "<" || $0 == ">" }
    }
}

/// The session, handed to the sender's serial queue: only ever used there, one call at a time.
private struct SessionOnQueue: @unchecked Sendable {
    let session: any SMTPSession
}
