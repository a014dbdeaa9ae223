import ArgumentParser
import Foundation
import Helpdesk
import Logging
import Mail
import Store
import Triage

/// `helpdesk demo`: a throwaway workspace with a local directory of sample users and a Maildir of sample requests
/// covering every category; runs the bot once, approves what waits for approval as an admin would, runs again, and
/// prints what happened to each request.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the bot on its embedded default with sample requests and print what it did.")

    @Option(help: "The workspace folder (made fresh; default: a new folder under the system's temporary folder).")
    var workspace: String?

    @Option(help: "The package folder holding rules/, templates/ and demo/requests (default: found from the binary).")
    var package: String?

    func run() async throws {
        let packageRoot = package ?? URL(fileURLWithPath: RulesOptions.locate(nil)).deletingLastPathComponent().path
        let root = workspace ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("helpdesk-demo-\(ProcessInfo.processInfo.processIdentifier)")
        let absolutePackage = URL(fileURLWithPath: packageRoot).standardizedFileURL.path
        let ws = try await DemoWorkspace.create(root: root, packageRoot: absolutePackage, requests: absolutePackage + "/demo/requests")
        let config = try HelpdeskConfig.load(path: ws.configPath, environment: [:])
        let app = try HelpdeskApp(config: config, logger: Logger(label: "helpdesk.demo"))

        let first = try await app.engine.runOnce()
        // An admin approves what waits for approval, as `helpdesk approve N` does.
        var approved: [Int64] = []
        for approval in try app.store.pendingApprovals() {
            _ = try app.store.decide(approval.id, decision: .approve, by: "demo-admin", why: "demo")
            approved.append(approval.ticket.rawValue)
        }
        _ = try await app.engine.runOnce()

        var rows = [["request (from: subject)", "category", "what the bot did", "replies (to)", "ticket"]]
        for p in first {
            let name = "\(p.sender.split(separator: "@").first ?? ""): \(p.subject.prefix(38))"
            var action = p.action
            var state = p.state?.rawValue ?? "-"
            if let t = p.ticket, let ticket = try app.store.ticket(t) {
                state = ticket.state.rawValue
                if approved.contains(t.rawValue) {
                    action = "approved by an admin, then: " + (ticket.state == .closed ? "done" : "for a person: \(ticket.holdReason ?? "")")
                }
            }
            let recipients = try p.ticket.map { try app.store.detail($0).outbox.map { $0.message.recipients.first ?? "" } } ?? []
            let replies = recipients.isEmpty ? "none" : "\(recipients.count) (\(Set(recipients).sorted().joined(separator: ", ")))"
            rows.append([name, p.category?.rawValue ?? "-", action, replies, p.ticket.map { "#\($0.rawValue) \(state)" } ?? "-"])
        }
        print(Table.render(rows))
        let sent = (try? FileManager.default.contentsOfDirectory(atPath: ws.outbox + "/new").count) ?? 0
        let me = CommandLine.arguments[0]
        print("""

            \(first.count) requests processed; \(approved.count) change(s) approved by the demo admin and carried out; \(sent) emails in the outbox.
            Where to look:
              workspace:   \(ws.root)
              replies:     \(ws.outbox)/new (one file per email, as sent)
              requests:    \(ws.inbox) (handled ones in .Processed; those for a person stay in new/)
              tickets:     \(me) tickets --config \(ws.configPath)
              one ticket:  \(me) show N --config \(ws.configPath)
              waiting:     \(me) tickets --needs-human --config \(ws.configPath)
              directory:   \(me) directory list --config \(ws.configPath)
            """)
    }
}
