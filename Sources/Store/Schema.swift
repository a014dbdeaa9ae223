import GRDB
import Triage

/// The database schema as append-only, named migrations (STYLE habit 16): a migration that has shipped is never
/// edited; a change is a new migration appended at the end. Constraints live here, not in Swift.
enum Schema {
    static func inList(_ values: [String]) -> String { values.map { "'\($0)'" }.joined(separator: ", ") }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 tickets, messages, events") { db in
            let states = inList(TicketState.allCases.map(\.rawValue))
            let categories = inList(Category.allCases.map(\.rawValue))
            let events = inList(TicketEvent.Kind.allCases.map(\.rawValue))
            try db.execute(sql: """
                CREATE TABLE tickets (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    state TEXT NOT NULL CHECK (state IN (\(states))),
                    category TEXT CHECK (category IN (\(categories))),
                    requester TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    hold_reason TEXT,
                    created_at DATETIME NOT NULL,
                    updated_at DATETIME NOT NULL,
                    CHECK ((state IN ('needs_human', 'quarantined')) = (hold_reason IS NOT NULL))
                );
                -- Ticket numbers start at 1000: tags read [MOACTS #1000] and up.
                INSERT INTO sqlite_sequence (name, seq) VALUES ('tickets', 999);
                CREATE INDEX tickets_by_state ON tickets (state);
                CREATE INDEX tickets_by_requester ON tickets (requester, category, created_at);

                CREATE TABLE messages (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    mailbox TEXT NOT NULL,
                    uid_validity INTEGER NOT NULL CHECK (uid_validity BETWEEN 0 AND 4294967295),
                    uid INTEGER NOT NULL CHECK (uid BETWEEN 0 AND 4294967295),
                    message_id TEXT,
                    content_hash TEXT NOT NULL CHECK (length(content_hash) = 64),
                    sender TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    ticket_id INTEGER REFERENCES tickets(id) ON DELETE RESTRICT,
                    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'processed', 'quarantined')),
                    failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
                    last_error TEXT,
                    recorded_at DATETIME NOT NULL,
                    processed_at DATETIME,
                    UNIQUE (mailbox, uid_validity, uid),
                    CHECK ((state = 'quarantined') <= (last_error IS NOT NULL))
                );
                CREATE INDEX messages_by_content ON messages (message_id, content_hash);
                CREATE INDEX messages_by_ticket ON messages (ticket_id);
                CREATE INDEX messages_by_state ON messages (state);

                -- Other keys under which the same message (same Message-ID and content hash) was seen again,
                -- e.g. after a UIDVALIDITY change or a move to another mailbox.
                CREATE TABLE message_aliases (
                    mailbox TEXT NOT NULL,
                    uid_validity INTEGER NOT NULL,
                    uid INTEGER NOT NULL,
                    message INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
                    seen_at DATETIME NOT NULL,
                    PRIMARY KEY (mailbox, uid_validity, uid)
                );

                -- The audit trail: what happened to a ticket, who did it, why, when. Never updated or deleted.
                CREATE TABLE ticket_events (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE RESTRICT,
                    at DATETIME NOT NULL,
                    actor TEXT NOT NULL,
                    what TEXT NOT NULL,
                    why TEXT,
                    from_state TEXT CHECK (from_state IN (\(states))),
                    to_state TEXT CHECK (to_state IN (\(states))),
                    data TEXT CHECK (data IS NULL OR json_valid(data)),
                    CHECK (what NOT IN (\(events)) OR (from_state IS NOT NULL AND to_state IS NOT NULL))
                );
                CREATE INDEX ticket_events_by_ticket ON ticket_events (ticket_id, id);
                CREATE TRIGGER ticket_events_append_only_update BEFORE UPDATE ON ticket_events
                    BEGIN SELECT RAISE(ABORT, 'ticket_events is append-only'); END;
                CREATE TRIGGER ticket_events_append_only_delete BEFORE DELETE ON ticket_events
                    BEGIN SELECT RAISE(ABORT, 'ticket_events is append-only'); END;
                """)
        }
        migrator.registerMigration("v2 actions, approvals, snapshots, outbox") { db in
            try db.execute(sql: """
                CREATE TABLE actions (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE RESTRICT,
                    kind TEXT NOT NULL,
                    target TEXT NOT NULL,
                    details TEXT CHECK (details IS NULL OR json_valid(details)),
                    needs_approval INTEGER NOT NULL CHECK (needs_approval IN (0, 1)),
                    state TEXT NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'succeeded', 'failed', 'skipped')),
                    result TEXT,
                    planned_at DATETIME NOT NULL,
                    executed_at DATETIME,
                    CHECK ((state = 'planned') = (executed_at IS NULL))
                );
                CREATE INDEX actions_by_ticket ON actions (ticket_id, id);

                -- Only the SHA-256 of an approval token is stored, never the token.
                CREATE TABLE approvals (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE RESTRICT,
                    action_id INTEGER REFERENCES actions(id) ON DELETE RESTRICT,
                    token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
                    state TEXT NOT NULL DEFAULT 'pending'
                        CHECK (state IN ('pending', 'approved', 'rejected', 'expired', 'executed', 'failed')),
                    requested_at DATETIME NOT NULL,
                    expires_at DATETIME NOT NULL,
                    decided_by TEXT,
                    decided_at DATETIME,
                    decision_reason TEXT,
                    finished_at DATETIME,
                    CHECK ((state IN ('approved', 'rejected', 'executed', 'failed')) <= (decided_by IS NOT NULL AND decided_at IS NOT NULL))
                );
                CREATE INDEX approvals_by_ticket ON approvals (ticket_id);
                CREATE INDEX approvals_by_state ON approvals (state, expires_at);

                -- A directory user as it was before the bot changed it (JSON, no passwords).
                CREATE TABLE user_snapshots (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    login TEXT NOT NULL,
                    ticket_id INTEGER REFERENCES tickets(id) ON DELETE RESTRICT,
                    action_id INTEGER REFERENCES actions(id) ON DELETE RESTRICT,
                    taken_at DATETIME NOT NULL,
                    data TEXT NOT NULL CHECK (json_valid(data))
                );
                CREATE INDEX user_snapshots_by_login ON user_snapshots (login, id);

                CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    ticket_id INTEGER REFERENCES tickets(id) ON DELETE RESTRICT,
                    message_id TEXT NOT NULL UNIQUE,
                    sender TEXT NOT NULL,
                    recipients TEXT NOT NULL CHECK (json_valid(recipients) AND json_array_length(recipients) > 0),
                    raw BLOB NOT NULL,
                    state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'failed')),
                    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                    next_attempt_at DATETIME NOT NULL,
                    last_error TEXT,
                    created_at DATETIME NOT NULL,
                    sent_at DATETIME,
                    CHECK ((state = 'sent') = (sent_at IS NOT NULL))
                );
                CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
                CREATE INDEX outbox_by_ticket ON outbox (ticket_id);
                """)
        }
        migrator.registerMigration("v3 bot state") { db in
            try db.execute(sql: """
                CREATE TABLE bot_state (
                    key TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL,
                    updated_at DATETIME NOT NULL
                );
                """)
        }
        migrator.registerMigration("v4 outbox attempts in flight") { db in
            try db.execute(sql: "ALTER TABLE outbox ADD COLUMN attempt_started_at DATETIME")
        }
        migrator.registerMigration("v5 outbox bytes forgotten after sending") { db in
            try db.execute(sql: "ALTER TABLE outbox ADD COLUMN forget_after_send INTEGER NOT NULL DEFAULT 0 CHECK (forget_after_send IN (0, 1))")
        }
        migrator.registerMigration("v6 loop guard") { db in
            try db.execute(sql: """
                -- One row per email queued to one correspondent: the loop guard's record (docs: README "Loops").
                -- Counts only: no message bytes, no secrets.
                CREATE TABLE loop_guard_sent (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at DATETIME NOT NULL,
                    correspondent TEXT NOT NULL CHECK (correspondent <> '' AND correspondent = lower(correspondent)),
                    thread_id INTEGER,
                    fingerprint TEXT CHECK (fingerprint IS NULL OR length(fingerprint) = 64),
                    requester TEXT CHECK (requester IS NULL OR requester = lower(requester)),
                    counted INTEGER NOT NULL CHECK (counted IN (0, 1)),
                    final_notice INTEGER NOT NULL CHECK (final_notice IN (0, 1)),
                    CHECK (NOT (counted = 1 AND final_notice = 1))
                );
                CREATE INDEX loop_guard_sent_by_correspondent ON loop_guard_sent (correspondent, at);
                CREATE INDEX loop_guard_sent_by_thread ON loop_guard_sent (thread_id, correspondent);
                CREATE INDEX loop_guard_sent_by_fingerprint ON loop_guard_sent (fingerprint, at);
                CREATE INDEX outbox_by_sent_at ON outbox (sent_at);
                """)
        }
        return migrator
    }
}
