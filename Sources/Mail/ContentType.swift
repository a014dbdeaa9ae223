/// A structured MIME header value: `type/subtype; name=value; ...` (RFC 2045 §5.1), or `attachment; filename=...`
/// (RFC 2183), with RFC 2231 continuations and charset/language-tagged values decoded.
public struct ContentType: Sendable, Equatable {
    /// The lowercased media type, e.g. "text/plain"; for Content-Disposition the disposition type.
    public var value: String
    /// Parameters with lowercased names and decoded values.
    public var parameters: [String: String]

    /// Creates a value.
    public init(value: String, parameters: [String: String] = [:]) {
        self.value = value
        self.parameters = parameters
    }

    /// The top-level type, e.g. "text".
    public var mainType: String { value.split(separator: "/", maxSplits: 1).first.map(String.init) ?? value }
    /// The subtype, e.g. "plain"; empty when absent.
    public var subType: String {
        let p = value.split(separator: "/", maxSplits: 1)
        return p.count > 1 ? String(p[1]) : ""
    }

    /// The default for a part with no Content-Type (RFC 2045 §5.2), or `message/rfc822` inside multipart/digest.
    public static let textPlain = ContentType(value: "text/plain", parameters: ["charset": "us-ascii"])

    /// Parses a raw header value. A value without "/" (for Content-Type) falls back to text/plain, as RFC 2045
    /// §5.2 asks; parameters that do not parse are skipped.
    public static func parse(_ raw: String, isDisposition: Bool = false) -> ContentType {
        let scalars = Array(raw.unicodeScalars)
        var i = 0
        func skipCFWS() {
            while i < scalars.count {
                let c = scalars[i]
                if c == " " || c == "\t" || c == "\r" || c == "\n" { i += 1; continue }
                if c == "(" {
                    var depth = 0
                    while i < scalars.count {
                        if scalars[i] == "\\" { i += 2; continue }
                        if scalars[i] == "(" { depth += 1 }
                        if scalars[i] == ")" { depth -= 1; if depth == 0 { i += 1; break } }
                        i += 1
                    }
                    continue
                }
                break
            }
        }
        func token() -> String {
            var out = String.UnicodeScalarView()
            while i < scalars.count {
                let c = scalars[i]
                if c == ";" || c == "=" || c == " " || c == "\t" || c == "\r" || c == "\n" || c == "(" || c == "\"" { break }
                out.append(c)
                i += 1
            }
            return String(out)
        }
        skipCFWS()
        var value = token().lowercased()
        skipCFWS()
        // Tolerate "text / plain".
        if !isDisposition, !value.contains("/"), i < scalars.count, scalars[i] == "/" {
            i += 1; skipCFWS(); value += "/" + token().lowercased()
        }
        var raw: [(name: String, value: String, quoted: Bool)] = []
        while i < scalars.count {
            skipCFWS()
            if i < scalars.count, scalars[i] == ";" { i += 1; continue }
            let name = token().lowercased()
            skipCFWS()
            guard i < scalars.count, scalars[i] == "=" else {
                if name.isEmpty { i += 1 }
                continue
            }
            i += 1
            skipCFWS()
            var v = String.UnicodeScalarView()
            var quoted = false
            if i < scalars.count, scalars[i] == "\"" {
                quoted = true
                i += 1
                while i < scalars.count, scalars[i] != "\"" {
                    if scalars[i] == "\\", i + 1 < scalars.count { i += 1 }
                    v.append(scalars[i])
                    i += 1
                }
                i += 1
            } else {
                while i < scalars.count, scalars[i] != ";" {
                    v.append(scalars[i])
                    i += 1
                }
                while let last = v.last, last == " " || last == "\t" { v.removeLast() }
            }
            if !name.isEmpty { raw.append((name, String(v), quoted)) }
        }
        if !isDisposition && (!value.contains("/") || value.hasPrefix("/") || value.hasSuffix("/")) {
            var params = ContentType.textPlain.parameters
            for p in combine2231(raw) { params[p.key] = p.value }
            return ContentType(value: "text/plain", parameters: params)
        }
        return ContentType(value: value, parameters: combine2231(raw))
    }

    /// RFC 2231 §3-4: `name*0`, `name*1*`, and `name*=charset'lang'%XX` joined and decoded; plain values decoded
    /// as RFC 2047 too, since many mailers write them that way.
    static func combine2231(_ raw: [(name: String, value: String, quoted: Bool)]) -> [String: String] {
        var plain: [String: String] = [:]
        var sections: [String: [(Int, String, Bool)]] = [:]
        for p in raw {
            if let star = p.name.firstIndex(of: "*") {
                let base = String(p.name[..<star])
                let rest = p.name[p.name.index(after: star)...]
                if rest.isEmpty {
                    sections[base, default: []].append((0, p.value, true))
                } else {
                    let encoded = rest.hasSuffix("*")
                    let numText = encoded ? rest.dropLast() : rest
                    guard let n = Int(numText) else { continue }
                    sections[base, default: []].append((n, p.value, encoded))
                }
            } else if plain[p.name] == nil {
                plain[p.name] = p.quoted || p.value.contains("=?") ? EncodedWords.decode(p.value) : p.value
            }
        }
        for (base, parts) in sections {
            let sorted = parts.sorted { $0.0 < $1.0 }
            var charset: String?
            var bytes: [UInt8] = []
            for (index, (_, v, encoded)) in sorted.enumerated() {
                if encoded {
                    var text = Substring(v)
                    if index == 0 {
                        let pieces = v.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                        if pieces.count == 3 {
                            charset = String(pieces[0])
                            text = pieces[2]
                        }
                    }
                    bytes.append(contentsOf: percentDecode(text))
                } else {
                    bytes.append(contentsOf: Array(v.utf8))
                }
            }
            plain[base] = Charset.decode(bytes, label: charset?.isEmpty == false ? charset : "utf-8")
        }
        return plain
    }

    static func percentDecode(_ s: Substring) -> [UInt8] {
        let u = Array(s.utf8)
        var out = [UInt8]()
        var i = 0
        while i < u.count {
            if u[i] == UInt8(ascii: "%"), i + 2 < u.count, let h = u[i + 1].hexValue, let l = u[i + 2].hexValue {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(u[i])
                i += 1
            }
        }
        return out
    }
}
