/// RFC 2047 encoded words: `=?charset?B|Q?text?=` in headers, decoded with any charset iconv knows.
public enum EncodedWords {
    /// Decodes every encoded word in `value`. White space between two adjacent encoded words is dropped
    /// (RFC 2047 §6.2); adjacent words in the same charset are joined before decoding, so a character split across
    /// two words survives. Malformed words are left as written.
    public static func decode(_ value: String) -> String {
        guard value.contains("=?") else { return value }
        let scalars = Array(value.utf8)
        var out = ""
        var pendingText: [UInt8] = []        // literal text not yet written
        var pendingBytes: [UInt8] = []       // decoded bytes of adjacent words in one charset
        var pendingCharset: String?
        var lastWasWord = false
        var memo = ScanMemo()

        func flushWords() {
            if let cs = pendingCharset { out += Charset.decode(pendingBytes, label: cs) }
            pendingBytes.removeAll()
            pendingCharset = nil
        }

        var i = 0
        let n = scalars.count
        while i < n {
            let c = scalars[i]
            if c == UInt8(ascii: "="), i + 1 < n, scalars[i + 1] == UInt8(ascii: "?"),
               let word = parseWord(scalars, at: i, memo: &memo) {
                if lastWasWord {
                    // Only white space since the last word: drop it (RFC 2047 §6.2).
                    pendingText.removeAll()
                } else if !pendingText.isEmpty {
                    out += String(decoding: pendingText, as: UTF8.self)
                    pendingText.removeAll()
                }
                let cs = Charset.normalise(word.charset)
                if pendingCharset != nil && pendingCharset != cs { flushWords() }
                pendingCharset = cs
                pendingBytes.append(contentsOf: word.bytes)
                lastWasWord = true
                i = word.end
                continue
            }
            if lastWasWord && !c.isASCIIWhitespace {
                flushWords()
                lastWasWord = false
            }
            pendingText.append(c)
            i += 1
        }
        flushWords()
        out += String(decoding: pendingText, as: UTF8.self)
        return out
    }

    struct Word {
        var charset: String
        var bytes: [UInt8]
        var end: Int
    }

    /// What failed scans for "?=" learned, so that a long run of word starts that can never close (e.g.
    /// "=?a?q?x=?a?q?x..." or "=?a?b?x =?a?b?x ...") costs linear time, not quadratic.
    struct ScanMemo {
        /// No "?=" starts at or after this offset.
        var noCloseFrom = Int.max
        /// A Q word's text scan stopped at white space here with no "?=" before it; a later Q word whose text
        /// starts at or before it stops there too.
        var qStopAt = -1
    }

    /// encoded-word = "=?" charset ["*" language] "?" encoding "?" encoded-text "?="  (RFC 2047 §2, RFC 2231 §5)
    static func parseWord(_ s: [UInt8], at start: Int, memo: inout ScanMemo) -> Word? {
        let n = s.count
        var i = start + 2
        let csStart = i
        while i < n, s[i] != UInt8(ascii: "?") {
            if s[i].isASCIIWhitespace { return nil }
            i += 1
        }
        guard i < n, i > csStart else { return nil }
        var charset = String(decoding: s[csStart..<i], as: UTF8.self)
        if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }
        i += 1
        guard i + 1 < n, s[i + 1] == UInt8(ascii: "?") else { return nil }
        let enc = s[i] | 0x20
        guard enc == UInt8(ascii: "b") || enc == UInt8(ascii: "q") else { return nil }
        i += 2
        let textStart = i
        if textStart >= memo.noCloseFrom || (enc == UInt8(ascii: "q") && textStart <= memo.qStopAt) { return nil }
        while i + 1 < n, !(s[i] == UInt8(ascii: "?") && s[i + 1] == UInt8(ascii: "=")) {
            if s[i] == 0x20 || s[i] == 0x09 {
                if enc == UInt8(ascii: "q") {
                    memo.qStopAt = i
                    return nil
                }
            }
            i += 1
        }
        guard i + 1 < n else {
            memo.noCloseFrom = textStart
            return nil
        }
        let text = s[textStart..<i]
        let bytes: [UInt8]
        if enc == UInt8(ascii: "b") {
            bytes = Base64.decode(text)
        } else {
            var out = [UInt8]()
            out.reserveCapacity(text.count)
            var j = text.startIndex
            while j < text.endIndex {
                let c = text[j]
                if c == UInt8(ascii: "_") {
                    out.append(0x20)
                } else if c == UInt8(ascii: "="), j + 2 < text.endIndex, let h = text[j + 1].hexValue, let l = text[j + 2].hexValue {
                    out.append(h << 4 | l)
                    j += 2
                } else {
                    out.append(c)
                }
                j += 1
            }
            bytes = out
        }
        return Word(charset: charset, bytes: bytes, end: i + 2)
    }

    /// Encodes `text` for a header: unchanged when it is printable ASCII, otherwise as UTF-8 B-words of at most
    /// 75 characters each, split on character boundaries.
    public static func encode(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        var words: [String] = []
        var chunk: [UInt8] = []
        for ch in text {
            let b = Array(String(ch).utf8)
            if chunk.count + b.count > 45 {
                words.append("=?UTF-8?B?" + Base64.encode(chunk) + "?=")
                chunk.removeAll()
            }
            chunk.append(contentsOf: b)
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?" + Base64.encode(chunk) + "?=") }
        return words.joined(separator: " ")
    }
}
