import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A test-only hook for the crash harness (`make crash-test`, `scripts/crash-test`): with
/// `HELPDESK_CRASH_AT=<checkpoint>:<n>` in its environment, `helpdesk run` kills itself with a real SIGKILL the n-th
/// time it passes that checkpoint (`fetched`, `recorded`, `classified`, `planned`, `directoryCalled`, `replied`,
/// `sent`, `filed`), exactly as a power cut there would stop it: no clean-up, no flush, nothing more recorded.
///
/// Never set it in production. Unset or empty, nothing happens; a malformed value stops the bot at start-up with an
/// error naming the variable.
public struct CrashHook: Sendable, Equatable {
    /// The environment variable that arms the hook.
    public static let variable = "HELPDESK_CRASH_AT"

    /// Where to die.
    public let point: Checkpoint
    /// On which pass through `point` (1 is the first).
    public let hit: Int

    /// Creates a hook that dies on the `hit`-th pass through `point`.
    public init(point: Checkpoint, hit: Int) {
        self.point = point
        self.hit = hit
    }

    /// The hook `HELPDESK_CRASH_AT` asks for, nil when it is unset or empty.
    /// - Throws: `HelpdeskError` naming the variable when the value is not `<checkpoint>:<n>` with a known checkpoint
    ///   and n >= 1.
    public static func from(environment: [String: String]) throws -> CrashHook? {
        guard let value = environment[variable]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        let known = Checkpoint.allCases.map(\.rawValue).joined(separator: ", ")
        guard parts.count == 2, let point = Checkpoint(rawValue: String(parts[0])) else {
            throw HelpdeskError("\(variable)=\(value) is not <checkpoint>:<n>; the checkpoints are \(known) "
                + "(a test-only hook: unset it to run normally)")
        }
        guard let hit = Int(parts[1]), hit >= 1 else {
            throw HelpdeskError("\(variable)=\(value): the hit count must be a whole number from 1 "
                + "(a test-only hook: unset it to run normally)")
        }
        return CrashHook(point: point, hit: hit)
    }

    /// The engine's checkpoint closure: counts passes through `point` and sends SIGKILL to this process on the
    /// `hit`-th.
    public func checkpoint() -> @Sendable (Checkpoint) throws -> Void {
        let counter = HitCounter()
        let point = self.point, hit = self.hit
        return { reached in
            guard reached == point, counter.next() == hit else { return }
            kill(getpid(), SIGKILL)
            // SIGKILL cannot be caught; this only waits for it to land.
            while true { pause() }
        }
    }
}

/// A thread-safe count of passes through a checkpoint (sends run side by side).
private final class HitCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func next() -> Int { lock.withLock { count += 1; return count } }
}
