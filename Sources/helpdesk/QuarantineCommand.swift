import ArgumentParser
import Foundation
import Helpdesk
import Store

/// `helpdesk quarantine list|retry N`: messages the bot could not process, with the reason; retry one after a fix.
struct Quarantine: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Messages the bot could not process, and retrying them.",
                                                    subcommands: [List.self, Retry.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List quarantined messages with their reasons.")
        @OptionGroup var options: ConfigOptions

        func run() throws {
            let app = try options.app()
            let items = try app.store.quarantinedMessages()
            if items.isEmpty { print("nothing in quarantine"); return }
            var rows = [["N", "message", "from", "subject", "failures", "reason"]]
            for m in items {
                rows.append(["\(m.id.rawValue)", m.key.description, m.sender, m.subject, "\(m.failures)", m.lastError ?? ""])
            }
            print(Table.render(rows))
        }
    }

    struct Retry: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Put quarantined message N back in line; the next run processes it.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "The number from `helpdesk quarantine list`.")
        var number: Int64

        func run() throws {
            let app = try options.app()
            let who = "cli:" + (ProcessInfo.processInfo.environment["USER"] ?? "admin")
            do {
                let m = try app.store.retryQuarantined(MessageRecordID(rawValue: number), actor: who)
                print("message \(m.id.rawValue) (\(m.subject)) will be processed again by the next run")
            } catch {
                throw ValidationError("cannot retry \(number): \(error). `helpdesk quarantine list` shows what is there.")
            }
        }
    }
}
