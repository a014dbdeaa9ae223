import Directory
import Foundation
import Helpdesk
import Mail
import Store
import Testing

/// Stopping the bot between any two stages and starting it again processes every message once, sends every reply
/// once, and changes the directory once.
@Suite("Restarts between stages", .serialized)
struct RestartTests {
    /// A mixed batch: new users (trusted), a resend, reset steps, an account reset (approval), a handoff, an auto-reply.
    func load(_ h: EngineHarness) async throws {
        try await h.addUser("Luis", "Ortega", email: "Luis.Ortega@health.mo.gov")
        try await h.addUser("Alicia", "Vance", email: "avance@lphamo.net")
        try await h.addUser("Dolores", "Quintero", email: "dquintero55@yahoo.com")
        for f in ["dev001", "dev004", "dev009", "dev021", "dev013", "dev033"] { try h.deliver(corpus: "dev/\(f).eml") }
    }

    /// Runs to completion: process, approve what waits, process again.
    func finish(_ h: EngineHarness) async throws {
        try await h.engine().runOnce()
        for a in try h.store.pendingApprovals() { _ = try h.store.decide(a.id, decision: .approve, by: "cli:test", why: nil) }
        try await h.engine().runOnce()
        try await h.engine().runOnce()
    }

    struct Outcome: Equatable {
        var tickets: Int
        var users: [String]
        var emails: [String]   // "to|subject" per email, sorted
        var messageIDs: Int
    }

    func outcome(_ h: EngineHarness) async throws -> Outcome {
        // The admins' daily digest lists what waits at the moment it is written, which a stop can move; leave it out.
        let out = try h.outbox().filter { !$0.message.subject.contains("need a person") }
        let users = try await h.directory.allUsers().map { "\($0.username)|\($0.identityInfo.email ?? "")" }.sorted()
        // Ticket numbers depend on the order messages are read in; the rest must be identical.
        func untagged(_ s: String) -> String { s.replacingOccurrences(of: #"\[MOACTS #\d+\]"#, with: "[MOACTS #N]", options: .regularExpression) }
        let emails = out.map { "\($0.to.joined(separator: ","))|\(untagged($0.message.subject))" }.sorted()
        return Outcome(tickets: try h.store.tickets(limit: 1000).count, users: users, emails: emails,
                       messageIDs: Set(out.compactMap(\.message.messageID)).count)
    }

    @Test("a stop at each checkpoint, then a restart, ends exactly as a run with no stop",
          arguments: Checkpoint.allCases, [1, 2, 3])
    func stopAndRestart(at point: Checkpoint, hit: Int) async throws {
        let clean = try EngineHarness(requesters: ["gloria.mattingly@health.mo.gov"])
        try await load(clean)
        try await finish(clean)
        let expected = try await outcome(clean)
        #expect(expected.emails.count == expected.messageIDs)

        let h = try EngineHarness(requesters: ["gloria.mattingly@health.mo.gov"])
        try await load(h)
        var stopped = false
        do {
            try await h.engine(stopAt: point, after: hit).runOnce()
        } catch is Interruption {
            stopped = true
        }
        // Approve whatever waits, stopping again at the same point once more, then run on.
        for a in try h.store.pendingApprovals() { _ = try h.store.decide(a.id, decision: .approve, by: "cli:test", why: nil) }
        do {
            try await h.engine(stopAt: point, after: hit).runOnce()
        } catch is Interruption {
            stopped = true
        }
        try await finish(h)
        // `filed` comes once a pass here (the in-memory mailbox is read in one part).
        #expect(stopped || point == .directoryCalled && hit > 3 || point == .filed && hit > 1,
                "the checkpoint \(point) was never reached")
        let got = try await outcome(h)
        #expect(got.users == expected.users, "the directory changed \(point) differently")
        #expect(got.emails == expected.emails, "replies differ after a stop at \(point)#\(hit)")
        #expect(got.messageIDs == got.emails.count, "an email was sent twice")
        #expect(got.tickets == expected.tickets, "a message was processed twice or not at all")
    }
}
