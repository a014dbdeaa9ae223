import MailTransport
import Testing

/// A transcript from `curl -v` style lines: "> " for what the client sent, "< " for what the server answered.
func replay(_ text: String) -> SMTPTranscript {
    var transcript = SMTPTranscript()
    for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
        let body = Array((line.dropFirst(2) + "\r\n").utf8)
        if line.hasPrefix("> ") { transcript.sent(body) } else if line.hasPrefix("< ") { transcript.received(body) }
    }
    return transcript
}

/// Recorded from Postfix 3.7 (scripts/mailstack) with curl 7.88: up to and including AUTH.
let postfixLogin = """
< 220 mailstack.localhost ESMTP Postfix
> EHLO bot.example
< 250-mailstack.localhost
< 250-PIPELINING
< 250-SIZE 41943040
< 250-STARTTLS
< 250-ENHANCEDSTATUSCODES
< 250 CHUNKING
> STARTTLS
< 220 2.0.0 Ready to start TLS
> EHLO bot.example
< 250-mailstack.localhost
< 250-AUTH PLAIN LOGIN
< 250 CHUNKING
> AUTH PLAIN
< 334 
> AG1vYWN0c0BoZWFsdGgubW8uZ292AHRlc3QtcGFzc3dvcmQ=
"""

@Suite("SMTP transcript and outcome")
struct SMTPTranscriptTests {
    static let oneRefused = postfixLogin + """

< 235 2.7.0 Authentication successful
> MAIL FROM:<moacts@health.mo.gov> SIZE=71
< 250 2.1.0 Ok
> RCPT TO:<user1@health..mo.gov>
< 501 5.1.3 Bad recipient address syntax
> RCPT TO:<user2@health.mo.gov>
< 250 2.1.5 Ok
> DATA
< 354 End data with <CR><LF>.<CR><LF>
< 250 2.0.0 Ok: queued as 7DF3FF7C385
"""

    @Test func pairsEachRecipientWithItsReply() throws {
        let transcript = replay(Self.oneRefused)
        let replies = transcript.recipientReplies
        #expect(replies.map(\.address) == ["user1@health..mo.gov", "user2@health.mo.gov"])
        #expect(replies.map { $0.reply?.code } == [501, 250])
        #expect(transcript.dataReplies.toCommand?.code == 354)
        #expect(transcript.dataReplies.toMessage?.lastLine == "250 2.0.0 Ok: queued as 7DF3FF7C385")
        #expect(transcript.messageAccepted)
        #expect(transcript.authenticationReply?.code == 235)
        #expect(transcript.mailFromReply?.code == 250)
    }

    @Test func credentialsAreNeverKept() {
        let transcript = replay(Self.oneRefused + "\n> AUTH PLAIN c2VjcmV0\n> AUTH LOGIN\n< 334 VXNlcm5hbWU6\n> dXNlcg==\n< 334 UGFzc3dvcmQ6\n> DATA\n< 535 5.7.8 no\n")
        let sent = transcript.events.compactMap { event -> String? in
            if case .command(let command) = event { return command.text } else { return nil }
        }
        #expect(!sent.contains { $0.contains("AG1vYWN0c0") || $0.contains("c2VjcmV0") || $0.contains("dXNlcg==") })
        #expect(sent.contains("AUTH PLAIN"))
        // Whatever is sent while a challenge is open is authentication data, even a line that looks like a verb.
        #expect(sent.filter { $0 == "<authentication data>" }.count == 4)
    }

    struct OutcomeCase: CustomStringConvertible, Sendable {
        let name: String
        let curlCode: Int
        let transcript: String
        let recipients: [String]
        let expected: SMTPError.Code?
        let refused: [String]
        var description: String { name }
    }

    static let outcomes: [OutcomeCase] = [
        OutcomeCase(name: "one of two refused: sent, one reported", curlCode: 0, transcript: oneRefused,
                    recipients: ["user1@health..mo.gov", "user2@health.mo.gov"], expected: nil,
                    refused: ["user1@health..mo.gov"]),
        OutcomeCase(name: "452 temporary refusal reported, others sent", curlCode: 0, transcript: postfixLogin + """

< 235 2.7.0 Authentication successful
> MAIL FROM:<a@x>
< 250 2.1.0 Ok
> RCPT TO:<b@x>
< 250 2.1.5 Ok
> RCPT TO:<c@x>
< 452 4.5.3 Error: too many recipients
> DATA
< 354 go
< 250 2.0.0 Ok: queued as 1
""", recipients: ["b@x", "c@x"], expected: nil, refused: ["c@x"]),
        OutcomeCase(name: "all refused (550 5.1.1)", curlCode: 55, transcript: postfixLogin + """

< 235 2.7.0 Authentication successful
> MAIL FROM:<a@x>
< 250 2.1.0 Ok
> RCPT TO:<nobody@x>
< 550 5.1.1 <nobody@x>: Recipient address rejected: User unknown
> RCPT TO:<none@x>
< 550 5.1.1 <none@x>: Recipient address rejected: User unknown
""", recipients: ["nobody@x", "none@x"], expected: .allRecipientsRefused, refused: []),
        OutcomeCase(name: "wrong password", curlCode: 67, transcript: postfixLogin
                    + "\n< 535 5.7.8 Error: authentication failed: (reason unavailable)\n",
                    recipients: ["b@x"], expected: .authenticationFailed, refused: []),
        OutcomeCase(name: "untrusted certificate", curlCode: 60, transcript: "< 220 ready\n> EHLO x\n< 250 STARTTLS\n> STARTTLS\n< 220 2.0.0 Ready to start TLS\n",
                    recipients: ["b@x"], expected: .tlsFailed, refused: []),
        OutcomeCase(name: "no STARTTLS offered", curlCode: 64, transcript: "< 220 ready\n> EHLO x\n< 250 ok\n",
                    recipients: ["b@x"], expected: .tlsFailed, refused: []),
        OutcomeCase(name: "message refused after the dot", curlCode: 8, transcript: postfixLogin + """

< 235 2.7.0 Authentication successful
> MAIL FROM:<a@x>
< 250 2.1.0 Ok
> RCPT TO:<b@x>
< 250 2.1.5 Ok
> DATA
< 354 go
< 552 5.3.4 Message size exceeds fixed limit
""", recipients: ["b@x"], expected: .messageRefused, refused: []),
        OutcomeCase(name: "DATA refused", curlCode: 55, transcript: """
< 220 ready
> MAIL FROM:<a@x>
< 250 2.1.0 Ok
> RCPT TO:<b@x>
< 250 2.1.5 Ok
> DATA
< 554 5.5.1 Error: no valid recipients
""", recipients: ["b@x"], expected: .messageRefused, refused: []),
        OutcomeCase(name: "sender refused", curlCode: 55, transcript: "> MAIL FROM:<a@x>\n< 553 5.7.1 <a@x>: Sender address rejected: not owned by user\n",
                    recipients: ["b@x"], expected: .senderRefused, refused: []),
        OutcomeCase(name: "timeout", curlCode: 28, transcript: "< 220 ready\n", recipients: ["b@x"], expected: .timedOut, refused: []),
        OutcomeCase(name: "nobody listening", curlCode: 7, transcript: "", recipients: ["b@x"], expected: .connectionFailed, refused: []),
        OutcomeCase(name: "connection lost", curlCode: 56, transcript: "> MAIL FROM:<a@x>\n", recipients: ["b@x"],
                    expected: .connectionLost, refused: []),
    ]

    @Test(arguments: outcomes)
    func evaluates(_ test: OutcomeCase) throws {
        let attempt = SMTPAttempt(curlCode: test.curlCode, curlMessage: "", newConnection: true,
                                  transcript: replay(test.transcript))
        switch SMTPOutcome.evaluate(attempt, recipients: test.recipients, retried: false) {
        case .success(let report):
            #expect(test.expected == nil)
            #expect(report.refused.map(\.address) == test.refused)
            #expect(report.recipients.map(\.address) == test.recipients)
        case .failure(let error):
            #expect(error.code == test.expected)
            #expect(error.curlCode == test.curlCode)
            #expect(!error.description.contains("AG1vYWN0c0"))
            if test.expected == .allRecipientsRefused {
                #expect(error.recipients.map { $0.reply?.enhancedCode } == ["5.1.1", "5.1.1"])
                #expect(error.description.contains("nobody@x: 550 5.1.1"))
            }
            if let last = attempt.transcript.lastReply { #expect(error.serverReply == last.lastLine) }
        }
    }

    struct RetryCase: CustomStringConvertible, Sendable {
        let name: String
        let curlCode: Int
        let newConnection: Bool
        let transcript: String
        let retry: Bool
        var description: String { name }
    }

    static let retries: [RetryCase] = [
        RetryCase(name: "reused connection, recv error at MAIL", curlCode: 56, newConnection: false,
                  transcript: "> MAIL FROM:<a@x>\n", retry: true),
        RetryCase(name: "reused connection, 421 left by the server", curlCode: 55, newConnection: false,
                  transcript: "> MAIL FROM:<a@x>\n< 421 4.4.2 mailstack.localhost Error: timeout exceeded\n", retry: true),
        RetryCase(name: "reused connection, got nothing", curlCode: 52, newConnection: false, transcript: "", retry: true),
        RetryCase(name: "fresh connection: no retry", curlCode: 56, newConnection: true, transcript: "> MAIL FROM:<a@x>\n", retry: false),
        RetryCase(name: "after 354 the server may have it: no retry", curlCode: 56, newConnection: false,
                  transcript: "> MAIL FROM:<a@x>\n< 250 ok\n> RCPT TO:<b@x>\n< 250 ok\n> DATA\n< 354 go\n", retry: false),
        RetryCase(name: "every recipient refused: no retry", curlCode: 55, newConnection: false,
                  transcript: "> MAIL FROM:<a@x>\n< 250 ok\n> RCPT TO:<b@x>\n< 550 5.1.1 no\n", retry: false),
        RetryCase(name: "success: no retry", curlCode: 0, newConnection: false, transcript: "", retry: false),
        RetryCase(name: "auth refused: no retry", curlCode: 67, newConnection: false, transcript: "", retry: false),
    ]

    @Test(arguments: retries)
    func decidesRetry(_ test: RetryCase) {
        let attempt = SMTPAttempt(curlCode: test.curlCode, newConnection: test.newConnection, transcript: replay(test.transcript))
        #expect(SMTPOutcome.shouldRetry(attempt, recipients: ["b@x"]) == test.retry)
    }
}
