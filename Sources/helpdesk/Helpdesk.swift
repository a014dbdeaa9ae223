import ArgumentParser
import Foundation
import Logging

/// The `helpdesk` command: the MO ACTS help desk bot and its admin tools.
@main
struct Helpdesk: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "helpdesk",
        abstract: "The MO ACTS Amazon Connect help desk bot.",
        subcommands: [Run.self, Tickets.self, Show.self, Queue.self, Approve.self, Reject.self, Reclassify.self, Serve.self, WebAdmin.self, Check.self, Demo.self, Classify.self,
                      Inspect.self, Rules.self, DirectoryCommand.self, Quarantine.self, SandboxCommand.self, ResumeSending.self]
    )

    /// The only place logging is set up: to standard error, at $HELPDESK_LOG_LEVEL (default: warning).
    static func main() async {
        let level = ProcessInfo.processInfo.environment["HELPDESK_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
