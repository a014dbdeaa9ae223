public import Foundation

extension MailStack {
    /// A client on the internet, as the stack's SMTP port sees it: `XCLIENT ADDR=...` makes Postfix, OpenDKIM,
    /// OpenDMARC and SPF take the session for one from `address` (the stack allows XCLIENT from loopback only on
    /// that port; libspf2 would pass SPF for any loopback client, so an outside sender must not look like one).
    /// The default address is in 203.0.113.0/24 (TEST-NET-3), which the look-alike and attacker domains of the
    /// stack's DNS list in their SPF records and health.mo.gov does not (docs/mailstack.md).
    public static let outsideAddress = "203.0.113.66"

    /// Sends `raw` (a whole message, LF or CRLF line ends) on the SMTP port as an outside client at `address`
    /// saying `HELO helo`, with envelope sender `mailFrom` to `recipients`, and returns the server's answer to the
    /// end of DATA (`250 2.0.0 Ok: queued as ...`). Throws `MailStackError.io` with the server's line when a
    /// command is refused (an XCLIENT refusal means the stack predates the milters: run `scripts/mailstack start`).
    public func sendFromOutside(_ raw: String, mailFrom: String, to recipients: [String],
                                address: String = MailStack.outsideAddress, helo: String = "mail.evil.test") throws -> String {
        let c = try LoopbackConnection(port: smtpPort, timeout: 10)
        defer { c.close() }
        // One reply, read to its last line (continuation lines are "250-...").
        func reply(_ line: String) throws -> String {
            try c.send(line + "\r\n")
            var last = ""
            repeat { last = try c.readLine() } while last.count > 3 && last[last.index(last.startIndex, offsetBy: 3)] == "-"
            return last
        }
        var line = try c.readLine()
        guard line.hasPrefix("220") else { throw MailStackError.io("SMTP greeting: \(line)") }
        line = try reply("EHLO \(helo)")
        guard line.hasPrefix("250") else { throw MailStackError.io("SMTP EHLO: \(line)") }
        line = try reply("XCLIENT ADDR=\(address) NAME=[UNAVAILABLE] HELO=\(helo)")
        guard line.hasPrefix("220") else {
            throw MailStackError.io("SMTP XCLIENT refused (\(line)): this stack predates the sender-authentication milters; run `scripts/mailstack start`")
        }
        line = try reply("EHLO \(helo)")
        guard line.hasPrefix("250") else { throw MailStackError.io("SMTP EHLO after XCLIENT: \(line)") }
        line = try reply("MAIL FROM:<\(mailFrom)>")
        guard line.hasPrefix("250") else { throw MailStackError.io("SMTP MAIL FROM: \(line)") }
        for r in recipients {
            line = try reply("RCPT TO:<\(r)>")
            guard line.hasPrefix("250") else { throw MailStackError.io("SMTP RCPT TO \(r): \(line)") }
        }
        line = try reply("DATA")
        guard line.hasPrefix("354") else { throw MailStackError.io("SMTP DATA: \(line)") }
        let body = raw.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(".") ? "." + $0 : String($0) }.joined(separator: "\r\n")
        line = try reply(body + (body.hasSuffix("\r\n") ? "" : "\r\n") + ".")
        guard line.hasPrefix("250") else { throw MailStackError.io("SMTP end of DATA: \(line)") }
        _ = try? reply("QUIT")
        return line
    }
}
