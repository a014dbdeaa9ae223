public import Foundation
public import Triage

/// A message as fetched from the mailbox: its key and what identifies its content. The raw bytes are not stored
/// (they stay in the mailbox): incoming mail may hold things people should not have sent, such as passwords.
public struct IncomingMessage: Sendable, Equatable {
    /// Where it lives on the server.
    public var key: MessageKey
    /// The `Message-ID` header, without angle brackets, if any.
    public var messageID: String?
    /// `ContentHash.sha256Hex(of:)` of the raw bytes.
    public var contentHash: String
    /// The sender's address.
    public var sender: String
    /// The subject line.
    public var subject: String

    /// A fetched message.
    public init(key: MessageKey, messageID: String?, contentHash: String, sender: String, subject: String) {
        self.key = key
        self.messageID = messageID
        self.contentHash = contentHash
        self.sender = sender
        self.subject = subject
    }
}

/// Whether a message still has to be processed.
public enum MessageProcessingState: String, Sendable, Codable, CaseIterable {
    /// Not processed yet, or failed fewer than `HelpdeskStore.maxFailures` times.
    case pending
    /// Done; never processed again.
    case processed
    /// Failed `HelpdeskStore.maxFailures` times; held with its reason until an admin retries it.
    case quarantined
}

/// A recorded message.
public struct StoredMessage: Sendable, Equatable {
    /// Its row number.
    public var id: MessageRecordID
    /// The key it was first seen under.
    public var key: MessageKey
    /// The `Message-ID`, if any.
    public var messageID: String?
    /// SHA-256 of the raw bytes, hex.
    public var contentHash: String
    /// The sender's address.
    public var sender: String
    /// The subject line.
    public var subject: String
    /// The ticket it belongs to, once one was opened or found.
    public var ticket: TicketID?
    /// Whether it still has to be processed.
    public var state: MessageProcessingState
    /// How many times processing failed.
    public var failures: Int
    /// The last failure's reason (the quarantine reason once quarantined).
    public var lastError: String?
    /// When it was first recorded.
    public var recordedAt: Date
}

/// What recording a fetched message found.
public enum MessageRecording: Sendable, Equatable {
    /// Never seen: process it.
    case new(StoredMessage)
    /// Seen before, under this key or (after a UIDVALIDITY change or a move) under another key with the same
    /// Message-ID and content hash. Process it only if its `state` is still `.pending` (a crash mid-way).
    case known(StoredMessage)

    /// The stored message either way.
    public var message: StoredMessage {
        switch self {
        case .new(let m), .known(let m): m
        }
    }

    /// Whether the message was never seen before.
    public var isNew: Bool { if case .new = self { true } else { false } }
}

/// What a processing failure led to.
public enum FailureOutcome: Sendable, Equatable {
    /// Try again later; this was failure number `failures`.
    case retry(failures: Int)
    /// That was the last try: the message (and its ticket, if it has one) is quarantined with the reason.
    case quarantined(reason: String)
}

/// A ticket.
public struct Ticket: Sendable, Equatable {
    /// Its number.
    public var id: TicketID
    /// Where it is in its life.
    public var state: TicketState
    /// Its category, once classified.
    public var category: Category?
    /// The address of the person who asked.
    public var requester: String
    /// The subject of the first message.
    public var subject: String
    /// Why it needs a human or is quarantined.
    public var holdReason: String?
    /// When it was opened.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date
}

/// One row of a ticket's audit trail.
public struct TicketEventRecord: Sendable, Equatable {
    /// When.
    public var at: Date
    /// Who: `bot`, an admin's address, `system`.
    public var actor: String
    /// What: a `TicketEvent.Kind` raw value for transitions, or another word (`created`, `message_attached`,
    /// `action_planned`, `action_succeeded`, `approval_requested`, `approval_approved`, ...).
    public var what: String
    /// Why, in words.
    public var why: String?
    /// The state before a transition.
    public var fromState: TicketState?
    /// The state after a transition.
    public var toState: TicketState?
    /// Details as JSON text.
    public var data: String?
}

/// Where a planned action stands.
public enum ActionState: String, Sendable, Codable, CaseIterable {
    /// Prepared, not carried out.
    case planned
    /// Carried out and it worked.
    case succeeded
    /// Carried out and it failed.
    case failed
    /// Not carried out (rejected, no longer needed).
    case skipped
}

/// An action a playbook prepared (and its result once executed).
public struct PlannedAction: Sendable, Equatable {
    /// Its number.
    public var id: ActionID
    /// The ticket it belongs to.
    public var ticket: TicketID
    /// What it does, e.g. `reset_password`, `create_user`.
    public var kind: String
    /// Whom it concerns, e.g. a login.
    public var target: String
    /// Its parameters as JSON text (never a password).
    public var details: String?
    /// Whether an admin must approve it.
    public var needsApproval: Bool
    /// Where it stands.
    public var state: ActionState
    /// What happened, in words (never a password).
    public var result: String?
    /// When it was planned.
    public var plannedAt: Date
    /// When it was executed.
    public var executedAt: Date?
}

/// What a playbook wants done, before it is stored.
public struct ActionPlan: Sendable, Equatable {
    /// What it does, e.g. `reset_password`.
    public var kind: String
    /// Whom it concerns.
    public var target: String
    /// Parameters as JSON text (never a password).
    public var details: String?
    /// Whether an admin must approve it.
    public var needsApproval: Bool
    /// An action to prepare.
    public init(kind: String, target: String, details: String? = nil, needsApproval: Bool) {
        self.kind = kind
        self.target = target
        self.details = details
        self.needsApproval = needsApproval
    }
}

/// Where an approval stands: `pending -> approved | rejected | expired`, then `approved -> executed | failed`.
public enum ApprovalState: String, Sendable, Codable, CaseIterable {
    /// Waiting for an admin.
    case pending
    /// An admin said yes.
    case approved
    /// An admin said no.
    case rejected
    /// Nobody decided in time.
    case expired
    /// Approved and carried out.
    case executed
    /// Approved, but carrying it out failed.
    case failed
}

/// An admin's answer.
public enum ApprovalDecision: String, Sendable, Codable, CaseIterable {
    /// Yes.
    case approve
    /// No.
    case reject
}

/// An approval request.
public struct Approval: Sendable, Equatable {
    /// Its number.
    public var id: ApprovalID
    /// The ticket.
    public var ticket: TicketID
    /// The action it approves, if one.
    public var action: ActionID?
    /// Where it stands.
    public var state: ApprovalState
    /// When it was asked for.
    public var requestedAt: Date
    /// When it expires if nobody decides.
    public var expiresAt: Date
    /// Who decided.
    public var decidedBy: String?
    /// When.
    public var decidedAt: Date?
    /// Why, in the admin's words.
    public var decisionReason: String?
}

/// A secret that lets one admin decide one approval once (in a link). Only its SHA-256 is stored.
public struct ApprovalToken: Sendable, Hashable, CustomStringConvertible {
    /// The token text (URL-safe).
    public let value: String
    /// Wraps a token received back (from a link).
    public init(_ value: String) { self.value = value }

    /// A new 256-bit token from `generator` (inject the generator: tests pass a seeded one).
    public static func random(using generator: inout some RandomNumberGenerator) -> ApprovalToken {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var s = ""
        for _ in 0..<43 { s.append(alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))]) }
        return ApprovalToken(s)
    }

    /// What the database stores.
    public var sha256Hex: String { ContentHash.sha256Hex(of: Array(value.utf8)) }

    /// Never prints the token.
    public var description: String { "ApprovalToken(redacted)" }
}

/// A reply ready to send. The caller builds `raw`; it is stored as given, so it must never hold a password
/// (the guide's procedures send passwords by another channel, if at all).
public struct OutboxMessage: Sendable, Equatable {
    /// Its fixed `Message-ID`, without angle brackets: retries resend the same message, and replies to it find the ticket.
    public var messageID: String
    /// The envelope sender.
    public var sender: String
    /// The envelope recipients.
    public var recipients: [String]
    /// The whole message, headers and body, as it goes on the wire.
    public var raw: [UInt8]
    /// Whether the bytes hold a secret that must not stay at rest (an approval request's token): once the message is
    /// sent (or given up on) its stored bytes are replaced by a note.
    public var forgetAfterSending: Bool
    /// A reply to queue.
    public init(messageID: String, sender: String, recipients: [String], raw: [UInt8], forgetAfterSending: Bool = false) {
        self.messageID = messageID
        self.sender = sender
        self.recipients = recipients
        self.raw = raw
        self.forgetAfterSending = forgetAfterSending
    }
}

/// Where an outbox message stands.
public enum OutboxState: String, Sendable, Codable, CaseIterable {
    /// Waiting to be sent (again) at its next attempt time.
    case queued
    /// Handed to the mail server.
    case sent
    /// Given up on; a person must look.
    case failed
}

/// A message in the outbox.
public struct OutboxItem: Sendable, Equatable {
    /// Its number.
    public var id: OutboxID
    /// The ticket it answers, if one.
    public var ticket: TicketID?
    /// The message.
    public var message: OutboxMessage
    /// Where it stands.
    public var state: OutboxState
    /// How many sends failed.
    public var attempts: Int
    /// When to try next.
    public var nextAttemptAt: Date
    /// The last send error.
    public var lastError: String?
    /// When it was sent.
    /// When a send began that has not been recorded as sent or failed: the mail system may have taken it.
    public var attemptStartedAt: Date?
    /// When it was queued.
    public var createdAt: Date
    public var sentAt: Date?
}

/// A directory user as it was before the bot changed it.
public struct UserSnapshot: Sendable, Equatable {
    /// Its number.
    public var id: SnapshotID
    /// The user's login.
    public var login: String
    /// The ticket that changed the user.
    public var ticket: TicketID?
    /// The action that changed the user.
    public var action: ActionID?
    /// When it was taken.
    public var takenAt: Date
    /// The user as JSON (no passwords: `saveSnapshot` refuses keys that name secrets).
    public var json: String
}

/// Everything about one ticket, for `helpdesk show N`.
public struct TicketDetail: Sendable, Equatable {
    /// The ticket.
    public var ticket: Ticket
    /// Its messages, oldest first.
    public var messages: [StoredMessage]
    /// Its audit trail, oldest first.
    public var events: [TicketEventRecord]
    /// Its actions, in plan order.
    public var actions: [PlannedAction]
    /// Its approvals.
    public var approvals: [Approval]
    /// Its outgoing mail.
    public var outbox: [OutboxItem]
}
