import ArgumentParser
import Foundation
import Helpdesk
import Store
import Triage

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

/// `helpdesk reclassify N CATEGORY`: gives a ticket that waits for a person (handed over, or misread) another category.
/// Only recorded: the running service plans it again from the request, exactly once.
struct Reclassify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Give ticket N another category; the running service plans it again (for a ticket handed to a person or misread).")

    @OptionGroup var options: ConfigOptions

    @Argument(help: "The ticket number.")
    var ticket: Int64

    @Argument(help: "The category: \(Reclassify.allowed.map(\.rawValue).joined(separator: ", ")).")
    var category: String

    @Option(help: "Why (kept in the audit trail).")
    var reason: String?

    @Option(help: "Who decides (default: $USER).")
    var by: String?

    static let allowed: [Category] = [.newUser, .emailNotReceived, .resetFailed, .accountReset, .ccpAccess, .other]

    func validate() throws {
        guard let c = Category(rawValue: category), Self.allowed.contains(c) else {
            throw ValidationError("unknown category `\(category)`; use one of \(Self.allowed.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let app = try options.app()
        let who = Decision.actor(by)
        do {
            let t = try app.store.reclassify(TicketID(ticket), as: Category(rawValue: category)!, by: who, why: reason)
            print("ticket #\(ticket): reclassified as \(t.category?.rawValue ?? category) by \(who). The running service plans it again (or run `helpdesk run --once`).")
        } catch let error as StoreError {
            throw ValidationError(error.description)
        }
    }
}

enum Decision {
    static func actor(_ by: String?) -> String {
        "cli:" + (by ?? ProcessInfo.processInfo.environment["USER"] ?? "admin")
    }

    static func record(options: ConfigOptions, ticket: Int64, decision: Store.ApprovalDecision, by: String?, reason: String?) throws {
        let app = try options.app()
        let who = actor(by)
        do {
            _ = try app.store.decide(ticket: TicketID(ticket), decision: decision, by: who, why: reason)
        } catch let error as StoreError {
            throw ValidationError(error.description)
        }
        print("ticket #\(ticket): \(decision == .approve ? "approved" : "rejected") by \(who). The running service carries it out (or run `helpdesk run --once`).")
    }
}
