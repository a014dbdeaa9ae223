/// A token bucket: `rate` tokens a second, holding at most `burst`. Pure; the time is a parameter.
///
/// `reserve` always succeeds and says how long to wait, so callers queue in the order they asked: the bucket may
/// go negative, and each later caller waits for the tokens of those before it.
public struct TokenBucket: Sendable, Hashable {
    /// Tokens added per second.
    public let rate: Double
    /// The most tokens the bucket holds (the burst).
    public let burst: Double
    /// Tokens now; negative when callers are waiting.
    public private(set) var tokens: Double
    /// When `tokens` was last brought up to date, in seconds on the caller's clock.
    public private(set) var updated: Double

    /// A full bucket at `now`.
    public init(rate: Double, burst: Double, now: Double) {
        precondition(rate > 0 && burst >= 1, "a token bucket needs a positive rate and a burst of at least 1")
        self.rate = rate
        self.burst = burst
        tokens = burst
        updated = now
    }

    /// Takes one token at `now` and returns how many seconds to wait before using it (0 when one was there).
    public mutating func reserve(now: Double) -> Double {
        if now > updated {
            tokens = min(burst, tokens + (now - updated) * rate)
            updated = now
        }
        tokens -= 1
        return tokens >= 0 ? 0 : -tokens / rate
    }
}
