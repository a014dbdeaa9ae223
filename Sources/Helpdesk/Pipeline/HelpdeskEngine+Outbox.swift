public import Foundation
import MailTransport
import Store

extension HelpdeskEngine {
    /// Hands every due outbox message to the sender; failures are retried with backoff, and each recipient's refusal
    /// is recorded. The send breaker comes first: past `loop_guard.breaker_per_10_minutes` in 10 minutes, sending
    /// pauses (the rest stay queued) and the admins are alerted once.
    public func deliverOutbox() async throws {
        if policy.dryRun { return }
        // In batches, until nothing is due (each item is tried at most once per pass); as many at once as the sender
        // has connections.
        let width = max(1, sender.concurrentSends)
        var tried = Set<Int64>()
        // A stop between an email's "sent" and its ticket's close left a replied ticket with nothing to send.
        for ticket in try store.tickets(in: .replied, limit: 500) { try closeIfDelivered(ticket.id) }
        let breaker = try sendBreaker()
        while true {
            var batch = try store.dueOutbox(limit: 200).filter { !tried.contains($0.id.rawValue) }
            if batch.isEmpty { break }
            let sentInWindow = try store.sentCount(since: clock().addingTimeInterval(-SendBreaker.window))
            var trip = false
            switch breaker.decide(due: batch.count, sentInWindow: sentInWindow) {
            case .paused:
                // Only the alert may still go (its first attempt failed): the admins must learn of the pause.
                if let id = try store.state(Self.alertKey).flatMap(Int64.init), let alert = try store.outboxItem(OutboxID(rawValue: id)),
                   alert.state == .queued, alert.nextAttemptAt <= clock() {
                    try await deliver(alert)
                }
                return
            case .send:
                break
            case .trip(let first):
                batch = Array(batch.prefix(first))
                trip = true
            }
            for item in batch { tried.insert(item.id.rawValue) }
            if width == 1 {
                for item in batch { try await deliver(item) }
            } else {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    var running = 0
                    for item in batch {
                        if running == width {
                            try await group.next()
                            running -= 1
                        }
                        group.addTask { try await self.deliver(item) }
                        running += 1
                    }
                    try await group.waitForAll()
                }
            }
            if trip {
                try await tripBreaker(sentInWindow: sentInWindow + batch.count)
                return
            }
        }
    }

    /// The send breaker as the store records it.
    func sendBreaker() throws -> SendBreaker {
        let since = try store.state(Self.pausedKey).flatMap(Double.init).map { Date(timeIntervalSince1970: $0) }
        return SendBreaker(limit: policy.loopGuard.breakerPer10Minutes, pausedSince: since)
    }

    static let pausedKey = "loop_guard.paused_since"
    static let alertKey = "loop_guard.alert_outbox_id"

    /// Pauses sending and alerts the admins (the alert is the one email sent past the breaker).
    func tripBreaker(sentInWindow: Int) async throws {
        let now = clock()
        try store.setState(Self.pausedKey, String(now.timeIntervalSince1970))
        let waiting = try store.queuedCount()
        logger.critical("sending paused: too many emails in 10 minutes",
                        metadata: ["loop_guard.sent": "\(sentInWindow)", "loop_guard.limit": "\(policy.loopGuard.breakerPer10Minutes)",
                                   "outbox.waiting": "\(waiting)"])
        guard let alert = try writer.sendingPaused(sent: sentInWindow, limit: policy.loopGuard.breakerPer10Minutes,
                                                   waiting: waiting, date: now) else { return }
        let id = try store.enqueue(alert, ticket: nil)
        try store.setState(Self.alertKey, String(id.rawValue))
        if let item = try store.outboxItem(id) { try await deliver(item) }
    }

    /// Whether the send breaker has paused sending, and since when.
    public func sendingPausedSince() throws -> Date? { try sendBreaker().pausedSince }

    /// An admin resumes sending after the breaker tripped (`helpdesk resume-sending`). Returns whether it was paused.
    @discardableResult
    public func resumeSending() throws -> Bool {
        guard try sendBreaker().pausedSince != nil else { return false }
        try store.setState(Self.pausedKey, "")
        return true
    }

    /// Sends one outbox item, or finds it already sent; a failure is recorded with its retry time. Throws only
    /// `Interruption` (a test's stop).
    func deliver(_ item: OutboxItem) async throws {
        do {
            // A send that began before a stop, with no record of how it ended: the mail system may have taken it.
            // Ask the ledger (our outbox Maildir, or the shared mailbox's Cc copy over IMAP) before sending again;
            // give a copy a moment to arrive first.
            if let started = item.attemptStartedAt, let ledger, ledger.canFind(recipients: item.message.recipients) {
                if clock().timeIntervalSince(started) < policy.inDoubtGrace { return }
                if try await ledger.delivered(messageID: item.message.messageID) {
                    try store.markSent(item.id)
                    if let t = item.ticket {
                        try store.note(t, actor: "bot", what: "duplicate_avoided",
                                       why: "\(item.message.messageID) had been accepted before the stop; not sent again")
                        try closeIfDelivered(t)
                    }
                    return
                }
            } else if item.attemptStartedAt != nil {
                // No ledger, or one that cannot see this email (an approval request is never Cc'd to the shared
                // mailbox): it may go out twice; say so.
                logger.warning("sending again an email that may have gone out before a stop",
                               metadata: ["outbox.id": "\(item.id.rawValue)"])
                if let t = item.ticket {
                    try store.note(t, actor: "bot", what: "resent_in_doubt",
                                   why: "\(item.message.messageID): a send was interrupted and no ledger can tell whether it went out")
                }
            }
            try store.markAttemptStarted(item.id)
            let refused = try await sender.send(item.message.raw, from: item.message.sender, to: item.message.recipients)
            try checkpoint(.sent)
            try store.markSent(item.id)
            if let t = item.ticket { try closeIfDelivered(t) }
            if !refused.isEmpty, let t = item.ticket {
                try store.note(t, actor: "bot", what: "recipients_refused", why: refused.joined(separator: ", "))
            }
        } catch let stop as Interruption {
            throw stop
        } catch {
            logger.warning("send failed", metadata: ["outbox.id": "\(item.id.rawValue)", "error": "\(error)"])
            try store.markFailed(item.id, error: "\(error)", backoff: policy.outboxBackoff)
            // The connection may have broken after the server took the message (its 250 lost on the way): the
            // next attempt asks the ledger first, as after a stop.
            if ledger != nil { try store.markAttemptStarted(item.id) }
            // Undelivered for too long: its ticket goes to a person (once).
            if clock().timeIntervalSince(item.createdAt) > policy.undeliveredAlert, let t = item.ticket,
               let ticket = try store.ticket(t), ticket.state != .needsHuman, ticket.state != .closed {
                _ = try? store.apply(.handToHuman(reason: "a reply to \(item.message.recipients.joined(separator: ", ")) is still undelivered: \(error)"),
                                     to: t, actor: "bot")
            }
        }
    }
}

extension HelpdeskEngine {
    /// A replied ticket whose every email is delivered is closed.
    func closeIfDelivered(_ ticket: TicketID) throws {
        // Sends run side by side: the check and the close must not interleave with another item's of the same ticket.
        try closing.withLock { () throws -> Void in try closeIfDeliveredLocked(ticket) }
    }

    private func closeIfDeliveredLocked(_ ticket: TicketID) throws {
        guard let t = try store.ticket(ticket), t.state == .replied else { return }
        if try store.unsentCount(ticket: ticket) == 0 {
            _ = try store.apply(.close, to: ticket, actor: "bot", why: "every reply delivered")
        }
    }

    /// How many waiting tickets the daily digest lists; it counts the others.
    static let digestLimit = 100

    /// Once a day, one email to the admins listing the tickets that wait for a person (the oldest 100, and how many
    /// more).
    public func sendDigestIfDue() throws {
        let now = clock()
        if let last = try store.state("digest.last").flatMap(Double.init), now.timeIntervalSince1970 - last < 24 * 3600 { return }
        // The oldest ones listed, the rest counted: an email an admin reads, and a pass whose memory does not grow
        // with the backlog.
        let waiting = try store.ticketsNeedingHuman(limit: Self.digestLimit)
        guard !policy.dryRun, let digest = try writer.digest(waiting.tickets, total: waiting.total, date: now) else { return }
        for message in try guarded([digest], ticket: nil, context: nil).replies { _ = try store.enqueue(message, ticket: nil) }
        try store.setState("digest.last", String(now.timeIntervalSince1970))
    }
}
