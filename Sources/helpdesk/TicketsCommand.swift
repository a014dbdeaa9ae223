import ArgumentParser
import Foundation
import Helpdesk
import Store

/// `helpdesk tickets [--json] [--needs-human]`: the tickets, newest first.
struct Tickets: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List tickets (newest first).")

    @OptionGroup var options: ConfigOptions

    @Flag(help: "One JSON object per ticket.")
    var json = false

    @Flag(name: .customLong("needs-human"), help: "Only the tickets waiting for a person.")
    var needsHuman = false

    func run() throws {
        let app = try options.app()
        let tickets = needsHuman ? try app.store.ticketsNeedingHuman() : try app.store.tickets(limit: 500)
        if json {
            for t in tickets { print(JSONLine.encode(TicketView(t))) }
            return
        }
        var rows = [["ticket", "state", "category", "requester", "subject", "reason"]]
        for t in tickets {
            rows.append(["#\(t.id.rawValue)", t.state.rawValue, t.category?.rawValue ?? "-", t.requester, t.subject, t.holdReason ?? ""])
        }
        print(Table.render(rows))
    }
}

struct TicketView: Encodable {
    var ticket: Int64
    var state: String
    var category: String?
    var requester: String
    var subject: String
    var reason: String?
    init(_ t: Ticket) {
        ticket = t.id.rawValue
        state = t.state.rawValue
        category = t.category?.rawValue
        requester = t.requester
        subject = t.subject
        reason = t.holdReason
    }
}

/// `helpdesk show N`: a ticket, its messages, actions, approvals, and the audit trail.
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show a ticket: its messages, plan, approvals and audit trail.")

    @OptionGroup var options: ConfigOptions

    @Argument(help: "The ticket number (as in [MOACTS #N]).")
    var ticket: Int64

    func run() throws {
        let app = try options.app()
        guard let t = try app.store.ticket(TicketID(ticket)) else {
            throw ValidationError("there is no ticket #\(ticket); `helpdesk tickets` lists them")
        }
        let d = try app.store.detail(t.id)
        print("Ticket #\(t.id.rawValue): \(t.subject)")
        print("  state: \(t.state.rawValue)\(t.holdReason.map { " (\($0))" } ?? "")")
        print("  category: \(t.category?.rawValue ?? "-")   requester: \(t.requester)")
        print("Messages:")
        for m in d.messages { print("  \(m.key)  \(m.messageID ?? "-")  \(m.state.rawValue)") }
        print("Actions:")
        for a in d.actions where a.kind != "notices" {
            print("  \(a.id.rawValue). \(a.kind) \(a.target): \(a.state.rawValue)\(a.needsApproval ? " (needs approval)" : "")\(a.result.map { " - \($0)" } ?? "")")
        }
        let approvals = try app.store.approvals(for: t.id)
        if !approvals.isEmpty {
            print("Approvals:")
            for a in approvals { print("  \(a.id.rawValue). \(a.state.rawValue)\(a.decidedBy.map { " by \($0)" } ?? "")\(a.decisionReason.map { ": \($0)" } ?? "")") }
        }
        print("Audit trail:")
        let f = ISO8601DateFormatter()
        for e in d.events {
            let move = e.toState.map { " -> \($0.rawValue)" } ?? ""
            print("  \(f.string(from: e.at))  \(e.actor)  \(e.what)\(move)\(e.why.map { ": \($0)" } ?? "")")
        }
    }
}
