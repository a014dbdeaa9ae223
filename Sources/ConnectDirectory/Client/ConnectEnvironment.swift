public import Foundation

/// Time and chance as the client sees them, injected so tests control both (STYLE.md habit 4).
public struct ConnectEnvironment: Sendable {
    /// Now: the signing time and the rate limiter's clock.
    public var now: @Sendable () -> Date
    /// Waits this many seconds (rate limits and backoff).
    public var sleep: @Sendable (Double) async throws -> Void
    /// A uniform draw in `0 ..< 1`, for jitter.
    public var random: @Sendable () -> Double

    /// Creates an environment.
    public init(now: @escaping @Sendable () -> Date, sleep: @escaping @Sendable (Double) async throws -> Void,
                random: @escaping @Sendable () -> Double) {
        self.now = now
        self.sleep = sleep
        self.random = random
    }

    /// The real clock, `Task.sleep` and the system's generator: for `@main` only.
    public static let system = ConnectEnvironment(
        now: { Date() },
        sleep: { seconds in if seconds > 0 { try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000)) } },
        random: { Double.random(in: 0..<1) })
}
