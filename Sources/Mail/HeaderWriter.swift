/// Writes header values for outgoing mail (RFC 5322 §2.2, RFC 2047): strips line breaks and controls, encodes
/// non-ASCII text as UTF-8 encoded words, quotes display names with specials, and folds long lines at white space.
enum HeaderWriter {
    /// The line length folding aims for (RFC 5322 §2.1.1 "SHOULD be no more than 78").
    static let preferredLineLength = 78
    /// The hard limit (RFC 5322 §2.1.1 "MUST be no more than 998"), without the CRLF.
    static let maxLineLength = 998
    /// A word longer than this is encoded (so it can be split) rather than written as it is.
    static let longestPlainWord = 900
    /// UTF-8 bytes per encoded word: 42 bytes make 56 base64 characters, a 68-character word that fits a
    /// 78-column line after "Subject: ".
    static let encodedWordBytes = 42

    /// `value` with every CR and LF (and any run of them) turned into one space, other C0 controls and DEL
    /// removed, tabs made spaces, runs of spaces collapsed, and the ends trimmed. Nothing put in a header can
    /// start a new header line.
    static func sanitize(_ value: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for u in value.unicodeScalars {
            if u == "\r" || u == "\n" || u == "\t" || u == " " || u == "\u{85}" || u == "\u{2028}" || u == "\u{2029}" {
                pendingSpace = !out.isEmpty
                continue
            }
            if u.value < 0x20 || u.value == 0x7F { continue }
            if pendingSpace { out.append(" ") }
            pendingSpace = false
            out.append(u)
        }
        return String(out)
    }

    /// Whether a word can be written as it is in unstructured text or a phrase.
    static func isPlainWord(_ word: Substring) -> Bool {
        word.utf8.count <= longestPlainWord && word.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F } && !word.contains("=?")
    }

    /// Unstructured text (RFC 5322 §3.2.5), e.g. Subject: sanitized; words that are not plain ASCII are encoded
    /// (RFC 2047 §5 (1)), consecutive ones together so the spaces between them survive decoding.
    static func unstructured(_ value: String) -> String {
        let words = sanitize(value).split(separator: " ", omittingEmptySubsequences: true)
        var out: [String] = []
        var run: [Substring] = []
        func flush() {
            if !run.isEmpty { out.append(encodedWords(run.joined(separator: " "))) }
            run.removeAll()
        }
        for w in words {
            if isPlainWord(w) {
                flush()
                out.append(String(w))
            } else {
                run.append(w)
            }
        }
        flush()
        return out.joined(separator: " ")
    }

    /// A display name (RFC 5322 §3.4 phrase): plain ASCII is written as it is, or quoted when it holds specials
    /// (`"Fox, Jane"`); anything else is written as encoded words as a whole (RFC 2047 §5 (3)), so no special
    /// character is left outside them.
    static func phrase(_ name: String) -> String {
        let clean = sanitize(name)
        let words = clean.split(separator: " ")
        if words.allSatisfy(isPlainWord) { return Address.quoteIfNeeded(clean) }
        return encodedWords(clean)
    }

    /// `text` as UTF-8 "B" encoded words of at most `encodedWordBytes` bytes each, split between Unicode scalars,
    /// separated by single spaces (which decoding drops, RFC 2047 §6.2).
    static func encodedWords(_ text: String) -> String {
        var words: [String] = []
        var chunk: [UInt8] = []
        for u in text.unicodeScalars {
            let b = Array(String(u).utf8)
            if chunk.count + b.count > encodedWordBytes {
                words.append("=?utf-8?b?" + Base64.encode(chunk) + "?=")
                chunk.removeAll()
            }
            chunk.append(contentsOf: b)
        }
        if !chunk.isEmpty { words.append("=?utf-8?b?" + Base64.encode(chunk) + "?=") }
        return words.joined(separator: " ")
    }

    /// An addr-spec with anything that could end it or start another dropped: controls, white space,
    /// angle brackets, commas and semicolons.
    static func addrSpec(_ address: String) -> String {
        String(address.unicodeScalars.filter {
            $0.value > 0x20 && $0.value != 0x7F && $0 != "<" && $0 != ">" && $0 != "," && $0 != ";"
        }.map(Character.init))
    }

    /// One mailbox: `phrase <addr-spec>`, or the bare addr-spec when there is no display name.
    static func mailbox(_ a: Address) -> String {
        let spec = addrSpec(a.address)
        let name = sanitize(a.displayName)
        return name.isEmpty ? spec : "\(phrase(name)) <\(spec)>"
    }

    /// A mailbox list, comma separated.
    static func mailboxList(_ list: [Address]) -> String { list.map(mailbox).joined(separator: ", ") }

    /// A list of message ids, space separated: folding can only happen between them.
    static func idList(_ ids: [MessageID]) -> String { ids.map(\.bracketed).joined(separator: " ") }

    /// A field name with anything outside ftext (RFC 5322 §3.6.8: printable ASCII but ":") removed.
    static func fieldName(_ name: String) -> String {
        String(decoding: name.utf8.filter { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }, as: UTF8.self)
    }

    /// The field `name: value`, folded (RFC 5322 §2.2.3): a CRLF is put before a single space between two
    /// non-space characters, so unfolding gives the value back exactly. Lines aim at 78 characters; a longer word
    /// stands alone on its line. Never breaks before the first word of the value. Ends with CRLF.
    static func field(_ name: String, _ value: String) -> [UInt8] {
        let bytes = Array((name + ": " + value).utf8)
        let firstBreak = name.utf8.count + 2
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        var start = 0
        func isBreak(_ i: Int) -> Bool {
            i > firstBreak && i > start && i + 1 < bytes.count && bytes[i] == 0x20
                && bytes[i - 1] != 0x20 && bytes[i + 1] != 0x20
        }
        while bytes.count - start > preferredLineLength {
            var cut: Int?
            var i = start + preferredLineLength
            while i > start {
                if isBreak(i) { cut = i; break }
                i -= 1
            }
            if cut == nil {
                i = start + preferredLineLength + 1
                while i < bytes.count {
                    if isBreak(i) { cut = i; break }
                    i += 1
                }
            }
            guard let c = cut else { break }
            out.append(contentsOf: bytes[start..<c])
            out.append(13)
            out.append(10)
            start = c
        }
        out.append(contentsOf: bytes[start...])
        out.append(13)
        out.append(10)
        return out
    }
}
