import ArgumentParser
import Foundation
import Helpdesk
import Store

/// `helpdesk queue [--json]`: the approvals that wait, oldest first, each with the exact change (the directory user
/// before and after), the request, who asked, the sender checks and the classification's explanation.
struct Queue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the pending approvals, with the change each would make.")

    @OptionGroup var options: ConfigOptions

    @Flag(help: "One JSON object per pending approval, on one line.")
    var json = false

    func run() async throws {
        let app = try options.app()
        let items = try ApprovalQueue(store: app.store, names: try await ApprovalQueue.names(in: app.directory)).pending()
        if json {
            for item in items { print(JSONLine.encode(item)) }
            return
        }
        if items.isEmpty {
            print("No approvals are pending.")
            return
        }
        for item in items {
            print(Self.render(item))
        }
    }

    static func render(_ item: QueueItem) -> String {
        var out = "Ticket #\(item.ticket) (approval \(item.approval)), asked \(item.requestedAt), expires \(item.expiresAt)\n"
        out += "  request:       \"\(item.subject)\" from \(item.requester)\n"
        let verdict = item.senderChecks.hasPrefix("not checked") ? "" : (item.senderChecksPassed ? "passed: " : "NOT passed: ")
        out += "  sender checks: \(verdict)\(item.senderChecks)\n"
        out += "  category:      \(item.category): \(item.explanation)\n"
        for r in item.rules.prefix(6) { out += "                 \(r)\n" }
        out += "  plan:          \(item.summary)\n"
        out += "  why approval:  \(item.approvalReason)\n"
        for c in item.changes {
            out += "  change:        \(c.description)\n"
            var rows = [["field", "before", "after", ""]]
            for f in c.fields { rows.append([f.field, f.before.isEmpty ? "-" : f.before, f.after, f.before == f.after ? "" : "changed"]) }
            out += Table.render(rows).split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n"
        }
        out += "  decide:        helpdesk approve \(item.ticket)  |  helpdesk reject \(item.ticket) --reason TEXT\n"
        return out
    }
}
