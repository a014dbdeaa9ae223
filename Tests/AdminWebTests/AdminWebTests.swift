import AdminWeb
import Foundation
import Helpdesk
import Hummingbird
import HummingbirdTesting
import Store
import Testing

/// The admin page through Hummingbird's test client: login, CSRF refusal, approve and reject through the page, the
/// ticket page and search, `/metrics` and `/healthz`.
@Suite("The admin page")
struct AdminWebTests {
    static let password = "correct horse battery staple"
    static let hash = try! PasswordHash(password: password, rounds: PasswordHash.minimumRounds, random: { Array(repeating: 7, count: $0) })

    final class Clock: @unchecked Sendable {
        let lock = NSLock()
        var value = Date(timeIntervalSince1970: 1_600_000_000)
        var now: Date { lock.withLock { value } }
        func advance(_ s: TimeInterval) { lock.withLock { value += s } }
    }

    /// A store with one account reset of Pat.Lee waiting for approval, asked by `requester`; the token it was sent with.
    static func fixture(requester: String = "pat.lee@health.mo.gov") throws -> (HelpdeskStore, Clock, ApprovalToken, TicketID) {
        let clock = Clock()
        let store = try HelpdeskStore.inMemory(clock: { clock.now })
        let key = MessageKey(mailbox: "INBOX", uidValidity: 1, uid: 1)
        _ = try store.record(IncomingMessage(key: key, messageID: "m1@x", contentHash: String(repeating: "a", count: 64),
                                             sender: requester, subject: "Still locked out"))
        let t = try store.createTicket(for: key, requester: requester, subject: "Still locked out").id
        try store.apply(.classify(.accountReset), to: t, actor: "bot", why: "account_reset 9.0 leads other by 9.0",
                        data: #"{"category":"account_reset","confidence":0.9,"reason":"account_reset 9.0 leads other by 9.0","hits":[{"category":"account_reset","rule":"reset-my-account","location":"account_reset.yaml:5","weight":5,"field":"new_text","matched":"reset my account"}],"signals":[],"senderChecks":{"passed":true,"configured":true,"summary":"dmarc=pass (mx.health.mo.gov)","results":["dmarc=pass"]}}"#)
        let step = String(decoding: try JSONEncoder().encode(PlannedStep.resetAccount(username: "Pat.Lee", userID: "u-1")), as: UTF8.self)
        _ = try store.planActions([ActionPlan(kind: "reset_account", target: "Pat.Lee", details: step, needsApproval: true)], for: t)
        try store.apply(.plan, to: t, actor: "bot", why: "account reset of Pat.Lee", data: #"{"approval":"reset the account of Pat.Lee"}"#)
        try store.apply(.requireApproval, to: t, actor: "bot")
        let token = ApprovalToken("tok-\(UUID().uuidString)-\(UUID().uuidString)")
        _ = try store.requestApproval(for: t, action: nil, token: token, expiresAt: clock.now.addingTimeInterval(86_400))
        return (store, clock, token, t)
    }

    static func site(_ store: HelpdeskStore, _ clock: Clock, admins: [String] = ["admin@health.mo.gov"]) throws -> AdminSite {
        let accounts = AdminAccounts(text: admins.map { "\($0) \(hash)" }.joined(separator: "\n"), admins: admins)
        return try AdminSite(store: store, accounts: accounts, clock: { clock.now }, random: { n in (0..<n).map { _ in UInt8.random(in: 0...255) } })
    }

    static func app(_ site: AdminSite) -> some ApplicationProtocol {
        Application(router: site.router())
    }

    /// The `name=value` of a cookie set by a response.
    static func cookie(_ name: String, in response: TestResponse) -> String? {
        for value in response.headers[values: .setCookie] where value.hasPrefix(name + "=") {
            return String(value.dropFirst(name.count + 1).prefix { $0 != ";" })
        }
        return nil
    }

    static func csrf(in html: String) -> String? {
        guard let r = html.range(of: #"name="csrf" value=""#) else { return nil }
        return String(html[r.upperBound...].prefix { $0 != "\"" })
    }

    static func body(_ r: TestResponse) -> String { String(buffer: r.body) }

    static func form(_ fields: [String: String]) -> ByteBuffer {
        ByteBuffer(string: fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }.joined(separator: "&"))
    }

    static let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    /// Logs in; returns the session cookie and the page's CSRF token.
    static func login(_ client: some TestClientProtocol, address: String = "admin@health.mo.gov", password: String = password) async throws -> (String, String)? {
        let page = try await client.execute(uri: "/login", method: .get)
        let token = try #require(csrf(in: body(page)))
        let loginCookie = try #require(cookie(AdminSite.loginCookie, in: page))
        var headers = formHeaders
        headers[.cookie] = "\(AdminSite.loginCookie)=\(loginCookie)"
        let r = try await client.execute(uri: "/login", method: .post, headers: headers,
                                         body: form(["csrf": token, "address": address, "password": password]))
        guard r.status == .seeOther, r.headers[.location] == "/approvals", let session = cookie(AdminSite.sessionCookie, in: r) else { return nil }
        var h: HTTPFields = [:]
        h[.cookie] = "\(AdminSite.sessionCookie)=\(session)"
        let approvals = try await client.execute(uri: "/approvals", method: .get, headers: h)
        return (session, try #require(csrf(in: body(approvals))))
    }

    @Test("/healthz and /metrics need no login; the metrics say what the issue lists")
    func metrics() async throws {
        let (store, clock, _, _) = try Self.fixture()
        try store.increment("loop_guard_trips")
        try store.setState("mailbox.last_poll", "1600000000")
        clock.advance(90)
        try await Self.app(try Self.site(store, clock)).test(.router) { client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            let m = try await client.execute(uri: "/metrics", method: .get)
            #expect(m.status == .ok)
            #expect(m.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            let text = Self.body(m)
            for line in ["helpdesk_tickets{category=\"account_reset\",state=\"awaiting_approval\"} 1",
                         "helpdesk_approval_queue_depth 1", "helpdesk_oldest_pending_approval_age_seconds 90",
                         "helpdesk_replies_sent_total 0", "helpdesk_loop_guard_trips_total 1", "helpdesk_quarantine_size 0",
                         "helpdesk_last_mailbox_poll_timestamp_seconds 1600000000", "# TYPE helpdesk_tickets gauge"] {
                #expect(text.contains(line + "\n"), "\(line) in\n\(text)")
            }
        }
    }

    @Test("login: a wrong password or a missing CSRF token is refused; the session cookie is HttpOnly, Secure, SameSite=Strict")
    func login() async throws {
        let (store, clock, _, _) = try Self.fixture()
        try await Self.app(try Self.site(store, clock)).test(.router) { client in
            let unauth = try await client.execute(uri: "/approvals", method: .get)
            #expect(unauth.status == .seeOther)
            #expect(unauth.headers[.location] == "/login")
            #expect(try await Self.login(client, password: "wrong password!!") == nil)
            #expect(try await Self.login(client, address: "someone@health.mo.gov") == nil)
            // No CSRF token (a form posted from another site): refused.
            let forged = try await client.execute(uri: "/login", method: .post, headers: Self.formHeaders,
                                                  body: Self.form(["address": "admin@health.mo.gov", "password": Self.password]))
            #expect(forged.status == .forbidden)
            let page = try await client.execute(uri: "/login", method: .get)
            let token = try #require(Self.csrf(in: Self.body(page)))
            var headers = Self.formHeaders
            headers[.cookie] = "\(AdminSite.loginCookie)=\(try #require(Self.cookie(AdminSite.loginCookie, in: page)))"
            let ok = try await client.execute(uri: "/login", method: .post, headers: headers,
                                              body: Self.form(["csrf": token, "address": "admin@health.mo.gov", "password": Self.password]))
            #expect(ok.status == .seeOther)
            let set = try #require(ok.headers[values: .setCookie].first { $0.hasPrefix(AdminSite.sessionCookie + "=") })
            #expect(set.contains("HttpOnly"))
            #expect(set.contains("Secure"))
            #expect(set.contains("SameSite=Strict"))
        }
    }

    @Test("approve through the page: recorded once, by the logged-in admin; without the CSRF token refused")
    func approve() async throws {
        let (store, clock, token, t) = try Self.fixture()
        try await Self.app(try Self.site(store, clock)).test(.router) { client in
            let (session, csrf) = try #require(try await Self.login(client))
            var headers = Self.formHeaders
            headers[.cookie] = "\(AdminSite.sessionCookie)=\(session)"
            let page = try await client.execute(uri: "/approvals", method: .get, headers: headers)
            let html = Self.body(page)
            #expect(html.contains("Ticket #\(t.rawValue)"))
            #expect(html.contains("Pat.Lee"))
            #expect(html.contains("dmarc=pass"))
            #expect(html.contains("reset my account"))
            #expect(!html.contains(token.value), "no secret is ever shown")
            #expect(!html.contains(Self.hash.description))
            let forged = try await client.execute(uri: "/approvals/\(t.rawValue)/approve", method: .post, headers: headers,
                                                  body: Self.form(["csrf": "not-the-token"]))
            #expect(forged.status == .forbidden)
            #expect(try store.approvals(for: t).first?.state == .pending)
            let r = try await client.execute(uri: "/approvals/\(t.rawValue)/approve", method: .post, headers: headers,
                                             body: Self.form(["csrf": csrf]))
            #expect(r.status == .seeOther)
            let a = try #require(try store.approvals(for: t).first)
            #expect(a.state == .approved)
            #expect(a.decidedBy == "web:admin@health.mo.gov")
            #expect(try store.ticket(t)?.state == .executing, "recorded; the service carries it out")
            let again = try await client.execute(uri: "/approvals/\(t.rawValue)/approve", method: .post, headers: headers,
                                                 body: Self.form(["csrf": csrf]))
            #expect(again.headers[.location]?.contains("no%20pending%20approval") == true)
        }
    }

    @Test("reject through the page needs a reason, which is recorded for the requester")
    func reject() async throws {
        let (store, clock, _, t) = try Self.fixture()
        try await Self.app(try Self.site(store, clock)).test(.router) { client in
            let (session, csrf) = try #require(try await Self.login(client))
            var headers = Self.formHeaders
            headers[.cookie] = "\(AdminSite.sessionCookie)=\(session)"
            let empty = try await client.execute(uri: "/approvals/\(t.rawValue)/reject", method: .post, headers: headers,
                                                 body: Self.form(["csrf": csrf, "reason": " "]))
            #expect(empty.headers[.location]?.hasPrefix("/approvals?error=") == true)
            #expect(try store.approvals(for: t).first?.state == .pending)
            _ = try await client.execute(uri: "/approvals/\(t.rawValue)/reject", method: .post, headers: headers,
                                         body: Self.form(["csrf": csrf, "reason": "call the district office first"]))
            let a = try #require(try store.approvals(for: t).first)
            #expect(a.state == .rejected)
            #expect(a.decisionReason == "call the district office first")
        }
    }

    @Test("the requester cannot approve their own request on the page")
    func selfApproval() async throws {
        let (store, clock, _, t) = try Self.fixture(requester: "admin@health.mo.gov")
        try await Self.app(try Self.site(store, clock)).test(.router) { client in
            let (session, csrf) = try #require(try await Self.login(client))
            var headers = Self.formHeaders
            headers[.cookie] = "\(AdminSite.sessionCookie)=\(session)"
            let r = try await client.execute(uri: "/approvals/\(t.rawValue)/approve", method: .post, headers: headers,
                                             body: Self.form(["csrf": csrf]))
            #expect(r.headers[.location]?.contains("cannot%20approve") == true)
            #expect(try store.approvals(for: t).first?.state == .pending)
        }
    }

    @Test("tickets: search by person or number; a ticket's page shows its explanation and audit trail")
    func tickets() async throws {
        let (store, clock, _, t) = try Self.fixture()
        try await Self.app(try Self.site(store, clock)).test(.router) { client in
            let (session, _) = try #require(try await Self.login(client))
            var headers: HTTPFields = [:]
            headers[.cookie] = "\(AdminSite.sessionCookie)=\(session)"
            for q in ["pat.lee", "\(t.rawValue)", "%23\(t.rawValue)"] {
                let r = try await client.execute(uri: "/tickets?q=\(q)", method: .get, headers: headers)
                #expect(Self.body(r).contains("href=\"/tickets/\(t.rawValue)\""), "search \(q)")
            }
            let none = try await client.execute(uri: "/tickets?q=nobody", method: .get, headers: headers)
            #expect(Self.body(none).contains("No tickets match."))
            let page = Self.body(try await client.execute(uri: "/tickets/\(t.rawValue)", method: .get, headers: headers))
            #expect(page.contains("account_reset 9.0 leads other by 9.0"))
            #expect(page.contains("approval_requested"))
            #expect(page.contains("require_approval -&gt; awaiting_approval"))
            let logout = try await client.execute(uri: "/tickets", method: .get)
            #expect(logout.status == .seeOther, "no page without a session")
        }
    }

    @Test("password hashes: PBKDF2, salted, verified in constant time, too few rounds refused")
    func passwordHash() throws {
        let h = try PasswordHash(password: "s3cret-enough-pw", rounds: PasswordHash.minimumRounds, random: { Array(repeating: 1, count: $0) })
        #expect(h.description.hasPrefix("pbkdf2-sha256$210000$"))
        let read = try #require(PasswordHash(stored: h.description))
        #expect(read.verify("s3cret-enough-pw"))
        #expect(!read.verify("s3cret-enough-pX"))
        #expect(PasswordHash(stored: "pbkdf2-sha256$1000$AAAA$AAAA") == nil)
        #expect(!h.description.contains("s3cret"))
    }
}
