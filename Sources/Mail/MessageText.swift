/// The readable text of a message, split into what the writer added and what they quoted, signed or had appended.
public struct MessageText: Sendable, Equatable {
    /// Everything, as read.
    public var full: String
    /// What the writer added: no quoted history, signature or disclaimers. For a forward with nothing added, the
    /// forwarded request.
    public var newText: String
    /// The quoted history (reply quotes, an Outlook header block and what follows it, forwarded messages).
    public var quoted: String
    /// The signature block, when one was recognised ("-- ", "Sent from my iPhone", ...).
    public var signature: String
    /// Confidentiality notices and "external sender" banners.
    public var disclaimers: [String]
    /// The text of a forwarded message, when the message forwards one.
    public var forwarded: String?

    /// Creates a split text.
    public init(full: String, newText: String, quoted: String = "", signature: String = "", disclaimers: [String] = [],
                forwarded: String? = nil) {
        self.full = full
        self.newText = newText
        self.quoted = quoted
        self.signature = signature
        self.disclaimers = disclaimers
        self.forwarded = forwarded
    }
}

/// Separates new text from quoted history, signatures and disclaimers (the shapes Outlook, Gmail, Apple Mail,
/// Thunderbird and phones write).
public enum ReplySplitter {
    /// Splits `text` (already decoded; line breaks "\n" or "\r\n"). When `isForward` (the subject starts with
    /// "Fw:"/"Fwd:"), the first history block is read as the forwarded message.
    public static func split(_ text: String, isForward: Bool = false) -> MessageText {
        split(text, isForward: isForward, depth: 0)
    }

    /// How many forwards-with-nothing-added are unwrapped, one inside the other, before the rest is left as is.
    static let maxForwardDepth = 8

    /// Splits `text`, which is the forwarded body of `depth` enclosing forwards.
    static func split(_ text: String, isForward: Bool, depth: Int) -> MessageText {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingTrailingSpaces() }
        var quoteStart = lines.count
        var isForwardMarker = false
        var i = 0
        while i < lines.count {
            if let kind = historyMarker(lines, at: i) {
                quoteStart = i
                isForwardMarker = kind == .forward || isForward
                break
            }
            i += 1
        }
        let head = Array(lines[0..<quoteStart])
        let quoted = lines[quoteStart...].joined(separator: "\n").trimmingASCIIWhitespace()
        var (body, signature, disclaimers) = separateSignature(head)
        var forwarded: String?
        if isForwardMarker {
            forwarded = forwardedBody(Array(lines[quoteStart...]))
        }
        if body.isEmpty, let f = forwarded, depth < maxForwardDepth {
            let inner = split(f, isForward: false, depth: depth + 1)
            body = inner.newText
            disclaimers.append(contentsOf: inner.disclaimers)
            if signature.isEmpty { signature = inner.signature }
        }
        return MessageText(full: text, newText: body, quoted: quoted, signature: signature, disclaimers: disclaimers,
                           forwarded: forwarded)
    }

    enum Marker { case reply, forward }

    /// Whether line `i` starts quoted history, and of which kind.
    static func historyMarker(_ lines: [Substring], at i: Int) -> Marker? {
        let bare = lines[i].trimmingCharacters(" \t")
        if bare.count >= 10, bare.allSatisfy({ $0 == "_" }) {
            if i + 1 < lines.count, outlookBlock(lines, at: i + 1) { return isForwardBlock(lines, at: i + 1) ? .forward : .reply }
            return nil
        }
        let line = lines[i].trimmingCharacters(" \t*_")
        if line.isEmpty { return nil }
        let lower = line.lowercased()
        if line.hasPrefix(">") {
            // A quote block: this line and (if any) the next non-blank one are quoted, or it is the last.
            return .reply
        }
        if lower.contains("forwarded message") || lower.hasPrefix("begin forwarded message")
            || lower.contains("mensaje reenviado") || lower.contains("weitergeleitete nachricht") {
            if line.hasPrefix("-") || lower.hasPrefix("begin") || lower.hasSuffix(":") || lower.hasPrefix("-") { return .forward }
        }
        if lower.contains("original message") && (line.hasPrefix("-") || line.hasPrefix("_")) { return .reply }
        if lower.hasPrefix("on ") || lower.hasPrefix("le ") || lower.hasPrefix("el ") || lower.hasPrefix("am ") {
            if lower.hasSuffix("wrote:") || lower.hasSuffix("écrit :") || lower.hasSuffix("écrit:")
                || lower.hasSuffix("escribió:") || lower.hasSuffix("schrieb:") {
                return .reply
            }
            if i + 1 < lines.count {
                let next = lines[i + 1].trimmingCharacters(" \t").lowercased()
                if next.hasSuffix("wrote:") && next.count < 120 { return .reply }
            }
        }
        if outlookBlock(lines, at: i) { return isForwardBlock(lines, at: i) ? .forward : .reply }
        return nil
    }

    /// "From: ..." followed within four lines by "Sent:"/"Date:" and "To:"/"Subject:".
    static func outlookBlock(_ lines: [Substring], at i: Int) -> Bool {
        let first = lines[i].trimmingCharacters(" \t*").lowercased()
        guard first.hasPrefix("from:") || first.hasPrefix("de:") || first.hasPrefix("von:") else { return false }
        var sawDate = false
        var sawTo = false
        for j in (i + 1)..<min(lines.count, i + 6) {
            let l = lines[j].trimmingCharacters(" \t*").lowercased()
            if l.hasPrefix("sent:") || l.hasPrefix("date:") || l.hasPrefix("enviado:") || l.hasPrefix("gesendet:") { sawDate = true }
            if l.hasPrefix("to:") || l.hasPrefix("subject:") || l.hasPrefix("para:") || l.hasPrefix("asunto:") { sawTo = true }
        }
        return sawDate && sawTo
    }

    static func isForwardBlock(_ lines: [Substring], at i: Int) -> Bool {
        for j in i..<min(lines.count, i + 6) {
            let l = lines[j].trimmingCharacters(" \t*").lowercased()
            if l.hasPrefix("subject:"), l.contains("fw:") || l.contains("fwd:") { return true }
        }
        return false
    }

    /// The forwarded message's text: after the marker, skip its header lines up to the first blank line.
    static func forwardedBody(_ lines: [Substring]) -> String {
        var i = 0
        let headerNames = ["from:", "sent:", "date:", "to:", "cc:", "subject:", "reply-to:", "de:", "para:", "asunto:",
                           "enviado:", "fecha:", "importance:"]
        // Skip the marker line(s).
        while i < lines.count {
            let l = lines[i].trimmingCharacters(" \t*_").lowercased()
            if l.isEmpty || l.contains("forwarded message") || l.hasPrefix("begin forwarded") || l.contains("original message")
                || l.allSatisfy({ $0 == "_" || $0 == "-" }) {
                i += 1
                continue
            }
            break
        }
        while i < lines.count {
            let l = lines[i].trimmingCharacters(" \t*").lowercased()
            if headerNames.contains(where: { l.hasPrefix($0) }) { i += 1; continue }
            if l.isEmpty { i += 1 }
            break
        }
        return lines[min(i, lines.count)...].joined(separator: "\n").trimmingASCIIWhitespace()
    }

    /// Splits the writer's part into body, signature and disclaimer paragraphs.
    static func separateSignature(_ head: [Substring]) -> (String, String, [String]) {
        // Paragraphs, so disclaimers can be lifted out wherever they are.
        var bodyLines: [Substring] = []
        var signatureLines: [Substring] = []
        var disclaimers: [String] = []
        var inSignature = false
        var paragraph: [Substring] = []
        var paragraphIsDisclaimer = false

        func endParagraph() {
            if paragraphIsDisclaimer {
                disclaimers.append(paragraph.joined(separator: "\n").trimmingASCIIWhitespace())
            } else if inSignature {
                signatureLines.append(contentsOf: paragraph)
            } else {
                bodyLines.append(contentsOf: paragraph)
            }
            paragraph.removeAll()
            paragraphIsDisclaimer = false
        }

        for line in head {
            let t = line.trimmingCharacters(" \t")
            if t.isEmpty {
                endParagraph()
                if !inSignature { bodyLines.append("") } else { signatureLines.append("") }
                continue
            }
            if paragraph.isEmpty && isDisclaimerStart(t) { paragraphIsDisclaimer = true }
            if !paragraphIsDisclaimer && !inSignature && isSignatureStart(t) {
                endParagraph()
                inSignature = true
            }
            paragraph.append(line)
        }
        endParagraph()
        let body = bodyLines.joined(separator: "\n").trimmingASCIIWhitespace()
        return (body, signatureLines.joined(separator: "\n").trimmingASCIIWhitespace(), disclaimers)
    }

    static func isSignatureStart(_ t: Substring) -> Bool {
        if t == "--" || t == "-- " || t == "—" { return true }
        let l = t.lowercased()
        return l.hasPrefix("sent from my ") || l.hasPrefix("sent from yahoo mail") || l.hasPrefix("get outlook for")
            || l.hasPrefix("sent from mail for windows") || l.hasPrefix("enviado desde mi") || l.hasPrefix("sent via ")
            || l.hasPrefix("sent from samsung")
    }

    static func isDisclaimerStart(_ t: Substring) -> Bool {
        let l = t.lowercased()
        let openers = ["confidentiality notice", "caution: this email originated", "caution: this message originated",
                       "[external email", "external email:", "this email originated from outside", "disclaimer:",
                       "this e-mail and any attachments", "this email and any attachments", "this message and any attachments",
                       "the information contained in this", "this electronic message", "this communication, including any",
                       "notice: this email", "important: this e-mail", "privileged and confidential", "confidential: this"]
        return openers.contains { l.hasPrefix($0) }
    }
}
