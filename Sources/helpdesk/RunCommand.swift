import ArgumentParser
import Foundation
import Helpdesk
import Logging

/// `helpdesk run [--once]`: process the mailbox, once or polling.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Process the shared mailbox: once, or every poll_seconds until stopped.")

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Process what is there, execute approved plans, send the outbox, and exit.")
    var once = false

    func run() async throws {
        MemoryTuning.apply()
        let logger = Logger(label: "helpdesk")
        // The crash harness's test-only hook (HELPDESK_CRASH_AT): unset, the checkpoints do nothing.
        let hook: CrashHook?
        do {
            hook = try CrashHook.from(environment: ProcessInfo.processInfo.environment)
        } catch {
            throw ValidationError("\(error)")
        }
        if let hook {
            logger.warning("crash hook armed: this process kills itself with SIGKILL (test only)",
                           metadata: ["crash.point": "\(hook.point.rawValue)", "crash.hit": "\(hook.hit)"])
        }
        let app = try hook.map { try options.app(checkpoint: $0.checkpoint()) } ?? options.app()
        if once {
            try await app.engine.runOnce { print(Self.line($0)) }
            return
        }
        // IDLE where the server has it: new mail wakes the loop at once; otherwise poll. A failed pass (a server
        // restarting, say) is logged and tried again after a pause; only ^C or SIGTERM ends the loop.
        let loop = ServiceLoop(pollInterval: .seconds(app.config.int("poll_seconds") ?? 60))
        let task = Task { await loop.run(app.engine, logger: logger, onMessage: { print(Self.line($0)) }) }
        let signals = StopSignals { task.cancel() }
        await task.value
        signals.cancel()
    }

    static func line(_ p: ProcessedMessage) -> String {
        "\(p.ticket.map { "#\($0.rawValue)" } ?? "-")\t\(p.category?.rawValue ?? "-")\t\(p.action)\t\(p.subject)"
    }
}
