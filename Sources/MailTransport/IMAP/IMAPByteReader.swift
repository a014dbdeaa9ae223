/// A cursor over one framed response (its last two bytes are CRLF), with readers for the basic grammar rules of
/// RFC 9051 §9 / RFC 3501 §9. Every shortfall is `malformed`: the framer already saw the whole response.
struct IMAPByteReader {
    private let bytes: ArraySlice<UInt8>
    private(set) var index: Int
    /// Where the final CRLF starts.
    private let end: Int
    private let maxDepth: Int

    init(_ bytes: ArraySlice<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        index = bytes.startIndex
        end = bytes.endIndex - 2
        self.maxDepth = maxDepth
    }

    func malformed(_ what: String) -> IMAPParseError {
        IMAPParseError(.malformed, "Malformed IMAP response at byte \(index - bytes.startIndex): \(what).")
    }

    func peek(at offset: Int = 0) -> UInt8? {
        index + offset < end ? bytes[index + offset] : nil
    }

    var atLineEnd: Bool { index == end }

    mutating func advance(_ n: Int = 1) { index += n }

    mutating func expect(_ byte: UInt8) throws(IMAPParseError) {
        guard peek() == byte else {
            throw malformed("expected \"\(Character(Unicode.Scalar(byte)))\"")
        }
        index += 1
    }

    /// The response must end here.
    func expectEnd() throws(IMAPParseError) {
        guard index == end else { throw malformed("unexpected bytes before the end of the response") }
    }

    /// text = 1*TEXT-CHAR, up to the end (status and continuation responses are one line).
    mutating func restOfLine() throws(IMAPParseError) -> String {
        let text = bytes[index..<end]
        if text.contains(IMAPGrammar.cr) || text.contains(IMAPGrammar.lf) { throw malformed("a line break in text") }
        index = end
        return String(decoding: text, as: UTF8.self)
    }

    /// Everything left before the final CRLF, literals and all.
    mutating func remainingBeforeEnd() -> [UInt8] {
        let rest = Array(bytes[index..<end])
        index = end
        return rest
    }

    mutating func readWhile(_ what: String, _ accept: (UInt8) -> Bool) throws(IMAPParseError) -> String {
        let start = index
        while index < end, accept(bytes[index]) { index += 1 }
        guard index > start else { throw malformed("expected \(what)") }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// atom = 1*ATOM-CHAR
    mutating func readAtom() throws(IMAPParseError) -> String {
        try readWhile("an atom", IMAPGrammar.isAtomChar)
    }

    /// number = 1*DIGIT (32 bits)
    mutating func readNumber() throws(IMAPParseError) -> UInt32 {
        let value = try readNumber64()
        guard let small = UInt32(exactly: value) else { throw malformed("\(value) does not fit 32 bits") }
        return small
    }

    /// nz-number = digit-nz *DIGIT
    mutating func readNZNumber() throws(IMAPParseError) -> UInt32 {
        let value = try readNumber()
        guard value != 0 else { throw malformed("0 where a non-zero number belongs") }
        return value
    }

    /// number64 = 1*DIGIT (63 bits)
    mutating func readNumber64() throws(IMAPParseError) -> UInt64 {
        let start = index
        var value: UInt64 = 0
        while index < end, IMAPGrammar.isDigit(bytes[index]) {
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (plus, o2) = times.addingReportingOverflow(UInt64(bytes[index] - 0x30))
            guard !o1, !o2, plus <= UInt64(Int64.max) else { throw malformed("a number too large") }
            value = plus
            index += 1
        }
        guard index > start else { throw malformed("expected a number") }
        return value
    }

    /// sequence-set without "*" (uid-set of RFC 4315 §4)
    mutating func readUIDSet() throws(IMAPParseError) -> UIDSet {
        let text = try readWhile("a sequence set") { IMAPGrammar.isDigit($0) || $0 == 0x3A || $0 == 0x2C }
        guard let set = UIDSet(parsing: text) else { throw malformed("\"\(text)\" is not a sequence set") }
        return set
    }

    /// flag-list = "(" [flag *(SP flag)] ")";  flag = "\" atom / atom;  flag-perm = flag / "\*"
    mutating func readFlagList() throws(IMAPParseError) -> [String] {
        try expect(UInt8(ascii: "("))
        var flags: [String] = []
        while peek() != UInt8(ascii: ")") {
            if !flags.isEmpty { try expect(IMAPGrammar.sp) }
            let start = index
            if peek() == IMAPGrammar.backslash {
                index += 1
                if peek() == UInt8(ascii: "*") {
                    index += 1
                    flags.append("\\*")
                    continue
                }
            }
            _ = try readAtom()
            flags.append(String(decoding: bytes[start..<index], as: UTF8.self))
        }
        index += 1
        return flags
    }

    /// section = "[" [section-spec] "]": the spec as written (quoted header names included).
    mutating func readSection() throws(IMAPParseError) -> String {
        try expect(UInt8(ascii: "["))
        let start = index
        var quoted = false
        while let b = peek() {
            if b == IMAPGrammar.cr || b == IMAPGrammar.lf { break }
            if quoted, b == IMAPGrammar.backslash { index += 2; continue }
            if b == IMAPGrammar.dquote { quoted.toggle() }
            if !quoted, b == UInt8(ascii: "]") {
                let spec = String(decoding: bytes[start..<index], as: UTF8.self)
                index += 1
                return spec
            }
            index += 1
        }
        throw malformed("a section without \"]\"")
    }

    /// quoted = DQUOTE *QUOTED-CHAR DQUOTE;  QUOTED-CHAR = <any TEXT-CHAR except quoted-specials> / "\" quoted-specials
    mutating func readQuoted() throws(IMAPParseError) -> [UInt8] {
        try expect(IMAPGrammar.dquote)
        var out: [UInt8] = []
        while let b = peek() {
            switch b {
            case IMAPGrammar.dquote:
                index += 1
                return out
            case IMAPGrammar.backslash:
                guard let next = peek(at: 1), next == IMAPGrammar.dquote || next == IMAPGrammar.backslash else {
                    throw malformed("a backslash before something other than \" or \\ in a quoted string")
                }
                out.append(next)
                index += 2
            case IMAPGrammar.cr, IMAPGrammar.lf, 0:
                throw malformed("a line break or NUL in a quoted string")
            default:
                out.append(b)
                index += 1
            }
        }
        throw malformed("a quoted string without its closing quote")
    }

    /// literal = "{" number64 ["+"] "}" CRLF *CHAR8;  literal8 = "~{" number64 "}" CRLF *OCTET  (RFC 3516)
    mutating func readLiteral() throws(IMAPParseError) -> [UInt8] {
        if peek() == UInt8(ascii: "~") { index += 1 }
        try expect(UInt8(ascii: "{"))
        let size = try readNumber64()
        if peek() == UInt8(ascii: "+") { index += 1 }
        try expect(UInt8(ascii: "}"))
        // The CRLF after "}" may be the frame's last bytes only for an empty literal at the very end, which the
        // framer never produces; so it is always before `end`.
        guard index + 2 <= end, bytes[index] == IMAPGrammar.cr, bytes[index + 1] == IMAPGrammar.lf else {
            throw malformed("a literal's size not followed by CRLF")
        }
        index += 2
        guard UInt64(end - index) >= size else { throw malformed("a literal shorter than its size") }
        let data = Array(bytes[index..<index + Int(size)])
        index += Int(size)
        return data
    }

    /// string = quoted / literal
    mutating func readString() throws(IMAPParseError) -> [UInt8] {
        switch peek() {
        case IMAPGrammar.dquote: return try readQuoted()
        case UInt8(ascii: "{"), UInt8(ascii: "~"): return try readLiteral()
        default: throw malformed("expected a string")
        }
    }

    /// nstring = string / nil
    mutating func readNString() throws(IMAPParseError) -> [UInt8]? {
        if let b = peek(), b == UInt8(ascii: "N") || b == UInt8(ascii: "n") {
            let word = try readAtom()
            guard word.uppercased() == "NIL" else { throw malformed("expected a string or NIL") }
            return nil
        }
        return try readString()
    }

    /// astring = 1*ASTRING-CHAR / string
    mutating func readAString() throws(IMAPParseError) -> [UInt8] {
        if let b = peek(), IMAPGrammar.isAStringChar(b) {
            return Array(try readWhile("an astring", IMAPGrammar.isAStringChar).utf8)
        }
        return try readString()
    }

    /// Any value of an item we do not interpret (ENVELOPE, BODYSTRUCTURE, extension data): a parenthesised list,
    /// string, NIL, number or atom-like word, nested at most `maxDepth` deep. Returns its raw bytes.
    mutating func readValue(depth: Int) throws(IMAPParseError) -> [UInt8] {
        let start = index
        try skipValue(depth: depth)
        return Array(bytes[start..<index])
    }

    private mutating func skipValue(depth: Int) throws(IMAPParseError) {
        switch peek() {
        case UInt8(ascii: "("):
            guard depth < maxDepth else {
                throw IMAPParseError(.tooDeep, "An IMAP response nests parentheses more than \(maxDepth) deep.")
            }
            index += 1
            var first = true
            while peek() != UInt8(ascii: ")") {
                if !first { try expect(IMAPGrammar.sp) }
                first = false
                try skipValue(depth: depth + 1)
            }
            index += 1
        case IMAPGrammar.dquote:
            _ = try readQuoted()
        case UInt8(ascii: "{"), UInt8(ascii: "~"):
            _ = try readLiteral()
        default:
            _ = try readWhile("a value") {
                $0 > 0x20 && $0 != 0x7F && $0 != UInt8(ascii: "(") && $0 != UInt8(ascii: ")")
                    && $0 != UInt8(ascii: "{") && $0 != IMAPGrammar.dquote
            }
        }
    }
}
