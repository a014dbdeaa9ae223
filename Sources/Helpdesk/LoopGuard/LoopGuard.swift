public import Foundation
public import Store

/// The limits of the loop guard, from `loop_guard.*` in the configuration.
public struct LoopGuardLimits: Sendable, Equatable {
    /// Counted emails to one correspondent in 24 hours before the final notice (`loop_guard.per_correspondent_per_day`).
    public var perCorrespondentPerDay: Int
    /// Counted emails to one correspondent in one ticket's thread, ever, before the final notice (`loop_guard.per_ticket`).
    public var perTicket: Int
    /// Emails sent in 10 minutes above which the breaker pauses all sending (`loop_guard.breaker_per_10_minutes`).
    public var breakerPer10Minutes: Int

    /// Creates limits; the defaults are the (3, 3) and 60 emails in 10 minutes.
    public init(perCorrespondentPerDay: Int = 3, perTicket: Int = 3, breakerPer10Minutes: Int = 60) {
        self.perCorrespondentPerDay = perCorrespondentPerDay
        self.perTicket = perTicket
        self.breakerPer10Minutes = breakerPer10Minutes
    }
}

/// Decides, for each email the bot is about to queue, whether it goes, is replaced by the one final notice, or is
/// not sent at all. A pure value over the record of what was queued before (kept in the store); the caller passes
/// the time, performs the verdict and records it.
///
/// The rules:
/// - never to our own addresses;
/// - an email a person asked for by a new request (`solicited`) is not counted;
/// - any other email (an answer to a message that looks like a loop: in a thread of ours, or the same content
///   again; mail that answers no request) is counted: per correspondent over 24 hours (admins and requesters are
///   exempt from this cap) and per correspondent in one ticket's thread (no one is exempt);
/// - once a cap is reached, the next email is replaced by one final notice; after it, silence (for 24 hours per
///   correspondent; for good in that thread).
public struct LoopGuard: Sendable, Equatable {
    /// One email queued to one correspondent (the store keeps these).
    public typealias Sent = LoopGuardRecord

    /// What to do with one email to one correspondent.
    public enum Verdict: Sendable, Equatable {
        /// Send it; `counted` says whether it counts against the caps.
        case send(counted: Bool)
        /// Send the final notice instead of it.
        case finalNotice(reason: String)
        /// Send nothing.
        case silence(reason: String)
    }

    /// The limits.
    public var limits: LoopGuardLimits
    /// Addresses exempt from the per-correspondent cap (admins and requesters), lower case.
    public var exempt: Set<String>
    /// Our own addresses (the shared mailbox), lower case: never written to.
    public var ownAddresses: Set<String>
    /// What was queued before (at least the last 24 hours, and every counted email of the threads concerned).
    public var sent: [Sent]

    /// The per-correspondent window.
    public static let day: TimeInterval = 24 * 3600

    /// Creates a guard over a record.
    public init(limits: LoopGuardLimits, exempt: some Sequence<String>, ownAddresses: some Sequence<String>, sent: [Sent] = []) {
        self.limits = limits
        self.exempt = Set(exempt.map { $0.lowercased() })
        self.ownAddresses = Set(ownAddresses.map { $0.lowercased() })
        self.sent = sent
    }

    /// The verdict for an email to `correspondent` in `thread`, answering a request with `fingerprint`, at `now`.
    ///
    /// Counted against a cap: every counted email, and every email of the same loop (the same thread or an answer
    /// to the same content), even the first one a person asked for.
    public func verdict(to correspondent: String, thread: Int64?, fingerprint: String?, solicited: Bool, now: Date) -> Verdict {
        let who = correspondent.lowercased()
        if ownAddresses.contains(who) { return .silence(reason: "\(who) is our own address") }
        if solicited { return .send(counted: false) }
        let mine = sent.filter { $0.correspondent == who && $0.at <= now }
        func related(_ r: Sent) -> Bool {
            r.counted || r.finalNotice || (thread != nil && r.thread == thread) || (fingerprint != nil && r.fingerprint == fingerprint)
        }
        let today = exempt.contains(who) ? [] : mine.filter { now.timeIntervalSince($0.at) < Self.day && related($0) }
        let inThread = thread.map { t in mine.filter { $0.thread == t } } ?? []
        let dayFull = today.filter { !$0.finalNotice }.count >= limits.perCorrespondentPerDay
        let threadFull = inThread.filter { !$0.finalNotice }.count >= limits.perTicket
        if !dayFull && !threadFull { return .send(counted: true) }
        if dayFull, today.contains(where: \.finalNotice) {
            return .silence(reason: "\(who) had \(limits.perCorrespondentPerDay) automatic emails and the final notice in 24 hours")
        }
        if threadFull, inThread.contains(where: \.finalNotice) {
            return .silence(reason: "\(who) had \(limits.perTicket) automatic emails and the final notice in this ticket's thread")
        }
        return .finalNotice(reason: dayFull
            ? "\(limits.perCorrespondentPerDay) automatic emails to \(who) in 24 hours (loop_guard.per_correspondent_per_day)"
            : "\(limits.perTicket) automatic emails to \(who) in this ticket's thread (loop_guard.per_ticket)")
    }

    /// Records an email as queued (what the caller did with a verdict).
    public mutating func record(_ entry: Sent) { sent.append(entry) }
}
