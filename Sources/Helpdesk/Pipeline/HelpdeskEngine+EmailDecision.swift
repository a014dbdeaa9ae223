import Foundation
import Mail
import MailTransport
import Store
import Triage

extension HelpdeskEngine {
    /// An admin's answer to an approval request, by email. It decides only when it comes from an admin's address,
    /// passes the sender checks, and carries the live token of this ticket's approval (and the admin is not the
    /// requester); the decision is then recorded as any other and carried out by `executeApproved`. Otherwise it is
    /// refused with the reason in the audit trail, left unread for a person, and a live token it carried is burned
    /// (it now sits in the shared mailbox): the admin decides on the page or with `helpdesk approve N`.
    func emailedDecision(_ message: ParsedMessage, decision: Store.ApprovalDecision, ticket: Ticket, fetched: FetchedMessage,
                         key: MessageKey, report: ProcessedMessage) async throws -> ProcessedMessage {
        let from = message.senderAddress
        let checks = policy.senderChecks.check(message)
        var found: Approval?
        for candidate in Self.tokenCandidates(in: message) {
            if let a = try store.approval(matching: ApprovalToken(candidate)) { found = a; break }
        }
        var refusal: String?
        if !policy.admins.contains(from) {
            refusal = "\(from) is not an admin"
        } else if !checks.configured {
            refusal = "sender checks are not configured (sender_checks.authserv_ids), so no emailed decision is believed"
        } else if !checks.passed {
            refusal = "the reply did not pass the sender checks: \(checks.summary)"
        } else if found == nil {
            refusal = "the reply carries no approval token the bot knows"
        } else if found?.ticket != ticket.id {
            refusal = "the token belongs to another ticket"
        }
        let reason = decision == .reject ? Self.reason(in: message) ?? "no reason was given" : nil
        if refusal == nil, let approval = found {
            do {
                _ = try store.decide(approval.id, decision: decision, by: "email:\(from)", why: reason)
                logger.info("approval decided by email", metadata: ["ticket.id": "\(ticket.id.rawValue)", "decision": "\(decision.rawValue)"])
                return try await settle(ticket, key: key, fetched: fetched, report: report, by: from, what: "approval_answer",
                                        why: "\(decision.rawValue) by email from \(from), sender checks: \(checks.summary)",
                                        as: .processed, action: "\(decision.rawValue)d by email for \(ticket.id)")
            } catch let error as StoreError {
                refusal = error.description
            }
        }
        let why = "emailed \(decision.rawValue) from \(from) refused: \(refusal ?? "")"
        if let a = found, try store.approval(a.id)?.state == .pending {
            try store.burnToken(of: a.id, replacement: tokens(), actor: "bot",
                                why: "the token was in a refused reply (now in the shared mailbox); decide on the admin page or with `helpdesk approve \(a.ticket.rawValue)`")
        }
        logger.warning("emailed approval refused", metadata: ["ticket.id": "\(ticket.id.rawValue)", "reason": "\(refusal ?? "")"])
        return try await settle(ticket, key: key, fetched: fetched, report: report, by: from, what: "approval_refused", why: why,
                                as: .leaveForHuman, action: "emailed decision refused for \(ticket.id): \(refusal ?? "")")
    }

    /// Words in the message that could be an approval token: runs of 32 to 128 URL-safe characters, anywhere in the
    /// text (a reply quotes the request that carries it).
    static func tokenCandidates(in message: ParsedMessage) -> [String] {
        let text = message.text + "\n" + (message.plainBody ?? "")
        var out: [String] = []
        var run = ""
        func flush() {
            if (32...128).contains(run.count), !out.contains(run) { out.append(run) }
            run = ""
        }
        for c in text.unicodeScalars {
            if c.isASCII, CharacterSet.alphanumerics.contains(c) || c == "-" || c == "_" { run.unicodeScalars.append(c) } else { flush() }
        }
        flush()
        return out
    }

    /// The admin's reason on the first line after the decision word ("REJECT she is on leave"), or the next line.
    static func reason(in message: ParsedMessage) -> String? {
        let lines = message.content.newText.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard let first = lines.first else { return nil }
        var rest = Substring(first)
        if let space = rest.firstIndex(where: { $0 == " " || $0 == ":" || $0 == "-" || $0 == "," || $0 == "." }) {
            rest = rest[space...]
        } else {
            rest = ""
        }
        let trimmed = rest.trimmingCharacters(in: CharacterSet(charactersIn: " :-,.\t"))
        if !trimmed.isEmpty { return String(trimmed.prefix(500)) }
        return lines.dropFirst().first.map { String($0.prefix(500)) }
    }
}
