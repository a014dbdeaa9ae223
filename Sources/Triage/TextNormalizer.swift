/// Folds text for matching: lowercase, accents removed, typographic quotes and dashes made plain, white space
/// collapsed. Rules are written against this form, so "Recibí", "RECIBI" and "recibi" all match "recibi".
public enum TextNormalizer {
    /// The folded form of `text`.
    public static func fold(_ text: String) -> String { String(decoding: foldedBytes(text), as: UTF8.self) }

    /// The folded form of `text` as UTF-8 bytes (what the matcher searches). ASCII is folded byte by byte.
    public static func foldedBytes(_ text: String) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for u in text.unicodeScalars {
            let v = u.value
            if v < 0x80 {
                let b = UInt8(v)
                if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
                    pendingSpace = !out.isEmpty
                    continue
                }
                if pendingSpace { out.append(0x20); pendingSpace = false }
                out.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
                continue
            }
            let mapped = foldScalar(u)
            if mapped == " " { pendingSpace = !out.isEmpty; continue }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            out.append(contentsOf: mapped.utf8)
        }
        return out
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
