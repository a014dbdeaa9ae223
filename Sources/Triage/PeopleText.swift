import Mail

/// Shared helpers for the extractors: emails on a line, the name that goes with an email, logins.
enum PeopleText {
    /// The line with every address replaced by spaces of the same UTF-8 length, so a name never runs into one.
    static func blankingAddresses(_ line: String) -> String {
        var bytes = Array(line.utf8)
        for (e, offset) in emails(in: line) {
            for i in offset..<min(bytes.count, offset + e.utf8.count) { bytes[i] = 0x20 }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Emails in `line`, with their UTF-8 offsets (the unit `NameFinder` uses too).
    static func emails(in line: String) -> [(String, Int)] { EmailScanner.addressesWithOffsets(in: line) }

    /// The local part split into name-like tokens: "jane.doe" -> ["jane", "doe"]; digits dropped.
    static func localTokens(_ email: String) -> [String] {
        let local = email.split(separator: "@").first.map(String.init) ?? email
        return local.lowercased().split(whereSeparator: { $0 == "." || $0 == "_" || $0 == "-" })
            .map { String($0.filter(\.isLetter)) }.filter { !$0.isEmpty }
    }

    /// How well a name fits an email's local part: 3 both names in it, 2 the last name, 1 the first, 0 none.
    static func fit(_ first: String, _ last: String, _ email: String) -> Int {
        let local = (email.split(separator: "@").first.map(String.init) ?? "").lowercased().filter(\.isLetter)
        let f = TextNormalizer.fold(first).filter(\.isLetter)
        let l = TextNormalizer.fold(last).filter(\.isLetter)
        guard !local.isEmpty else { return 0 }
        let hasFirst = f.count >= 2 && local.contains(f)
        let hasLast = l.count >= 2 && local.contains(l)
        if hasFirst && hasLast { return 3 }
        if hasLast { return 2 }
        if hasFirst || (f.first.map { local.hasPrefix(String($0) + l) } ?? false) { return 1 }
        return 0
    }

    /// The two words just before `offset` (an email's start), when they read as a name written in lower case:
    /// "pls add dana mcbride dmcbride@x.org" -> ("Dana", "Mcbride").
    static func wordsBefore(_ offset: Int, in line: String) -> (String, String)? {
        let bytes = Array(line.utf8.prefix(offset))
        let text = String(decoding: bytes, as: UTF8.self)
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "-" || $0 == ":" || $0 == "(" || $0 == "," || $0 == "<" })
        guard words.count >= 2 else { return nil }
        let pair = words.suffix(2).map(String.init)
        guard pair.allSatisfy({ w in w.count >= 2 && w.allSatisfy({ $0.isLetter || $0 == "'" }) && !NameFinder.stopWords.contains(TextNormalizer.fold(w)) })
        else { return nil }
        func cap(_ w: String) -> String { w.prefix(1).uppercased() + w.dropFirst() }
        return (cap(pair[0]), cap(pair[1]))
    }

    /// A "First Last" derived from "first.last@..." (capitalised), or nil.
    static func nameFromEmail(_ email: String) -> (String, String)? {
        let t = localTokens(email)
        guard t.count == 2, t[0].count >= 2, t[1].count >= 2 else { return nil }
        return (t[0].prefix(1).uppercased() + t[0].dropFirst(), t[1].prefix(1).uppercased() + t[1].dropFirst())
    }

    /// "Fox, Andre" -> ("Andre", "Fox"); "Andre Fox" -> ("Andre", "Fox"); one word -> nil.
    static func splitDisplayName(_ display: String) -> (String, String)? {
        var d = display.trimmingCharacters(in: " \t\"'")
        if let paren = d.firstIndex(of: "(") { d = String(d[..<paren]).trimmingCharacters(in: " ") }
        if d.has("@") { return nil }
        if let comma = d.firstIndex(of: ",") {
            let last = String(d[..<comma]).trimmingCharacters(in: " ")
            let firstPart = String(d[d.index(after: comma)...]).trimmingCharacters(in: " ")
            let first = firstPart.split(separator: " ").first.map(String.init) ?? firstPart
            guard !first.isEmpty, !last.isEmpty else { return nil }
            return (first, last)
        }
        let words = d.split(separator: " ").map(String.init).filter { !$0.isEmpty }
        guard words.count >= 2 else { return nil }
        return (words[0], words[words.count - 1])
    }

    /// `Firstname.Lastname` with accents folded and spaces removed.
    static func login(first: String, last: String) -> String {
        func clean(_ s: String) -> String {
            TextNormalizer.stripAccents(s).filter { $0.isLetter || $0 == "-" || $0 == "'" }.filter { $0 != "'" }
        }
        return clean(first) + "." + clean(last)
    }

    /// Login-shaped tokens ("Jane.Doe") in text that are not part of an email or a host name.
    static func loginTokens(in text: String) -> [String] {
        var out: [String] = []
        for raw in text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "(" || $0 == ")" || $0 == "," || $0 == "\"" || $0 == ":" || $0 == "“" || $0 == "”" }) {
            var t = Substring(raw)
            while let l = t.last, l == "." || l == "?" || l == "!" || l == ";" || l == "'" { t = t.dropLast() }
            if !t.contains(where: { $0 == "." }) || t.contains(where: { $0 == "@" || $0 == "/" }) { continue }
            let parts = t.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ $0.count >= 2 && $0.allSatisfy { $0.isLetter || $0 == "-" || $0 == "'" } }),
                  parts[0].first?.isUppercase == true || parts[1].first?.isUppercase == true else { continue }
            let lower = t.lowercased()
            if ["health.mo", "mo.gov"].contains(lower) || lower.hasSuffix(".com") || lower.hasSuffix(".gov")
                || lower.hasSuffix(".org") || lower.hasSuffix(".net") { continue }
            out.append(String(t))
        }
        return out
    }
}
