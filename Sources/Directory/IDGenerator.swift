public import Foundation

/// Where new identifiers come from: injected so that tests get the same ids every run (STYLE.md habit 4).
public struct IDGenerator: Sendable {
    private let next: @Sendable () -> UUID

    /// A generator that calls `next` for every new identifier.
    public init(_ next: @escaping @Sendable () -> UUID) { self.next = next }

    /// A new identifier.
    public func callAsFunction() -> UUID { next() }

    /// Random (version 4) UUIDs, for production.
    public static var random: IDGenerator { IDGenerator { UUID() } }

    /// `00000000-0000-0000-0000-000000000001`, `...0002` and so on: deterministic ids for tests and demos.
    public static func sequential(startingAt first: UInt64 = 1) -> IDGenerator {
        let counter = Counter(first)
        return IDGenerator {
            let n = counter.next()
            let hex = String(n, radix: 16)
            let tail = String(repeating: "0", count: max(0, 12 - hex.count)) + hex
            return UUID(uuidString: "00000000-0000-0000-0000-\(tail)")!
        }
    }
}

/// A thread-safe counter (NSLock, so that it also builds where `Synchronization.Mutex` is unavailable).
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value: UInt64

    init(_ first: UInt64) { value = first }

    func next() -> UInt64 {
        lock.lock()
        defer { lock.unlock() }
        let v = value
        value += 1
        return v
    }
}
