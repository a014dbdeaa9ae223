/// Turns HTML into readable text: block elements and `<br>` become line breaks, table cells are separated by tabs
/// and rows by line breaks, list items get a dash, entities are decoded, and script, style, head and comments are
/// dropped. Tolerant of broken markup; linear in the input.
public enum HTMLText {
    /// The readable text of an HTML document or fragment.
    public static func text(fromHTML html: String) -> String {
        let s = Array(html.unicodeScalars)
        let n = s.count
        var out = String.UnicodeScalarView()
        out.reserveCapacity(n / 2)
        var i = 0
        var pendingSpace = false
        var skipUntil: String?          // inside <script>, <style>, <head>, <title>
        var preDepth = 0
        var cellDepth = 0               // inside <td>/<th>: block elements become spaces, so a cell stays one cell

        func newline(_ count: Int = 1) {
            if cellDepth > 0 {
                pendingSpace = true
                return
            }
            pendingSpace = false
            // Trim trailing spaces on the line.
            while let last = out.last, last == " " { out.removeLast() }
            var existing = 0
            var idx = out.endIndex
            while idx > out.startIndex {
                let p = out.index(before: idx)
                if out[p] == "\n" { existing += 1; idx = p } else { break }
            }
            if out.isEmpty { return }
            for _ in existing..<max(existing, count) { out.append("\n") }
        }
        func emit(_ u: Unicode.Scalar) {
            if preDepth == 0, u == " " || u == "\t" || u == "\n" || u == "\r" {
                pendingSpace = true
                return
            }
            if pendingSpace, let last = out.last, last != "\n", last != "\t" { out.append(" ") }
            pendingSpace = false
            out.append(u)
        }

        while i < n {
            let c = s[i]
            if c == "<" {
                // Comment.
                if i + 3 < n, s[i + 1] == "!", s[i + 2] == "-", s[i + 3] == "-" {
                    var j = i + 4
                    while j + 2 < n, !(s[j] == "-" && s[j + 1] == "-" && s[j + 2] == ">") { j += 1 }
                    i = min(n, j + 3)
                    continue
                }
                // Tag name.
                var j = i + 1
                var closing = false
                if j < n, s[j] == "/" { closing = true; j += 1 }
                var name = ""
                while j < n, (s[j].properties.isAlphabetic || (s[j] >= "0" && s[j] <= "9") || s[j] == ":"), name.unicodeScalars.count < 20 {
                    name.unicodeScalars.append(s[j])
                    j += 1
                }
                if name.isEmpty && !(j < n && (s[j] == "!" || s[j] == "?")) {
                    // A lone "<": text.
                    if skipUntil == nil { emit(c) }
                    i += 1
                    continue
                }
                // Skip to the end of the tag, honouring quoted attribute values.
                var quote: Unicode.Scalar?
                while j < n {
                    let d = s[j]
                    if let q = quote { if d == q { quote = nil } } else if d == "\"" || d == "'" { quote = d } else if d == ">" { break }
                    j += 1
                }
                i = min(n, j + 1)
                let tag = name.lowercased()
                if let skip = skipUntil {
                    if closing && tag == skip { skipUntil = nil }
                    continue
                }
                switch tag {
                case "script", "style", "head", "title", "xml":
                    if !closing { skipUntil = tag }
                case "br" where cellDepth > 0:
                    pendingSpace = true
                case "br":
                    // A line break always breaks: "<div>a</div><div><br></div><div>b</div>" is a blank line.
                    while let last = out.last, last == " " { out.removeLast() }
                    pendingSpace = false
                    out.append("\n")
                case "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "table", "pre",
                     "section", "article", "header", "footer", "form", "hr", "dl", "address":
                    newline(tag == "p" || tag == "table" || tag.hasPrefix("h") ? 2 : 1)
                    if tag == "pre" { preDepth += closing ? -1 : 1; preDepth = max(0, preDepth) }
                case "li":
                    if !closing { newline(); out.append(contentsOf: "- ".unicodeScalars) } else { newline() }
                case "tr", "table":
                    cellDepth = 0
                    newline()
                case "dt", "dd":
                    newline()
                case "td", "th":
                    if closing {
                        cellDepth = max(0, cellDepth - 1)
                    } else {
                        cellDepth += 1
                        if let last = out.last, last != "\n" {
                            while let l = out.last, l == " " { out.removeLast() }
                            out.append("\t")
                        }
                        pendingSpace = false
                    }
                default:
                    break
                }
                continue
            }
            if skipUntil != nil { i += 1; continue }
            if c == "&" {
                if let (decoded, length) = entity(s, at: i) {
                    for u in decoded.unicodeScalars { emit(u == "\u{A0}" ? " " : u) }
                    i += length
                    continue
                }
            }
            emit(c)
            i += 1
        }
        // Trim each line's trailing spaces and collapse runs of blank lines to one.
        var lines: [Substring] = []
        var blank = 0
        for line in String(out).split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingTrailingSpaces()
            if trimmed.trimmingCharacters(" \t").isEmpty {
                blank += 1
                if blank > 1 { continue }
                lines.append("")
            } else {
                blank = 0
                lines.append(trimmed)
            }
        }
        return lines.joined(separator: "\n").trimmingASCIIWhitespace()
    }

    /// Decodes one character reference at `i` ("&amp;", "&#233;", "&#xE9;"); nil when it is not one.
    static func entity(_ s: [Unicode.Scalar], at i: Int) -> (String, Int)? {
        var j = i + 1
        let n = s.count
        guard j < n else { return nil }
        if s[j] == "#" {
            j += 1
            var hex = false
            if j < n, s[j] == "x" || s[j] == "X" { hex = true; j += 1 }
            var v: UInt32 = 0
            let digitsStart = j
            while j < n, j - digitsStart < 8 {
                let d = s[j]
                if let x = hex ? (d.isASCII ? UInt8(d.value).hexValue : nil) : (d >= "0" && d <= "9" ? UInt8(d.value - 48) : nil) {
                    v = v * (hex ? 16 : 10) + UInt32(x)
                    j += 1
                } else { break }
            }
            guard j > digitsStart else { return nil }
            if j < n, s[j] == ";" { j += 1 }
            if v == 0 || v > 0x10FFFF { return ("\u{FFFD}", j - i) }
            let mapped = (v >= 0x80 && v <= 0x9F) ? (Charset.windows1252([UInt8(v)]).unicodeScalars.first?.value ?? v) : v
            return (String(Unicode.Scalar(mapped).map(Character.init) ?? "\u{FFFD}"), j - i)
        }
        var name = ""
        while j < n, j - i <= 10, s[j].properties.isAlphabetic || (s[j] >= "0" && s[j] <= "9") {
            name.unicodeScalars.append(s[j])
            j += 1
        }
        guard let value = named[name] else { return nil }
        if j < n, s[j] == ";" { j += 1 }
        return (value, j - i)
    }

    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "copy": "©", "reg": "®",
        "trade": "™", "hellip": "…", "mdash": "—", "ndash": "–", "lsquo": "‘", "rsquo": "’", "ldquo": "“",
        "rdquo": "”", "bull": "•", "middot": "·", "laquo": "«", "raquo": "»", "eacute": "é", "Eacute": "É",
        "egrave": "è", "aacute": "á", "agrave": "à", "iacute": "í", "oacute": "ó", "uacute": "ú", "ntilde": "ñ",
        "Ntilde": "Ñ", "uuml": "ü", "ouml": "ö", "auml": "ä", "Uuml": "Ü", "Ouml": "Ö", "Auml": "Ä", "szlig": "ß",
        "ccedil": "ç", "euml": "ë", "iuml": "ï", "ecirc": "ê", "acirc": "â", "ocirc": "ô", "deg": "°", "sect": "§",
        "para": "¶", "shy": "", "zwnj": "", "zwj": "", "ensp": " ", "emsp": " ", "thinsp": " ", "euro": "€",
        "pound": "£", "cent": "¢", "yen": "¥", "times": "×", "divide": "÷", "frac12": "½", "rarr": "→", "larr": "←",
    ]
}

extension Substring {
    func trimmingTrailingSpaces() -> Substring {
        var end = endIndex
        while end > startIndex {
            let p = index(before: end)
            if self[p] == " " || self[p] == "\t" || self[p] == "\r" || self[p] == "\u{A0}" { end = p } else { break }
        }
        return self[startIndex..<end]
    }

    func trimmingCharacters(_ set: String) -> Substring {
        var start = startIndex
        var end = endIndex
        while start < end, set.contains(self[start]) { start = index(after: start) }
        while end > start, set.contains(self[index(before: end)]) { end = index(before: end) }
        return self[start..<end]
    }
}
