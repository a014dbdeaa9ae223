import Foundation
import Store
import Testing

@Suite("Schema and migrations")
struct StoreSchemaTests {
    @Test("a fresh file runs every migration, in WAL mode; ticket numbers start at 1000")
    func freshFile() throws {
        let f = try Fixture(.file)
        #expect(try f.store.journalMode() == "wal")
        #expect(try f.store.appliedMigrations() == ["v1 tickets, messages, events", "v2 actions, approvals, snapshots, outbox", "v3 bot state", "v4 outbox attempts in flight",
                                                           "v5 outbox bytes forgotten after sending", "v6 loop guard"])
        _ = try f.store.record(incoming(uid: 1))
        let t = try f.store.createTicket(for: MessageKey(mailbox: "INBOX", uidValidity: 7, uid: 1),
                                         requester: "Pat.Lee@health.mo.gov", subject: "Cannot log in")
        #expect(t.id == TicketID(1000))
        #expect(t.id.subjectTag == "[MOACTS #1000]")
        #expect(t.requester == "pat.lee@health.mo.gov")
        #expect(t.state == .received)
    }

    @Test("reopening is idempotent and keeps the data")
    func reopen() throws {
        let f = try Fixture(.file)
        _ = try f.store.record(incoming(uid: 1))
        let t = try f.store.createTicket(for: MessageKey(mailbox: "INBOX", uidValidity: 7, uid: 1), requester: "a@b", subject: "s")
        for _ in 0..<3 {
            try f.reopen()
            #expect(try f.store.appliedMigrations().count == 6)
            #expect(try f.store.ticket(t.id) == t)
        }
        _ = try f.store.record(incoming(uid: 2))
        let t2 = try f.store.createTicket(for: MessageKey(mailbox: "INBOX", uidValidity: 7, uid: 2), requester: "a@b", subject: "s")
        #expect(t2.id == TicketID(1001))
    }

    @Test("the audit trail is append-only", arguments: Backend.allCases)
    func appendOnly(backend: Backend) throws {
        let f = try Fixture(backend)
        _ = try f.store.record(incoming(uid: 1))
        let t = try f.store.createTicket(for: MessageKey(mailbox: "INBOX", uidValidity: 7, uid: 1), requester: "a@b", subject: "s")
        #expect(throws: (any Error).self) {
            try f.store.apply(.classify(.other), to: t.id, actor: "bot") { db in
                try db.execute(sql: "DELETE FROM ticket_events")
            }
        }
        #expect(throws: (any Error).self) {
            try f.store.apply(.classify(.other), to: t.id, actor: "bot") { db in
                try db.execute(sql: "UPDATE ticket_events SET actor = 'someone else'")
            }
        }
        #expect(try f.store.detail(t.id).events.map(\.what) == ["created"])
    }

    @Test("constraints live in the schema", arguments: [
        "UPDATE tickets SET state = 'lost'",
        "UPDATE tickets SET category = 'spam'",
        "UPDATE tickets SET state = 'needs_human'",
        "INSERT INTO ticket_events (ticket_id, at, actor, what) VALUES (99999, '2026-01-01', 'x', 'note')",
        "INSERT INTO messages (mailbox, uid_validity, uid, content_hash, sender, subject, recorded_at) SELECT mailbox, uid_validity, uid, content_hash, sender, subject, recorded_at FROM messages",
        "UPDATE messages SET state = 'done'",
        "INSERT INTO outbox (message_id, sender, recipients, raw, next_attempt_at, created_at) VALUES ('m', 's', '[]', x'00', '2026-01-01', '2026-01-01')",
        "INSERT INTO approvals (ticket_id, token_hash, requested_at, expires_at) VALUES (1000, 'short', '2026-01-01', '2026-01-02')",
        "INSERT INTO user_snapshots (login, taken_at, data) VALUES ('x', '2026-01-01', 'not json')",
    ])
    func constraints(sql: String) throws {
        let f = try Fixture(.file)
        _ = try f.store.record(incoming(uid: 1))
        let t = try f.store.createTicket(for: MessageKey(mailbox: "INBOX", uidValidity: 7, uid: 1), requester: "a@b", subject: "s")
        #expect(throws: (any Error).self) {
            try f.store.apply(.classify(.other), to: t.id, actor: "bot") { db in try db.execute(sql: sql) }
        }
        #expect(try f.store.ticket(t.id)?.state == .received)
    }
}
