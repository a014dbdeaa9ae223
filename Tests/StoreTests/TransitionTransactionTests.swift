import Foundation
import Store
import Testing

private struct EffectFailed: Error {}

@Suite("Transitions, events and effects in one transaction")
struct TransitionTransactionTests {
    func ticket(_ f: Fixture) throws -> TicketID {
        let m = incoming(uid: 1)
        _ = try f.store.record(m)
        return try f.store.createTicket(for: m.key, requester: "a@b", subject: "s").id
    }

    @Test("a transition writes its event", arguments: Backend.allCases)
    func eventWritten(backend: Backend) throws {
        let f = try Fixture(backend)
        let id = try ticket(f)
        f.clock.advance(60)
        let t = try f.store.apply(.classify(.accountReset), to: id, actor: "bot", why: "score 7 vs 2", data: #"{"score":7}"#)
        #expect(t.state == .classified)
        #expect(t.category == .accountReset)
        let e = try #require(try f.store.detail(id).events.last)
        #expect(e.what == "classify")
        #expect(e.actor == "bot")
        #expect(e.why == "score 7 vs 2")
        #expect(e.fromState == .received)
        #expect(e.toState == .classified)
        #expect(e.data == #"{"score":7}"#)
        #expect(e.at == f.clock.now)
    }

    @Test("an effect that throws rolls back the transition and the event", arguments: Backend.allCases)
    func effectRollsBack(backend: Backend) throws {
        let f = try Fixture(backend)
        let id = try ticket(f)
        let m = incoming(uid: 1)
        #expect(throws: EffectFailed.self) {
            try f.store.apply(.classify(.resetFailed), to: id, actor: "bot",
                              reply: OutboxMessage(messageID: "r1@bot", sender: "bot@x", recipients: ["a@b"], raw: Array("hi".utf8)),
                              processed: m.key) { db in
                try db.execute(sql: "INSERT INTO user_snapshots (login, taken_at, data) VALUES ('x', '2026-01-01', '{}')")
                throw EffectFailed()
            }
        }
        let d = try f.store.detail(id)
        #expect(d.ticket.state == .received)
        #expect(d.ticket.category == nil)
        #expect(d.events.map(\.what) == ["created"])
        #expect(d.outbox.isEmpty)
        #expect(try f.store.message(m.key)?.state == .pending)
        #expect(try f.store.latestSnapshot(login: "x") == nil)
    }

    @Test("effects, reply and processed mark commit with the transition", arguments: Backend.allCases)
    func effectsCommit(backend: Backend) throws {
        let f = try Fixture(backend)
        let id = try ticket(f)
        try f.store.apply(.classify(.emailNotReceived), to: id, actor: "bot")
        try f.store.apply(.plan, to: id, actor: "bot")
        let reply = OutboxMessage(messageID: "<r1@bot>", sender: "bot@x", recipients: ["a@b"], raw: Array("Subject: re\r\n\r\nhi".utf8))
        try f.store.apply(.reply, to: id, actor: "bot", reply: reply, processed: incoming(uid: 1).key) { db in
            try db.execute(sql: "INSERT INTO user_snapshots (login, taken_at, data) VALUES ('y', '2026-01-01', '{}')")
        }
        let d = try f.store.detail(id)
        #expect(d.ticket.state == .replied)
        #expect(d.outbox.map(\.message.messageID) == ["r1@bot"])
        #expect(d.messages.map(\.state) == [.processed])
        #expect(try f.store.latestSnapshot(login: "y") != nil)
        #expect(try f.store.ticket(forSentMessageID: "<r1@bot>") == id)
    }

    @Test("an illegal transition throws and writes nothing", arguments: Backend.allCases)
    func illegal(backend: Backend) throws {
        let f = try Fixture(backend)
        let id = try ticket(f)
        #expect(throws: IllegalTransition(state: .received, event: .approve)) {
            try f.store.apply(.approve, to: id, actor: "admin")
        }
        #expect(try f.store.detail(id).events.count == 1)
        #expect(throws: StoreError.self) { try f.store.apply(.classify(.other), to: TicketID(5), actor: "bot") }
    }

    @Test("hold reasons for needs_human and quarantined, cleared on retry")
    func holdReasons() throws {
        let f = try Fixture(.file)
        let id = try ticket(f)
        #expect(try f.store.apply(.handToHuman(reason: "no category"), to: id, actor: "bot").holdReason == "no category")
        #expect(try f.store.tickets(in: .needsHuman).map(\.id) == [id])
        #expect(try f.store.apply(.retry, to: id, actor: "admin").holdReason == nil)
        #expect(try f.store.apply(.close, to: id, actor: "admin").state == .closed)
    }
}
