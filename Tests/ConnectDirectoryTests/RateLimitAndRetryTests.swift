import ConnectDirectory
import Testing

@Suite("Token buckets, rate limits and retry backoff")
struct RateLimitAndRetryTests {
    @Test("a bucket of 2/s with bursts of 5: five at once, then one every half second, refilled when idle",
          arguments: [
              // (times of requests, expected waits)
              ([0.0, 0, 0, 0, 0], [0.0, 0, 0, 0, 0]),
              ([0.0, 0, 0, 0, 0, 0, 0], [0.0, 0, 0, 0, 0, 0.5, 1.0]),
              ([0.0, 0, 0, 0, 0, 0.25], [0.0, 0, 0, 0, 0, 0.25]),
              ([0.0, 0, 0, 0, 0, 10, 10, 10, 10, 10, 10], [0.0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5]),
              ([0.0, 1, 2, 3, 4, 5, 6, 7], [0.0, 0, 0, 0, 0, 0, 0, 0]),
          ])
    func bucket(_ times: [Double], _ waits: [Double]) {
        var b = TokenBucket(rate: 2, burst: 5, now: 0)
        #expect(times.map { b.reserve(now: $0) } == waits)
    }

    @Test("each operation has its own bucket")
    func perOperation() async {
        let limiter = RateLimiter()
        for _ in 0..<5 { #expect(await limiter.reserve("DescribeUser", now: 0) == 0) }
        #expect(await limiter.reserve("DescribeUser", now: 0) == 0.5)
        #expect(await limiter.reserve("ListUsers", now: 0) == 0)
    }

    @Test("full jitter: uniform below min(cap, base * 2^(n-1))", arguments: [
        (1, 0.5, 0.25), (2, 0.5, 0.5), (3, 0.999, 1.998), (5, 1.0, 8.0), (5, 0.0, 0.0),
    ])
    func backoff(_ retry: Int, _ unit: Double, _ expected: Double) {
        let p = RetryPolicy(maxAttempts: 6, base: 0.5, cap: 20)
        #expect(abs(p.delay(beforeRetry: retry, unit: unit)! - expected) < 1e-9)
    }

    @Test("the cap bounds every wait, and attempts run out")
    func capAndLimit() {
        let p = RetryPolicy(maxAttempts: 40, base: 0.5, cap: 20)
        #expect(p.delay(beforeRetry: 35, unit: 1) == 20)
        #expect(RetryPolicy(maxAttempts: 3).delay(beforeRetry: 3, unit: 0.5) == nil)
        #expect(RetryPolicy(maxAttempts: 3).decide(afterAttempt: 2, retryable: true, unit: 0.5) == .retry(after: 0.5))
        #expect(RetryPolicy(maxAttempts: 3).decide(afterAttempt: 3, retryable: true, unit: 0.5) == .giveUp)
        #expect(RetryPolicy(maxAttempts: 3).decide(afterAttempt: 1, retryable: false, unit: 0.5) == .giveUp)
    }
}
