import Foundation

/// The faults a sandbox is running with, changeable while it serves (tests add and clear them between steps), and a
/// record of each one that fired.
public final class SandboxFaults: @unchecked Sendable {
    /// A fault that hit a request.
    public struct Firing: Sendable, Hashable {
        /// The operation it hit.
        public var operation: String
        /// What it did.
        public var kind: SandboxFault.Kind

        /// A record of a fault that fired.
        public init(operation: String, kind: SandboxFault.Kind) {
            self.operation = operation
            self.kind = kind
        }
    }

    private struct Armed {
        var fault: SandboxFault
        var seen = 0
        var fired = 0
    }

    private let lock = NSLock()
    private var armed: [Armed] = []
    private var firings: [Firing] = []

    /// Faults to start with.
    public init(_ faults: [SandboxFault] = []) {
        armed = faults.map { Armed(fault: $0) }
    }

    /// Adds a fault; faults are tried in the order added and the first that fires wins.
    public func inject(_ fault: SandboxFault) {
        lock.withLock { armed.append(Armed(fault: fault)) }
    }

    /// Removes every fault (what already fired stays recorded).
    public func clear() {
        lock.withLock { armed.removeAll() }
    }

    /// Every fault that fired, in order.
    public var fired: [Firing] { lock.withLock { firings } }

    /// The fault, if any, that hits this request of `operation`; counts it.
    func next(for operation: String) -> SandboxFault.Kind? {
        lock.withLock {
            var hit: SandboxFault.Kind?
            for i in armed.indices where armed[i].fault.operation == nil || armed[i].fault.operation == operation {
                armed[i].seen += 1
                guard hit == nil else { continue }
                switch armed[i].fault.frequency {
                case .next(let n) where armed[i].fired < n:
                    hit = armed[i].fault.kind
                case .every(let n) where armed[i].seen % n == 0:
                    hit = armed[i].fault.kind
                default:
                    continue
                }
                armed[i].fired += 1
            }
            armed.removeAll { if case .next(let n) = $0.fault.frequency { $0.fired >= n } else { false } }
            if let hit { firings.append(Firing(operation: operation, kind: hit)) }
            return hit
        }
    }
}
