import CurlHTTP
import Foundation
import HelpdeskTesting
import Logging
import MailTransport
import OAuth2
import Testing

/// XOAUTH2 end to end: the token source gets access tokens from the stack's token server, and Dovecot's oauth2
/// passdb checks them by introspection, for IMAP and (through Dovecot SASL) Postfix's SMTP AUTH. Users 10-14 only.
@Suite("XOAUTH2 against Dovecot, Postfix and the token server")
struct XOAUTH2MailStackTests {
    static let clientID = "helpdesk-tests"

    static func user(_ n: Int) -> String { "user\(n)@health.mo.gov" }

    static func source(_ server: TokenServer, _ grant: TokenServer.Grant, prefix: String = "mailbox.oauth2")
        -> OAuth2TokenSource {
        OAuth2TokenSource(
            credentials: OAuth2Credentials(tokenURL: server.tokenURL, clientID: clientID, refreshToken: grant.refreshToken,
                                           settingsPrefix: prefix),
            transport: CurlHTTPClient(), logger: Logger(label: "xoauth2-test"))
    }

    static func mailbox(_ stack: MailStack, user n: Int, token: @escaping @Sendable () async throws -> String)
        -> CurlIMAPMailbox {
        CurlIMAPMailbox(configuration: CurlIMAPMailboxConfiguration(
            url: "imaps://localhost:\(stack.imapsPort)/INBOX", user: user(n), secret: .token(token), caFile: stack.caFile,
            processedFolder: nil, connectTimeout: .seconds(20), ioTimeout: .seconds(20)))
    }

    /// Puts a message straight into a user's Maildir.
    static func deliver(_ stack: MailStack, to n: Int, marker: String) throws {
        let raw = "From: tests@health.mo.gov\r\nTo: \(user(n))\r\nSubject: \(marker)\r\nMessage-ID: <\(marker)@tests>\r\n\r\n\(marker)\r\n"
        try stack.deliverToMaildir(Array(raw.utf8), of: user(n))
    }

    /// The SASL mechanisms of the logins of `address` the stack logged: Dovecot's IMAP logins (`method=`), or
    /// Postfix's SMTP AUTH (`sasl_method=`). Waits up to 2 s for `expected` to show (the log is written a moment
    /// after the login).
    static func loginMethods(_ stack: MailStack, _ address: String, smtp: Bool = false,
                             expected: String = "XOAUTH2") async throws -> [String] {
        var methods: [String] = []
        for _ in 0..<20 {
            let file = stack.directory + (smtp ? "/log/postfix.log" : "/log/dovecot.log")
            let log = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
            let (needle, key) = smtp ? ("sasl_username=\(address)", "sasl_method=") : ("Login: user=<\(address)>", "method=")
            methods = log.split(separator: "\n").filter { $0.contains(needle) }.compactMap { line in
                line.range(of: key).map { String(line[$0.upperBound...].prefix { $0 != "," }) }
            }
            if methods.contains(expected) { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        return methods
    }

    @Test("IMAP: logs in with a bearer token from the token source and reads the mailbox")
    func imapLogin() async throws {
        let stack = try MailStack.running()
        let server = try stack.tokenServer()
        let grant = try await server.issue(username: Self.user(10), clientID: Self.clientID)
        let marker = "xoauth2-imap-\(UUID().uuidString)"
        try Self.deliver(stack, to: 10, marker: marker)
        let source = Self.source(server, grant)
        let mailbox = Self.mailbox(stack, user: 10) { try await source.accessToken() }
        let messages = try await mailbox.fetchAll()
        await mailbox.close()
        #expect(messages.contains { String(decoding: $0.raw, as: UTF8.self).contains(marker) })
        #expect(try await server.stats(grant).refreshes == 1)
        // libcurl's CURLOPT_LOGIN_OPTIONS "AUTH=XOAUTH2" holds although Dovecot offers OAUTHBEARER too.
        #expect(try await Self.loginMethods(stack, Self.user(10)).contains("XOAUTH2"))
    }

    @Test("SMTP: submits with a bearer token through Postfix (Dovecot SASL), and the mail is delivered")
    func smtpSubmission() async throws {
        let stack = try MailStack.running()
        let server = try stack.tokenServer()
        let grant = try await server.issue(username: Self.user(11), clientID: Self.clientID)
        let source = Self.source(server, grant, prefix: "outgoing.oauth2")
        let sender = try CurlSMTPSender(configuration: SMTPConfiguration(
            url: "smtp://\(stack.host):\(stack.submissionPort)", user: Self.user(11),
            credential: .oauth2(tokenProvider: { try await source.accessToken() }), caFile: stack.caFile))
        let marker = "xoauth2-smtp-\(UUID().uuidString)"
        let raw = "From: \(Self.user(11))\r\nTo: \(Self.user(12))\r\nSubject: \(marker)\r\n\r\n\(marker)\r\n"
        let report = try await sender.submit(Array(raw.utf8), from: Self.user(11), to: [Self.user(12)])
        #expect(report.refused.isEmpty)
        #expect(try await stack.waitForMessage(of: Self.user(12), containing: marker) != nil)
        #expect(try await server.stats(grant).refreshes == 1)
        #expect(try await Self.loginMethods(stack, Self.user(11), smtp: true).contains("XOAUTH2"))
    }

    @Test("IMAP: the XOAUTH2 mechanism itself (AUTHENTICATE XOAUTH2, SASL-IR) with a token from the source")
    func rawXOAUTH2() async throws {
        let stack = try MailStack.running()
        let server = try stack.tokenServer()
        let grant = try await server.issue(username: Self.user(11), clientID: Self.clientID)
        let token = try await Self.source(server, grant).accessToken()
        func authenticate(_ token: String) throws -> String {
            let connection = try LoopbackConnection(port: stack.imapPort)
            defer { connection.close() }
            _ = try connection.readLine()
            let initial = Data("user=\(Self.user(11))\u{1}auth=Bearer \(token)\u{1}\u{1}".utf8).base64EncodedString()
            try connection.send("a1 AUTHENTICATE XOAUTH2 \(initial)\r\n")
            var line = try connection.readLine()
            if line.hasPrefix("+") {   // the server's error challenge: answer with an empty line (RFC 7628 §3.2.3)
                try connection.send("\r\n")
                line = try connection.readLine()
            }
            while !line.hasPrefix("a1 ") { line = try connection.readLine() }
            return line
        }
        #expect(try authenticate(token).hasPrefix("a1 OK"))
        #expect(try authenticate("at-not-a-token").hasPrefix("a1 NO"))
    }

    @Test("SMTP: Postfix offers XOAUTH2 and takes AUTH XOAUTH2 (Python smtplib as an independent client)")
    func smtpXOAUTH2Mechanism() async throws {
        let stack = try MailStack.running()
        let server = try stack.tokenServer()
        let grant = try await server.issue(username: Self.user(12), clientID: Self.clientID)
        let token = try await Self.source(server, grant).accessToken()
        let script = """
        import smtplib, ssl, sys
        host, port, ca, user, token = sys.argv[1:6]
        s = smtplib.SMTP(host, int(port), timeout=20)
        s.starttls(context=ssl.create_default_context(cafile=ca))
        s.ehlo()
        print("AUTH", s.esmtp_features.get("auth", ""))
        code, reply = s.docmd("AUTH", "XOAUTH2 " + __import__("base64").b64encode(
            ("user=%s\\x01auth=Bearer %s\\x01\\x01" % (user, token)).encode()).decode())
        print("REPLY", code)
        s.quit()
        """
        let output = try await Self.python(script, ["127.0.0.1", String(stack.submissionPort), stack.caFile, Self.user(12), token])
        #expect(output.contains("XOAUTH2"))
        #expect(output.contains("REPLY 235"))
    }

    @Test("a second connection after the access token expired refreshes exactly once and logs in")
    func refreshAfterExpiry() async throws {
        let stack = try MailStack.running()
        let server = try stack.tokenServer()
        let grant = try await server.issue(username: Self.user(13), clientID: Self.clientID, accessLifetime: 10)
        let source = Self.source(server, grant)
        let first = Self.mailbox(stack, user: 13) { try await source.accessToken() }
        _ = try await first.fetchAll()
        await first.close()
        #expect(try await server.stats(grant).refreshes >= 1)
        let expired = try await source.accessToken()   // the token the next connection would use, if still valid
        // 10 s, not less: a loaded CI machine can take seconds between the refresh and Dovecot's introspection.
        try await Task.sleep(for: .milliseconds(10_300))   // the token server's expiry is real time
        #expect(try await server.isActive(expired) == false)

        let before = try await server.stats(grant)
        let second = Self.mailbox(stack, user: 13) { try await source.accessToken() }
        let started = ContinuousClock.now
        _ = try await second.fetchAll()
        print("XOAUTH2 reconnect with one token refresh: \(ContinuousClock.now - started)")
        await second.close()
        let after = try await server.stats(grant)
        #expect(after.refreshes - before.refreshes == 1, "exactly one refresh for the connection after expiry")
        #expect(after.tokenRequests - before.tokenRequests == 1)
        #expect(after.refused == 0)

        // The expired token itself is refused by Dovecot.
        let stale = Self.mailbox(stack, user: 13) { expired }
        await #expect(throws: MailTransportError.self) { _ = try await stale.fetchAll() }
    }

    @Test("a wrong token is refused by Dovecot with a connection error that says to check the token")
    func wrongToken() async throws {
        let stack = try MailStack.running()
        let mailbox = Self.mailbox(stack, user: 14) { "at-made-up" }
        do {
            _ = try await mailbox.fetchAll()
            Issue.record("expected a refused login")
        } catch let error as MailTransportError {
            #expect(error.code == .connection)
            #expect(error.message.contains("token"))
        }
    }

    @Test("a revoked refresh token gives the typed error naming the setting, for IMAP and SMTP, without a crash")
    func revoked() async throws {
        let stack = try MailStack.running()
        let server = try stack.tokenServer()
        let grant = try await server.issue(username: Self.user(14), clientID: Self.clientID)
        try await server.revoke(grant)
        let source = Self.source(server, grant)
        let mailbox = Self.mailbox(stack, user: 14) { try await source.accessToken() }
        do {
            _ = try await mailbox.fetchAll()
            Issue.record("expected the refresh token to be refused")
        } catch let error as OAuth2Error {
            #expect(error.code == .refreshTokenRefused)
            #expect(error.oauthError == "invalid_grant")
            #expect(error.message.contains("mailbox.oauth2.refresh_token"))
            #expect(error.message.contains("consent again"))
        }
        let sender = try CurlSMTPSender(configuration: SMTPConfiguration(
            url: "smtp://\(stack.host):\(stack.submissionPort)", user: Self.user(14),
            credential: .oauth2(tokenProvider: { try await source.accessToken() }), caFile: stack.caFile))
        await #expect(throws: OAuth2Error.self) {
            _ = try await sender.send(Array("Subject: x\r\n\r\nx\r\n".utf8), from: Self.user(14), to: [Self.user(14)])
        }
        let stats = try await server.stats(grant)
        #expect(stats.refused == 1)   // remembered: the endpoint was asked once
        #expect(stats.refreshes == 0)
    }

    static func python(_ script: String, _ arguments: [String]) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
                process.arguments = ["-c", script] + arguments
                let pipe = Pipe()
                process.standardOutput = pipe
                process.standardError = pipe
                process.standardInput = FileHandle.nullDevice
                do {
                    try process.run()
                    let data = pipe.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    continuation.resume(returning: String(decoding: data, as: UTF8.self))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }
}
