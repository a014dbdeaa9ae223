import AWSSigV4
import ConnectDirectory
import ConnectSandbox
import Directory
import Foundation
import Helpdesk
import Logging
import Mail
import Store
import Testing

/// The whole bot with `directory.kind: connect`: `helpdesk.yaml` read by `HelpdeskApp`, Maildir mail in and out, and
/// Amazon Connect played by the sandbox served on loopback, reached through libcurl (`CurlHTTPClient`) with signed
/// requests. Then the same under the sandbox's faults: the account reset completes, or goes to a person with the
/// snapshot intact; a deleted user is never left without a re-created one unless a person has been told.
@Suite("The bot end to end with directory.kind connect against the sandbox", .serialized)
struct ConnectEndToEndTests {
    static let keys = AWSCredentials(accessKeyID: "AKIDE2E", secretAccessKey: "e2e/secret")
    static let instance = "e2e-instance"

    /// A workspace (EngineHarness's Maildirs and store), a local directory behind a sandbox on loopback, and a
    /// `helpdesk.yaml` naming the sandbox as the Connect endpoint.
    final class World: @unchecked Sendable {
        let h: EngineHarness
        let local: LocalDirectory
        let sandbox: ConnectSandbox
        let server: SandboxServer
        let config: HelpdeskConfig

        init(reuseDelay: TimeInterval = 0) throws {
            h = try EngineHarness(requesters: ["gloria.mattingly@health.mo.gov"])
            let clock = h.clockBox
            local = try LocalDirectory(path: h.root + "/connect-directory.sqlite",
                                       configuration: .init(usernameReuseDelay: reuseDelay), clock: { clock.now },
                                       ids: .random)
            sandbox = ConnectSandbox(directory: local, instanceID: ConnectEndToEndTests.instance, region: "us-east-1",
                                     credentials: ConnectEndToEndTests.keys)
            server = SandboxServer(handler: sandbox)
            let port = try server.start(port: 0)
            let path = h.root + "/helpdesk.yaml"
            try """
                mailbox:
                  maildir: inbox
                outgoing:
                  outbox_maildir: outbox
                store:
                  path: helpdesk.sqlite
                rules:
                  path: \(EngineHarness.repo)/rules
                templates:
                  path: \(EngineHarness.repo)/templates
                admins: [admin@health.mo.gov]
                requesters: [gloria.mattingly@health.mo.gov]
                directory:
                  kind: connect
                  connect:
                    instance_id: \(ConnectEndToEndTests.instance)
                    region: us-east-1
                    endpoint: http://127.0.0.1:\(port)
                """.write(toFile: path, atomically: true, encoding: .utf8)
            config = try HelpdeskConfig.load(path: path, environment: [:])
        }

        deinit { server.stop() }

        /// The bot as `helpdesk run --once` assembles it (a new one each time, as after a restart): libcurl to the
        /// sandbox, credentials from the environment given, a 1 s request timeout, backoff without real waits.
        func app() throws -> HelpdeskApp {
            let clock = h.clockBox
            let loader = AWSCredentialsLoader(environment: [
                "AWS_ACCESS_KEY_ID": ConnectEndToEndTests.keys.accessKeyID,
                "AWS_SECRET_ACCESS_KEY": ConnectEndToEndTests.keys.secretAccessKey, "HOME": "/nonexistent",
            ]) { _ in nil }
            return try HelpdeskApp(config: config, logger: Logger(label: "e2e"), clock: { clock.now },
                                   connect: ConnectDependencies(
                                       transport: nil, credentials: loader,
                                       environment: ConnectEnvironment(now: { Date() }, sleep: { _ in },
                                                                       random: { 0.5 }),
                                       timeout: 1))
        }

        func run() async throws { try await app().engine.runOnce() }

        func approveAll() throws {
            let store = try app().store
            for a in try store.pendingApprovals() {
                _ = try store.decide(a.id, decision: .approve, by: "cli:test", why: nil)
            }
        }

        @discardableResult
        func addUser(_ first: String, _ last: String, email: String?, routing: String = "Contact Tracers")
            async throws -> DirectoryUser {
            let r = try await local.routingProfiles().first { $0.name == routing }!
            let s = try await local.securityProfiles().first { $0.name == "Agent" }!
            return try await local.create(NewDirectoryUser(
                username: "\(first).\(last)", password: Password("Initial-Pw-123"),
                identityInfo: IdentityInfo(firstName: first, lastName: last, email: email),
                routingProfileId: r.id, securityProfileIds: [s.id],
                hierarchyGroupId: try await local.hierarchyGroups().first?.id))
        }

        func sentTo(_ address: String) throws -> [ParsedMessage] {
            try h.outbox().filter { $0.to.contains(address.lowercased()) }.map(\.message)
        }

        func credentialsSent(to address: String) throws -> Bool {
            try sentTo(address).contains { $0.subject.hasPrefix("Your MO ACTS Amazon Connect Credentials") }
        }

        func ticket(of login: String) throws -> Ticket? {
            let store = try app().store
            return try store.tickets().first { t in
                try store.actions(for: t.id).contains { $0.kind == "reset_account" && ($0.details ?? "").contains(login) }
            }
        }
    }

    /// Dolores's account reset: requested, snapshot, approved; returns her user before.
    func requestReset(_ w: World) async throws -> DirectoryUser {
        let before = try await w.addUser("Dolores", "Quintero", email: "dquintero55@yahoo.com",
                                         routing: "Case Investigator")
        try w.h.deliver(corpus: "dev/dev021.eml")
        try await w.run()
        #expect(try await w.local.user(username: "Dolores.Quintero")?.id == before.id, "nothing changes before approval")
        #expect(try w.app().store.latestSnapshot(login: "Dolores.Quintero") != nil)
        try w.approveAll()
        return before
    }

    /// The reset finished: Dolores exists once, as before but with a new id, has her credentials, the ticket is closed.
    func expectReset(_ w: World, before: DirectoryUser, _ comment: Comment? = nil) async throws {
        let users = try await w.local.allUsers().filter { $0.username == "Dolores.Quintero" }
        #expect(users.count == 1, comment)
        let after = try #require(users.first)
        #expect(after.id != before.id)
        #expect(after.identityInfo == before.identityInfo)
        #expect(after.routingProfileId == before.routingProfileId)
        #expect(after.securityProfileIds == before.securityProfileIds)
        #expect(after.hierarchyGroupId == before.hierarchyGroupId)
        #expect(try w.credentialsSent(to: "dquintero55@yahoo.com"))
        #expect(try w.ticket(of: "Dolores.Quintero")?.state == .closed, comment)
    }

    /// The three requests: new users from a trusted requester, a password-reset problem, an account reset.
    func threeRequests(_ w: World, faults: [SandboxFault] = []) async throws {
        try await w.addUser("Natalie", "Kerr", email: "Natalie.Kerr@health.mo.gov")
        for f in faults { w.sandbox.faults.inject(f) }
        try w.h.deliver(corpus: "dev/dev001.eml")
        try w.h.deliver(corpus: "dev/dev050.eml")
        let before = try await requestReset(w)
        try await w.run()

        for (login, email) in [("Imani.Caldwell", "Imani.Caldwell@health.mo.gov"),
                               ("Victor.Dumas", "Victor.Dumas@health.mo.gov"),
                               ("Rachel.Steinberg", "Rachel.Steinberg@health.mo.gov")] {
            let found = try await w.local.allUsers().filter { $0.username == login }
            #expect(found.count == 1, "\(login) created exactly once")
            #expect(found.first?.identityInfo.email == email)
            #expect(found.first?.phoneConfig == .guideDefault)
            #expect(try w.credentialsSent(to: email), "\(login) got the credential email")
        }
        #expect(try w.sentTo("Gloria.Mattingly@health.mo.gov").count == 1, "the requester got the outcome")
        let natalie = try w.sentTo("Natalie.Kerr@health.mo.gov")
        #expect(natalie.contains { $0.text.contains("Forgot Password") }, "the reset steps went to the address on file")
        try await expectReset(w, before: before)
        let tickets = try w.app().store.tickets()
        #expect(tickets.allSatisfy { $0.state == .closed }, "\(tickets.map { ($0.id.rawValue, $0.state, $0.holdReason) })")
        // No password went anywhere but Connect: the sandbox's directory never stores one, nor does the workspace.
        #expect(!(try w.h.allBytes()).contains(subsequence: Array("Initial-Pw-123".utf8)))
    }

    @Test("a new-user request, a password-reset problem and an account reset, through libcurl to the sandbox")
    func plain() async throws {
        let w = try World()
        try await threeRequests(w)
        #expect(w.sandbox.faults.fired.isEmpty)
    }

    @Test("the same three requests under faults: every one completes, nothing is created twice", arguments: [
        [SandboxFault(.throttle, .every(2))],
        [SandboxFault(.serverError(500), .every(3))],
        [SandboxFault(.serverError(503), operation: "CreateUser", .every(2))],
        [SandboxFault(.throttle, operation: "DeleteUser", .next(3)), SandboxFault(.throttle, operation: "CreateUser", .next(3))],
        [SandboxFault(.slow(seconds: 1.5), operation: "CreateUser", .every(2))],
        [SandboxFault(.slow(seconds: 1.5), operation: "DeleteUser")],
    ])
    func underFaults(_ faults: [SandboxFault]) async throws {
        let w = try World()
        try await threeRequests(w, faults: faults)
        #expect(!w.sandbox.faults.fired.isEmpty, "the faults happened")
    }

    @Test("the deleted-username delay: the reset waits, then re-creates the user when Connect lets it")
    func reuseDelay() async throws {
        let w = try World(reuseDelay: 600)
        let before = try await requestReset(w)
        try await w.run()
        #expect(try await w.local.user(username: "Dolores.Quintero") == nil, "deleted, not re-creatable yet")
        let waiting = try #require(try w.ticket(of: "Dolores.Quintero"))
        #expect(waiting.state != .closed && waiting.state != .needsHuman, "the bot is still on it: \(waiting.state)")
        #expect(try w.app().store.latestSnapshot(login: "Dolores.Quintero") != nil)
        w.h.clockBox.advance(700)
        try await w.run()
        try await expectReset(w, before: before)
    }

    @Test("re-creation impossible within the window: a person is told, with the snapshot intact", arguments: [
        (7200.0, [SandboxFault]()),
        (0.0, [SandboxFault(.serverError(500), operation: "CreateUser", .every(1))]),
        (0.0, [SandboxFault(.throttle, operation: "CreateUser", .every(1))]),
    ])
    func escalates(_ reuseDelay: TimeInterval, _ faults: [SandboxFault]) async throws {
        let w = try World(reuseDelay: reuseDelay)
        let before = try await requestReset(w)
        for f in faults { w.sandbox.faults.inject(f) }
        try await w.run()
        #expect(try await w.local.user(username: "Dolores.Quintero") == nil)
        #expect(try w.ticket(of: "Dolores.Quintero")?.state != .closed)
        w.h.clockBox.advance(600)
        try await w.run()
        #expect(try w.ticket(of: "Dolores.Quintero")?.state != .needsHuman, "still within the 30 minutes")
        w.h.clockBox.advance(1800)
        try await w.run()
        // Never a deleted user without a re-created one unless a person has been told: here, told.
        #expect(try await w.local.user(username: "Dolores.Quintero") == nil)
        let ticket = try #require(try w.ticket(of: "Dolores.Quintero"))
        #expect(ticket.state == .needsHuman)
        let reason = ticket.holdReason ?? ""
        #expect(reason.contains("deleted but could not be re-created"), "\(reason)")
        let store = try w.app().store
        let snapshot = try #require(try store.latestSnapshot(login: "Dolores.Quintero"))
        #expect(reason.contains("snapshot (\(snapshot.id.rawValue)) is intact"), "\(reason)")
        let saved = try JSONDecoder().decode(DirectoryUser.self, from: Data(snapshot.json.utf8))
        #expect(saved.id == before.id && saved.identityInfo == before.identityInfo
            && saved.routingProfileId == before.routingProfileId)
        #expect(try store.detail(ticket.id).events.contains { $0.what == "user_deleted" })
        #expect(!(try w.credentialsSent(to: "dquintero55@yahoo.com")), "no credentials for an account that is not there")
    }

    @Test("throttled or unavailable before anything is deleted: the reset waits and then completes")
    func beforeDeletion() async throws {
        let w = try World()
        let before = try await requestReset(w)
        w.sandbox.faults.inject(SandboxFault(.serverError(503), operation: "SearchUsers", .every(1)))
        try await w.run()
        #expect(try await w.local.user(username: "Dolores.Quintero")?.id == before.id, "nothing deleted")
        #expect(try w.ticket(of: "Dolores.Quintero")?.state != .needsHuman)
        w.sandbox.faults.clear()
        w.h.clockBox.advance(120)
        try await w.run()
        try await expectReset(w, before: before)
    }
}
