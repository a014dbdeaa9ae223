import Foundation
import Store
import Testing

@Suite("Approvals")
struct ApprovalTests {
    /// A ticket awaiting approval of one reset action.
    func awaiting(_ f: Fixture) throws -> (TicketID, ActionID) {
        let m = incoming(uid: 1)
        _ = try f.store.record(m)
        let id = try f.store.createTicket(for: m.key, requester: "a@b", subject: "reset").id
        try f.store.apply(.classify(.accountReset), to: id, actor: "bot")
        let actions = try f.store.planActions([ActionPlan(kind: "reset_password", target: "pat.lee", needsApproval: true)], for: id)
        try f.store.apply(.plan, to: id, actor: "bot")
        try f.store.apply(.requireApproval, to: id, actor: "bot")
        return (id, actions[0].id)
    }

    func token(_ seed: UInt64) -> ApprovalToken {
        var g = SeededGenerator(state: seed)
        return ApprovalToken.random(using: &g)
    }

    @Test("a token decides once; approving starts the ticket; the result finishes the approval", arguments: Backend.allCases)
    func singleUse(backend: Backend) throws {
        let f = try Fixture(backend)
        let (ticket, action) = try awaiting(f)
        let tok = token(1)
        let a = try f.store.requestApproval(for: ticket, action: action, token: tok, expiresAt: f.clock.now.addingTimeInterval(3600))
        #expect(a.state == .pending)
        #expect(try f.store.pendingApprovals().map(\.id) == [a.id])
        f.clock.advance(60)
        let decided = try f.store.decide(token: tok, decision: .approve, by: "lead@health.mo.gov", why: "verified by phone")
        #expect(decided.state == .approved)
        #expect(decided.decidedBy == "lead@health.mo.gov")
        #expect(decided.decisionReason == "verified by phone")
        #expect(decided.decidedAt == f.clock.now)
        #expect(try f.store.ticket(ticket)?.state == .executing)
        let second = #expect(throws: StoreError.self) {
            try f.store.decide(token: tok, decision: .reject, by: "someone@x", why: nil)
        }
        #expect(second?.isAlreadyDecided == true)
        #expect(try f.store.approval(a.id)?.state == .approved, "a second use changes nothing")
        let unknown = #expect(throws: StoreError.self) { try f.store.decide(token: token(2), decision: .approve, by: "x", why: nil) }
        #expect(unknown?.isUnknownToken == true)

        try f.store.recordResult(of: action, state: .succeeded, result: "password reset email sent")
        #expect(try f.store.approval(a.id)?.state == .executed)
        let whats = try f.store.detail(ticket).events.map(\.what)
        #expect(whats == ["created", "classify", "action_planned", "plan", "require_approval", "approval_requested",
                          "approval_approved", "approve", "action_succeeded"])
    }

    @Test("a failed action fails its approval")
    func failedAction() throws {
        let f = try Fixture(.file)
        let (ticket, action) = try awaiting(f)
        let a = try f.store.requestApproval(for: ticket, action: action, token: token(3), expiresAt: f.clock.now.addingTimeInterval(60))
        _ = try f.store.decide(a.id, decision: .approve, by: "lead@x", why: "ok")
        try f.store.recordResult(of: action, state: .failed, result: "user not found")
        #expect(try f.store.approval(a.id)?.state == .failed)
        #expect(try f.store.actions(for: ticket).first?.state == .failed)
        #expect(throws: StoreError.self, "a result is not `planned`") { try f.store.recordResult(of: action, state: .planned, result: nil) }
    }

    @Test("rejecting skips the action and sends the ticket back to planning", arguments: Backend.allCases)
    func reject(backend: Backend) throws {
        let f = try Fixture(backend)
        let (ticket, action) = try awaiting(f)
        let a = try f.store.requestApproval(for: ticket, action: action, token: token(4), expiresAt: f.clock.now.addingTimeInterval(60))
        let r = try f.store.decide(a.id, decision: .reject, by: "lead@x", why: "wrong person")
        #expect(r.state == .rejected)
        #expect(try f.store.ticket(ticket)?.state == .planned)
        #expect(try f.store.actions(for: ticket).first?.state == .skipped)
    }

    @Test("a decision after expiry is refused and the approval expires", arguments: Backend.allCases)
    func expiry(backend: Backend) throws {
        let f = try Fixture(backend)
        let (ticket, action) = try awaiting(f)
        let tok = token(5)
        let a = try f.store.requestApproval(for: ticket, action: action, token: tok, expiresAt: f.clock.now.addingTimeInterval(3600))
        f.clock.advance(3600)
        let e = #expect(throws: StoreError.self) { try f.store.decide(token: tok, decision: .approve, by: "lead@x", why: nil) }
        #expect(e?.isExpired == true)
        #expect(try f.store.approval(a.id)?.state == .expired)
        let t = try #require(try f.store.ticket(ticket))
        #expect(t.state == .needsHuman)
        #expect(t.holdReason?.contains("not decided") == true)
        #expect(throws: StoreError.self) { try f.store.decide(token: tok, decision: .approve, by: "lead@x", why: nil) }
    }

    @Test("the sweep expires only what is due")
    func sweep() throws {
        let f = try Fixture(.file)
        let (ticket, action) = try awaiting(f)
        let soon = try f.store.requestApproval(for: ticket, action: action, token: token(6), expiresAt: f.clock.now.addingTimeInterval(60))
        let later = try f.store.requestApproval(for: ticket, action: nil, token: token(7), expiresAt: f.clock.now.addingTimeInterval(600))
        #expect(try f.store.expireApprovals().isEmpty)
        f.clock.advance(60)
        #expect(try f.store.expireApprovals().map(\.id) == [soon.id])
        #expect(try f.store.approval(later.id)?.state == .pending)
        #expect(try f.store.ticket(ticket)?.state == .needsHuman)
    }

    @Test("approving waits for every pending approval of the ticket")
    func allApprovals() throws {
        let f = try Fixture(.file)
        let (ticket, action) = try awaiting(f)
        let one = try f.store.requestApproval(for: ticket, action: action, token: token(8), expiresAt: f.clock.now.addingTimeInterval(60))
        let two = try f.store.requestApproval(for: ticket, action: nil, token: token(9), expiresAt: f.clock.now.addingTimeInterval(60))
        _ = try f.store.decide(one.id, decision: .approve, by: "a@x", why: nil)
        #expect(try f.store.ticket(ticket)?.state == .awaitingApproval)
        _ = try f.store.decide(two.id, decision: .approve, by: "b@x", why: nil)
        #expect(try f.store.ticket(ticket)?.state == .executing)
    }

    @Test("tokens are random, redacted when printed, and 64 hex digits hashed")
    func tokens() {
        #expect(token(1) == token(1))
        #expect(token(1) != token(2))
        #expect(token(1).value.count == 43)
        #expect(token(1).sha256Hex.count == 64)
        #expect(!"\(token(1))".contains(token(1).value))
    }
}
