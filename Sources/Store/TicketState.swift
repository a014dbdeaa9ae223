/// Where a ticket is in its life:
/// `received -> classified -> planned -> awaiting_approval -> executing -> replied -> closed`,
/// with `needs_human` and `quarantined` beside the main line. The raw values are what the database stores.
public enum TicketState: String, Sendable, Codable, CaseIterable {
    /// A message arrived and a ticket was opened for it.
    case received
    /// Triage gave it a category.
    case classified
    /// A playbook prepared what it would change and say; nothing was changed yet.
    case planned
    /// The plan holds an action that an admin must approve first.
    case awaitingApproval = "awaiting_approval"
    /// The plan's actions are being carried out (approved, or needing no approval).
    case executing
    /// The reply is in the outbox.
    case replied
    /// Nothing more to do.
    case closed
    /// The bot stopped; a person must handle it (the reason is on the ticket).
    case needsHuman = "needs_human"
    /// Processing failed unexpectedly; held with its reason until an admin retries or closes it.
    case quarantined

    /// Whether the ticket is finished.
    public var isTerminal: Bool { self == .closed }
}
