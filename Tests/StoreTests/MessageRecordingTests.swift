import Foundation
import Store
import Testing

@Suite("Messages exactly once")
struct MessageRecordingTests {
    @Test("a key seen before is known, also after a restart")
    func exactlyOnceAcrossReopen() throws {
        let f = try Fixture(.file)
        let m = incoming(uid: 41, messageID: "a@x")
        #expect(try f.store.record(m).isNew)
        #expect(try !f.store.record(m).isNew)
        try f.store.markProcessed(m.key)
        try f.reopen()
        let again = try f.store.record(m)
        #expect(!again.isNew)
        #expect(again.message.state == .processed)
        #expect(try f.store.pendingMessages().isEmpty)
    }

    @Test("a message recorded but not processed before a crash is still pending after the restart")
    func crashMidway() throws {
        let f = try Fixture(.file)
        let m = incoming(uid: 5)
        _ = try f.store.record(m)
        try f.reopen()
        let again = try f.store.record(m)
        #expect(!again.isNew)
        #expect(again.message.state == .pending)
        #expect(try f.store.pendingMessages().map(\.key) == [m.key])
    }

    /// The second message is recorded after the first; `new` says whether it counts as new.
    @Test("matching by key, or by Message-ID and content hash", arguments: Backend.allCases, [
        (incoming(uid: 1, validity: 7, messageID: "a@x", body: "hello"), incoming(uid: 1, validity: 8, messageID: "a@x", body: "hello"), false),
        (incoming(uid: 1, validity: 7, messageID: "a@x", body: "hello"), incoming(uid: 9, mailbox: "Archive", messageID: "a@x", body: "hello"), false),
        (incoming(uid: 1, validity: 7, messageID: "a@x", body: "hello"), incoming(uid: 1, validity: 8, messageID: "a@x", body: "other"), true),
        (incoming(uid: 1, validity: 7, messageID: "a@x", body: "hello"), incoming(uid: 2, validity: 7, messageID: "b@x", body: "hello"), true),
        (incoming(uid: 1, validity: 7, messageID: nil, body: "hello"), incoming(uid: 3, validity: 8, messageID: nil, body: "hello"), false),
        (incoming(uid: 1, validity: 7, messageID: "a@x", body: "hello"), incoming(uid: 1, validity: 7, messageID: "zzz", body: "zzz"), false),
    ])
    func matching(backend: Backend, pair: (IncomingMessage, IncomingMessage, Bool)) throws {
        let f = try Fixture(backend)
        let (first, second, new) = pair
        #expect(try f.store.record(first).isNew)
        let r = try f.store.record(second)
        #expect(r.isNew == new)
        if !new { #expect(r.message.key == first.key) }
        #expect(try !f.store.record(second).isNew, "the second key is now known too")
    }

    @Test("after a UIDVALIDITY change nothing is reprocessed")
    func uidValidityChange() throws {
        let f = try Fixture(.file)
        let old = (1...5).map { incoming(uid: $0, validity: 7, messageID: "m\($0)@x", body: "request \($0)") }
        for m in old {
            _ = try f.store.record(m)
            try f.store.markProcessed(m.key)
        }
        try f.reopen()
        let renumbered = (1...5).map { incoming(uid: 100 + $0, validity: 8, messageID: "m\($0)@x", body: "request \($0)") }
        for m in renumbered {
            let r = try f.store.record(m)
            #expect(!r.isNew)
            #expect(r.message.state == .processed)
        }
        #expect(try f.store.record(incoming(uid: 200, validity: 8, messageID: "m6@x", body: "request 6")).isNew)
    }

    @Test("three failures quarantine the message and its ticket; retry puts both back", arguments: Backend.allCases)
    func quarantineAfterThree(backend: Backend) throws {
        let f = try Fixture(backend)
        let m = incoming(uid: 3)
        _ = try f.store.record(m)
        let t = try f.store.createTicket(for: m.key, requester: "a@b", subject: "s")
        try f.store.apply(.classify(.resetFailed), to: t.id, actor: "bot")
        #expect(try f.store.recordFailure(m.key, reason: "directory timed out") == .retry(failures: 1))
        #expect(try f.store.recordFailure(m.key, reason: "directory timed out") == .retry(failures: 2))
        #expect(try f.store.pendingMessages().count == 1)
        #expect(try f.store.recordFailure(m.key, reason: "parser crashed") == .quarantined(reason: "parser crashed"))
        #expect(try f.store.pendingMessages().isEmpty)
        let q = try f.store.quarantinedMessages()
        #expect(q.map(\.key) == [m.key])
        #expect(q.first?.lastError == "parser crashed")
        #expect(q.first?.failures == 3)
        let ticket = try #require(try f.store.ticket(t.id))
        #expect(ticket.state == .quarantined)
        #expect(ticket.holdReason == "parser crashed")
        #expect(try f.store.ticketsNeedingHuman().map(\.id) == [t.id])

        let retried = try f.store.retryQuarantined(q[0].id, actor: "admin@health.mo.gov")
        #expect(retried.state == .pending)
        #expect(retried.failures == 0)
        #expect(try f.store.ticket(t.id)?.state == .received)
        #expect(try f.store.ticket(t.id)?.holdReason == nil)
        #expect(try f.store.detail(t.id).events.map(\.what) == ["created", "classify", "quarantine", "retry"])
        #expect(throws: StoreError.self) { try f.store.retryQuarantined(q[0].id, actor: "admin") }
    }

    @Test("a message that fails before it has a ticket is quarantined alone")
    func quarantineWithoutTicket() throws {
        let f = try Fixture(.file)
        let m = incoming(uid: 4)
        _ = try f.store.record(m)
        for _ in 0..<2 { _ = try f.store.recordFailure(m.key, reason: "bad MIME") }
        #expect(try f.store.recordFailure(m.key, reason: "bad MIME") == .quarantined(reason: "bad MIME"))
        try f.reopen()
        #expect(try f.store.record(m).message.state == .quarantined, "a quarantined message is not fetched again as new")
    }
}
