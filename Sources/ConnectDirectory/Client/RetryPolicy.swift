/// When to try a request again: exponential backoff with full jitter (AWS's recommended form), pure.
///
/// The wait before retry `n` (1 for the first retry) is uniform in `0 ..< min(cap, base * 2^(n-1))`; the random
/// draw is passed in, so tests choose it.
public struct RetryPolicy: Sendable, Hashable {
    /// The most attempts in all, the first included.
    public var maxAttempts: Int
    /// The first retry's largest wait, in seconds.
    public var base: Double
    /// The largest wait of any retry, in seconds.
    public var cap: Double

    /// Creates a policy; the defaults wait up to 0.5, 1, 2, 4 and 8 seconds over five retries.
    public init(maxAttempts: Int = 6, base: Double = 0.5, cap: Double = 20) {
        self.maxAttempts = max(1, maxAttempts)
        self.base = base
        self.cap = cap
    }

    /// The wait before retry `retry` (1-based) given a uniform draw `unit` in `0 ..< 1`, or nil when `retry` would
    /// exceed `maxAttempts`.
    public func delay(beforeRetry retry: Int, unit: Double) -> Double? {
        guard retry >= 1, retry < maxAttempts else { return nil }
        let ceiling = min(cap, base * Double(1 << min(retry - 1, 30)))
        return ceiling * min(max(unit, 0), 1)
    }

    /// What to do after a failed attempt.
    public enum Decision: Sendable, Hashable {
        /// Wait this many seconds and send again.
        case retry(after: Double)
        /// Give up: the failure is final or the attempts are spent.
        case giveUp
    }

    /// The decision after attempt number `attempt` (1-based) failed; `retryable` says whether the failure was
    /// throttling, a 5xx or a timeout.
    public func decide(afterAttempt attempt: Int, retryable: Bool, unit: Double) -> Decision {
        guard retryable, let wait = delay(beforeRetry: attempt, unit: unit) else { return .giveUp }
        return .retry(after: wait)
    }
}
