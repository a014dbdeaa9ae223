/// A ticket event that is not allowed in the ticket's current state.
public struct IllegalTransition: Error, Sendable, Equatable, CustomStringConvertible {
    /// The state the ticket was in.
    public var state: TicketState
    /// The event that was refused.
    public var event: TicketEvent.Kind
    /// Names the illegal transition.
    public init(state: TicketState, event: TicketEvent.Kind) {
        self.state = state
        self.event = event
    }
    /// `cannot approve a ticket that is received`.
    public var description: String { "cannot \(event.rawValue) a ticket that is \(state.rawValue)" }
}

/// The ticket state machine, as a value. It decides; the store performs the effects and records the event.
public struct TicketLifecycle: Sendable, Equatable {
    /// The current state.
    public private(set) var state: TicketState

    /// A machine in `state` (a new ticket starts `received`).
    public init(state: TicketState = .received) { self.state = state }

    /// Applies `event`: moves to the next state and returns it, or throws without changing anything.
    @discardableResult
    public mutating func apply(_ event: TicketEvent) throws(IllegalTransition) -> TicketState {
        state = try Self.next(from: state, on: event.kind)
        return state
    }

    /// The state `event` leads to from `state`, or the illegal transition.
    public static func next(from state: TicketState, on event: TicketEvent.Kind) throws(IllegalTransition) -> TicketState {
        switch (state, event) {
        case (.received, .classify): return .classified
        case (.classified, .plan): return .planned
        case (.planned, .requireApproval): return .awaitingApproval
        case (.awaitingApproval, .approve): return .executing
        case (.awaitingApproval, .reject): return .planned
        case (.awaitingApproval, .expire): return .needsHuman
        case (.planned, .startExecuting): return .executing
        case (.executing, .executed): return .executing
        case (.planned, .reply), (.executing, .reply): return .replied
        case (.received, .close), (.classified, .close), (.replied, .close), (.needsHuman, .close), (.quarantined, .close):
            return .closed
        case (.received, .handToHuman), (.classified, .handToHuman), (.planned, .handToHuman),
             (.awaitingApproval, .handToHuman), (.executing, .handToHuman), (.replied, .handToHuman),
             (.quarantined, .handToHuman):
            return .needsHuman
        case (.received, .quarantine), (.classified, .quarantine), (.planned, .quarantine),
             (.awaitingApproval, .quarantine), (.executing, .quarantine):
            return .quarantined
        case (.quarantined, .retry), (.needsHuman, .retry): return .received
        case (.needsHuman, .reclassify), (.quarantined, .reclassify): return .classified
        default: throw IllegalTransition(state: state, event: event)
        }
    }
}
