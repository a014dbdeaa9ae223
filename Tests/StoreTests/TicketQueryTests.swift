import Foundation
import Store
import Triage
import Testing

@Suite("Ticket lists and follow-up lookups")
struct TicketQueryTests {
    func open(_ f: Fixture, uid: UInt32, requester: String, category: Category?) throws -> TicketID {
        let m = incoming(uid: uid, sender: requester)
        _ = try f.store.record(m)
        let id = try f.store.createTicket(for: m.key, requester: requester, subject: "s \(uid)").id
        if let category { try f.store.apply(.classify(category), to: id, actor: "bot") }
        return id
    }

    @Test("tickets by requester and category within N days", arguments: Backend.allCases)
    func escalation(backend: Backend) throws {
        let f = try Fixture(backend)
        let old = try open(f, uid: 1, requester: "Pat@x", category: .resetFailed)
        f.clock.advance(10 * 86_400)
        let recent = try open(f, uid: 2, requester: "pat@x", category: .resetFailed)
        _ = try open(f, uid: 3, requester: "pat@x", category: .newUser)
        _ = try open(f, uid: 4, requester: "kim@x", category: .resetFailed)
        f.clock.advance(86_400)
        #expect(try f.store.tickets(requester: "PAT@x", category: .resetFailed, withinDays: 7).map(\.id) == [recent])
        #expect(try f.store.tickets(requester: "pat@x", category: .resetFailed, withinDays: 30).map(\.id) == [recent, old])
    }

    @Test("lists by state and the needs-human list", arguments: Backend.allCases)
    func lists(backend: Backend) throws {
        let f = try Fixture(backend)
        let a = try open(f, uid: 1, requester: "a@x", category: .other)
        let b = try open(f, uid: 2, requester: "b@x", category: nil)
        let c = try open(f, uid: 3, requester: "c@x", category: nil)
        try f.store.apply(.handToHuman(reason: "no rule matched"), to: a, actor: "bot")
        try f.store.apply(.quarantine(reason: "crash"), to: c, actor: "bot")
        #expect(try f.store.tickets().map(\.id) == [c, b, a])
        #expect(try f.store.tickets(in: .received).map(\.id) == [b])
        #expect(try f.store.ticketsNeedingHuman().map(\.id) == [a, c])
    }

    @Test("a reply finds its ticket by the Message-ID we sent or the subject tag", arguments: Backend.allCases)
    func followUps(backend: Backend) throws {
        let f = try Fixture(backend)
        let id = try open(f, uid: 1, requester: "a@x", category: .emailNotReceived)
        try f.store.apply(.plan, to: id, actor: "bot")
        try f.store.apply(.reply, to: id, actor: "bot",
                          reply: OutboxMessage(messageID: "t\(id.rawValue).1@helpdesk", sender: "bot@x", recipients: ["a@x"], raw: [65]))
        #expect(try f.store.ticket(forSentMessageID: "<t\(id.rawValue).1@helpdesk>") == id)
        #expect(try f.store.ticket(forSentMessageID: "other@x") == nil)
        #expect(try f.store.ticket(forSubject: "RE: still broken \(id.subjectTag)") == id)
        #expect(try f.store.ticket(forSubject: "RE: [MOACTS #999999]") == nil)
    }

    @Test("show: messages, events, actions, approvals, outbox")
    func detail() throws {
        let f = try Fixture(.file)
        let id = try open(f, uid: 1, requester: "a@x", category: .accountReset)
        let follow = incoming(uid: 2, messageID: "f@x")
        _ = try f.store.record(follow)
        try f.store.attach(follow.key, to: id)
        let actions = try f.store.planActions([ActionPlan(kind: "reset_password", target: "a", needsApproval: false),
                                               ActionPlan(kind: "send_credentials", target: "a", needsApproval: false)], for: id)
        try f.store.note(id, actor: "admin@x", what: "note", why: "called the user")
        let d = try f.store.detail(id)
        #expect(d.messages.count == 2)
        #expect(d.actions.map(\.id) == actions.map(\.id))
        #expect(d.actions.map(\.state) == [.planned, .planned])
        #expect(d.events.map(\.what) == ["created", "classify", "message_attached", "action_planned", "action_planned", "note"])
        #expect(throws: StoreError.self) { try f.store.detail(TicketID(1)) }
    }
}
