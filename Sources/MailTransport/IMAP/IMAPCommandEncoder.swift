/// A command as bytes, split where a synchronising literal needs the server's continuation request ("+") before the
/// rest may be sent (RFC 9051 §4.3 and §7.5, RFC 3501 §4.3 and §7.5).
public struct IMAPEncodedCommand: Sendable, Equatable {
    /// The command's tag; its completion is the tagged response with this tag.
    public var tag: IMAPTag
    /// The bytes to send: after every part but the last, wait for a `+` continuation. The last ends in CRLF.
    public var parts: [[UInt8]]

    /// All parts joined: the bytes as the server reads them.
    public var bytes: [UInt8] { parts.flatMap { $0 } }
}

/// Why a command could not be encoded.
public struct IMAPEncodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What could not be written.
    public let message: String

    public var description: String { message }
}

/// Writes `IMAPCommand`s as the bytes of RFC 9051 §9 / RFC 3501 §9 (command grammar), with correct quoting:
/// an atom where the grammar allows one and it is safe, a quoted string for other 7-bit text, a literal for
/// anything with CR, LF, NUL or 8-bit bytes.
public struct IMAPCommandEncoder: Sendable {
    /// Whether the server announced `LITERAL+` (RFC 7888 §4): literals are then sent as `{n+}` without waiting.
    public var nonSynchronizingLiterals: Bool

    /// An encoder; `nonSynchronizingLiterals` only when the server's CAPABILITY has `LITERAL+`.
    public init(nonSynchronizingLiterals: Bool = false) {
        self.nonSynchronizingLiterals = nonSynchronizingLiterals
    }

    /// `DONE CRLF`, which ends IDLE (RFC 2177 §3; RFC 9051 §6.3.13): not a tagged command.
    public static let idleDone: [UInt8] = Array("DONE\r\n".utf8)

    /// The bytes of `command` under `tag`.
    public func encode(_ command: IMAPCommand, tag: IMAPTag) throws(IMAPEncodingError) -> IMAPEncodedCommand {
        var writer = Writer(nonSynchronizing: nonSynchronizingLiterals)
        writer.raw(tag.rawValue)
        writer.raw(" ")
        switch command {
        case .capability: writer.raw("CAPABILITY")
        case .noop: writer.raw("NOOP")
        case .logout: writer.raw("LOGOUT")
        case .idle: writer.raw("IDLE")
        case .select(let name):
            writer.raw("SELECT ")
            writer.mailbox(name)
        case .examine(let name):
            writer.raw("EXAMINE ")
            writer.mailbox(name)
        case .create(let name):
            writer.raw("CREATE ")
            writer.mailbox(name)
        case .uidSearch(let key, let returning):
            writer.raw("UID SEARCH")
            if let returning {
                // search-return-opts = SP "RETURN" SP "(" [search-return-opt *(SP search-return-opt)] ")"
                writer.raw(" RETURN (" + returning.map(\.rawValue).joined(separator: " ") + ")")
            }
            if key.needsCharset {
                // search-program = ["CHARSET" SP charset SP] search-key *(SP search-key)
                writer.raw(" CHARSET UTF-8")
            }
            writer.raw(" ")
            try writer.searchKey(key)
        case .uidFetch(let set, let items):
            try Self.requireNonEmpty(set)
            guard !items.isEmpty else { throw IMAPEncodingError(message: "A FETCH needs at least one data item.") }
            writer.raw("UID FETCH \(set) (")
            for (i, item) in items.enumerated() {
                if i > 0 { writer.raw(" ") }
                try writer.fetchItem(item)
            }
            writer.raw(")")
        case .uidStore(let set, let operation, let silent, let flags):
            try Self.requireNonEmpty(set)
            writer.raw("UID STORE \(set) \(operation.rawValue)\(silent ? ".SILENT" : "") (")
            writer.raw(flags.map(\.rawValue).joined(separator: " "))
            writer.raw(")")
        case .uidCopy(let set, let name):
            try Self.requireNonEmpty(set)
            writer.raw("UID COPY \(set) ")
            writer.mailbox(name)
        case .uidMove(let set, let name):
            try Self.requireNonEmpty(set)
            writer.raw("UID MOVE \(set) ")
            writer.mailbox(name)
        case .uidExpunge(let set):
            try Self.requireNonEmpty(set)
            writer.raw("UID EXPUNGE \(set)")
        }
        writer.raw("\r\n")
        return IMAPEncodedCommand(tag: tag, parts: writer.finish())
    }

    private static func requireNonEmpty(_ set: UIDSet) throws(IMAPEncodingError) {
        if set.isEmpty { throw IMAPEncodingError(message: "A UID command needs at least one UID.") }
    }

    /// Encodes a mailbox name in modified UTF-7 (RFC 3501 §5.1.3): printable ASCII but `&` stands for itself,
    /// `&` is `&-`, and other characters are UTF-16 in modified base64 (`,` for `/`) between `&` and `-`.
    public static func modifiedUTF7(_ name: String) -> String {
        var out = ""
        var pending: [UInt16] = []
        func flush() {
            guard !pending.isEmpty else { return }
            var bytes: [UInt8] = []
            for unit in pending { bytes.append(UInt8(unit >> 8)); bytes.append(UInt8(unit & 0xFF)) }
            let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,")
            var encoded = ""
            var i = 0
            while i < bytes.count {
                let b0 = bytes[i], b1 = i + 1 < bytes.count ? bytes[i + 1] : 0, b2 = i + 2 < bytes.count ? bytes[i + 2] : 0
                let n = (UInt32(b0) << 16) | (UInt32(b1) << 8) | UInt32(b2)
                let chars = i + 2 < bytes.count ? 4 : (i + 1 < bytes.count ? 3 : 2)
                for k in 0..<chars { encoded.append(alphabet[Int((n >> (18 - 6 * k)) & 0x3F)]) }
                i += 3
            }
            out += "&" + encoded + "-"
            pending = []
        }
        for scalar in name.unicodeScalars {
            if scalar.value >= 0x20 && scalar.value <= 0x7E {
                flush()
                out += scalar == "&" ? "&-" : String(scalar)
            } else {
                pending.append(contentsOf: Array(String(scalar).utf16))
            }
        }
        flush()
        return out
    }

    /// Builds the parts: text, with a split after each synchronising literal's `{n}CRLF`.
    private struct Writer {
        let nonSynchronizing: Bool
        var parts: [[UInt8]] = []
        var current: [UInt8] = []

        mutating func raw(_ text: String) { current.append(contentsOf: text.utf8) }

        mutating func finish() -> [[UInt8]] {
            parts.append(current)
            return parts
        }

        /// astring = 1*ASTRING-CHAR / string (RFC 9051 §9)
        mutating func astring(_ bytes: [UInt8]) {
            if !bytes.isEmpty, bytes.allSatisfy(IMAPGrammar.isAStringChar) {
                current.append(contentsOf: bytes)
            } else {
                string(bytes)
            }
        }

        /// string = quoted / literal;  quoted = DQUOTE *QUOTED-CHAR DQUOTE;  literal = "{" number64 ["+"] "}" CRLF *CHAR8
        mutating func string(_ bytes: [UInt8]) {
            if bytes.allSatisfy({ $0 >= 0x01 && $0 <= 0x7F && $0 != 0x0D && $0 != 0x0A }) {
                current.append(0x22)
                for b in bytes {
                    if b == 0x22 || b == 0x5C { current.append(0x5C) }
                    current.append(b)
                }
                current.append(0x22)
            } else {
                current.append(contentsOf: "{\(bytes.count)\(nonSynchronizing ? "+" : "")}\r\n".utf8)
                if !nonSynchronizing {
                    parts.append(current)
                    current = []
                }
                current.append(contentsOf: bytes)
            }
        }

        /// mailbox = "INBOX" / astring  (the name in modified UTF-7, RFC 3501 §5.1.3)
        mutating func mailbox(_ name: String) {
            if name.uppercased() == "INBOX" {
                raw("INBOX")
            } else {
                astring(Array(IMAPCommandEncoder.modifiedUTF7(name).utf8))
            }
        }

        mutating func searchKey(_ key: IMAPSearchKey) throws(IMAPEncodingError) {
            switch key {
            case .all: raw("ALL")
            case .undeleted: raw("UNDELETED")
            case .uid(let set):
                guard !set.isEmpty else { throw IMAPEncodingError(message: "A UID search key needs at least one UID.") }
                raw("UID \(set)")
            case .header(let field, let value):
                let name = Array(field.utf8)
                guard !name.isEmpty, name.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != 0x3A }) else {
                    throw IMAPEncodingError(message: "\"\(field)\" is not a header field name.")
                }
                raw("HEADER ")
                astring(name)
                raw(" ")
                string(Array(value.utf8))
            case .and(let keys):
                guard !keys.isEmpty else { throw IMAPEncodingError(message: "An AND of no search keys.") }
                for (i, k) in keys.enumerated() {
                    if i > 0 { raw(" ") }
                    try searchKey(k)
                }
            }
        }

        mutating func fetchItem(_ item: IMAPFetchItem) throws(IMAPEncodingError) {
            switch item {
            case .uid: raw("UID")
            case .flags: raw("FLAGS")
            case .rfc822Size: raw("RFC822.SIZE")
            case .bodyPeek(let section):
                guard section.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != 0x5D }) else {
                    throw IMAPEncodingError(message: "\"\(section)\" is not a body section.")
                }
                raw("BODY.PEEK[\(section)]")
            }
        }
    }
}

extension IMAPSearchKey {
    /// Whether a string in the key has bytes outside US-ASCII, so the search needs `CHARSET UTF-8`.
    var needsCharset: Bool {
        switch self {
        case .all, .undeleted, .uid: false
        case .header(_, let value): value.utf8.contains { $0 >= 0x80 }
        case .and(let keys): keys.contains(where: \.needsCharset)
        }
    }
}
