/// Folds text for matching: lowercase, accents removed, typographic quotes and dashes made plain, white space
/// collapsed. Rules are written against this form, so "Recibí", "RECIBI" and "recibi" all match "recibi".
public enum TextNormalizer {
    /// The folded form of `text`.
    public static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for u in text.unicodeScalars {
            var v = u.value
            if v < 0x80 {
                if v == 0x20 || v == 0x09 || v == 0x0A || v == 0x0D {
                    pendingSpace = !out.isEmpty
                    continue
                }
                if v >= 0x41 && v <= 0x5A { v |= 0x20 }
                if pendingSpace { out.append(" "); pendingSpace = false }
                out.append(Unicode.Scalar(UInt8(v)))
                continue
            }
            let mapped = foldScalar(u)
            if mapped == " " { pendingSpace = !out.isEmpty; continue }
            if pendingSpace { out.append(" "); pendingSpace = false }
            out.append(contentsOf: mapped.unicodeScalars)
        }
        return String(out)
    }

    /// A name with accents removed but case kept ("Zoë Núñez" -> "Zoe Nunez"), for logins.
    public static func stripAccents(_ text: String) -> String {
        var out = ""
        for ch in text {
            let s = String(ch)
            if s.utf8.count == 1 { out += s; continue }
            let lower = fold(s)
            let isUpper = s != s.lowercased()
            out += isUpper ? lower.prefix(1).uppercased() + lower.dropFirst() : lower
        }
        return out
    }

    static func foldScalar(_ u: Unicode.Scalar) -> String {
        switch u {
        case "\u{A0}", "\u{2002}", "\u{2003}", "\u{2009}", "\u{200B}", "\u{FEFF}", "\u{3000}": return " "
        case "‘", "’", "‚", "′", "`", "´": return "'"
        case "“", "”", "„", "″", "«", "»": return "\""
        case "–", "—", "‐", "‑", "−": return "-"
        case "…": return "..."
        default: break
        }
        let lowered = String(u).lowercased()
        if let f = accentMap[lowered] { return f }
        return lowered
    }

    static let accentMap: [String: String] = {
        let pairs: [(String, String)] = [
            ("àáâãäåāăą", "a"), ("æ", "ae"), ("çćĉċč", "c"), ("ďđ", "d"), ("èéêëēĕėęě", "e"), ("ĝğġģ", "g"),
            ("ĥħ", "h"), ("ìíîïĩīĭįı", "i"), ("ĵ", "j"), ("ķ", "k"), ("ĺļľŀł", "l"), ("ñńņňŉ", "n"),
            ("òóôõöøōŏő", "o"), ("œ", "oe"), ("ŕŗř", "r"), ("śŝşšș", "s"), ("ß", "ss"), ("ţťŧț", "t"),
            ("ùúûüũūŭůűų", "u"), ("ŵ", "w"), ("ýÿŷ", "y"), ("źżž", "z"), ("þ", "th"), ("ð", "d"),
        ]
        var m: [String: String] = [:]
        for (chars, plain) in pairs { for c in chars { m[String(c)] = plain } }
        return m
    }()
}
