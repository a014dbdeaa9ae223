import Store
import Testing

/// The whole transition table, written out independently of the implementation.
private let legal: [TicketState: [TicketEvent.Kind: TicketState]] = [
    .received: [.classify: .classified, .close: .closed, .handToHuman: .needsHuman, .quarantine: .quarantined],
    .classified: [.plan: .planned, .close: .closed, .handToHuman: .needsHuman, .quarantine: .quarantined],
    .planned: [.requireApproval: .awaitingApproval, .startExecuting: .executing, .reply: .replied,
               .handToHuman: .needsHuman, .quarantine: .quarantined],
    .awaitingApproval: [.approve: .executing, .reject: .planned, .expire: .needsHuman,
                        .handToHuman: .needsHuman, .quarantine: .quarantined],
    .executing: [.executed: .executing, .reply: .replied, .handToHuman: .needsHuman, .quarantine: .quarantined],
    .replied: [.close: .closed, .handToHuman: .needsHuman],
    .closed: [:],
    .needsHuman: [.close: .closed, .retry: .received, .reclassify: .classified],
    .quarantined: [.close: .closed, .handToHuman: .needsHuman, .retry: .received, .reclassify: .classified],
]

private func sample(_ kind: TicketEvent.Kind) -> TicketEvent {
    switch kind {
    case .classify: .classify(.resetFailed)
    case .plan: .plan
    case .requireApproval: .requireApproval
    case .approve: .approve
    case .reject: .reject
    case .expire: .expire
    case .startExecuting: .startExecuting
    case .executed: .executed
    case .reply: .reply
    case .close: .close
    case .handToHuman: .handToHuman(reason: "unclear")
    case .quarantine: .quarantine(reason: "crashed")
    case .retry: .retry
    case .reclassify: .reclassify(.accountReset)
    }
}

@Suite("Ticket lifecycle")
struct TicketLifecycleTests {
    @Test("every state x every event", arguments: TicketState.allCases, TicketEvent.Kind.allCases)
    func transition(state: TicketState, kind: TicketEvent.Kind) throws {
        var machine = TicketLifecycle(state: state)
        let event = sample(kind)
        #expect(event.kind == kind)
        if let expected = legal[state]?[kind] {
            #expect(try machine.apply(event) == expected)
            #expect(machine.state == expected)
        } else {
            #expect(throws: IllegalTransition(state: state, event: kind)) {
                var copy = machine
                try copy.apply(event)
            }
            #expect(throws: IllegalTransition(state: state, event: kind)) { try TicketLifecycle.next(from: state, on: kind) }
            #expect(machine.state == state, "a refused event changes nothing")
        }
    }

    @Test("the table names every state")
    func tableIsComplete() {
        #expect(Set(legal.keys) == Set(TicketState.allCases))
    }

    @Test("the main line, with and without approval", arguments: [
        ([TicketEvent.classify(.accountReset), .plan, .requireApproval, .approve, .executed, .reply, .close], TicketState.closed),
        ([.classify(.emailNotReceived), .plan, .reply, .close], .closed),
        ([.classify(.newUser), .plan, .startExecuting, .executed, .reply], .replied),
        ([.classify(.other), .handToHuman(reason: "no rule"), .retry, .quarantine(reason: "x"), .retry], .received),
    ])
    func paths(events: [TicketEvent], end: TicketState) throws {
        var machine = TicketLifecycle()
        for e in events { try machine.apply(e) }
        #expect(machine.state == end)
    }

    @Test("an illegal transition names itself")
    func errorText() {
        #expect(IllegalTransition(state: .closed, event: .approve).description == "cannot approve a ticket that is closed")
    }

    @Test("closed is the only terminal state and nothing leaves it")
    func terminal() {
        for s in TicketState.allCases { #expect(s.isTerminal == (s == .closed)) }
        #expect(legal[.closed]!.isEmpty)
    }

    @Test("subject tags", arguments: [
        ("Re: Reset failed [MOACTS #1042]", Int64?.some(1042)),
        ("[moacts # 1000 ] approve", 1000),
        ("RE: [MOACTS #12x]", nil),
        ("MOACTS #1042", nil),
        ("no tag", nil),
    ])
    func subjectTag(subject: String, number: Int64?) {
        #expect(TicketID.fromSubjectTag(subject)?.rawValue == number)
        if let number { #expect(TicketID(number).subjectTag == "[MOACTS #\(number)]") }
    }
}
