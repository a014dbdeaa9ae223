/// The AWS shared credentials and config files' INI dialect: `[section]` headers, `key = value` lines, `#` and `;`
/// comments on their own lines (none inline, as botocore reads them). Indented lines belong to the key above them (nested settings such as `s3 =`) and are skipped.
public struct AWSINIFile: Sendable, Hashable {
    /// Each section's keys (lowercased) and values (trimmed), by section name as written inside the brackets.
    public var sections: [String: [String: String]]

    /// Parses `text`. Never fails: malformed lines are ignored, as the AWS CLI does.
    public init(parsing text: String) {
        var sections: [String: [String: String]] = [:]
        var current: String?
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            if let first = raw.first, first == " " || first == "\t" { continue }   // nested value
            let line = raw.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard let close = line.firstIndex(of: "]") else { current = nil; continue }
                let name = line[line.index(after: line.startIndex)..<close].trimmingWhitespace()
                let key = name.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
                current = key
                if sections[key] == nil { sections[key] = [:] }
                continue
            }
            guard let section = current, let eq = line.firstIndex(of: "=") else { continue }
            let key = line[..<eq].trimmingWhitespace().lowercased()
            // No inline comments: botocore keeps `region = x # y` as `x # y`, and so do we.
            sections[section]?[key] = line[line.index(after: eq)...].trimmingWhitespace()
        }
        self.sections = sections
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
