import Foundation
import Mail
import Store

/// What the loop guard let through of a set of emails.
struct GuardedReplies {
    /// The emails to queue (the final notice in place of one that went over a cap).
    var replies: [OutboxMessage]
    /// Set when a final notice was sent: the ticket goes to a person with this reason.
    var handoff: String?
    /// Why emails were not sent at all, for the audit trail.
    var silenced: [String]
}

extension HelpdeskEngine {
    /// The bot's own addresses: never written to.
    var ownAddresses: Set<String> { [policy.sharedMailbox.lowercased()] }

    /// The loop guard over the record of the last day (and of the thread) for these correspondents.
    func loopGuard(for correspondents: [String], thread: Int64?) throws -> LoopGuard {
        let records = try store.loopGuardRecords(to: correspondents, thread: thread, since: clock().addingTimeInterval(-LoopGuard.day))
        return LoopGuard(limits: policy.loopGuard, exempt: policy.admins + policy.requesters, ownAddresses: ownAddresses,
                         sent: records)
    }

    /// Whether a request looks like a loop: it answers one of our threads, or repeats content the bot already
    /// answered for this sender within a day.
    func looksLikeLoop(_ message: ParsedMessage, thread referenced: Ticket?, fingerprint: String) throws -> Bool {
        if referenced != nil { return true }
        return try store.answeredFingerprint(fingerprint, from: message.senderAddress, since: clock().addingTimeInterval(-LoopGuard.day))
    }

    /// The first ticket of the thread `ticket` belongs to: a loop through our replies hops from ticket to ticket
    /// (each answer opens a new one), and the guard counts the whole thread.
    func threadRoot(of ticket: Ticket) throws -> Int64 {
        let actions = try store.actions(for: ticket.id)
        return (try? noticeBundle(actions))?.context.thread ?? ticket.id.rawValue
    }

    /// The request's content as a fingerprint: its subject without `Re:`/`Fwd:` prefixes and ticket tags, and its
    /// new text, lower case with white space collapsed.
    static func fingerprint(_ message: ParsedMessage) -> String {
        var subject = message.subject.lowercased()
        while let range = subject.range(of: #"\[moacts #\d+\]"#, options: .regularExpression) { subject.removeSubrange(range) }
        var trimmed = subject.trimmingCharacters(in: .whitespaces)
        while let range = trimmed.range(of: #"^(re|fw|fwd|aw|wg|sv|tr)\s*:\s*"#, options: .regularExpression) {
            trimmed.removeSubrange(range)
        }
        let words = { (s: String) in s.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ") }
        return ContentHash.sha256Hex(of: Array((words(trimmed) + "\n" + words(message.content.newText)).utf8))
    }

    /// Passes the emails of `ticket` through the loop guard and records what goes. Emails a person asked for by a
    /// new request go (and are recorded, so a later loop counts them); others count against the caps; over a cap,
    /// the first one becomes the final notice (the hand-off to a person) and the rest are silenced. Nothing is ever
    /// sent to our own address.
    func guarded(_ replies: [OutboxMessage], ticket: TicketID?, context: RequestContext?) throws -> GuardedReplies {
        guard !replies.isEmpty else { return GuardedReplies(replies: [], handoff: nil, silenced: []) }
        let now = clock()
        let thread = context?.thread ?? ticket?.rawValue
        let solicited = context != nil && context?.looksLikeLoop != true
        let everyone = Set(replies.flatMap { $0.recipients.map { $0.lowercased() } })
        var guardState = try loopGuard(for: Array(everyone), thread: thread)
        var out = GuardedReplies(replies: [], handoff: nil, silenced: [])
        var finalNoticeTo: Set<String> = []
        var recorded: [LoopGuardRecord] = []
        func record(_ r: LoopGuardRecord) {
            guardState.record(r)
            recorded.append(r)
        }
        for message in replies {
            // The Cc to the shared mailbox is our own copy; anyone else is a correspondent.
            let correspondents = message.recipients.map { $0.lowercased() }.filter { !ownAddresses.contains($0) }
            if correspondents.isEmpty {
                out.silenced.append("an email addressed only to our own address was not sent")
                continue
            }
            let verdicts = correspondents.map {
                ($0, guardState.verdict(to: $0, thread: thread, fingerprint: context?.fingerprint, solicited: solicited, now: now))
            }
            if verdicts.allSatisfy({ if case .send = $0.1 { true } else { false } }) {
                for (who, verdict) in verdicts {
                    guard case .send(let counted) = verdict else { continue }
                    record(LoopGuardRecord(at: now, correspondent: who, thread: thread, fingerprint: context?.fingerprint,
                                           requester: context?.requester, counted: counted, finalNotice: false))
                }
                out.replies.append(message)
                continue
            }
            for (who, verdict) in verdicts {
                switch verdict {
                case .send:
                    out.silenced.append("an email to \(who) was held back with one to a capped correspondent")
                case .silence(let reason):
                    out.silenced.append(reason)
                case .finalNotice(let reason):
                    guard !finalNoticeTo.contains(who) else {
                        out.silenced.append(reason)
                        continue
                    }
                    finalNoticeTo.insert(who)
                    record(LoopGuardRecord(at: now, correspondent: who, thread: thread, fingerprint: context?.fingerprint,
                                           requester: context?.requester, counted: false, finalNotice: true))
                    out.handoff = "loop guard: \(reason); the bot writes no more automatically"
                    // The final notice is the hand-off to a person, sent to the requester; an address that asked for
                    // nothing (a credential email's address on file) just stops getting mail.
                    if let context, let ticket, context.requester.lowercased() == who {
                        out.replies += try writer.messages(for: [.handoff], ticket: Int(ticket.rawValue), context: context, date: now)
                    } else {
                        out.silenced.append(reason)
                    }
                }
            }
        }
        try store.recordLoopGuard(recorded)
        if let ticket {
            for reason in out.silenced { try store.note(ticket, actor: "bot", what: "loop_guard", why: reason) }
        }
        return out
    }
}
