public import Directory
public import Foundation
public import Logging
import Mail
public import MailTransport
public import Store
public import Triage

/// What one run did with one message, for the demo table and the logs.
public struct ProcessedMessage: Sendable, Equatable {
    /// The message's UID in its mailbox.
    public var uid: UInt32
    /// The subject.
    public var subject: String
    /// The sender.
    public var sender: String
    /// The ticket, when one was opened or continued.
    public var ticket: TicketID?
    /// The category.
    public var category: Category?
    /// The ticket's state after the run.
    public var state: TicketState?
    /// What the bot did, in a few words.
    public var action: String
}

/// The help desk's pipeline: fetch -> parse -> classify -> plan -> approve -> execute -> reply -> archive.
///
/// Each stage commits its outcome to the store before the next begins, so a run stopped anywhere and started again
/// processes every message once, changes the directory once and queues every reply once.
public final class HelpdeskEngine: Sendable {
    let store: HelpdeskStore
    let directory: any UserDirectory
    let mailbox: any Mailbox
    let sender: any MailSender
    let triage: Triage
    let playbooks: Playbooks
    let writer: NoticeWriter
    let policy: HelpdeskPolicy
    let clock: @Sendable () -> Date
    let passwords: @Sendable () -> String
    let tokens: @Sendable () -> ApprovalToken
    let logger: Logger
    let checkpoint: @Sendable (Checkpoint) throws -> Void
    /// Where an interrupted send is looked up before it is sent again (nil: resend, noting the doubt).
    let ledger: (any DeliveryLedger)?
    /// Serialises the "every reply sent? then close" step of sends running side by side.
    let closing = NSLock()

    /// Creates the engine from its parts. `passwords` and `tokens` draw from the system CSPRNG in production.
    public init(store: HelpdeskStore, directory: any UserDirectory, mailbox: any Mailbox, sender: any MailSender,
                triage: Triage, writer: NoticeWriter, policy: HelpdeskPolicy, clock: @escaping @Sendable () -> Date,
                passwords: @escaping @Sendable () -> String, tokens: @escaping @Sendable () -> ApprovalToken, logger: Logger,
                checkpoint: @escaping @Sendable (Checkpoint) throws -> Void = { _ in },
                ledger: (any DeliveryLedger)? = nil) {
        self.checkpoint = checkpoint
        self.ledger = ledger ?? (sender as? any DeliveryLedger)
        self.store = store
        self.directory = directory
        self.mailbox = mailbox
        self.sender = sender
        self.triage = triage
        self.playbooks = Playbooks(directory: directory, policy: policy)
        self.writer = writer
        self.policy = policy
        self.clock = clock
        self.passwords = passwords
        self.tokens = tokens
        self.logger = logger
    }

    /// How many messages of a backlog are fetched and processed together.
    static let partSize = 200

    /// One pass: every message in the mailbox, then every approved plan, then the outbox. Returns what was done with
    /// each message (kept in memory: for a service that runs on, `runOnce(report:)` hands each over instead).
    @discardableResult
    public func runOnce() async throws -> [ProcessedMessage] {
        let done = Collected()
        try await runOnce { done.items.append($0) }
        return done.items
    }

    /// One pass, handing what was done with each message to `report` as it is done; nothing is kept, so memory does
    /// not grow with the backlog.
    public func runOnce(report: (ProcessedMessage) -> Void) async throws {
        if let batched = mailbox as? any BatchFetching {
            // A part of the backlog at a time: memory stays the same whatever the backlog's size.
            // While a part is processed, the replies of the one before go out: the mail server's work and ours overlap.
            let listing = try await batched.listUIDs()
            var start = 0
            var sending: Task<Void, any Error>?
            defer { sending?.cancel() }
            while start < listing.uids.count {
                let part = Array(listing.uids[start..<min(listing.uids.count, start + Self.partSize)])
                start += Self.partSize
                for fetched in try await batched.fetch(uids: part, uidValidity: listing.uidValidity) {
                    if let p = try await processSafely(fetched) { report(p) }
                }
                try await (mailbox as? any BatchFiling)?.flushFilings()
                try checkpoint(.filed)
                try await sending?.value
                sending = start < listing.uids.count ? Task { try await self.deliverOutbox() } : nil
            }
            try await sending?.value
        } else {
            for fetched in try await mailbox.fetchAll() {
                if let p = try await processSafely(fetched) { report(p) }
            }
        }
        try await (mailbox as? any BatchFiling)?.flushFilings()
        try checkpoint(.filed)
        // The mailbox was read: what /metrics reports as the last successful poll.
        try store.setState("mailbox.last_poll", String(clock().timeIntervalSince1970))
        try await executeApproved()
        try sendDigestIfDue()
        try await deliverOutbox()
    }

    private final class Collected { var items: [ProcessedMessage] = [] }

    /// Processes a message; anything unexpected is counted against it and, the third time, quarantines it.
    func processSafely(_ fetched: FetchedMessage) async throws -> ProcessedMessage? {
        do {
            return try await process(fetched)
        } catch let stop as Interruption {
            throw stop
        } catch {
            let key = MessageKey(mailbox: fetched.mailbox, uidValidity: fetched.uidValidity, uid: fetched.uid)
            logger.error("processing failed", metadata: ["mail.uid": "\(fetched.uid)", "error": "\(error)"])
            if let outcome = try? store.recordFailure(key, reason: "\(error)"), case .quarantined = outcome {
                try? await mailbox.file(uid: fetched.uid, uidValidity: fetched.uidValidity, as: .leaveForHuman)
            }
            return ProcessedMessage(uid: fetched.uid, subject: "", sender: "", ticket: nil, category: nil, state: nil,
                                    action: "failed: \(error)")
        }
    }
}

/// The named points between the pipeline's stages. Tests stop the engine at each one (as a crash would) and start
/// it again, to prove that nothing is lost or done twice.
public enum Checkpoint: String, Sendable, CaseIterable {
    /// The message was fetched from the mailbox, before anything about it is recorded.
    case fetched
    /// The message is recorded in the store.
    case recorded
    /// The ticket is classified.
    case classified
    /// The plan is recorded.
    case planned
    /// A directory call returned, before its result is recorded.
    case directoryCalled
    /// The replies are queued with the ticket's transition.
    case replied
    /// An outbox message was handed to the mail system, before it is marked sent.
    case sent
    /// The messages processed so far are filed (moved to the processed folder, or left for a person).
    case filed
}

/// Thrown by a checkpoint to stop the engine where it stands, as a crash would: nothing more is recorded.
public struct Interruption: Error, Sendable {
    /// Where it stopped.
    public var at: Checkpoint
    /// Creates an interruption.
    public init(at: Checkpoint) { self.at = at }
}

extension HelpdeskEngine {
    /// Waits for new mail: IDLE where the mailbox has it (a request is answered about half a second after it
    /// arrives), else `timeout`. Returns early on a change; the caller then runs again.
    public func waitForMail(timeout: Duration) async throws {
        if let watching = mailbox as? any MailboxWatching {
            _ = try await watching.waitForChange(timeout: timeout)
        } else {
            try await Task.sleep(for: timeout)
        }
    }
}
