public import GRDB

/// A ticket's number. Numbering starts at 1000 so subject tags read `[MOACTS #1042]`.
public struct TicketID: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The number, as stored.
    public var rawValue: Int64
    /// Wraps a stored number.
    public init(rawValue: Int64) { self.rawValue = rawValue }
    /// Wraps a stored number.
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    /// `#1042`.
    public var description: String { "#\(rawValue)" }
    /// The subject tag that threads mail to this ticket: `[MOACTS #1042]`.
    public var subjectTag: String { "[MOACTS #\(rawValue)]" }
    public static func < (a: TicketID, b: TicketID) -> Bool { a.rawValue < b.rawValue }

    /// The ticket number of the first `[MOACTS #N]` tag in a subject line (case-insensitive, spaces allowed), if any.
    public static func fromSubjectTag(_ subject: String) -> TicketID? {
        let bytes = Array(subject.utf8)
        let tag = Array("[moacts".utf8)
        var i = 0
        while i + tag.count <= bytes.count {
            var matches = true
            for j in 0..<tag.count where asciiLower(bytes[i + j]) != tag[j] { matches = false; break }
            if matches {
                var k = i + tag.count
                while k < bytes.count, bytes[k] == UInt8(ascii: " ") { k += 1 }
                if k < bytes.count, bytes[k] == UInt8(ascii: "#") {
                    k += 1
                    while k < bytes.count, bytes[k] == UInt8(ascii: " ") { k += 1 }
                    var value: Int64 = 0
                    var digits = 0
                    while k < bytes.count, bytes[k] >= UInt8(ascii: "0"), bytes[k] <= UInt8(ascii: "9"), digits < 18 {
                        value = value * 10 + Int64(bytes[k] - UInt8(ascii: "0"))
                        digits += 1
                        k += 1
                    }
                    while k < bytes.count, bytes[k] == UInt8(ascii: " ") { k += 1 }
                    if digits > 0, k < bytes.count, bytes[k] == UInt8(ascii: "]") { return TicketID(value) }
                }
            }
            i += 1
        }
        return nil
    }

    private static func asciiLower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }
}

/// Where a fetched message lives on the server (RFC 3501 §2.3.1.1): mailbox, UIDVALIDITY and UID.
/// A message key seen before is never processed again.
public struct MessageKey: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The mailbox name, e.g. `INBOX`.
    public var mailbox: String
    /// The mailbox's UIDVALIDITY; when it changes every UID in the mailbox is new.
    public var uidValidity: UInt32
    /// The message's UID within that UIDVALIDITY.
    public var uid: UInt32
    /// A key.
    public init(mailbox: String, uidValidity: UInt32, uid: UInt32) {
        self.mailbox = mailbox
        self.uidValidity = uidValidity
        self.uid = uid
    }
    /// `INBOX;UIDVALIDITY=7;UID=42`.
    public var description: String { "\(mailbox);UIDVALIDITY=\(uidValidity);UID=\(uid)" }
}

/// The row number of a recorded message (what `quarantine retry N` names).
public struct MessageRecordID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The row number.
    public var rawValue: Int64
    /// Wraps a row number.
    public init(rawValue: Int64) { self.rawValue = rawValue }
    /// The number alone.
    public var description: String { "\(rawValue)" }
}

/// A planned (and later executed) action of a ticket.
public struct ActionID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The row number.
    public var rawValue: Int64
    /// Wraps a row number.
    public init(rawValue: Int64) { self.rawValue = rawValue }
    /// The number alone.
    public var description: String { "\(rawValue)" }
}

/// An approval request.
public struct ApprovalID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The row number.
    public var rawValue: Int64
    /// Wraps a row number.
    public init(rawValue: Int64) { self.rawValue = rawValue }
    /// The number alone.
    public var description: String { "\(rawValue)" }
}

/// A message in the outbox.
public struct OutboxID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The row number.
    public var rawValue: Int64
    /// Wraps a row number.
    public init(rawValue: Int64) { self.rawValue = rawValue }
    /// The number alone.
    public var description: String { "\(rawValue)" }
}

/// A saved copy of a directory user.
public struct SnapshotID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The row number.
    public var rawValue: Int64
    /// Wraps a row number.
    public init(rawValue: Int64) { self.rawValue = rawValue }
    /// The number alone.
    public var description: String { "\(rawValue)" }
}

extension TicketID: DatabaseValueConvertible {}
extension MessageRecordID: DatabaseValueConvertible {}
extension ActionID: DatabaseValueConvertible {}
extension ApprovalID: DatabaseValueConvertible {}
extension OutboxID: DatabaseValueConvertible {}
extension SnapshotID: DatabaseValueConvertible {}
