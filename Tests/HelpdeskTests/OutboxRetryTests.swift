import Foundation
import Helpdesk
import HelpdeskTesting
import Store
import Testing

@Suite("Outbox: retries with backoff, and an alert when a reply stays undelivered", .serialized)
struct OutboxRetryTests {
    @Test("a refused send is retried after 5 minutes, doubling; after a day undelivered the ticket goes to a person")
    func retries() async throws {
        let h = try EngineHarness()
        try await h.addUser("Alicia", "Vance", email: "avance@lphamo.net")
        let sender = RecordingSender()
        await sender.failNext(1000)
        try h.deliver(corpus: "dev/dev009.eml")
        try await h.engine(sender: sender).runOnce()
        #expect(await sender.attempts == 1)
        // Not yet due: nothing is tried again.
        h.clockBox.advance(200)
        try await h.engine(sender: sender).runOnce()
        #expect(await sender.attempts == 1)
        h.clockBox.advance(200)   // 400 s > 300 s: the first retry
        try await h.engine(sender: sender).runOnce()
        #expect(await sender.attempts == 2)
        h.clockBox.advance(400)   // 600 s wait next: not yet
        try await h.engine(sender: sender).runOnce()
        #expect(await sender.attempts == 2)
        let ticket = try #require(try h.store.tickets().first)
        #expect(ticket.state == .replied, "a ticket closes once its replies are delivered")
        for _ in 0..<30 {
            h.clockBox.advance(3600)
            try await h.engine(sender: sender).runOnce()
        }
        #expect(try h.store.ticket(ticket.id)?.state == .needsHuman)
        #expect(try h.store.ticket(ticket.id)?.holdReason?.contains("undelivered") == true)
        // The mail system is back: the reply goes out once.
        await sender.failNext(0)
        h.clockBox.advance(3600)
        try await h.engine(sender: sender).runOnce()
        try await h.engine(sender: sender).runOnce()
        let items = try h.store.detail(ticket.id).outbox
        #expect(await sender.sent.filter { $0.to.contains("avance@lphamo.net") }.count == 1, "\(items.map { "\($0.state) \($0.attempts) \($0.nextAttemptAt) \($0.lastError ?? "")" }) now \(h.clockBox.now)")
    }
}
