import Directory
import Foundation
import Helpdesk
import Mail
import MailTransport
import Store
import Testing

/// The loop guard in the engine, on the embedded default: correspondents that keep writing, the send breaker, and
/// mail the bot must never answer.
@Suite("Loop guard in the engine", .serialized)
struct LoopGuardEngineTests {
    enum Repeat: String, CaseIterable, Sendable {
        /// The same request again and again, each a new message (a naive auto-responder, or a stuck script).
        case sameContent
        /// Answers to our last email, in its thread (an auto-responder without RFC 3834 headers).
        case inThread
    }

    static let ask = "I never got the email with my login for Amazon Connect. My user ID is Ivo.Marsh."

    @Test("a correspondent who keeps writing gets at most 3 emails and one final notice", arguments: Repeat.allCases)
    func keepsWriting(_ mode: Repeat) async throws {
        let h = try EngineHarness()
        try await h.addUser("Ivo", "Marsh", email: "ivo.marsh@example.org")
        var last: ParsedMessage?
        for i in 0..<12 {
            switch (mode, last) {
            case (.inThread, let previous?):
                let subject = previous.subject.hasPrefix("Re:") ? previous.subject : "Re: " + previous.subject
                try h.deliver(request(from: "ivo.marsh@example.org", subject: subject, body: Self.ask, id: "loop-\(i)",
                                      extra: "In-Reply-To: <\(previous.messageID ?? "")>"))
            default:
                try h.deliver(request(from: "ivo.marsh@example.org", subject: "never got my login", body: Self.ask, id: "loop-\(i)"))
            }
            try await h.engine().runOnce()
            h.clockBox.advance(60)
            last = try h.outbox().filter { $0.to.contains("ivo.marsh@example.org") }.last?.message ?? last
        }
        let toIvo = try h.outbox().filter { $0.to.contains("ivo.marsh@example.org") }
        let finals = toIvo.filter { $0.message.text.contains("A member of the MO ACTS team will look at your request") }
        #expect(toIvo.count == 4, "3 emails and the final notice, got \(toIvo.map { $0.message.subject + " " + ($0.message.inReplyTo.first ?? "") })")
        #expect(finals.count == 1)
        #expect(toIvo.last?.message.text.contains("A member of the MO ACTS team") == true, "the final notice comes last")
        // Nothing was dropped: every message has its ticket, the silenced ones say why.
        let tickets = try h.store.tickets(limit: 100).filter { $0.requester == "ivo.marsh@example.org" }
        #expect(tickets.count >= 1)
        #expect(try h.store.detail(tickets[0].id).events.count > 0)
        #expect(try h.store.ticketsNeedingHuman().contains { $0.holdReason?.contains("loop guard") == true })
    }

    @Test("someone who keeps asking for another person's credential email: that address gets at most 3, then a person takes over")
    func keepsAskingForSomeoneElse() async throws {
        let h = try EngineHarness()
        try await h.addUser("Ivo", "Marsh", email: "ivo.marsh@example.org")
        for i in 0..<8 {
            try h.deliver(request(from: "sam.sup@example.org", name: "Sam Sup", subject: "Ivo never got his login",
                                  body: "Ivo Marsh never got the email with his login for Amazon Connect. His user ID is Ivo.Marsh.",
                                  id: "sam-\(i)"))
            try await h.engine().runOnce()
            h.clockBox.advance(300)
        }
        let toIvo = try h.outbox().filter { $0.to.contains("ivo.marsh@example.org") }
        #expect(toIvo.count == 3, "\(toIvo.map(\.message.subject))")
        #expect(try h.store.ticketsNeedingHuman().contains { $0.holdReason?.contains("loop guard") == true })
        // A day later the same request is answered again (the per-correspondent window has passed; a new thread).
        h.clockBox.advance(25 * 3600)
        try h.deliver(request(from: "sam.sup@example.org", subject: "Ivo never got his login",
                              body: "Ivo Marsh never got the email with his login for Amazon Connect. His user ID is Ivo.Marsh.", id: "sam-late"))
        try await h.engine().runOnce()
        #expect(try h.outbox().filter { $0.to.contains("ivo.marsh@example.org") }.count == 4)
    }

    @Test("the breaker pauses sending past the limit, alerts the admins once, and resumes when an admin says so")
    func breaker() async throws {
        let h = try EngineHarness(admins: ["admin@health.mo.gov"], loopGuard: LoopGuardLimits(breakerPer10Minutes: 5))
        for i in 1...8 {
            try await h.addUser("Person\(Self.letters[i])", "Tester", email: "p\(i)@example.org")
            try h.deliver(request(from: "p\(i)@example.org", subject: "never got my login",
                                  body: "I never got the email with my login. My user ID is Person\(Self.letters[i]).Tester."))
        }
        let engine = try h.engine()
        try await engine.runOnce()
        let alerts = { try h.outbox().filter { $0.message.subject.contains("sending paused") } }
        #expect(try h.outbox().count == 6, "5 replies and the alert")
        #expect(try alerts().count == 1)
        #expect(try alerts().first?.to == ["admin@health.mo.gov"])
        #expect(try alerts().first?.message.text.contains("helpdesk resume-sending") == true)
        #expect(try engine.sendingPausedSince() != nil)
        h.clockBox.advance(3600)
        try await h.engine().runOnce()
        #expect(try h.outbox().count == 6, "paused: nothing more, no second alert, even after the window")
        #expect(try h.engine().resumeSending())
        try await h.engine().runOnce()
        #expect(try h.outbox().count == 9, "resumed: the 3 waiting replies went")
        #expect(try h.engine().sendingPausedSince() == nil)
    }

    /// A sender whose first attempt at the breaker's alert fails (the mail server hiccups just then).
    actor FlakyAlertSender: MailSender {
        var failedOnce = false
        var sent: [String] = []
        func send(_ raw: [UInt8], from sender: String, to recipients: [String]) throws -> [String] {
            if String(decoding: raw, as: UTF8.self).contains("sending paused"), !failedOnce {
                failedOnce = true
                throw HelpdeskTestError.refused
            }
            sent.append(String(decoding: raw, as: UTF8.self))
            return []
        }
    }

    enum HelpdeskTestError: Error { case refused }

    @Test("while paused, an alert whose first send failed is retried; nothing else goes")
    func alertRetriedWhilePaused() async throws {
        let h = try EngineHarness(admins: ["admin@health.mo.gov"], loopGuard: LoopGuardLimits(breakerPer10Minutes: 2))
        for i in 1...4 {
            try await h.addUser("Person\(Self.letters[i])", "Tester", email: "p\(i)@example.org")
            try h.deliver(request(from: "p\(i)@example.org", subject: "never got my login",
                                  body: "I never got the email with my login. My user ID is Person\(Self.letters[i]).Tester."))
        }
        let sender = FlakyAlertSender()
        try await h.engine(sender: sender).runOnce()
        #expect(await sender.sent.count == 2, "two replies; the alert failed")
        h.clockBox.advance(3600)
        try await h.engine(sender: sender).runOnce()
        let sent = await sender.sent
        #expect(sent.count == 3)
        #expect(sent.last?.contains("sending paused") == true, "the alert went on its retry, and nothing else")
    }

    static let letters = ["", "Ann", "Bo", "Cy", "Di", "Ed", "Flo", "Gus", "Hal"]

    enum Never: String, CaseIterable, Sendable {
        case ourLoopHeader, fromOurAddress, fromOurAddressOtherCase, addressOnFileIsOurs
    }

    @Test("never an email to our own address or in answer to mail carrying our loop header", arguments: Never.allCases)
    func neverAnswered(_ c: Never) async throws {
        let h = try EngineHarness()
        try await h.addUser("Ivo", "Marsh", email: c == .addressOnFileIsOurs ? "MOACTS@health.mo.gov" : "ivo.marsh@example.org")
        switch c {
        case .ourLoopHeader:
            try h.deliver(request(from: "ivo.marsh@example.org", subject: "never got my login", body: Self.ask,
                                  extra: "X-MOACTS-Helpdesk: ticket 1000"))
        case .fromOurAddress:
            try h.deliver(request(from: "MOACTS@health.mo.gov", subject: "never got my login", body: Self.ask))
        case .fromOurAddressOtherCase:
            try h.deliver(request(from: "moacts@Health.MO.gov", name: "Help Desk", subject: "never got my login", body: Self.ask))
        case .addressOnFileIsOurs:
            try h.deliver(request(from: "ivo.marsh@example.org", subject: "never got my login", body: Self.ask))
        }
        try await h.engine().runOnce()
        try await h.engine().runOnce()
        for sent in try h.outbox() {
            #expect(!sent.message.to.contains { $0.address.lowercased() == "moacts@health.mo.gov" }, "\(sent.message.subject)")
        }
        if c != .addressOnFileIsOurs { #expect(try h.outbox().isEmpty) }
    }
}
