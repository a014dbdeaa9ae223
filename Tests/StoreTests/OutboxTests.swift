import Foundation
import Store
import Testing

@Suite("Outbox")
struct OutboxTests {
    func message(_ n: Int) -> OutboxMessage {
        OutboxMessage(messageID: "reply-\(n)@helpdesk.health.mo.gov", sender: "MOACTS@health.mo.gov",
                        recipients: ["pat.lee@health.mo.gov", "cc@health.mo.gov"], raw: Array("Subject: \(n)\r\n\r\nbody\r\n".utf8))
    }

    @Test("enqueue, due, sent", arguments: Backend.allCases)
    func enqueueDueSent(backend: Backend) throws {
        let f = try Fixture(backend)
        let a = try f.store.enqueue(message(1), ticket: nil)
        let b = try f.store.enqueue(message(2), ticket: nil)
        let due = try f.store.dueOutbox()
        #expect(due.map(\.id) == [a, b])
        #expect(due[0].message == message(1), "bytes, recipients and Message-ID come back as given")
        #expect(due[0].state == .queued)
        try f.store.markSent(a)
        #expect(try f.store.dueOutbox().map(\.id) == [b])
        #expect(try f.store.outboxItem(a)?.state == .sent)
        #expect(try f.store.outboxItem(a)?.sentAt == f.clock.now)
        #expect(throws: StoreError.self) { try f.store.markSent(a) }
        #expect(throws: (any Error).self, "a Message-ID is fixed and unique") { try f.store.enqueue(message(2), ticket: nil) }
    }

    @Test("failures back off and finally give up", arguments: Backend.allCases)
    func backoff(backend: Backend) throws {
        let f = try Fixture(backend)
        let policy = OutboxBackoff(base: 60, maximum: 300, maxAttempts: 4)
        let id = try f.store.enqueue(message(1), ticket: nil)
        let waits: [TimeInterval] = [60, 120, 240]
        for (n, wait) in waits.enumerated() {
            try f.store.markFailed(id, error: "421 try later", backoff: policy)
            let item = try #require(try f.store.outboxItem(id))
            #expect(item.attempts == n + 1)
            #expect(item.state == .queued)
            #expect(item.nextAttemptAt == f.clock.now.addingTimeInterval(wait))
            #expect(item.lastError == "421 try later")
            #expect(try f.store.dueOutbox().isEmpty, "not due before its time")
            f.clock.advance(wait)
            #expect(try f.store.dueOutbox().map(\.id) == [id])
        }
        try f.store.markFailed(id, error: "550 no such user", backoff: policy)
        #expect(try f.store.outboxItem(id)?.state == .failed)
        #expect(try f.store.outboxItem(id)?.attempts == 4)
        #expect(try f.store.dueOutbox().isEmpty)
    }

    @Test("backoff policy", arguments: [(1, 60.0), (2, 120), (3, 240), (4, 480), (5, 600), (7, 600)])
    func policy(failures: Int, wait: TimeInterval) {
        let p = OutboxBackoff(base: 60, maximum: 600, maxAttempts: 8)
        let now = Date(timeIntervalSince1970: 0)
        #expect(p.nextAttempt(afterFailures: failures, now: now) == now.addingTimeInterval(wait))
        #expect(p.nextAttempt(afterFailures: 8, now: now) == nil)
    }

    @Test("explicit retry time, and giving up")
    func explicit() throws {
        let f = try Fixture(.file)
        let id = try f.store.enqueue(message(1), ticket: nil)
        try f.store.markFailed(id, error: "timeout", retryAt: f.clock.now.addingTimeInterval(30))
        try f.reopen()
        #expect(try f.store.dueOutbox().isEmpty)
        f.clock.advance(30)
        #expect(try f.store.dueOutbox().count == 1)
        try f.store.markFailed(id, error: "rejected", retryAt: nil)
        #expect(try f.store.outboxItem(id)?.state == .failed)
    }
}
