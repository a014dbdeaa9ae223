public import Logging

/// The bot's main loop, as `helpdesk run` runs it: a pass over the mailbox, then a wait for new mail (IDLE where the
/// server has it, else the poll interval), again and again until the task is cancelled.
///
/// A pass that fails (the IMAP server restarting, the network gone, the store busy) does not end the bot: the error
/// is logged and the loop waits before it tries again, 1 s doubling to `maxPause`, back to 1 s after a pass that
/// works. Whatever a failed pass left half done is finished by the next one: the engine's checkpoints make a pass
/// safe to repeat.
public struct ServiceLoop: Sendable {
    /// How long to wait for new mail when the mailbox cannot announce it (no IDLE).
    public var pollInterval: Duration
    /// The first pause after a failed pass.
    public var firstPause: Duration
    /// The longest pause after failed passes in a row.
    public var maxPause: Duration

    /// A loop with the given timings.
    public init(pollInterval: Duration, firstPause: Duration = .seconds(1), maxPause: Duration = .seconds(60)) {
        self.pollInterval = pollInterval
        self.firstPause = firstPause
        self.maxPause = maxPause
    }

    /// The pause after `failures` failed passes in a row (1 for the first): `firstPause` doubled each time, at most
    /// `maxPause`.
    public func pause(afterFailures failures: Int) -> Duration {
        var pause = firstPause
        for _ in 1..<max(1, failures) where pause < maxPause { pause *= 2 }
        return min(pause, maxPause)
    }

    /// Runs `engine` until the task is cancelled, calling `onMessage` with what was done with each message as it is
    /// done, and `onPass` after each pass with the first 100 of them. Returns when cancelled.
    public func run(_ engine: HelpdeskEngine, logger: Logger,
                    onMessage: @Sendable (ProcessedMessage) -> Void = { _ in },
                    onPass: @Sendable ([ProcessedMessage]) -> Void = { _ in }) async {
        var failures = 0
        while !Task.isCancelled {
            do {
                var done: [ProcessedMessage] = []
                try await engine.runOnce { p in
                    onMessage(p)
                    if done.count < 100 { done.append(p) }
                }
                if failures > 0 { logger.notice("the bot works again", metadata: ["failed_passes": "\(failures)"]) }
                failures = 0
                onPass(done)
                try await engine.waitForMail(timeout: pollInterval)
            } catch is CancellationError {
                return
            } catch {
                if Task.isCancelled { return }
                failures += 1
                let pause = pause(afterFailures: failures)
                logger.error("a pass over the mailbox failed; the bot tries again", metadata: [
                    "error": "\(error)", "failed_passes": "\(failures)", "retry_in": "\(pause)",
                ])
                do { try await Task.sleep(for: pause) } catch { return }
            }
        }
    }
}
