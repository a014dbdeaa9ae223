/// Character classes and the grammar of one complete response (RFC 9051 §9, RFC 3501 §9). `IMAPResponseParser`
/// frames the byte stream; this reads one framed response, literals included.
enum IMAPGrammar {
    static let cr: UInt8 = 0x0D, lf: UInt8 = 0x0A, sp: UInt8 = 0x20, dquote: UInt8 = 0x22, backslash: UInt8 = 0x5C

    /// ATOM-CHAR = <any CHAR except atom-specials>
    /// atom-specials = "(" / ")" / "{" / SP / CTL / list-wildcards / quoted-specials / resp-specials
    static func isAtomChar(_ b: UInt8) -> Bool {
        switch b {
        case 0x00...0x20, 0x7F...0xFF: false
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "{"), UInt8(ascii: "%"), UInt8(ascii: "*"),
             UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "]"): false
        default: true
        }
    }

    /// ASTRING-CHAR = ATOM-CHAR / resp-specials
    static func isAStringChar(_ b: UInt8) -> Bool { isAtomChar(b) || b == UInt8(ascii: "]") }

    /// tag = 1*<any ASTRING-CHAR except "+">
    static func isTagChar(_ b: UInt8) -> Bool { isAStringChar(b) && b != UInt8(ascii: "+") }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// Whether a response's first line is all of it: a continuation request, or a status response (`* OK`,
    /// `tag NO`, ...), whose `text` may contain anything, `{5}` at the end included, and never a literal.
    static func isTextOnlyLine(_ line: ArraySlice<UInt8>) -> Bool {
        guard let first = line.first else { return false }
        if first == UInt8(ascii: "+") { return true }
        var i = line.startIndex
        if first == UInt8(ascii: "*") {
            i += 1
        } else {
            while i < line.endIndex, isTagChar(line[i]) { i += 1 }
            if i == line.startIndex { return false }
        }
        guard i < line.endIndex, line[i] == sp else { return false }
        i += 1
        var word: [UInt8] = []
        while i < line.endIndex, line[i] != sp, word.count < 8 { word.append(line[i] & 0xDF); i += 1 }
        guard i == line.endIndex || line[i] == sp else { return false }
        switch String(decoding: word, as: UTF8.self) {
        case "OK", "NO", "BAD": return true
        case "BYE", "PREAUTH": return first == UInt8(ascii: "*")
        default: return false
        }
    }

    /// Reads one complete response.
    ///
    ///     response = continue-req / response-data / response-tagged  (each ending in CRLF)
    static func parse(_ frame: ArraySlice<UInt8>, maxDepth: Int) throws(IMAPParseError) -> IMAPResponse {
        var r = IMAPByteReader(frame, maxDepth: maxDepth)
        switch r.peek() {
        case UInt8(ascii: "+"):
            // continue-req = "+" SP (resp-text / base64) CRLF   (a bare "+" CRLF is accepted too)
            r.advance()
            if r.peek() == sp { r.advance() }
            return .continuation(try r.restOfLine())
        case UInt8(ascii: "*"):
            r.advance()
            try r.expect(sp)
            return .untagged(try untagged(&r))
        default:
            // response-tagged = tag SP resp-cond-state CRLF
            let tag = try r.readWhile("a tag", isTagChar)
            try r.expect(sp)
            let word = try r.readAtom().uppercased()
            guard let status = IMAPStatus(rawValue: word), [.ok, .no, .bad].contains(status) else {
                throw r.malformed("a tagged response's status is \(word), not OK, NO or BAD")
            }
            return .tagged(IMAPTag(rawValue: tag), try statusResponse(status, &r))
        }
    }

    /// resp-text = ["[" resp-text-code "]" SP] [text]
    static func statusResponse(_ status: IMAPStatus, _ r: inout IMAPByteReader) throws(IMAPParseError)
        -> IMAPStatusResponse {
        if r.atLineEnd { return IMAPStatusResponse(status: status, text: try r.restOfLine()) }
        try r.expect(sp)
        var code: IMAPResponseCode?
        if r.peek() == UInt8(ascii: "[") {
            r.advance()
            code = try responseCode(&r)
            try r.expect(UInt8(ascii: "]"))
            if r.peek() == sp { r.advance() }
        }
        return IMAPStatusResponse(status: status, code: code, text: try r.restOfLine())
    }

    /// resp-text-code = "ALERT" / "BADCHARSET" [...] / capability-data / "PARSE" /
    ///                  "PERMANENTFLAGS" SP "(" [flag-perm *(SP flag-perm)] ")" / "READ-ONLY" / "READ-WRITE" /
    ///                  "TRYCREATE" / "UIDNEXT" SP nz-number / "UIDVALIDITY" SP nz-number / "UNSEEN" SP nz-number /
    ///                  resp-code-apnd / resp-code-copy (RFC 4315 §4) / atom [SP 1*<any TEXT-CHAR except "]">]
    static func responseCode(_ r: inout IMAPByteReader) throws(IMAPParseError) -> IMAPResponseCode {
        let name = try r.readAtom()
        switch name.uppercased() {
        case "ALERT" where r.peek() == UInt8(ascii: "]"): return .alert
        case "READ-ONLY" where r.peek() == UInt8(ascii: "]"): return .readOnly
        case "READ-WRITE" where r.peek() == UInt8(ascii: "]"): return .readWrite
        case "TRYCREATE" where r.peek() == UInt8(ascii: "]"): return .tryCreate
        case "CAPABILITY": return .capability(try atomList(&r))
        case "PERMANENTFLAGS":
            try r.expect(sp)
            return .permanentFlags(try r.readFlagList())
        case "UIDNEXT":
            try r.expect(sp)
            return .uidNext(UID(try r.readNZNumber()))
        case "UIDVALIDITY":
            try r.expect(sp)
            return .uidValidity(UIDValidity(try r.readNZNumber()))
        case "UNSEEN":
            try r.expect(sp)
            return .unseen(try r.readNZNumber())
        case "APPENDUID":
            // resp-code-apnd = "APPENDUID" SP nz-number SP append-uid
            try r.expect(sp)
            let validity = UIDValidity(try r.readNZNumber())
            try r.expect(sp)
            return .appendUID(validity, try r.readUIDSet())
        case "COPYUID":
            // resp-code-copy = "COPYUID" SP nz-number SP uid-set SP uid-set
            try r.expect(sp)
            let validity = UIDValidity(try r.readNZNumber())
            try r.expect(sp)
            let source = try r.readUIDSet()
            try r.expect(sp)
            return .copyUID(validity, source: source, destination: try r.readUIDSet())
        default:
            guard r.peek() == sp else { return .other(name, nil) }
            r.advance()
            let rest = try r.readWhile("a response code's text") { $0 != UInt8(ascii: "]") && $0 != cr && $0 != lf }
            return .other(name, rest)
        }
    }

    /// *(SP atom), up to the line's end or "]".
    static func atomList(_ r: inout IMAPByteReader) throws(IMAPParseError) -> [String] {
        var out: [String] = []
        while r.peek() == sp {
            r.advance()
            out.append(try r.readAtom())
        }
        return out
    }

    /// response-data = "*" SP (resp-cond-state / resp-cond-bye / mailbox-data / message-data / capability-data /
    ///                 enable-data) CRLF
    static func untagged(_ r: inout IMAPByteReader) throws(IMAPParseError) -> IMAPUntaggedResponse {
        if let first = r.peek(), isDigit(first) {
            // message-data = nz-number SP ("EXPUNGE" / ("FETCH" SP msg-att))
            // mailbox-data =/ number SP "EXISTS" / number SP "RECENT"
            let number = try r.readNumber()
            try r.expect(sp)
            let word = try r.readAtom().uppercased()
            switch word {
            case "EXISTS":
                try r.expectEnd()
                return .exists(number)
            case "RECENT":
                try r.expectEnd()
                return .recent(number)
            case "EXPUNGE":
                try r.expectEnd()
                return .expunge(number)
            case "FETCH":
                try r.expect(sp)
                let attributes = try messageAttributes(&r)
                try r.expectEnd()
                return .fetch(sequence: number, attributes: attributes)
            default:
                throw r.malformed("\"\(word)\" after a number")
            }
        }
        let word = try r.readAtom()
        switch word.uppercased() {
        case "OK", "NO", "BAD", "PREAUTH", "BYE":
            return .status(try statusResponse(IMAPStatus(rawValue: word.uppercased())!, &r))
        case "CAPABILITY":
            // capability-data = "CAPABILITY" *(SP capability) SP "IMAP4rev1" *(SP capability)
            let list = try atomList(&r)
            try r.expectEnd()
            return .capability(list)
        case "ENABLED":
            let list = try atomList(&r)
            try r.expectEnd()
            return .enabled(list)
        case "FLAGS":
            // mailbox-data = "FLAGS" SP flag-list
            try r.expect(sp)
            let flags = try r.readFlagList()
            try r.expectEnd()
            return .flags(flags)
        case "SEARCH":
            // mailbox-data =/ "SEARCH" *(SP nz-number) [SP "(" "MODSEQ" SP mod-sequence-value ")"]  (RFC 7162)
            var numbers: [UInt32] = []
            while r.peek() == sp {
                r.advance()
                if r.peek() == UInt8(ascii: "(") {
                    _ = try r.readValue(depth: 0)
                    break
                }
                numbers.append(try r.readNZNumber())
            }
            try r.expectEnd()
            return .search(numbers)
        case "ESEARCH":
            return .esearch(try esearch(&r))
        default:
            let raw = r.remainingBeforeEnd()
            return .other(keyword: word.uppercased(), raw: raw)
        }
    }

    /// esearch-response = "ESEARCH" [search-correlator] [SP "UID"] *(SP search-return-data)   (RFC 4731 §3.2)
    static func esearch(_ r: inout IMAPByteReader) throws(IMAPParseError) -> IMAPESearchResponse {
        var result = IMAPESearchResponse()
        if r.peek(at: 0) == sp, r.peek(at: 1) == UInt8(ascii: "(") {
            // search-correlator = SP "(" "TAG" SP tag-string ")"
            r.advance(2)
            let word = try r.readAtom().uppercased()
            guard word == "TAG" else { throw r.malformed("ESEARCH correlator \(word), not TAG") }
            try r.expect(sp)
            result.tag = IMAPTag(rawValue: String(decoding: try r.readAString(), as: UTF8.self))
            try r.expect(UInt8(ascii: ")"))
        }
        while r.peek() == sp {
            r.advance()
            let name = try r.readAtom().uppercased()
            if name == "UID" {
                result.uid = true
                continue
            }
            try r.expect(sp)
            switch name {
            case "MIN": result.min = try r.readNZNumber()
            case "MAX": result.max = try r.readNZNumber()
            case "COUNT": result.count = try r.readNumber()
            case "ALL": result.all = try r.readUIDSet()
            default: _ = try r.readValue(depth: 0)  // search-ret-data-ext: skipped
            }
        }
        try r.expectEnd()
        return result
    }

    /// msg-att = "(" (msg-att-dynamic / msg-att-static) *(SP (msg-att-dynamic / msg-att-static)) ")"
    static func messageAttributes(_ r: inout IMAPByteReader) throws(IMAPParseError) -> [IMAPFetchAttribute] {
        try r.expect(UInt8(ascii: "("))
        var out: [IMAPFetchAttribute] = []
        if r.peek() == UInt8(ascii: ")") {
            r.advance()
            return out
        }
        while true {
            out.append(try messageAttribute(&r))
            if r.peek() == UInt8(ascii: ")") {
                r.advance()
                return out
            }
            try r.expect(sp)
        }
    }

    /// msg-att-static = "ENVELOPE" SP envelope / "INTERNALDATE" SP date-time / "RFC822.SIZE" SP number64 /
    ///                  "BODY" ["STRUCTURE"] SP body / "BODY" section ["<" number ">"] SP nstring /
    ///                  "BINARY" section-binary SP (nstring / literal8) / "UID" SP uniqueid
    /// msg-att-dynamic = "FLAGS" SP "(" [flag-fetch *(SP flag-fetch)] ")"
    static func messageAttribute(_ r: inout IMAPByteReader) throws(IMAPParseError) -> IMAPFetchAttribute {
        let name = try r.readWhile("a FETCH item name") {
            isAtomChar($0) && $0 != UInt8(ascii: "[") && $0 != UInt8(ascii: "<")
        }.uppercased()
        if r.peek() == UInt8(ascii: "[") {
            // section = "[" [section-spec] "]"
            let section = try r.readSection()
            var origin: UInt32?
            if r.peek() == UInt8(ascii: "<") {
                r.advance()
                origin = try r.readNumber()
                try r.expect(UInt8(ascii: ">"))
            }
            try r.expect(sp)
            let data = try r.readNString()
            guard name == "BODY" || name == "BINARY" else {
                return .other(name: name + "[" + section + "]", raw: data ?? [])
            }
            return .body(section: section, origin: origin, data: data)
        }
        try r.expect(sp)
        switch name {
        case "UID": return .uid(UID(try r.readNZNumber()))
        case "FLAGS": return .flags(try r.readFlagList())
        case "RFC822.SIZE": return .rfc822Size(try r.readNumber64())
        case "INTERNALDATE":
            return .internalDate(String(decoding: try r.readQuoted(), as: UTF8.self))
        case "MODSEQ":
            // fetch-mod-resp = "MODSEQ" SP "(" permsg-modsequence ")"   (RFC 7162 §7)
            try r.expect(UInt8(ascii: "("))
            let value = try r.readNumber64()
            try r.expect(UInt8(ascii: ")"))
            return .modSeq(value)
        default:
            return .other(name: name, raw: try r.readValue(depth: 0))
        }
    }
}
