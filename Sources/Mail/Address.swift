/// A mailbox (RFC 5322 §3.4): an optional display name and an addr-spec.
public struct Address: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The display name, decoded (RFC 2047), without quotes; empty when there is none (a comment is not one).
    public var displayName: String
    /// The addr-spec, `local@domain`, as written (case kept); empty for the null address `<>`.
    public var address: String
    /// The group this mailbox was listed under, if any (RFC 5322 §3.4 group syntax).
    public var group: String?

    /// Creates an address.
    public init(displayName: String = "", address: String, group: String? = nil) {
        self.displayName = displayName
        self.address = address
        self.group = group
    }

    /// The local part (before the last "@").
    public var localPart: String {
        guard let at = address.lastIndex(of: "@") else { return address }
        return String(address[..<at])
    }

    /// The domain (after the last "@"), lowercased; empty when there is no "@".
    public var domain: String {
        guard let at = address.lastIndex(of: "@") else { return "" }
        return String(address[address.index(after: at)...]).lowercased()
    }

    /// The address lowercased, for comparisons (RFC 5321 allows case-sensitive local parts; no one here uses them).
    public var normalized: String { address.lowercased() }

    /// The address as a header would carry it: `"Fox, André" <a@b>` with specials quoted, or the bare addr-spec.
    public var description: String {
        if displayName.isEmpty { return address.isEmpty ? "" : "<\(address)>" }
        return "\(Address.quoteIfNeeded(displayName)) <\(address)>"
    }

    /// Quotes a display name when it holds RFC 5322 specials (a comma would otherwise split it in two).
    public static func quoteIfNeeded(_ name: String) -> String {
        let specials: Set<Character> = ["(", ")", "<", ">", "[", "]", ":", ";", "@", "\\", ",", ".", "\""]
        guard name.contains(where: { specials.contains($0) }) else { return name }
        let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(escaped)\""
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var result = ""
        var rest = self[...]
        while let r = rest.range(of: target) {
            result += rest[..<r.lowerBound]
            result += replacement
            rest = rest[r.upperBound...]
        }
        result += rest
        return result
    }
}

extension Substring {
    func range(of target: String) -> Range<Substring.Index>? {
        let t = Array(target.utf8)
        let u = self.utf8
        guard let first = t.first else { return nil }
        var i = u.startIndex
        while i != u.endIndex {
            if u[i] == first {
                var j = i
                var k = 0
                while k < t.count, j != u.endIndex, u[j] == t[k] { j = u.index(after: j); k += 1 }
                if k == t.count { return i..<j }
            }
            i = u.index(after: i)
        }
        return nil
    }
}

extension String {
    func range(of target: String) -> Range<String.Index>? { self[...].range(of: target) }
    func contains(_ target: String) -> Bool { has(target) }
}
