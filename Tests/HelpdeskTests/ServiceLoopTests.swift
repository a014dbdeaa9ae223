import Foundation
import Helpdesk
import HelpdeskTesting
import Logging
import MailTransport
import Testing

/// The service loop `helpdesk run` runs: a failed pass is logged and tried again after a pause that grows, and the
/// loop goes on; cancelling the task ends it.
@Suite("The service loop")
struct ServiceLoopTests {
    @Test("the pause after failed passes doubles from the first pause up to the longest", arguments: [
        (1, 1.0), (2, 2.0), (3, 4.0), (6, 32.0), (7, 60.0), (50, 60.0), (0, 1.0),
    ])
    func pauses(failures: Int, seconds: Double) {
        let loop = ServiceLoop(pollInterval: .seconds(60), firstPause: .seconds(1), maxPause: .seconds(60))
        #expect(loop.pause(afterFailures: failures) == .milliseconds(Int64(seconds * 1000)))
    }

    @Test("a mailbox that fails three times: the loop keeps going and the request is answered once it works")
    func survivesFailures() async throws {
        let h = try EngineHarness()
        try await h.addUser("Una", "Reyes", email: "una.reyes@health.mo.gov")
        let inbox = InMemoryMailbox()
        await inbox.deliver(Array(request(from: "una.reyes@health.mo.gov", subject: "forgot password",
                                          body: "Forgot Password says Something went wrong.\n\nUna Reyes").utf8))
        let flaky = FailingMailbox(inner: inbox, failures: 3)
        let engine = try h.engine(mailbox: flaky)
        let loop = ServiceLoop(pollInterval: .milliseconds(20), firstPause: .milliseconds(10), maxPause: .milliseconds(40))
        let passes = PassLog()
        let task = Task { await loop.run(engine, logger: Logger(label: "test"), onPass: { passes.add($0.count) }) }
        let deadline = Date().addingTimeInterval(20)
        while try h.outbox().isEmpty, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        task.cancel()
        await task.value
        #expect(await flaky.calls > 3, "fetched again after the failures")
        #expect(try h.outbox().count == 1, "answered exactly once")
        #expect(try h.store.tickets().count == 1)
    }

    @Test("cancelling the task ends the loop, also while it waits for mail")
    func cancels() async throws {
        let h = try EngineHarness()
        let engine = try h.engine()
        let loop = ServiceLoop(pollInterval: .seconds(3600))
        let task = Task { await loop.run(engine, logger: Logger(label: "test")) }
        try await Task.sleep(for: .milliseconds(100))
        task.cancel()
        await task.value   // returns: the hour-long wait was cut short
    }
}

/// A mailbox whose first `failures` fetches fail as a server restarting would.
actor FailingMailbox: Mailbox {
    let inner: InMemoryMailbox
    var failures: Int
    private(set) var calls = 0
    init(inner: InMemoryMailbox, failures: Int) {
        self.inner = inner
        self.failures = failures
    }
    func fetchAll() async throws -> [FetchedMessage] {
        calls += 1
        if failures > 0 {
            failures -= 1
            throw MailTransportError(.connection, "the server restarts (simulated)")
        }
        return await inner.fetchAll()
    }
    func file(uid: UInt32, uidValidity: UInt32, as disposition: Disposition) async throws {
        try await inner.file(uid: uid, uidValidity: uidValidity, as: disposition)
    }
}
