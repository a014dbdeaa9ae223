/// A message's unique identifier within one mailbox and one UIDVALIDITY: `uniqueid = nz-number`
/// (RFC 9051 §2.3.1.1, RFC 3501 §2.3.1.1). Never 0.
public struct UID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The number the server gave.
    public var rawValue: UInt32

    /// A UID from its number.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// A UID from its number.
    public init(_ value: UInt32) { rawValue = value }

    public static func < (lhs: UID, rhs: UID) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { String(rawValue) }
}

/// A mailbox's UIDVALIDITY (RFC 9051 §2.3.1.1, RFC 3501 §2.3.1.1): UIDs are only comparable while it stays the same.
public struct UIDValidity: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The number the server gave.
    public var rawValue: UInt32

    /// A UIDVALIDITY from its number.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// A UIDVALIDITY from its number.
    public init(_ value: UInt32) { rawValue = value }

    public static func < (lhs: UIDValidity, rhs: UIDValidity) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { String(rawValue) }
}

/// A set of UIDs (or, in an ESEARCH response without `UID`, of message sequence numbers) as sorted, disjoint,
/// coalesced ranges: the `sequence-set` of RFC 9051 §9 / RFC 3501 §9 without `*`, written `1:4,7,9:12`.
public struct UIDSet: Hashable, Sendable, CustomStringConvertible {
    /// Sorted, disjoint, non-adjacent ranges.
    public private(set) var ranges: [ClosedRange<UInt32>]

    /// The set of these UIDs (any order, duplicates allowed).
    public init(_ uids: some Sequence<UID>) {
        self.init(numbers: uids.map(\.rawValue))
    }

    /// The set of these numbers (any order, duplicates allowed).
    public init(numbers: some Sequence<UInt32>) {
        var out: [ClosedRange<UInt32>] = []
        for n in numbers.sorted() {
            if let last = out.last, n <= last.upperBound { continue }
            if let last = out.last, last.upperBound < UInt32.max, n == last.upperBound + 1 {
                out[out.count - 1] = last.lowerBound...n
            } else {
                out.append(n...n)
            }
        }
        ranges = out
    }

    /// The set covering these ranges (any order, overlaps allowed).
    public init(ranges given: [ClosedRange<UInt32>]) {
        var out: [ClosedRange<UInt32>] = []
        for r in given.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = out.last,
               r.lowerBound <= last.upperBound || (last.upperBound < UInt32.max && r.lowerBound == last.upperBound + 1) {
                out[out.count - 1] = last.lowerBound...max(last.upperBound, r.upperBound)
            } else {
                out.append(r)
            }
        }
        ranges = out
    }

    /// Whether the set is empty.
    public var isEmpty: Bool { ranges.isEmpty }

    /// How many numbers the set holds.
    public var count: Int { ranges.reduce(0) { $0 + Int($1.upperBound - $1.lowerBound) + 1 } }

    /// Every UID in the set, ascending.
    public var uids: [UID] { ranges.flatMap { $0.map(UID.init(rawValue:)) } }

    /// Whether the set holds `uid`.
    public func contains(_ uid: UID) -> Bool {
        ranges.contains { $0.contains(uid.rawValue) }
    }

    /// `1:4,7,9:12`.
    public var description: String {
        ranges.map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound):\($0.upperBound)" }
            .joined(separator: ",")
    }

    /// Parses a `sequence-set` (RFC 9051 §9) of non-zero numbers; `*` and 0 are refused (nil). Ranges may be
    /// written high to low (`5:3`).
    ///
    ///     sequence-set = (seq-number / seq-range) ["," sequence-set]
    ///     seq-range    = seq-number ":" seq-number
    public init?(parsing text: some StringProtocol) {
        var out: [ClosedRange<UInt32>] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let ends = item.split(separator: ":", omittingEmptySubsequences: false)
            guard ends.count == 1 || ends.count == 2 else { return nil }
            var numbers: [UInt32] = []
            for end in ends {
                guard !end.isEmpty, end.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let n = UInt32(end), n > 0
                else { return nil }
                numbers.append(n)
            }
            out.append(numbers.min()!...numbers.max()!)
        }
        self.init(ranges: out)
    }
}

/// A command tag (RFC 9051 §2.2.1): `tag = 1*<any ASTRING-CHAR except "+">`.
public struct IMAPTag: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The tag's text.
    public var rawValue: String

    /// A tag from its text (not checked: tags we make come from `IMAPTagGenerator`).
    public init(rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }
}

/// Hands out the tags of one session: `H1`, `H2`, ... (RFC 9051 §2.2.1: a new tag for every command).
public struct IMAPTagGenerator: Sendable {
    private var counter: UInt64 = 0

    /// A generator starting at `H1`.
    public init() {}

    /// The next tag.
    public mutating func next() -> IMAPTag {
        counter += 1
        return IMAPTag(rawValue: "H\(counter)")
    }
}
