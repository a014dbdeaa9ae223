/// What a bounce says: who could not be reached and which message bounced (RFC 3464 where the report gives it,
/// else what the human-readable text says).
public struct BounceReport: Sendable, Equatable {
    /// The recipients that failed (or are delayed), lowercased, in order, without duplicates.
    public var failedRecipients: [String]
    /// The Message-ID (without angle brackets) of the message that bounced, when the report carries it.
    public var originalMessageID: String?
    /// The Subject of the message that bounced, when the report carries it.
    public var originalSubject: String?
    /// Whether the report is only a delay warning (Action: delayed), not a final failure.
    public var isDelayOnly: Bool
    /// The status codes found, e.g. "5.1.1".
    public var statusCodes: [String]

    /// Reads a bounce from the parsed tree and its text.
    static func read(root: MIMEPart, text: String, ownAddresses: Set<String> = []) -> BounceReport {
        var failed: [String] = []
        var originalID: String?
        var originalSubject: String?
        var actions: [String] = []
        var codes: [String] = []
        for part in root.allParts {
            switch part.contentType.value {
            case "message/delivery-status", "message/global-delivery-status":
                let body = part.decodedBody
                body.withUnsafeBufferPointer { buf in
                    var start = 0
                    while start < buf.count {
                        guard let block = try? HeaderBlockParser.parse(buf, start: start, end: buf.count, limits: .default) else { break }
                        if let r = block.fields.first("Final-Recipient") ?? block.fields.first("Original-Recipient") {
                            let addr = r.split(separator: ";", maxSplits: 1).last.map { String($0) } ?? r
                            let cleaned = addr.trimmingASCIIWhitespace().trimmingCharacters(in: "<>").lowercased()
                            if cleaned.contains("@") { failed.append(cleaned) }
                        }
                        if let a = block.fields.first("Action") { actions.append(a.lowercased().trimmingASCIIWhitespace()) }
                        if let s = block.fields.first("Status") { codes.append(s.trimmingASCIIWhitespace()) }
                        if block.bodyStart <= start { break }
                        start = block.bodyStart
                    }
                }
            case "message/rfc822", "message/global", "text/rfc822-headers":
                let headers: HeaderFields
                if let child = part.children.first { headers = child.headers } else {
                    let body = part.decodedBody
                    headers = body.withUnsafeBufferPointer { buf in
                        (try? HeaderBlockParser.parse(buf, start: 0, end: buf.count, limits: .default).fields) ?? HeaderFields()
                    }
                }
                if originalID == nil, let id = headers.first("Message-ID") { originalID = MessageIDs.parse(id).first }
                if originalSubject == nil, let s = headers.decoded("Subject") { originalSubject = s }
            default:
                break
            }
        }
        // Self-written reports: addresses in angle brackets or after typical phrases; Message-ID lines in the text.
        if failed.isEmpty || originalID == nil {
            let lines = text.split(separator: "\n")
            for (n, line) in lines.enumerated() {
                let l = line.lowercased()
                if originalID == nil, line.trimmingCharacters(" \t>").lowercased().hasPrefix("message-id:") {
                    let raw = line[line.index(after: line.firstIndex(of: ":")!)...]
                    var ids = MessageIDs.parse(String(raw))
                    if ids.isEmpty, n + 1 < lines.count { ids = MessageIDs.parse(String(lines[n + 1])) }
                    originalID = ids.first
                }
                if originalSubject == nil, line.trimmingCharacters(" \t>").lowercased().hasPrefix("subject:") {
                    originalSubject = String(line[line.index(after: line.firstIndex(of: ":")!)...]).trimmingASCIIWhitespace()
                }
            }
            if failed.isEmpty {
                failed = recipientsInText(text, excluding: ownAddresses)
            }
        }
        if codes.isEmpty {
            codes = statusCodesInText(text)
        }
        var seen = Set<String>()
        failed = failed.filter { seen.insert($0).inserted }
        let delayOnly = !actions.isEmpty ? actions.allSatisfy { $0 == "delayed" }
            : (text.lowercased().contains("delay") && !text.lowercased().contains("failed permanently")
               && !codes.contains { $0.hasPrefix("5") })
        return BounceReport(failedRecipients: failed, originalMessageID: originalID, originalSubject: originalSubject,
                            isDelayOnly: delayOnly, statusCodes: codes)
    }

    /// Addresses named in the first part of a self-written report (before any quoted original headers).
    static func recipientsInText(_ text: String, excluding own: Set<String>) -> [String] {
        var out: [String] = []
        var stop = false
        for line in text.split(separator: "\n") {
            let l = line.trimmingCharacters(" \t").lowercased()
            if l.hasPrefix("from:") || l.hasPrefix("reporting-mta") || l.hasPrefix("received:") || l.hasPrefix("message-id:")
                || l.hasPrefix("original message headers") || l.hasPrefix("------ this is a copy") || l.hasPrefix("date:") {
                stop = true
            }
            if stop { break }
            if l.hasPrefix("to:") && !out.isEmpty { continue }
            for a in EmailScanner.addresses(in: String(line)) {
                let low = a.lowercased()
                if own.contains(low) || low.hasPrefix("postmaster@") || low.hasPrefix("mailer-daemon@") { continue }
                out.append(low)
            }
        }
        return out
    }

    static func statusCodesInText(_ text: String) -> [String] {
        var codes: [String] = []
        let u = Array(text.utf8)
        var i = 0
        while i + 5 <= u.count {
            let c = u[i]
            if (c == UInt8(ascii: "4") || c == UInt8(ascii: "5")), u[i + 1] == UInt8(ascii: "."),
               (i == 0 || !(u[i - 1] >= 48 && u[i - 1] <= 57 || u[i - 1] == UInt8(ascii: "."))) {
                var j = i + 2
                var parts = 1
                var digits = 0
                while j < u.count, (u[j] >= 48 && u[j] <= 57) || u[j] == UInt8(ascii: ".") {
                    if u[j] == UInt8(ascii: ".") { parts += 1; digits = 0 } else { digits += 1 }
                    j += 1
                }
                if parts == 3, digits > 0, j - i <= 9 { codes.append(String(decoding: u[i..<j], as: UTF8.self)) }
                i = j
                continue
            }
            i += 1
        }
        return codes
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        String(self[...].trimmingCharacters(set))
    }
}

/// Finds e-mail addresses in free text (a pragmatic subset of RFC 5322 addr-spec: dot-atoms on both sides).
public enum EmailScanner {
    /// Every address in `text`, in order, as written.
    public static func addresses(in text: String) -> [String] { addressesWithOffsets(in: text).map(\.0) }

    /// Every address in `text` with the UTF-8 offset where it starts.
    public static func addressesWithOffsets(in text: String) -> [(String, Int)] {
        let u = Array(text.utf8)
        var out: [(String, Int)] = []
        var i = 0
        func isLocal(_ c: UInt8) -> Bool {
            (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
                || c == UInt8(ascii: ".") || c == UInt8(ascii: "_") || c == UInt8(ascii: "-") || c == UInt8(ascii: "+")
                || c == UInt8(ascii: "'") || c == UInt8(ascii: "%")
        }
        func isDomain(_ c: UInt8) -> Bool {
            (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == UInt8(ascii: ".") || c == UInt8(ascii: "-")
        }
        while i < u.count {
            if u[i] == UInt8(ascii: "@") {
                var s = i
                while s > 0, isLocal(u[s - 1]) { s -= 1 }
                var e = i + 1
                while e < u.count, isDomain(u[e]) { e += 1 }
                // Trim dots and quotes at the edges.
                while s < i, u[s] == UInt8(ascii: ".") || u[s] == UInt8(ascii: "'") { s += 1 }
                while e > i + 1, u[e - 1] == UInt8(ascii: ".") || u[e - 1] == UInt8(ascii: "-") { e -= 1 }
                let domain = u[(i + 1)..<e]
                if s < i, domain.contains(UInt8(ascii: ".")), !domain.starts(with: [UInt8(ascii: ".")]) {
                    out.append((String(decoding: u[s..<e], as: UTF8.self), s))
                }
                i = max(i + 1, e)
                continue
            }
            i += 1
        }
        return out
    }
}

/// Message identifiers (RFC 5322 §3.6.4): `<id-left@id-right>` lists as in In-Reply-To and References.
public enum MessageIDs {
    /// The ids in a raw header value, without angle brackets; a bare id without brackets is accepted alone.
    public static func parse(_ raw: String) -> [String] {
        var out: [String] = []
        var current: String?
        for ch in raw {
            if ch == "<" { current = "" }
            else if ch == ">" { if let c = current, !c.isEmpty { out.append(c) }; current = nil }
            else if current != nil, ch != " ", ch != "\t", ch != "\r", ch != "\n" { current!.append(ch) }
        }
        if out.isEmpty {
            let t = raw.trimmingASCIIWhitespace()
            if !t.isEmpty, !t.contains(" "), t.contains("@") { out.append(t) }
        }
        return out
    }
}
