import Foundation
public import Directory
public import Store

/// One field of a directory user before and after a planned change.
public struct FieldChange: Sendable, Equatable, Codable {
    /// The field, in Connect's words (`Email`, `RoutingProfileId`).
    public var field: String
    /// Its value before the change ("" when the user does not exist yet).
    public var before: String
    /// Its value after the change.
    public var after: String

    /// A field's values.
    public init(field: String, before: String, after: String) {
        self.field = field
        self.before = before
        self.after = after
    }
}

/// One change a pending plan would make in the directory.
public struct ChangePreview: Sendable, Equatable, Codable {
    /// `create_user`, `set_email`, `reset_account`.
    public var kind: String
    /// The login it concerns.
    public var user: String
    /// In words ("set the email of Jane.Doe").
    public var description: String
    /// Every field of the user, before and after (changed ones first).
    public var fields: [FieldChange]
}

/// A pending approval as an admin needs to see it: the exact change, the request, who asked, the sender checks and
/// the classification's explanation.
public struct QueueItem: Sendable, Equatable, Codable {
    /// The ticket number (what `helpdesk approve N` takes).
    public var ticket: Int64
    /// The approval's number.
    public var approval: Int64
    /// When it was asked for and when it expires (ISO 8601).
    public var requestedAt: String
    /// When it expires.
    public var expiresAt: String
    /// Who asked.
    public var requester: String
    /// The request's subject.
    public var subject: String
    /// The ticket's category.
    public var category: String
    /// What the plan does, in one line.
    public var summary: String
    /// Why it needs approval.
    public var approvalReason: String
    /// The changes, with each user before and after.
    public var changes: [ChangePreview]
    /// The sender checks' verdict on the request.
    public var senderChecks: String
    /// Whether the sender checks passed.
    public var senderChecksPassed: Bool
    /// The classification's explanation (its reason line).
    public var explanation: String
    /// The rules that hit: `rule (category, +weight, field: "matched")`.
    public var rules: [String]
}

/// The approval queue, read from the store: what `helpdesk queue` and the admin page show.
public struct ApprovalQueue: Sendable {
    let store: HelpdeskStore
    /// Profile and group names by id, so before and after read "Case Investigator" rather than a UUID.
    let names: [String: String]

    /// A queue over `store`; `names` maps the directory's profile and group ids to their names.
    public init(store: HelpdeskStore, names: [String: String] = [:]) {
        self.store = store
        self.names = names
    }

    /// The names of `directory`'s routing and security profiles and hierarchy groups, by id.
    public static func names(in directory: any ProfileListing) async throws -> [String: String] {
        var out: [String: String] = [:]
        for p in try await directory.routingProfiles() + directory.securityProfiles() + directory.hierarchyGroups() {
            out[p.id] = p.name
        }
        return out
    }

    /// Every pending approval, oldest first.
    public func pending() throws -> [QueueItem] {
        try store.pendingApprovals().map(item)
    }

    /// The queue item of one approval.
    public func item(_ approval: Approval) throws -> QueueItem {
        let detail = try store.detail(approval.ticket)
        let iso = ISO8601DateFormatter()
        let explanation = detail.events.last { $0.what == "classify" }.flatMap { $0.data }.flatMap {
            try? JSONDecoder().decode(StoredExplanation.self, from: Data($0.utf8))
        }
        let plan = detail.events.last { $0.what == TicketEvent.Kind.plan.rawValue }
        let planData = plan?.data.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) }
        let actions = HelpdeskEngine.current(detail.actions).filter { $0.kind != "notices" && $0.state == .planned }
        var changes: [ChangePreview] = []
        for a in actions {
            guard let details = a.details, let step = try? JSONDecoder().decode(PlannedStep.self, from: Data(details.utf8)) else { continue }
            let before = try store.snapshot(forAction: a.id).flatMap { try? JSONDecoder().decode(DirectoryUser.self, from: Data($0.json.utf8)) }
            changes.append(ChangePreview(kind: step.kind, user: step.target, description: HelpdeskEngine.describeSteps([a]),
                                         fields: Self.fields(step, before: before).map(named)))
        }
        let checks = explanation?.senderChecks
        return QueueItem(
            ticket: approval.ticket.rawValue, approval: approval.id.rawValue, requestedAt: iso.string(from: approval.requestedAt),
            expiresAt: iso.string(from: approval.expiresAt), requester: detail.ticket.requester, subject: detail.ticket.subject,
            category: detail.ticket.category?.rawValue ?? "-", summary: plan?.why ?? "",
            approvalReason: planData?["approval"] ?? "", changes: changes,
            senderChecks: checks?.summary ?? "not recorded", senderChecksPassed: checks?.passed ?? false,
            explanation: explanation?.reason ?? "",
            rules: explanation?.hits.map { "\($0.rule) (\($0.category), \($0.weight >= 0 ? "+" : "")\(Self.number($0.weight)), \($0.field): \"\($0.matched)\")" } ?? [])
    }

    /// Ids of profiles and groups shown by name ("Agent, L1 Support").
    func named(_ f: FieldChange) -> FieldChange {
        let renamed = ["RoutingProfileId": "RoutingProfile", "SecurityProfileIds": "SecurityProfiles", "HierarchyGroupId": "HierarchyGroup"]
        guard let field = renamed[f.field] else { return f }
        func name(_ v: String) -> String {
            v.split(separator: ",").map { id in
                let key = id.trimmingCharacters(in: .whitespaces)
                return names[key] ?? key
            }.joined(separator: ", ")
        }
        return FieldChange(field: field, before: name(f.before), after: name(f.after))
    }

    static func number(_ d: Double) -> String { d == d.rounded() ? String(Int(d)) : String(d) }

    /// The user before and after a step, field by field, changed fields first.
    static func fields(_ step: PlannedStep, before: DirectoryUser?) -> [FieldChange] {
        var rows: [FieldChange] = []
        switch step {
        case .createUser(let spec):
            rows = [("Username", spec.login), ("FirstName", spec.first), ("LastName", spec.last), ("Email", spec.email),
                    ("RoutingProfile", spec.routingProfile), ("SecurityProfile", spec.securityProfile),
                    ("Password", "new, random (never stored or sent)")].map { FieldChange(field: $0.0, before: "", after: $0.1) }
        case .setEmail(_, _, let email):
            guard let before else { return [FieldChange(field: "Email", before: "?", after: email)] }
            var after = before
            after.identityInfo.email = email
            rows = zip(UserChanges.fields(before), UserChanges.fields(after)).map { FieldChange(field: $0.0, before: $0.1, after: $1.1) }
        case .resetAccount:
            guard let before else { return [FieldChange(field: "Account", before: "?", after: "deleted and re-created")] }
            rows = UserChanges.fields(before).map { f in
                FieldChange(field: f.0, before: f.1, after: f.0 == "Id" ? "new (deleted and re-created)" : f.1)
            }
            rows.append(FieldChange(field: "Password", before: "(unchanged)", after: "new, random (never stored or sent)"))
        }
        return rows.filter { $0.before != $0.after } + rows.filter { $0.before == $0.after }
    }
}

/// The part of the stored classification explanation the queue shows.
struct StoredExplanation: Decodable {
    struct Hit: Decodable {
        var category: String
        var rule: String
        var weight: Double
        var field: String
        var matched: String
    }
    var reason: String
    var hits: [Hit]
    var senderChecks: StoredChecks?
}

/// The sender checks as stored with the classification.
struct StoredChecks: Decodable {
    var passed: Bool
    var summary: String
}
