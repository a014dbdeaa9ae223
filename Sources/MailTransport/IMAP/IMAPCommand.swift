/// A flag or keyword on a message (RFC 9051 §2.3.2, RFC 3501 §2.3.2): a system flag (`\Seen`) or a keyword atom
/// (`$MOACTSProcessed`).
///
///     flag         = "\Answered" / "\Flagged" / "\Deleted" / "\Seen" / "\Draft" / flag-keyword / flag-extension
///     flag-keyword = "$MDNSent" / "$Forwarded" / ... / atom
///     flag-extension = "\" atom
public struct IMAPFlag: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The flag as written on the wire, e.g. `\Seen`.
    public let rawValue: String

    /// A flag, or nil when `rawValue` is not an atom (optionally after one backslash).
    public init?(rawValue: String) {
        let body = rawValue.hasPrefix("\\") ? rawValue.dropFirst() : Substring(rawValue)
        guard !body.isEmpty, body.utf8.allSatisfy(IMAPGrammar.isAtomChar) else { return nil }
        self.rawValue = rawValue
    }

    private init(system: String) { rawValue = system }

    /// `\Seen` (RFC 9051 §2.3.2).
    public static let seen = IMAPFlag(system: "\\Seen")
    /// `\Deleted`: removed by the next EXPUNGE (RFC 9051 §2.3.2).
    public static let deleted = IMAPFlag(system: "\\Deleted")
    /// `\Flagged` (RFC 9051 §2.3.2).
    public static let flagged = IMAPFlag(system: "\\Flagged")
    /// `\Answered` (RFC 9051 §2.3.2).
    public static let answered = IMAPFlag(system: "\\Answered")

    public var description: String { rawValue }
}

/// A search key (RFC 9051 §6.4.4, RFC 3501 §6.4.4): the part of SEARCH we use.
public enum IMAPSearchKey: Sendable, Equatable {
    /// `ALL`: every message in the mailbox.
    case all
    /// `UID sequence-set`.
    case uid(UIDSet)
    /// `HEADER field-name string`: messages whose header `field` contains `value` (substring, case-insensitive).
    case header(field: String, value: String)
    /// `UNDELETED`: messages without `\Deleted`.
    case undeleted
    /// Every key at once (keys separated by SP mean AND).
    case and([IMAPSearchKey])
}

/// What an ESEARCH asks the server to return (RFC 4731 §3.1, RFC 9051 §6.4.4.1).
public enum IMAPSearchReturnOption: String, Sendable, Equatable {
    /// `MIN`: the lowest match.
    case min = "MIN"
    /// `MAX`: the highest match.
    case max = "MAX"
    /// `ALL`: every match, as a compact sequence set.
    case all = "ALL"
    /// `COUNT`: how many matched.
    case count = "COUNT"
}

/// A data item for FETCH (RFC 9051 §6.4.5, RFC 3501 §6.4.5).
public enum IMAPFetchItem: Sendable, Equatable {
    /// `UID`.
    case uid
    /// `FLAGS`.
    case flags
    /// `RFC822.SIZE`.
    case rfc822Size
    /// `BODY.PEEK[section]`: the section's bytes without setting `\Seen`; section "" is the whole message.
    case bodyPeek(section: String)
}

/// How UID STORE changes flags (RFC 9051 §6.4.6, RFC 3501 §6.4.6).
public enum IMAPStoreOperation: String, Sendable, Equatable {
    /// `+FLAGS`: add.
    case add = "+FLAGS"
    /// `-FLAGS`: remove.
    case remove = "-FLAGS"
    /// `FLAGS`: replace.
    case replace = "FLAGS"
}

/// The commands this client sends. Mailbox names are given as Unicode and sent in modified UTF-7
/// (RFC 3501 §5.1.3; RFC 9051 §5.1.3 without UTF8=ACCEPT).
public enum IMAPCommand: Sendable, Equatable {
    /// `CAPABILITY` (RFC 9051 §6.1.1, RFC 3501 §6.1.1).
    case capability
    /// `NOOP` (RFC 9051 §6.1.2, RFC 3501 §6.1.2): also lets the server report new mail.
    case noop
    /// `LOGOUT` (RFC 9051 §6.1.3, RFC 3501 §6.1.3).
    case logout
    /// `SELECT mailbox` (RFC 9051 §6.3.2, RFC 3501 §6.3.1).
    case select(String)
    /// `EXAMINE mailbox`: read-only SELECT (RFC 9051 §6.3.3, RFC 3501 §6.3.2).
    case examine(String)
    /// `CREATE mailbox` (RFC 9051 §6.3.4, RFC 3501 §6.3.3).
    case create(String)
    /// `UID SEARCH [RETURN (...)] [CHARSET UTF-8] key` (RFC 9051 §6.4.4 and §6.4.9, RFC 3501 §6.4.4 and §6.4.8).
    /// `returning: nil` is the classic SEARCH (answered by `* SEARCH`); a list, even empty, asks for ESEARCH
    /// (RFC 4731 §3.1; answered by `* ESEARCH`).
    case uidSearch(IMAPSearchKey, returning: [IMAPSearchReturnOption]?)
    /// `UID FETCH set (items)` (RFC 9051 §6.4.5 and §6.4.9).
    case uidFetch(UIDSet, [IMAPFetchItem])
    /// `UID STORE set +FLAGS[.SILENT] (flags)` (RFC 9051 §6.4.6 and §6.4.9).
    case uidStore(UIDSet, IMAPStoreOperation, silent: Bool, flags: [IMAPFlag])
    /// `UID COPY set mailbox` (RFC 9051 §6.4.7 and §6.4.9).
    case uidCopy(UIDSet, to: String)
    /// `UID MOVE set mailbox` (RFC 6851 §3.1 and §3.2, RFC 9051 §6.4.8).
    case uidMove(UIDSet, to: String)
    /// `UID EXPUNGE set`: expunges only these UIDs, never what others marked `\Deleted`
    /// (RFC 4315 §2.1, RFC 9051 §6.4.9).
    case uidExpunge(UIDSet)
    /// `IDLE` (RFC 2177 §3, RFC 9051 §6.3.13): ended by sending `DONE` (see `IMAPCommandEncoder.idleDone`).
    case idle
}
