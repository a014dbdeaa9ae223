/// A help-desk ticket number: the N of the `[MOACTS #N]` subject tag.
public struct TicketNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The number.
    public let value: Int

    /// Creates a ticket number.
    public init(_ value: Int) { self.value = value }

    /// The subject tag, `[MOACTS #N]`.
    public var tag: String { "[MOACTS #\(value)]" }

    /// The number as written in text, e.g. "12".
    public var description: String { String(value) }

    public static func < (a: TicketNumber, b: TicketNumber) -> Bool { a.value < b.value }
}
