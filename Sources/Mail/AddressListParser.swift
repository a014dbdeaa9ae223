/// Parses address lists (RFC 5322 §3.4): display names, quoted strings, comments, groups, angle addresses,
/// obsolete routes; lenient where real mail is sloppy (unquoted commas in names become separate entries only when
/// each side holds an "@").
public enum AddressListParser {
    /// Parses a raw header value (RFC 2047 words still encoded) into mailboxes, in order. Never throws; junk that
    /// holds no address is skipped, but an explicit null address (`MAILER DAEMON <>`) is kept with an empty
    /// `address`, as Python's `email.headerregistry` keeps it. A comment is never a display name: `a@b (Ann)` has
    /// none (RFC 5322 §3.2.2; Python's policy=default agrees).
    public static func parse(_ raw: String) -> [Address] {
        var result: [Address] = []
        var tokens = Tokenizer(Array(raw.unicodeScalars))
        var phrase: [String] = []        // words before "<" or ":" or the addr-spec
        var plain: [String] = []         // the raw concatenation, for a bare addr-spec
        var group: String?
        var angle: String?

        func finish() {
            let phraseText = EncodedWords.decode(phrase.joined(separator: " ")).collapsingWhitespace
            if let a = angle {
                result.append(Address(displayName: phraseText, address: a, group: group))
            } else {
                let spec = plain.joined()
                if spec.contains("@") {
                    result.append(Address(displayName: "", address: spec, group: group))
                } else if !spec.isEmpty, phrase.count == 1, !spec.contains(" ") {
                    // A bare local part, e.g. "MAILER-DAEMON" or "undisclosed-recipients".
                    result.append(Address(displayName: "", address: spec, group: group))
                }
            }
            phrase.removeAll(); plain.removeAll(); angle = nil
        }

        while let t = tokens.next() {
            switch t {
            case .word(let w):
                phrase.append(w)
                plain.append(w)
            case .quoted(let q):
                phrase.append(q)
                plain.append(q.contains(" ") || q.contains("@") ? "\"\(q)\"" : q)
            case .comment:
                break  // Comments carry no meaning (RFC 5322 §3.2.2).
            case .special(let s):
                switch s {
                case "<":
                    angle = tokens.readAngleAddress()
                case ",":
                    finish()
                case ":":
                    if angle == nil {
                        group = EncodedWords.decode(phrase.joined(separator: " ")).collapsingWhitespace
                        phrase.removeAll(); plain.removeAll()
                    }
                case ";":
                    finish()
                    group = nil
                case "@", ".":
                    plain.append(String(s))
                    if let last = phrase.popLast() { phrase.append(last + String(s)) } else { phrase.append(String(s)) }
                default:
                    plain.append(String(s))
                }
            }
        }
        finish()
        return result
    }

    enum Token {
        case word(String)
        case quoted(String)
        case comment(String)
        case special(Character)
    }

    struct Tokenizer {
        let s: [Unicode.Scalar]
        var i = 0
        init(_ s: [Unicode.Scalar]) { self.s = s }

        mutating func next() -> Token? {
            while i < s.count, s[i] == " " || s[i] == "\t" || s[i] == "\r" || s[i] == "\n" { i += 1 }
            guard i < s.count else { return nil }
            let c = s[i]
            switch c {
            case "\"":
                i += 1
                var out = String.UnicodeScalarView()
                while i < s.count, s[i] != "\"" {
                    if s[i] == "\\", i + 1 < s.count { i += 1 }
                    out.append(s[i])
                    i += 1
                }
                i += 1
                return .quoted(String(out))
            case "(":
                return .comment(readComment())
            case "<", ">", ",", ":", ";", "@", ".", "[", "]":
                i += 1
                return .special(Character(c))
            default:
                var out = String.UnicodeScalarView()
                let start = i   // out is always s[start..<i]; read it there, in constant time
                while i < s.count {
                    let d = s[i]
                    if d == " " || d == "\t" || d == "\r" || d == "\n" || d == "\"" || d == "(" || d == "<" || d == ">"
                        || d == "," || d == ":" || d == ";" || d == "@" || d == "." || d == "[" || d == "]" {
                        // An encoded word may hold "." or ":"? It holds "?" and "=", never these; but keep
                        // "=?...?=" whole even if it contains specials.
                        if i - start >= 2, s[start] == "=", s[start + 1] == "?", !(s[i - 2] == "?" && s[i - 1] == "="),
                           d != " ", d != "\t" {
                            out.append(d); i += 1; continue
                        }
                        break
                    }
                    out.append(d)
                    i += 1
                }
                return .word(String(out))
            }
        }

        mutating func readComment() -> String {
            var depth = 0
            var out = String.UnicodeScalarView()
            while i < s.count {
                let c = s[i]
                if c == "\\", i + 1 < s.count { out.append(s[i + 1]); i += 2; continue }
                if c == "(" { depth += 1; if depth > 1 { out.append(c) }; i += 1; continue }
                if c == ")" { depth -= 1; i += 1; if depth == 0 { break }; out.append(c); continue }
                out.append(c)
                i += 1
            }
            return String(out)
        }

        /// After "<": reads up to ">" and returns the addr-spec without any obsolete route or white space.
        mutating func readAngleAddress() -> String {
            var out = String.UnicodeScalarView()
            var inQuote = false
            while i < s.count {
                let c = s[i]
                if c == "\"" { inQuote.toggle(); out.append(c); i += 1; continue }
                if !inQuote && c == ">" { i += 1; break }
                if !inQuote && c == "(" { _ = readComment(); continue }
                if !inQuote && (c == " " || c == "\t" || c == "\r" || c == "\n") { i += 1; continue }
                out.append(c)
                i += 1
            }
            var spec = String(out)
            // obs-route: "@a,@b:local@domain"
            if spec.hasPrefix("@"), let colon = spec.firstIndex(of: ":") { spec = String(spec[spec.index(after: colon)...]) }
            return spec
        }
    }
}
