public import Foundation
import Helpdesk
public import Hummingbird
public import Logging
import Mustache
public import Store

/// The admin page: pending approvals with approve and reject, recent tickets with their explanation and audit trail,
/// search by person or ticket number; login, sessions, CSRF; `/metrics` and `/healthz`. Decisions are only recorded
/// (as `helpdesk approve` records them): the running service carries them out.
public struct AdminSite: Sendable {
    /// The session cookie's name.
    public static let sessionCookie = "helpdesk_session"
    /// The cookie that carries the login form's CSRF token before there is a session.
    public static let loginCookie = "helpdesk_login"

    let store: HelpdeskStore
    let accounts: AdminAccounts
    let sessions: SessionStore
    let clock: @Sendable () -> Date
    let random: @Sendable (Int) -> [UInt8]
    let secureCookies: Bool
    let pages: MustacheLibrary
    let names: [String: String]

    /// A site over `store` for `accounts` (`names`: profile names by id, from `ApprovalQueue.names(in:)`). `secureCookies` should stay true (browsers keep Secure cookies on
    /// http://localhost too); sessions last `sessionLifetime` seconds.
    public init(store: HelpdeskStore, accounts: AdminAccounts, clock: @escaping @Sendable () -> Date,
                random: @escaping @Sendable (Int) -> [UInt8], secureCookies: Bool = true, sessionLifetime: TimeInterval = 8 * 3600,
                names: [String: String] = [:]) throws {
        self.names = names
        self.store = store
        self.accounts = accounts
        self.clock = clock
        self.random = random
        self.secureCookies = secureCookies
        sessions = SessionStore(lifetime: sessionLifetime, clock: clock, random: random)
        var library = MustacheLibrary()
        try library.register(PageTemplates.header, named: "header")
        try library.register(PageTemplates.footer, named: "footer")
        try library.register(PageTemplates.login, named: "login")
        try library.register(PageTemplates.approvals, named: "approvals")
        try library.register(PageTemplates.tickets, named: "tickets")
        try library.register(PageTemplates.ticket, named: "ticket")
        pages = library
    }

    /// The routes.
    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.get("/healthz") { _, _ in "ok\n" }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: try MetricsText.render(try store.metrics(), now: clock()))))
        }
        router.get("/") { request, _ in
            await sessions.session(request.cookies[Self.sessionCookie]?.value) == nil ? Self.redirect("/login") : Self.redirect("/approvals")
        }
        router.get("/login") { request, _ in
            let token = SessionStore.token(random(32))
            var response = html(render("login", Page(title: "Log in", error: request.uri.queryParameters["failed"] != nil
                                                    ? "That address and password do not match an admin." : nil, csrf: token)))
            response.setCookie(cookie(Self.loginCookie, token, maxAge: 600))
            return response
        }
        router.post("/login") { request, _ in
            var request = request
            let form = try await Self.form(&request)
            guard let expected = request.cookies[Self.loginCookie]?.value, let sent = form["csrf"],
                  ConstantTime.equal(expected, sent) else { return Self.refused() }
            guard let admin = accounts.authenticate(form["address"] ?? "", form["password"] ?? "") else {
                return Self.redirect("/login?failed=1")
            }
            let (id, _) = await sessions.open(for: admin)
            var response = Self.redirect("/approvals")
            response.setCookie(cookie(Self.sessionCookie, id, maxAge: Int(sessions.lifetime)))
            response.setCookie(cookie(Self.loginCookie, "", maxAge: 0))
            return response
        }
        router.post("/logout") { request, _ in
            var request = request
            let (id, session) = await current(request)
            let form = try await Self.form(&request)
            guard let session, ConstantTime.equal(session.csrf, form["csrf"] ?? "") else { return Self.refused() }
            await sessions.close(id)
            var response = Self.redirect("/login")
            response.setCookie(cookie(Self.sessionCookie, "", maxAge: 0))
            return response
        }
        router.get("/approvals") { request, _ in
            guard let session = await current(request).1 else { return Self.redirect("/login") }
            let items = try ApprovalQueue(store: store, names: names).pending().map { ApprovalView($0, csrf: session.csrf) }
            var page = Page(title: "Approvals", admin: session.admin, csrf: session.csrf)
            page.flash = request.uri.queryParameters["done"].map { String($0) }
            page.error = request.uri.queryParameters["error"].map { String($0) }
            return html(render("approvals", ApprovalsPage(page: page, items: items)))
        }
        router.post("/approvals/:ticket/:decision") { request, context in
            var request = request
            guard let session = await current(request).1 else { return Self.redirect("/login") }
            let form = try await Self.form(&request)
            guard ConstantTime.equal(session.csrf, form["csrf"] ?? "") else { return Self.refused() }
            guard let n = context.parameters.get("ticket", as: Int64.self),
                  let decision = context.parameters.get("decision").flatMap({ ["approve": ApprovalDecision.approve, "reject": .reject][$0] })
            else { throw HTTPError(.notFound) }
            let reason = form["reason"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if decision == .reject && reason.isEmpty {
                return Self.redirect("/approvals?error=" + Self.query("A rejection needs a reason for the requester."))
            }
            do {
                _ = try store.decide(ticket: TicketID(n), decision: decision, by: "web:\(session.admin)", why: decision == .reject ? reason : nil)
            } catch let error as StoreError {
                return Self.redirect("/approvals?error=" + Self.query(error.description))
            }
            let done = decision == .approve ? "approved" : "rejected"
            return Self.redirect("/approvals?done=" + Self.query("Ticket #\(n) \(done). The running service carries it out."))
        }
        router.get("/tickets") { request, _ in
            guard let session = await current(request).1 else { return Self.redirect("/login") }
            let q = request.uri.queryParameters["q"].map { String($0) } ?? ""
            let tickets = q.isEmpty ? try store.tickets(limit: 50) : try store.searchTickets(q)
            let rows = try tickets.map { t in TicketRow(t, explanation: try explanation(t.id)?.reason ?? "") }
            return html(render("tickets", TicketsPage(page: Page(title: "Tickets", admin: session.admin, csrf: session.csrf),
                                                       query: q, tickets: rows)))
        }
        router.get("/tickets/:ticket") { request, context in
            guard let session = await current(request).1 else { return Self.redirect("/login") }
            guard let n = context.parameters.get("ticket", as: Int64.self), try store.ticket(TicketID(n)) != nil else {
                throw HTTPError(.notFound, message: "There is no such ticket.")
            }
            let view = try TicketPage(detail: try store.detail(TicketID(n)), explanation: explanation(TicketID(n)),
                                      page: Page(title: "Ticket #\(n)", admin: session.admin, csrf: session.csrf))
            return html(render("ticket", view))
        }
        return router
    }

    /// The site as a Hummingbird application on `host:port`.
    public func application(host: String, port: Int, logger: Logger) -> some ApplicationProtocol {
        Application(router: router(), configuration: .init(address: .hostname(host, port: port), serverName: nil), logger: logger)
    }

    // MARK: - helpers

    func current(_ request: Request) async -> (String?, Session?) {
        let id = request.cookies[Self.sessionCookie]?.value
        return (id, await sessions.session(id))
    }

    func explanation(_ ticket: TicketID) throws -> TicketExplanation? {
        try store.detail(ticket).events.last { $0.what == "classify" }?.data.flatMap {
            try? JSONDecoder().decode(TicketExplanation.self, from: Data($0.utf8))
        }
    }

    func render(_ name: String, _ object: Any) -> String { pages.render(object, withTemplate: name) ?? "" }

    func html(_ text: String) -> Response {
        Response(status: .ok, headers: Self.securityHeaders.merging([.contentType: "text/html; charset=utf-8"]),
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    func cookie(_ name: String, _ value: String, maxAge: Int) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: secureCookies, httpOnly: true, sameSite: .strict)
    }

    static let securityHeaders: HTTPFields = [
        .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
        .xContentTypeOptions: "nosniff",
        .cacheControl: "no-store",
    ]

    static func redirect(_ to: String) -> Response {
        Response(status: .seeOther, headers: [.location: to, .cacheControl: "no-store"])
    }

    /// A POST without the right CSRF token.
    static func refused() -> Response {
        Response(status: .forbidden, headers: [.contentType: "text/plain; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: "Refused: the form is stale or did not come from this site. Reload the page and try again.\n")))
    }

    static func query(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    /// An `application/x-www-form-urlencoded` body (at most 64 KiB).
    static func form(_ request: inout Request) async throws -> [String: String] {
        let body = try await request.collectBody(upTo: 64 * 1024)
        var out: [String: String] = [:]
        for pair in String(buffer: body).split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            if let k = kv.first { out[k] = kv.count > 1 ? kv[1] : "" }
        }
        return out
    }
}

extension HTTPFields {
    func merging(_ other: HTTPFields) -> HTTPFields {
        var out = self
        for f in other { out[f.name] = f.value }
        return out
    }
}
