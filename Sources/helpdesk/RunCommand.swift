import ArgumentParser
import Foundation
import Helpdesk

/// `helpdesk run [--once]`: process the mailbox, once or polling.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Process the shared mailbox: once, or every poll_seconds until stopped.")

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Process what is there, execute approved plans, send the outbox, and exit.")
    var once = false

    func run() async throws {
        let app = try options.app()
        repeat {
            let done = try await app.engine.runOnce()
            for p in done {
                print("\(p.ticket.map { "#\($0.rawValue)" } ?? "-")\t\(p.category?.rawValue ?? "-")\t\(p.action)\t\(p.subject)")
            }
            if once { break }
            // IDLE where the server has it: new mail wakes the loop at once; otherwise poll.
            try await app.engine.waitForMail(timeout: .seconds(app.config.int("poll_seconds") ?? 60))
        } while !Task.isCancelled
    }
}
