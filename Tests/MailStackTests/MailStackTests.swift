import Foundation
import HelpdeskTesting
import Testing

/// The loopback mail stack itself (scripts/mailstack, docs/mailstack.md): every port answers, TLS verifies with the
/// stack's CA, mail sent over SMTP lands in the Maildirs Dovecot serves, unknown addresses land in the catch-all,
/// nothing needs a network. These tests need the stack running (`make test` starts it) and FAIL when it is not.
@Suite("Mail stack")
struct MailStackTests {
    private let stack: MailStack

    init() throws {
        stack = try MailStack.running()
    }

    private func args(_ port: Int) -> [String] {
        [stack.host, String(port), stack.caFile, stack.password]
    }

    @Test("IMAP, LMTP, SMTP and submission greet on their ports")
    func greetings() throws {
        #expect(try stack.greeting(port: stack.imapPort).hasPrefix("* OK"))
        #expect(try stack.greeting(port: stack.lmtpPort).hasPrefix("220"))
        #expect(try stack.greeting(port: stack.smtpPort).hasPrefix("220"))
        #expect(try stack.greeting(port: stack.submissionPort).hasPrefix("220"))
    }

    @Test("IMAPS, SMTPS and STARTTLS verify against the CA file for localhost and 127.0.0.1")
    func tlsVerifies() async throws {
        let result = try await Python.run("""
            import imaplib, smtplib, ssl, sys
            imaps, smtps, imap, smtp, ca = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
            ctx = ssl.create_default_context(cafile=ca)
            for host in ("localhost", "127.0.0.1"):
                i = imaplib.IMAP4_SSL(host, imaps, ssl_context=ctx); i.logout()
                s = smtplib.SMTP_SSL(host, smtps, context=ctx); s.ehlo(); s.quit()
                i = imaplib.IMAP4(host, imap); i.starttls(ssl_context=ctx); i.logout()
                s = smtplib.SMTP(host, smtp); s.starttls(context=ctx); s.ehlo(); s.quit()
            # Without the CA the certificate is refused.
            try:
                imaplib.IMAP4_SSL("localhost", imaps, ssl_context=ssl.create_default_context()).logout()
                print("unverified certificate accepted")
            except ssl.SSLCertVerificationError:
                print("refused without the CA")
            """, [String(stack.imapsPort), String(stack.smtpsPort), String(stack.imapPort), String(stack.smtpPort),
                  stack.caFile])
        #expect(result.ok, "\(result.stderr)")
        #expect(result.stdout.contains("refused without the CA"), "\(result.stdout)")
    }

    @Test("SMTP with STARTTLS and AUTH delivers to the shared mailbox's Maildir")
    func smtpToSharedMailbox() async throws {
        let subject = token("shared")
        let result = try await Python.run(smtpPrelude + """
            s = smtplib.SMTP(host, port, timeout=20)
            s.starttls(context=ctx)
            s.login("moacts@health.mo.gov", password)
            s.sendmail("moacts@health.mo.gov", ["moacts@health.mo.gov"],
                       message("moacts@health.mo.gov", ["moacts@health.mo.gov"], sys.argv[5], "hello"))
            s.quit()
            """, args(stack.smtpPort) + [subject])
        #expect(result.ok, "\(result.stderr)")
        let path = try await stack.waitForMessage(of: stack.sharedMailbox, containing: subject)
        #expect(path != nil, "no message \(subject) in \(stack.maildir(of: stack.sharedMailbox))")
        #expect(path?.contains("/health.mo.gov/moacts/Maildir/new/") == true)
    }

    @Test("AUTH is offered only after STARTTLS; submission and SMTPS refuse mail without AUTH")
    func authAfterTLSOnly() async throws {
        let result = try await Python.run(smtpPrelude + """
            s = smtplib.SMTP(host, port, timeout=20); s.ehlo()
            print("plain-auth", s.has_extn("auth"))
            s.starttls(context=ctx); s.ehlo()
            print("tls-auth", s.has_extn("auth"))
            try:
                s.login("admin@health.mo.gov", "wrong-password"); print("bad password accepted")
            except smtplib.SMTPAuthenticationError:
                print("bad password refused")
            s.quit()
            sub = smtplib.SMTP(host, int(sys.argv[5]), timeout=20)
            code, _ = sub.mail("a@example.org"); print("submission-mail-before-tls", code)
            sub.rset(); sub.starttls(context=ctx); sub.ehlo()
            sub.mail("a@example.org"); code, _ = sub.rcpt("moacts@health.mo.gov"); print("submission-rcpt-no-auth", code)
            sub.quit()
            """, args(stack.smtpPort) + [String(stack.submissionPort)])
        #expect(result.ok, "\(result.stderr)")
        let out = result.stdout
        #expect(out.contains("plain-auth False"), "\(out)")
        #expect(out.contains("tls-auth True"), "\(out)")
        #expect(out.contains("bad password refused"), "\(out)")
        #expect(out.contains("submission-mail-before-tls 530"), "\(out)")
        #expect(out.contains("submission-rcpt-no-auth 554"), "\(out)")
    }

    @Test("Any unknown address in any domain lands in the catch-all; a known one in any case lands in its own")
    func catchAll() async throws {
        let subject = token("catchall")
        let result = try await Python.run(smtpPrelude + """
            rcpts = ["Someone.Else@Example.ORG", "nobody@gmail.com", "User7@Health.MO.GOV"]
            s = smtplib.SMTP(host, int(sys.argv[6]), timeout=20)
            s.starttls(context=ctx); s.login("user1@health.mo.gov", password)
            s.sendmail("user1@health.mo.gov", rcpts, message("user1@health.mo.gov", rcpts, sys.argv[5], "hi"))
            s.quit()
            """, args(stack.smtpPort) + [subject, String(stack.submissionPort)])
        #expect(result.ok, "\(result.stderr)")
        #expect(try await stack.waitForMessage(of: "user7@health.mo.gov", containing: subject) != nil)
        #expect(try await stack.waitForMessage(of: stack.catchAll, containing: subject) != nil)
        // Two unknown recipients of one message become one catch-all recipient: Postfix drops the duplicate.
        try await Task.sleep(for: .milliseconds(300))
        let copies = stack.messages(of: stack.catchAll).filter {
            (FileManager.default.contents(atPath: $0).map { String(decoding: $0, as: UTF8.self) } ?? "").contains(subject)
        }
        #expect(copies.count == 1)
        #expect(!FileManager.default.fileExists(atPath: stack.maildir(of: "someone.else@example.org")))
    }

    @Test("IMAP login as the shared mailbox sees INBOX and Processed; a wrong password is refused")
    func imapLogin() async throws {
        let result = try await Python.run("""
            import imaplib, ssl, sys
            port, ca, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
            ctx = ssl.create_default_context(cafile=ca)
            i = imaplib.IMAP4_SSL("localhost", port, ssl_context=ctx)
            i.login("MOACTS@health.mo.gov", password)
            typ, boxes = i.list()
            print("boxes", b" ".join(boxes).decode())
            print("select", i.select("Processed")[0])
            i.logout()
            i = imaplib.IMAP4_SSL("localhost", port, ssl_context=ctx)
            try:
                i.login("admin@health.mo.gov", "wrong"); print("wrong password accepted")
            except imaplib.IMAP4.error:
                print("wrong password refused")
            """, [String(stack.imapsPort), stack.caFile, stack.password])
        #expect(result.ok, "\(result.stderr)")
        #expect(result.stdout.contains("Processed"), "\(result.stdout)")
        #expect(result.stdout.contains("INBOX"), "\(result.stdout)")
        #expect(result.stdout.contains("select OK"), "\(result.stdout)")
        #expect(result.stdout.contains("wrong password refused"), "\(result.stdout)")
        #expect(FileManager.default.fileExists(atPath: stack.maildir(of: stack.sharedMailbox, folder: "Processed") + "/cur"))
    }
}

/// The fault-injecting proxy (scripts/faultproxy.py) between a client and the stack.
@Suite("Fault proxy")
struct FaultProxyTests {
    private let stack: MailStack

    init() throws {
        stack = try MailStack.running()
    }

    @Test("A cut after N bytes down delivers exactly N bytes of the greeting, then end of file")
    func cutGreeting() throws {
        let proxy = try FaultProxy(target: stack.imapPort)
        defer { proxy.stop() }
        try proxy.cutAfter(bytes: 10, .down)
        let connection = try LoopbackConnection(port: proxy.listenPort)
        let bytes = try connection.readToEnd()
        #expect(String(decoding: bytes, as: UTF8.self) == "* OK [CAPA")
        #expect(try proxy.stats().cuts == 1)
        // The cut is one-shot: the next connection gets the whole greeting.
        let again = try LoopbackConnection(port: proxy.listenPort)
        #expect(try again.readLine().hasPrefix("* OK"))
    }

    @Test("A connection cut mid-FETCH ends without the tagged OK, after exactly N bytes")
    func cutMidFetch() async throws {
        let user = "user19@health.mo.gov"
        let subject = token("fetch")
        let sent = try await Python.run(smtpPrelude + """
            body = "\\r\\n".join("line %05d of a long message" % n for n in range(3000))
            s = smtplib.SMTP(host, port, timeout=20)
            s.sendmail("a@example.org", ["user19@health.mo.gov"], message("a@example.org", ["user19@health.mo.gov"], sys.argv[5], body))
            s.quit()
            """, [stack.host, String(stack.smtpPort), stack.caFile, stack.password, subject])
        #expect(sent.ok, "\(sent.stderr)")
        #expect(try await stack.waitForMessage(of: user, containing: subject) != nil)

        let proxy = try FaultProxy(target: stack.imapPort)
        defer { proxy.stop() }
        let imap = try LoopbackConnection(port: proxy.listenPort, timeout: 30)
        _ = try imap.readLine()
        try imap.send("a LOGIN \(user) \(stack.password)\r\n")
        #expect(try imap.readLines(until: "a ").last?.hasPrefix("a OK") == true)
        try imap.send("b SELECT INBOX\r\n")
        #expect(try imap.readLines(until: "b ").last?.hasPrefix("b OK") == true)
        try proxy.cutAfter(bytes: 4000, .down)
        try imap.send("c UID FETCH 1:* (BODY.PEEK[])\r\n")
        let rest = try imap.readToEnd()
        #expect(rest.count == 4000)
        #expect(!String(decoding: rest, as: UTF8.self).contains("c OK"))
        #expect(try proxy.stats().cuts == 1)
    }

    @Test("A connection cut mid-DATA delivers nothing")
    func cutMidData() async throws {
        let subject = token("data")
        let proxy = try FaultProxy(target: stack.smtpPort)
        defer { proxy.stop() }
        let smtp = try LoopbackConnection(port: proxy.listenPort)
        #expect(try smtp.readLine().hasPrefix("220"))
        try smtp.send("EHLO test.invalid\r\n")
        #expect(try smtp.readLines(until: "250 ").last?.hasPrefix("250 ") == true)
        try smtp.send("MAIL FROM:<a@example.org>\r\n")
        #expect(try smtp.readLine().hasPrefix("250"))
        try smtp.send("RCPT TO:<\(stack.sharedMailbox)>\r\n")
        #expect(try smtp.readLine().hasPrefix("250"))
        try smtp.send("DATA\r\n")
        #expect(try smtp.readLine().hasPrefix("354"))
        try proxy.cutAfter(bytes: 1000, .up)
        var message = "From: a@example.org\r\nTo: \(stack.sharedMailbox)\r\nSubject: \(subject)\r\n\r\n"
        for n in 0..<500 { message += "line \(n) of a message that never ends\r\n" }
        message += ".\r\n"
        try? smtp.send(message)
        #expect(try smtp.readToEnd().isEmpty)
        #expect(try proxy.stats().cuts == 1)
        #expect(try await stack.waitForMessage(of: stack.sharedMailbox, containing: subject, timeout: 2) == nil)
    }

    @Test("pause holds bytes until resume; drop-all closes every connection")
    func pauseResumeDropAll() throws {
        let proxy = try FaultProxy(target: stack.smtpPort)
        defer { proxy.stop() }
        try proxy.pause()
        let paused = try LoopbackConnection(port: proxy.listenPort, timeout: 0.5)
        #expect(throws: (any Error).self) { try paused.readLine() }
        try proxy.resume()
        let line = try LoopbackConnection(port: proxy.listenPort, timeout: 5).readLine()
        #expect(line.hasPrefix("220"))
        let open = try LoopbackConnection(port: proxy.listenPort, timeout: 5)
        #expect(try open.readLine().hasPrefix("220"))
        try proxy.dropAll()
        #expect(try open.readToEnd().isEmpty)
        #expect(try proxy.stats().open == 0)
        #expect(throws: (any Error).self) { try proxy.command("no-such-command") }
    }
}
