/// Subject lines: what the subject template wrote, cleaned, with the ticket tag put at the end.
public enum ReplySubject {
    /// `subject` on one line (line breaks and runs of white space made single spaces), every `[MOACTS #N]` tag it
    /// already holds removed (a "Re:" of a tagged subject holds one), leading "Re:" prefixes made one "Re: ", then
    /// ` [MOACTS #N]` for `ticket`.
    public static func tagged(_ subject: String, ticket: TicketNumber?) -> String {
        var text = subject
        while let r = tagRange(in: text) { text.removeSubrange(r) }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" })
        var rest = words[...]
        var isReply = false
        while let first = rest.first, first.lowercased() == "re:" {
            isReply = true
            rest = rest.dropFirst()
        }
        let line = ((isReply ? ["Re:"] : []) + rest.map(String.init)).joined(separator: " ")
        guard let ticket else { return line }
        return line.isEmpty ? ticket.tag : line + " " + ticket.tag
    }

    /// The range of the first `[MOACTS #digits]` (case-insensitive), if any.
    static func tagRange(in text: String) -> Range<String.Index>? {
        var i = text.startIndex
        while let open = text[i...].firstIndex(of: "[") {
            let rest = text[text.index(after: open)...]
            if rest.lowercased().hasPrefix("moacts #") {
                var j = rest.index(rest.startIndex, offsetBy: 8)
                let digitsStart = j
                while j < rest.endIndex, rest[j].isASCII, rest[j].isNumber { j = rest.index(after: j) }
                if j > digitsStart, j < rest.endIndex, rest[j] == "]" { return open..<rest.index(after: j) }
            }
            i = text.index(after: open)
        }
        return nil
    }
}
