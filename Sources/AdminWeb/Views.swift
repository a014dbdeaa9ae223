import Foundation
import Helpdesk
import Store

/// What every page shows in its header.
struct Page {
    var title: String
    var admin: String?
    var flash: String?
    var error: String?
    var csrf: String

    init(title: String, admin: String? = nil, error: String? = nil, csrf: String) {
        self.title = title
        self.admin = admin
        self.error = error
        self.csrf = csrf
    }
}

/// Pages carry the header's fields at the top level (Mustache looks them up there).
struct ApprovalsPage {
    var title: String, admin: String?, flash: String?, error: String?, csrf: String
    var items: [ApprovalView]
    init(page: Page, items: [ApprovalView]) {
        (title, admin, flash, error, csrf) = (page.title, page.admin, page.flash, page.error, page.csrf)
        self.items = items
    }
}

struct ApprovalView {
    struct Row { var field: String, before: String, after: String, changed: Bool }
    struct Change { var description: String, rows: [Row] }
    var ticket: Int64, subject: String, requester: String, requestedAt: String, expiresAt: String
    var senderChecks: String, senderChecksPassed: Bool, senderChecked: Bool, category: String, explanation: String
    var summary: String, approvalReason: String, changes: [Change], csrf: String, rules: [String]

    init(_ item: QueueItem, csrf: String) {
        ticket = item.ticket
        subject = item.subject
        requester = item.requester
        requestedAt = item.requestedAt
        expiresAt = item.expiresAt
        senderChecks = item.senderChecks
        senderChecksPassed = item.senderChecksPassed
        senderChecked = !item.senderChecks.hasPrefix("not checked")
        category = item.category
        explanation = item.explanation
        summary = item.summary
        approvalReason = item.approvalReason
        rules = item.rules
        changes = item.changes.map { c in
            Change(description: c.description, rows: c.fields.map {
                Row(field: $0.field, before: $0.before.isEmpty ? "-" : $0.before, after: $0.after, changed: $0.before != $0.after)
            })
        }
        self.csrf = csrf
    }
}

struct TicketRow {
    var id: Int64, state: String, category: String, requester: String, subject: String, explanation: String
    init(_ t: Ticket, explanation: String) {
        id = t.id.rawValue
        state = t.state.rawValue
        category = t.category?.rawValue ?? "-"
        requester = t.requester
        subject = t.subject
        self.explanation = explanation
    }
}

struct TicketsPage {
    var title: String, admin: String?, flash: String?, error: String?, csrf: String
    var query: String
    var tickets: [TicketRow]
    init(page: Page, query: String, tickets: [TicketRow]) {
        (title, admin, flash, error, csrf) = (page.title, page.admin, page.flash, page.error, page.csrf)
        self.query = query
        self.tickets = tickets
    }
}

/// The classification as stored with the ticket.
struct TicketExplanation: Decodable {
    struct Hit: Decodable { var rule: String, category: String, weight: Double, matched: String }
    var reason: String
    var hits: [Hit]
}

struct TicketPage {
    struct Event { var at: String, actor: String, what: String, why: String }
    var title: String, admin: String?, flash: String?, error: String?, csrf: String
    var id: Int64, subject: String, state: String, holdReason: String?, category: String, requester: String
    var explanation: String, rules: [String], actions: [String], approvals: [String], events: [Event]

    init(detail d: TicketDetail, explanation: TicketExplanation?, page: Page) {
        (title, admin, flash, error, csrf) = (page.title, page.admin, page.flash, page.error, page.csrf)
        let t = d.ticket
        id = t.id.rawValue
        subject = t.subject
        state = t.state.rawValue
        holdReason = t.holdReason
        category = t.category?.rawValue ?? "-"
        requester = t.requester
        self.explanation = explanation?.reason ?? "-"
        rules = explanation?.hits.map { "\($0.rule) (\($0.category), \($0.weight)): \"\($0.matched)\"" } ?? []
        actions = d.actions.filter { $0.kind != "notices" }.map { "\($0.kind) \($0.target): \($0.state.rawValue)" + ($0.result.map { " - \($0)" } ?? "") }
        approvals = d.approvals.map { "#\($0.id.rawValue) \($0.state.rawValue)" + ($0.decidedBy.map { " by \($0)" } ?? "") + ($0.decisionReason.map { ": \($0)" } ?? "") }
        let f = ISO8601DateFormatter()
        events = d.events.map { e in
            Event(at: f.string(from: e.at), actor: e.actor, what: e.what + (e.toState.map { " -> \($0.rawValue)" } ?? ""), why: e.why ?? "")
        }
    }
}
