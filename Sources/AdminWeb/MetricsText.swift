import Foundation
import Store

/// `/metrics` in the Prometheus text exposition format (version 0.0.4), written by hand.
enum MetricsText {
    static func render(_ m: StoreMetrics, now: Date) throws -> String {
        var out = ""
        func metric(_ name: String, _ type: String, _ help: String, _ samples: [(String, String)]) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for (labels, value) in samples { out += "\(name)\(labels) \(value)\n" }
        }
        var tickets: [(String, String)] = []
        for (category, states) in m.tickets.sorted(by: { $0.key < $1.key }) {
            for (state, n) in states.sorted(by: { $0.key < $1.key }) {
                tickets.append(("{category=\"\(escape(category))\",state=\"\(escape(state))\"}", "\(n)"))
            }
        }
        metric("helpdesk_tickets", "gauge", "Tickets by category and state.", tickets)
        metric("helpdesk_approval_queue_depth", "gauge", "Approvals waiting for an admin.", [("", "\(m.pendingApprovals)")])
        let age = m.oldestPendingApproval.map { max(0, now.timeIntervalSince($0)) } ?? 0
        metric("helpdesk_oldest_pending_approval_age_seconds", "gauge", "Age of the oldest pending approval (0 when none).",
               [("", String(format: "%.0f", age))])
        metric("helpdesk_replies_sent_total", "counter", "Emails handed to the mail system.", [("", "\(m.repliesSent)")])
        metric("helpdesk_loop_guard_trips_total", "counter", "Messages never answered: automatic mail and our own copies.",
               [("", m.state["loop_guard_trips"] ?? "0")])
        metric("helpdesk_quarantine_size", "gauge", "Messages held for a person after failing.", [("", "\(m.quarantined)")])
        metric("helpdesk_last_mailbox_poll_timestamp_seconds", "gauge", "When the mailbox was last read successfully (Unix time; 0: never).",
               [("", m.state["mailbox.last_poll"].flatMap(Double.init).map { String(format: "%.0f", $0) } ?? "0")])
        return out
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }
}
