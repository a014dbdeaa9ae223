/// Turns what libcurl and the server said into a report or a typed error, and decides whether a failed attempt is
/// worth one more on a fresh connection. Pure: no I/O.
public enum SMTPOutcome {
    /// CURLcodes of the TLS layer (libcurl 7.88 `curl.h`).
    static let tlsCodes: Set<Int> = [35, 53, 54, 58, 59, 60, 64, 66, 77, 80, 82, 83, 90, 91, 98]
    /// CURLcodes for a host that could not be reached: unsupported protocol, bad URL, resolving, connecting.
    static let connectCodes: Set<Int> = [1, 3, 5, 6, 7]
    /// CURLcodes for a connection that broke: got nothing, send error, receive error.
    static let brokenCodes: Set<Int> = [52, 55, 56]
    static let timeoutCode = 28
    static let loginDeniedCode = 67

    /// True when `attempt` failed on a reused connection that the server had closed (libcurl reuses it once and gets
    /// CURLE_RECV_ERROR 56, CURLE_SEND_ERROR 55 or CURLE_GOT_NOTHING 52, or a 421 "closing" reply), before the
    /// server could have taken the message: then the same message goes once more over a new connection. Never after
    /// DATA got its 354, so a message is never delivered twice, and never when every recipient was refused.
    public static func shouldRetry(_ attempt: SMTPAttempt, recipients: [String]) -> Bool {
        guard attempt.curlCode != 0, !attempt.newConnection, !attempt.transcript.reachedMessageContent else {
            return false
        }
        if allRefused(attempt.transcript, count: recipients.count) { return false }
        let closing = attempt.transcript.lastReply?.code == 421
        return brokenCodes.contains(attempt.curlCode) || closing
    }

    /// The report of a message the server took, or the error saying why it did not.
    public static func evaluate(_ attempt: SMTPAttempt, recipients: [String],
                                retried: Bool) -> Result<SMTPSubmissionReport, SMTPError> {
        let transcript = attempt.transcript
        let results = recipientResults(transcript, recipients: recipients)
        let data = transcript.dataReplies
        // libcurl returns CURLE_OK only after a 250 to the message's final ".".
        if attempt.curlCode == 0 {
            return .success(SMTPSubmissionReport(recipients: results, messageReply: data.toMessage, retried: retried,
                                                openedConnection: attempt.newConnection))
        }
        return .failure(error(for: attempt, results: results, retried: retried))
    }

    /// Each given recipient with the reply to its `RCPT TO` (matched by order: curl sends them in list order).
    static func recipientResults(_ transcript: SMTPTranscript, recipients: [String]) -> [SMTPRecipientResult] {
        let replies = transcript.recipientReplies
        return recipients.enumerated().map { index, address in
            SMTPRecipientResult(address: address, reply: index < replies.count ? replies[index].reply : nil)
        }
    }

    static func allRefused(_ transcript: SMTPTranscript, count: Int) -> Bool {
        let replies = transcript.recipientReplies
        return count > 0 && replies.count == count && replies.allSatisfy { $0.reply.map { !$0.isPositive } ?? false }
    }

    static func error(for attempt: SMTPAttempt, results: [SMTPRecipientResult], retried: Bool) -> SMTPError {
        let transcript = attempt.transcript
        let curl = attempt.curlCode
        let last = transcript.lastReply?.lastLine
        let said = last.map { " The server said: \"\($0)\"." } ?? ""
        let detail = "(curl \(curl)\(attempt.curlMessage.isEmpty ? "" : ": " + attempt.curlMessage))"
        func make(_ code: SMTPError.Code, _ text: String) -> SMTPError {
            SMTPError(code, curlCode: curl, serverReply: last, recipients: results, message: text)
        }
        let data = transcript.dataReplies
        if curl == timeoutCode {
            return make(.timedOut, "The SMTP server did not answer in time \(detail).\(said) The message was not "
                + "confirmed sent; it is tried again later. If this goes on, check the server and the configured timeouts.")
        }
        if tlsCodes.contains(curl) {
            return make(.tlsFailed, "TLS with the SMTP server failed \(detail).\(said) Nothing was sent. Check that the "
                + "CA file trusts the server's certificate, that the certificate names the host in the URL, and, for "
                + "smtp://, that the server offers STARTTLS.")
        }
        if curl == loginDeniedCode || transcript.authenticationReply.map({ !$0.isPositive }) == true {
            return make(.authenticationFailed, "The SMTP server refused the login \(detail).\(said) Nothing was "
                + "sent. Check the user and the password, or that the OAuth token is current and grants SMTP sending.")
        }
        if let reply = transcript.mailFromReply, !reply.isPositive {
            return make(.senderRefused, "The SMTP server refused the envelope sender \(detail).\(said) Nothing was "
                + "sent. Check that the account may send as that address.")
        }
        if allRefused(transcript, count: results.count) {
            let each = results.map(\.description).joined(separator: "; ")
            return make(.allRecipientsRefused, "The SMTP server refused every recipient, so nothing was sent "
                + "\(detail): \(each). Check the addresses; a 4xx reply may succeed later.")
        }
        if let reply = data.toCommand, reply.code != 354 {
            return make(.messageRefused, "The SMTP server refused DATA \(detail).\(said) Nothing was delivered. "
                + "Check the server's limits and policy for this sender and these recipients.")
        }
        if let reply = data.toMessage, !reply.isPositive {
            return make(.messageRefused, "The SMTP server refused the message after receiving it \(detail).\(said) "
                + "Nothing was delivered. Check its size and content against the server's limits and filters.")
        }
        if connectCodes.contains(curl) {
            return make(.connectionFailed, "Could not connect to the SMTP server \(detail). Nothing was sent. Check "
                + "the host and port in the URL and that the server is up and reachable from here.")
        }
        if brokenCodes.contains(curl) || transcript.lastReply?.code == 421 {
            let again = retried ? " also on a new connection" : ""
            let maybe = transcript.reachedMessageContent
                ? " The server may have taken the message before the break: check before sending it again."
                : " The message was not sent."
            return make(.connectionLost, "The connection to the SMTP server broke\(again) \(detail).\(said)\(maybe) "
                + "It is tried again later; if this goes on, check the server's logs and limits.")
        }
        return make(.failed, "Sending over SMTP failed \(detail).\(said) Check the configuration and the server's logs.")
    }
}
