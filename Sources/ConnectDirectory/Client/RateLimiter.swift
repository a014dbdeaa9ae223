/// Client-side rate limits, one token bucket per API operation, as Connect throttles per API (about 2 requests a
/// second with bursts of 5, per account and Region).
public actor RateLimiter {
    /// Requests a second, per operation.
    public let rate: Double
    /// Burst, per operation.
    public let burst: Double
    private var buckets: [String: TokenBucket] = [:]

    /// A limiter with `rate` requests a second and bursts of `burst` for each operation.
    public init(rate: Double = 2, burst: Double = 5) {
        self.rate = rate
        self.burst = burst
    }

    /// Takes a token for `operation` at `now` (seconds) and returns how long to wait before sending.
    public func reserve(_ operation: String, now: Double) -> Double {
        var bucket = buckets[operation] ?? TokenBucket(rate: rate, burst: burst, now: now)
        let wait = bucket.reserve(now: now)
        buckets[operation] = bucket
        return wait
    }
}
