/// A fault the sandbox puts in the way of requests, for tests and rehearsals: what Connect does on a bad day.
public struct SandboxFault: Sendable, Hashable, CustomStringConvertible {
    /// What happens to a request the fault hits.
    public enum Kind: Sendable, Hashable {
        /// `429 ThrottlingException` ("Rate exceeded"); nothing is carried out.
        case throttle
        /// A server fault with this status (500 `InternalServiceException`, 503 `ServiceUnavailableException`, any
        /// other 5xx the same as 500); nothing is carried out.
        case serverError(Int)
        /// The request is carried out, then the answer waits this many seconds. A client whose timeout is shorter
        /// never sees it (in-process: the transport throws `timedOut` at once, as the client would).
        case slow(seconds: Double)
    }

    /// How often a fault fires on the requests it matches.
    public enum Frequency: Sendable, Hashable {
        /// The next `n` matching requests.
        case next(Int)
        /// Every `n`th matching request (the `n`th, `2n`th, ...).
        case every(Int)
    }

    /// What happens.
    public var kind: Kind
    /// The Connect operation it hits (`CreateUser`, `DeleteUser`, ...); nil for every operation.
    public var operation: String?
    /// How often.
    public var frequency: Frequency

    /// A fault.
    public init(_ kind: Kind, operation: String? = nil, _ frequency: Frequency = .next(1)) {
        self.kind = kind
        self.operation = operation
        self.frequency = frequency
    }

    /// The `--fault` syntax: `KIND[:OPERATION[:COUNT]]`.
    public var description: String {
        let k: String = switch kind {
        case .throttle: "throttle"
        case .serverError(let s): "\(s)"
        case .slow(let s): "slow=\(s)"
        }
        let f: String = switch frequency {
        case .next(let n): "\(n)"
        case .every(let n): "every\(n)"
        }
        return "\(k):\(operation ?? "any"):\(f)"
    }

    /// Parses `KIND[:OPERATION[:COUNT]]`: KIND is `throttle`, a 5xx status (`500`, `503`) or `slow=SECONDS`;
    /// OPERATION a Connect operation name or `any` (the default); COUNT `N` (the next N matching requests, default
    /// 1) or `everyN` (every Nth). Throws a message saying what is wrong and how to write it.
    public init(parsing text: String) throws(SandboxFaultSyntaxError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard (1...3).contains(parts.count) else { throw SandboxFaultSyntaxError(text, "too many `:`") }
        switch parts[0].lowercased() {
        case "throttle":
            kind = .throttle
        case let s where s.hasPrefix("slow="):
            guard let seconds = Double(s.dropFirst(5)), seconds >= 0, seconds <= 3600 else {
                throw SandboxFaultSyntaxError(text, "slow= needs seconds between 0 and 3600, e.g. slow=5")
            }
            kind = .slow(seconds: seconds)
        case let s:
            guard let status = Int(s), (500...599).contains(status) else {
                throw SandboxFaultSyntaxError(text, "the kind must be throttle, a 5xx status such as 500 or 503, "
                    + "or slow=SECONDS")
            }
            kind = .serverError(status)
        }
        let op = parts.count > 1 ? parts[1] : "any"
        guard op == "any" || SandboxRoute.operations.contains(op) else {
            throw SandboxFaultSyntaxError(text, "`\(op)` is not an operation the sandbox serves; use any or one of "
                + SandboxRoute.operations.sorted().joined(separator: ", "))
        }
        operation = op == "any" ? nil : op
        let count = parts.count > 2 ? parts[2].lowercased() : "1"
        if count.hasPrefix("every"), let n = Int(count.dropFirst(5)), n >= 1 {
            frequency = .every(n)
        } else if let n = Int(count), n >= 1 {
            frequency = .next(n)
        } else {
            throw SandboxFaultSyntaxError(text, "the count must be a number of requests (3) or everyN (every3)")
        }
    }
}

/// A `--fault` that cannot be read: the text, what is wrong and the syntax.
public struct SandboxFaultSyntaxError: Error, Sendable, CustomStringConvertible {
    /// What is wrong and how to write it.
    public let description: String

    init(_ text: String, _ problem: String) {
        description = "--fault \(text): \(problem). Write KIND[:OPERATION[:COUNT]], e.g. throttle:CreateUser:2, "
            + "503:any:every4, slow=40:DeleteUser."
    }
}
