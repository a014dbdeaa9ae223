import Foundation
import MailTransport
import Testing

/// `CurlSMTPSender` against a real Postfix 3.7 (with Dovecot LMTP delivering into Maildirs): the loopback stack
/// of `scripts/mailstack start`. These tests fail, not skip, when the stack is not running.
@Suite("CurlSMTPSender against Postfix", .serialized)
struct CurlSMTPSenderPostfixTests {
    static let shared = "moacts@health.mo.gov"

    /// A sender logging in as the shared mailbox over STARTTLS on the submission port, verified with the stack's CA.
    func sender(_ stack: MailStack, url: String? = nil, password: String? = nil, caFile: String? = nil) throws -> CurlSMTPSender {
        try CurlSMTPSender(configuration: SMTPConfiguration(
            url: url ?? "smtp://\(stack.host):\(stack.submissionPort)", user: Self.shared,
            credential: .password(password ?? stack.password), caFile: caFile ?? stack.caFile,
            connectTimeout: .seconds(10), timeout: .seconds(30), heloName: "helpdesk.test"))
    }

    /// A complete message (Date and Message-ID given, so Postfix adds nothing but its trace lines).
    func message(id: String, to: String, cc: String? = nil, body: String = "Hello,\r\n\r\nYour account is ready.\r\n") -> [UInt8] {
        var text = "From: MO ACTS Help Desk <moacts@health.mo.gov>\r\nTo: \(to)\r\n"
        if let cc { text += "Cc: \(cc)\r\n" }
        text += "Subject: [MOACTS #7] Test \(id)\r\nDate: Mon, 03 Jun 2024 10:00:00 -0500\r\nMessage-ID: <\(id)>\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body
        return Array(text.utf8)
    }

    func unique(_ label: String) -> String { "\(label).\(UUID().uuidString.lowercased())@helpdesk.test" }

    @Test func startTLSWithAuthDeliversByteExactToToAndCc() async throws {
        let stack = try MailStack.load()
        let sender = try sender(stack)
        let id = unique("exact")
        let raw = message(id: id, to: "user1@health.mo.gov", cc: "user2@health.mo.gov",
                          body: "Hello Jos\u{e9},\r\n\r\n\u{2013} \u{fc}ber caf\u{e9} \u{1F600}\r\n  indented\r\n\tand tabbed\r\n")
        let report = try await sender.submit(raw, from: Self.shared, to: ["user1@health.mo.gov", "user2@health.mo.gov"])
        #expect(report.refused.isEmpty)
        #expect(report.recipients.allSatisfy { $0.reply?.enhancedCode == "2.1.5" })
        #expect(report.messageReply?.lastLine.hasPrefix("250 2.0.0 Ok: queued as") == true)
        for address in ["user1@health.mo.gov", "user2@health.mo.gov"] {
            let stored = try #require(try await stack.delivered(to: address, messageID: id), "not delivered to \(address)")
            #expect(withoutTraceHeaders(stored) == asStored(raw), "\(address) got other bytes")
        }
    }

    @Test func implicitTLSOnTheSMTPSPort() async throws {
        let stack = try MailStack.load()
        let sender = try sender(stack, url: "smtps://\(stack.host):\(stack.smtpsPort)")
        let id = unique("smtps")
        let raw = message(id: id, to: "user4@health.mo.gov")
        #expect(try await sender.send(raw, from: Self.shared, to: ["user4@health.mo.gov"]).isEmpty)
        let stored = try #require(try await stack.delivered(to: "user4@health.mo.gov", messageID: id))
        #expect(withoutTraceHeaders(stored) == asStored(raw))
    }

    @Test func aLoneDotLineAndBareLineFeedsArriveIntact() async throws {
        let stack = try MailStack.load()
        let sender = try sender(stack)
        let id = unique("dot")
        // Bare LF throughout, a line holding a single ".", one starting with "..", one with ". " and a lone CR.
        let lf = "From: moacts@health.mo.gov\nTo: user5@health.mo.gov\nSubject: dots\nDate: Mon, 03 Jun 2024 10:00:00 -0500\n"
            + "Message-ID: <\(id)>\n\nbefore\n.\n..two\n. space\nlone\rcr\nlast line"
        let report = try await sender.submit(Array(lf.utf8), from: Self.shared, to: ["user5@health.mo.gov"])
        #expect(report.refused.isEmpty)
        let stored = try #require(try await stack.delivered(to: "user5@health.mo.gov", messageID: id))
        let expected = asStored(SMTPLineEndings.normalized(Array(lf.utf8)))
        #expect(withoutTraceHeaders(stored) == expected)
        #expect(String(decoding: stored, as: UTF8.self).hasSuffix("before\n.\n..two\n. space\nlone\ncr\nlast line\n"))
    }

    @Test func oneRefusedRecipientDoesNotDropTheOthers() async throws {
        // The stack accepts every well-formed address (a catch-all); Postfix refuses a malformed domain with
        // 501 5.1.3, as it would a typo in a real request. (550 5.1.1 is covered by the transcript tests.)
        let stack = try MailStack.load()
        let sender = try sender(stack)
        let id = unique("refused")
        let bad = "user7@health..mo.gov"
        let raw = message(id: id, to: "user6@health.mo.gov, \(bad)", cc: "user8@health.mo.gov")
        let report = try await sender.submit(raw, from: Self.shared, to: ["user6@health.mo.gov", bad, "user8@health.mo.gov"])
        #expect(report.refused.map(\.address) == [bad])
        #expect(report.refused.first?.reply?.lastLine == "501 5.1.3 Bad recipient address syntax")
        #expect(report.recipients.map(\.accepted) == [true, false, true])
        let refused = try await sender.send(message(id: unique("refused2"), to: "user6@health.mo.gov"), from: Self.shared,
                                            to: [bad, "user6@health.mo.gov"])
        #expect(refused == [bad])
        for address in ["user6@health.mo.gov", "user8@health.mo.gov"] {
            let stored = try await stack.delivered(to: address, messageID: id)
            #expect(stored != nil, "not delivered to \(address)")
        }
    }

    @Test func everyRecipientRefusedIsAnErrorWithEachReply() async throws {
        let stack = try MailStack.load()
        let sender = try sender(stack)
        let error = await #expect(throws: SMTPError.self) {
            _ = try await sender.send(message(id: unique("none"), to: "x@y"), from: Self.shared,
                                      to: ["a@health..mo.gov", "b@health..mo.gov"])
        }
        #expect(error?.code == .allRecipientsRefused)
        #expect(error?.curlCode == 55)
        #expect(error?.recipients.map { $0.reply?.code } == [501, 501])
        // The connection stays usable after the refusal.
        #expect(try await sender.send(message(id: unique("after"), to: "user9@health.mo.gov"), from: Self.shared,
                                      to: ["user9@health.mo.gov"]).isEmpty)
    }

    @Test func wrongPasswordIsAnAuthenticationError() async throws {
        let stack = try MailStack.load()
        let sender = try sender(stack, password: "not-the-password")
        let error = await #expect(throws: SMTPError.self) {
            _ = try await sender.send(message(id: unique("auth"), to: "user1@health.mo.gov"), from: Self.shared,
                                      to: ["user1@health.mo.gov"])
        }
        #expect(error?.code == .authenticationFailed)
        #expect(error?.curlCode == 67)
        #expect(error?.serverReply?.hasPrefix("535 5.7.8") == true)
        #expect(error?.description.contains("not-the-password") == false)
    }

    @Test func anUntrustedCAIsATLSError() async throws {
        let stack = try MailStack.load()
        // The system's CAs do not include the stack's own CA.
        for url in ["smtp://\(stack.host):\(stack.submissionPort)", "smtps://\(stack.host):\(stack.smtpsPort)"] {
            let sender = try sender(stack, url: url, caFile: "/etc/ssl/certs/ca-certificates.crt")
            let error = await #expect(throws: SMTPError.self) {
                _ = try await sender.send(message(id: unique("tls"), to: "user1@health.mo.gov"), from: Self.shared,
                                          to: ["user1@health.mo.gov"])
            }
            #expect(error?.code == .tlsFailed, "\(url)")
            #expect(error?.curlCode == 60, "\(url)")
        }
    }

    @Test func nobodyListeningIsAConnectionError() async throws {
        let stack = try MailStack.load()
        let sender = try sender(stack, url: "smtp://127.0.0.1:9")
        let error = await #expect(throws: SMTPError.self) {
            _ = try await sender.send(message(id: unique("conn"), to: "user1@health.mo.gov"), from: Self.shared,
                                      to: ["user1@health.mo.gov"])
        }
        #expect(error?.code == .connectionFailed)
        #expect(error?.curlCode == 7)
    }

    @Test func twoHundredMessagesOverOneConnection() async throws {
        let stack = try MailStack.load()
        let sender = try sender(stack)
        let marker = "X-Batch: \(UUID().uuidString)"
        let count = 200
        let messages = (0..<count).map { n in
            Array("From: moacts@health.mo.gov\r\nTo: user10@health.mo.gov\r\nSubject: batch \(n)\r\nDate: Mon, 03 Jun 2024 10:00:00 -0500\r\nMessage-ID: <batch-\(n).\(marker.suffix(36))@helpdesk.test>\r\n\(marker)\r\n\r\nmessage \(n)\r\n".utf8)
        }
        // Open the connection first, so the rate is of the reused connection only.
        _ = try await sender.send(message(id: unique("warm"), to: "user10@health.mo.gov"), from: Self.shared, to: ["user10@health.mo.gov"])
        let clock = ContinuousClock()
        let start = clock.now
        var opened = 0
        for raw in messages {
            let report = try await sender.submit(raw, from: Self.shared, to: ["user10@health.mo.gov"])
            if report.openedConnection { opened += 1 }
            #expect(report.refused.isEmpty)
        }
        let submitted = clock.now - start
        #expect(opened == 0, "every send after the first reuses the connection")
        var delivered = 0
        while clock.now - start < .seconds(60) {
            delivered = stack.count(in: "user10@health.mo.gov", containing: marker)
            if delivered == count { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        let endToEnd = clock.now - start
        #expect(delivered == count)
        let rate = Double(count) / (Double(submitted.components.seconds) + Double(submitted.components.attoseconds) / 1e18)
        let e2e = Double(count) / (Double(endToEnd.components.seconds) + Double(endToEnd.components.attoseconds) / 1e18)
        print("SMTP throughput: \(count) messages over one connection in \(submitted): \(Int(rate)) msg/s submitted, "
            + "\(Int(e2e)) msg/s into the Maildir")
    }

    @Test func fourConnectionsInAPool() async throws {
        let stack = try MailStack.load()
        let pool = try SMTPSenderPool(configuration: SMTPConfiguration(
            url: "smtp://\(stack.host):\(stack.submissionPort)", user: Self.shared, credential: .password(stack.password),
            caFile: stack.caFile, heloName: "helpdesk.test"), connections: 4)
        let marker = "X-Batch: \(UUID().uuidString)"
        let count = 400
        let clock = ContinuousClock()
        let start = clock.now
        let opened = try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var opened = 0
                    for n in stride(from: worker, to: count, by: 8) {
                        let raw = Array("From: moacts@health.mo.gov\r\nTo: user12@health.mo.gov\r\nSubject: pool \(n)\r\nDate: Mon, 03 Jun 2024 10:00:00 -0500\r\nMessage-ID: <pool-\(n).\(marker.suffix(36))@helpdesk.test>\r\n\(marker)\r\n\r\nmessage \(n)\r\n".utf8)
                        if try await pool.submit(raw, from: Self.shared, to: ["user12@health.mo.gov"]).openedConnection { opened += 1 }
                    }
                    return opened
                }
            }
            return try await group.reduce(0, +)
        }
        let submitted = clock.now - start
        #expect(opened == 4, "four connections, each opened once")
        var delivered = 0
        while clock.now - start < .seconds(60) {
            delivered = stack.count(in: "user12@health.mo.gov", containing: marker)
            if delivered == count { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(delivered == count)
        let seconds = Double(submitted.components.seconds) + Double(submitted.components.attoseconds) / 1e18
        print("SMTP throughput: \(count) messages over a pool of 4 connections in \(submitted): \(Int(Double(count) / seconds)) msg/s submitted (connections included)")
    }

    @Test func xoauth2AsksForTheTokenAndAServerWithoutItRefusesTheLogin() async throws {
        // The stack's Postfix offers PLAIN and LOGIN only: libcurl, told AUTH=XOAUTH2, finds no mechanism to use.
        let stack = try MailStack.load()
        let tokens = TokenCounter()
        let sender = try CurlSMTPSender(configuration: SMTPConfiguration(
            url: "smtp://\(stack.host):\(stack.submissionPort)", user: Self.shared,
            credential: .oauth2(tokenProvider: { tokens.next() }), caFile: stack.caFile))
        let error = await #expect(throws: SMTPError.self) {
            _ = try await sender.send(message(id: unique("oauth"), to: "user1@health.mo.gov"), from: Self.shared,
                                      to: ["user1@health.mo.gov"])
        }
        #expect(error?.code == .authenticationFailed)
        #expect(error?.curlCode == 67)
        #expect(tokens.next() == "token-2", "the provider was asked once")
        #expect(error?.description.contains("token-1") == false)
    }

    @Test func aConnectionClosedBetweenSendsIsSurvivedByOneRetry() async throws {
        let stack = try MailStack.load()
        let proxy = try ResettingProxy(upstreamPort: stack.submissionPort)
        defer { proxy.stop() }
        let sender = try sender(stack, url: "smtp://127.0.0.1:\(proxy.port)")
        let first = try await sender.submit(message(id: unique("before"), to: "user11@health.mo.gov"), from: Self.shared,
                                            to: ["user11@health.mo.gov"])
        #expect(first.openedConnection && !first.retried)
        let second = try await sender.submit(message(id: unique("reused"), to: "user11@health.mo.gov"), from: Self.shared,
                                             to: ["user11@health.mo.gov"])
        #expect(!second.openedConnection && !second.retried)
        #expect(proxy.accepted == 1)

        proxy.dropServerSide()
        try await Task.sleep(for: .milliseconds(100))   // the relay notices within its 20 ms poll
        let id = unique("after-close")
        let third = try await sender.submit(message(id: id, to: "user11@health.mo.gov"), from: Self.shared,
                                            to: ["user11@health.mo.gov"])
        #expect(third.retried)
        let firstCode = try #require(third.firstAttemptCurlCode)
        #expect([55, 56].contains(firstCode), "the reused connection failed as the notes say (rc=56)")
        #expect(third.openedConnection)
        #expect(third.refused.isEmpty)
        #expect(proxy.accepted == 2)
        #expect(try await stack.delivered(to: "user11@health.mo.gov", messageID: id) != nil)
        #expect(stack.count(in: "user11@health.mo.gov", containing: "Message-ID: <\(id)>") == 1, "delivered once")
    }
}
