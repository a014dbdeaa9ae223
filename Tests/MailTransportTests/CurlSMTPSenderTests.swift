import Foundation
import MailTransport
import Testing

/// An SMTP session that plays back scripted attempts and records what it was asked to send.
final class ScriptedSession: SMTPSession, @unchecked Sendable {
    private let lock = NSLock()
    private var script: [SMTPAttempt]
    private(set) var calls: [(envelope: SMTPEnvelope, fresh: Bool)] = []

    init(_ script: [SMTPAttempt]) { self.script = script }

    func perform(_ envelope: SMTPEnvelope, freshConnection: Bool) -> SMTPAttempt {
        lock.lock()
        defer { lock.unlock() }
        calls.append((envelope, freshConnection))
        return script.isEmpty ? SMTPAttempt(curlCode: 56, newConnection: false, transcript: SMTPTranscript()) : script.removeFirst()
    }
}

/// A successful session's transcript for `recipients`, each answered by the given code.
func accepted(_ recipients: [(String, String)]) -> String {
    var text = "> MAIL FROM:<moacts@health.mo.gov>\n< 250 2.1.0 Ok\n"
    for (address, reply) in recipients { text += "> RCPT TO:<\(address)>\n< \(reply)\n" }
    return text + "> DATA\n< 354 End data with <CR><LF>.<CR><LF>\n< 250 2.0.0 Ok: queued as ABC\n"
}

@Suite("CurlSMTPSender over a scripted session")
struct CurlSMTPSenderTests {
    @Test func normalisesLineEndingsAndReportsEachRecipient() async throws {
        let session = ScriptedSession([SMTPAttempt(curlCode: 0, newConnection: true, transcript: replay(accepted([
            ("a@x.org", "250 2.1.5 Ok"), ("b@x.org", "550 5.1.1 <b@x.org>: Recipient address rejected"),
        ])))])
        let sender = CurlSMTPSender(session: session)
        let report = try await sender.submit(Array("Subject: t\n\nline\n.\nend".utf8), from: "moacts@health.mo.gov",
                                             to: ["a@x.org", "b@x.org"])
        #expect(report.refused.map(\.address) == ["b@x.org"])
        #expect(report.refused.first?.reply?.enhancedCode == "5.1.1")
        #expect(report.messageReply?.code == 250)
        #expect(!report.retried)
        #expect(session.calls.count == 1)
        #expect(session.calls[0].envelope.message == Array("Subject: t\r\n\r\nline\r\n.\r\nend\r\n".utf8))
        #expect(session.calls[0].fresh == false)
    }

    @Test func retriesOnceOnAFreshConnectionWhenTheKeptOneWasClosed() async throws {
        let session = ScriptedSession([
            SMTPAttempt(curlCode: 56, curlMessage: "Failure when receiving data from the peer", newConnection: false,
                        transcript: replay("> MAIL FROM:<moacts@health.mo.gov>\n")),
            SMTPAttempt(curlCode: 0, newConnection: true, transcript: replay(accepted([("a@x.org", "250 2.1.5 Ok")]))),
        ])
        let sender = CurlSMTPSender(session: session)
        let refused = try await sender.send(Array("S: t\r\n\r\nb\r\n".utf8), from: "moacts@health.mo.gov", to: ["a@x.org"])
        #expect(refused.isEmpty)
        #expect(session.calls.map(\.fresh) == [false, true])
        let again = ScriptedSession([
            SMTPAttempt(curlCode: 56, newConnection: false, transcript: replay("> MAIL FROM:<m@x>\n")),
            SMTPAttempt(curlCode: 0, newConnection: true, transcript: replay(accepted([("a@x.org", "250 2.1.5 Ok")]))),
        ])
        let report = try await CurlSMTPSender(session: again).submit(Array("S: t\r\n\r\nb\r\n".utf8), from: "m@x", to: ["a@x.org"])
        #expect(report.retried && report.openedConnection && report.firstAttemptCurlCode == 56)
    }

    @Test func retriesOnlyOnce() async throws {
        let lost = SMTPAttempt(curlCode: 56, newConnection: false, transcript: replay("> MAIL FROM:<m@x>\n"))
        let session = ScriptedSession([lost, lost, lost])
        let sender = CurlSMTPSender(session: session)
        let error = await #expect(throws: SMTPError.self) {
            _ = try await sender.send(Array("S: t\r\n\r\nb\r\n".utf8), from: "m@x", to: ["a@x.org"])
        }
        #expect(error?.code == .connectionLost)
        #expect(error?.description.contains("also on a new connection") == true)
        #expect(session.calls.count == 2)
    }

    @Test func neverRetriesOnceTheServerMayHaveTheMessage() async throws {
        let session = ScriptedSession([SMTPAttempt(curlCode: 56, newConnection: false, transcript: replay(
            "> MAIL FROM:<m@x>\n< 250 ok\n> RCPT TO:<a@x.org>\n< 250 ok\n> DATA\n< 354 go\n"))])
        let sender = CurlSMTPSender(session: session)
        let error = await #expect(throws: SMTPError.self) {
            _ = try await sender.send(Array("S: t\r\n\r\nb\r\n".utf8), from: "m@x", to: ["a@x.org"])
        }
        #expect(error?.code == .connectionLost)
        #expect(error?.description.contains("may have taken the message") == true)
        #expect(session.calls.count == 1)
    }

    @Test func unwritableRecipientsAreRefusedWithoutAsking() async throws {
        let session = ScriptedSession([SMTPAttempt(curlCode: 0, newConnection: true, transcript: replay(accepted([
            ("a@x.org", "250 2.1.5 Ok"), ("a@x.org", "250 2.1.5 Ok"),
        ])))])
        let sender = CurlSMTPSender(session: session)
        let report = try await sender.submit(Array("S: t\r\n\r\nb\r\n".utf8), from: "m@x",
                                             to: ["a@x.org", "evil@x\r\nRCPT TO:<other@y>", "", "a@x.org"])
        #expect(session.calls.first?.envelope.recipients == ["a@x.org", "a@x.org"])
        #expect(report.recipients.map(\.address) == ["a@x.org", "evil@x\r\nRCPT TO:<other@y>", "", "a@x.org"])
        #expect(report.recipients.map(\.accepted) == [true, false, false, true])
    }

    @Test func nothingWritableSendsNothing() async throws {
        let session = ScriptedSession([])
        let sender = CurlSMTPSender(session: session)
        let error = await #expect(throws: SMTPError.self) {
            _ = try await sender.send(Array("S: t\r\n\r\nb\r\n".utf8), from: "m@x", to: ["", "x\n@y"])
        }
        #expect(error?.code == .allRecipientsRefused)
        let senderError = await #expect(throws: SMTPError.self) {
            _ = try await sender.send(Array("S: t\r\n\r\nb\r\n".utf8), from: "m@x\r\nRSET", to: ["a@x.org"])
        }
        #expect(senderError?.code == .senderRefused)
        #expect(session.calls.isEmpty)
    }

    @Test func asksTheTokenProviderForEverySend() async throws {
        let tokens = TokenCounter()
        let ok = SMTPAttempt(curlCode: 0, newConnection: false, transcript: replay(accepted([("a@x.org", "250 ok")])))
        let session = ScriptedSession([ok, ok])
        let sender = CurlSMTPSender(session: session, tokenProvider: { tokens.next() })
        for _ in 0..<2 { _ = try await sender.send(Array("S: t\r\n\r\nb\r\n".utf8), from: "m@x", to: ["a@x.org"]) }
        #expect(session.calls.map(\.envelope.bearerToken) == ["token-1", "token-2"])
    }

    @Test func configurationProblemsAndDescriptionWithoutSecrets() throws {
        #expect(SMTPConfiguration(url: "http://x").problem != nil)
        #expect(SMTPConfiguration(url: "smtp://x:587", credential: .password("p")).problem != nil)
        let good = SMTPConfiguration(url: "smtp://127.0.0.1:587", user: "u", credential: .password("hunter2"))
        #expect(good.problem == nil)
        #expect(!good.description.contains("hunter2"))
        #expect(SMTPConfiguration(url: "smtps://h:465").implicitTLS)
        #expect(throws: SMTPError.self) { _ = try CurlSMTPSender(configuration: SMTPConfiguration(url: "imap://x")) }
    }
}

final class TokenCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func next() -> String {
        lock.lock()
        defer { lock.unlock() }
        count += 1
        return "token-\(count)"
    }
}
