import ArgumentParser
import Foundation
import Helpdesk
import Store

/// `helpdesk approve N` and `helpdesk reject N --reason TEXT`: record an admin's decision on ticket N's pending
/// approval. Only recorded here: the running service carries it out, exactly once.
struct Approve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Approve the pending change of ticket N (the service carries it out).")

    @OptionGroup var options: ConfigOptions

    @Argument(help: "The ticket number.")
    var ticket: Int64

    @Option(help: "Who decides (default: $USER).")
    var by: String?

    func run() throws {
        try Decision.record(options: options, ticket: ticket, decision: .approve, by: by, reason: nil)
    }
}

struct Reject: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Reject the pending change of ticket N, with a reason for the requester.")

    @OptionGroup var options: ConfigOptions

    @Argument(help: "The ticket number.")
    var ticket: Int64

    @Option(help: "Why (sent to the requester).")
    var reason: String

    @Option(help: "Who decides (default: $USER).")
    var by: String?

    func validate() throws {
        if reason.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--reason must say why") }
    }

    func run() throws {
        try Decision.record(options: options, ticket: ticket, decision: .reject, by: by, reason: reason)
    }
}

enum Decision {
    static func record(options: ConfigOptions, ticket: Int64, decision: ApprovalDecision, by: String?, reason: String?) throws {
        let app = try options.app()
        guard let t = try app.store.ticket(TicketID(ticket)) else {
            throw ValidationError("there is no ticket #\(ticket); `helpdesk tickets` lists them")
        }
        let pending = try app.store.approvals(for: t.id).filter { $0.state == .pending }
        guard let approval = pending.first else {
            let last = try app.store.approvals(for: t.id).last
            throw ValidationError("ticket #\(ticket) has no pending approval" + (last.map { " (its last one is \($0.state.rawValue))" } ?? ""))
        }
        let who = "cli:" + (by ?? ProcessInfo.processInfo.environment["USER"] ?? "admin")
        _ = try app.store.decide(approval.id, decision: decision, by: who, why: reason)
        print("ticket #\(ticket): \(decision.rawValue)d by \(who). The running service carries it out (or run `helpdesk run --once`).")
    }
}
