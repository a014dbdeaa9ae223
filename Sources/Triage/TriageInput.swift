public import Mail

/// The folded texts the rules look at, computed once per message.
public struct TriageInput: Sendable {
    /// The folded text of each field.
    public var fields: [RuleField: [UInt8]]

    /// Builds the fields from a parsed message and the signals computed for it; `spelling` fixes common misspellings.
    public init(message: ParsedMessage, signals: [Signal], spelling: [String: String] = [:]) {
        var f: [RuleField: [UInt8]] = [:]
        func fold(_ s: String) -> [UInt8] { Spelling.fix(TextNormalizer.foldedBytes(s), spelling) }
        // The subject of a reply to one of our emails ([MOACTS #N]) is our own wording, not the writer's: rules see it
        // only through the headers field.
        f[.subject] = SubjectLine.ticketNumber(message.subject) == nil ? fold(SubjectLine.topic(message.subject)) : []
        f[.newText] = fold(message.content.newText)
        var quoted = message.content.quoted
        if let fwd = message.content.forwarded, !quoted.has(String(fwd.prefix(40))) { quoted += "\n" + fwd }
        f[.quoted] = fold(quoted)
        var headerText = ""
        for h in message.headers { headerText += h.name + ": " + h.rawValue + "\n" }
        f[.headers] = TextNormalizer.foldedBytes(headerText)
        var att = ""
        for a in message.attachments {
            att += (a.filename ?? "") + " " + a.mediaType + "\n"
            if a.mediaType.hasPrefix("text/") || a.isCSV {
                att += String(a.text.prefix { $0 != "\n" && $0 != "\r" }) + "\n"
            }
        }
        f[.attachments] = TextNormalizer.foldedBytes(att)
        f[.signals] = Array(signals.map(\.rawValue).joined(separator: " ").utf8)
        fields = f
    }
}

/// Subject-line helpers: the topic without reply and forward prefixes, and the `[MOACTS #N]` ticket tag.
public enum SubjectLine {
    /// The subject without "Re:", "Fw:", "Fwd:", "AW:", "[External]", "*EXTERNAL*" and ticket tags, repeated.
    public static func topic(_ subject: String) -> String {
        var s = Substring(subject)
        var changed = true
        while changed {
            changed = false
            s = s.drop { $0 == " " || $0 == "\t" }
            let lower = s.lowercased()
            for prefix in ["re:", "fw:", "fwd:", "aw:", "wg:", "tr:", "rv:", "sv:", "vs:", "antw:", "re :", "fw :",
                           "[external]", "*external*", "[ext]", "external:", "autoreply:"] where lower.hasPrefix(prefix) {
                s = s.dropFirst(prefix.count)
                changed = true
                break
            }
            if !changed, s.hasPrefix("["), let close = s.firstIndex(of: "]"),
               s[s.startIndex..<close].lowercased().has("moacts #") {
                s = s[s.index(after: close)...]
                changed = true
            }
        }
        return String(s).trimmingCharacters(in: .whitespaces)
    }

    /// The ticket number of the first `[MOACTS #N]` tag in the subject, if any.
    public static func ticketNumber(_ subject: String) -> Int? {
        let lower = subject.lowercased()
        guard let r = lower.range(of: "[moacts #") ?? lower.range(of: "[moacts#") else { return nil }
        let digits = lower[r.upperBound...].prefix { $0.isNumber }
        return Int(digits)
    }
}

private extension String {
    func trimmingCharacters(in _: Whitespace) -> String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return String(s)
    }
}

private enum Whitespace { case whitespaces }

/// Replaces misspelled words (whole words of folded text) by their fixes.
enum Spelling {
    static func fix(_ text: [UInt8], _ map: [String: String]) -> [UInt8] {
        guard !map.isEmpty else { return text }
        var out = [UInt8]()
        out.reserveCapacity(text.count + 16)
        var i = 0
        let n = text.count
        while i < n {
            let c = text[i]
            if (c >= 0x61 && c <= 0x7A) || c == 0x27 {
                var j = i
                while j < n, (text[j] >= 0x61 && text[j] <= 0x7A) || text[j] == 0x27 { j += 1 }
                let word = String(decoding: text[i..<j], as: UTF8.self)
                if let fixed = map[word] { out.append(contentsOf: fixed.utf8) } else { out.append(contentsOf: text[i..<j]) }
                i = j
            } else {
                out.append(c)
                i += 1
            }
        }
        return out
    }
}
