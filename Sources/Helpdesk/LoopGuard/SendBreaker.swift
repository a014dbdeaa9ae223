public import Foundation

/// The global breaker: when more than `limit` emails would go out in 10 minutes, sending pauses and the admins are
/// alerted once; it stays paused until an admin resumes it (`helpdesk resume-sending`). A pure value: the caller
/// counts what was sent in the window and performs the decision.
public struct SendBreaker: Sendable, Equatable {
    /// The window.
    public static let window: TimeInterval = 600

    /// What the sender may do now.
    public enum Decision: Sendable, Equatable {
        /// Send up to this many of the due emails.
        case send(Int)
        /// Send this many, then pause and alert the admins (the breaker trips now).
        case trip(sendFirst: Int)
        /// Paused: send nothing (the admins were alerted when it tripped).
        case paused
    }

    /// Emails allowed in any 10 minutes (`loop_guard.breaker_per_10_minutes`).
    public var limit: Int
    /// When it tripped, while it is paused.
    public var pausedSince: Date?

    /// Creates a breaker.
    public init(limit: Int, pausedSince: Date? = nil) {
        self.limit = limit
        self.pausedSince = pausedSince
    }

    /// The decision for `due` emails, when `sentInWindow` went out in the last 10 minutes.
    public func decide(due: Int, sentInWindow: Int) -> Decision {
        if pausedSince != nil { return .paused }
        let room = max(0, limit - sentInWindow)
        return due <= room ? .send(due) : .trip(sendFirst: room)
    }

    /// Trips the breaker at `now`.
    public mutating func trip(at now: Date) { pausedSince = now }

    /// An admin resumed sending.
    public mutating func resume() { pausedSince = nil }
}
