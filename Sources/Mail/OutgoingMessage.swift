/// An email the bot sends, as a value; `render()` gives its RFC 5322 bytes. Pure: the caller supplies the date and
/// the Message-ID (made with `MessageID.generate(domain:random:)`), so rendering is deterministic.
///
/// What `render()` guarantees: CRLF line endings only; every value put in a header has its CR/LF removed;
/// non-ASCII Subject and display names are RFC 2047 encoded words (UTF-8); display names with specials are quoted;
/// lines are folded at white space (aiming at 78 columns, never over 998); Message-ID, In-Reply-To and References
/// are never encoded or broken inside an id; bodies are quoted-printable UTF-8, so no body line is a lone ".".
public struct OutgoingMessage: Sendable, Equatable {
    /// One extra header field, e.g. `Auto-Submitted: auto-replied`.
    public struct Header: Sendable, Equatable {
        /// The field name; characters outside RFC 5322 ftext are dropped when rendering.
        public var name: String
        /// The value, written as unstructured text (encoded when not ASCII, line breaks removed).
        public var value: String

        /// Creates a header field.
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// From.
    public var from: Address
    /// To.
    public var to: [Address]
    /// Cc.
    public var cc: [Address]
    /// The subject, as readers should see it (decoded).
    public var subject: String
    /// This message's id.
    public var messageID: MessageID
    /// The message replied to (In-Reply-To); empty for a message that starts a thread.
    public var inReplyTo: [MessageID]
    /// The thread, oldest first (References).
    public var references: [MessageID]
    /// The Date.
    public var date: MailDate
    /// Further header fields, written after the standard ones. Fields this type writes itself (From, To, Cc,
    /// Subject, Date, Message-ID, In-Reply-To, References, MIME-Version, Content-*) are ignored here.
    public var extraHeaders: [Header]
    /// The plain-text body.
    public var text: String
    /// The HTML alternative; when set the message is multipart/alternative.
    public var html: String?

    /// Creates a message.
    public init(from: Address, to: [Address], cc: [Address] = [], subject: String, messageID: MessageID,
                inReplyTo: [MessageID] = [], references: [MessageID] = [], date: MailDate,
                extraHeaders: [Header] = [], text: String, html: String? = nil) {
        self.from = from
        self.to = to
        self.cc = cc
        self.subject = subject
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.date = date
        self.extraHeaders = extraHeaders
        self.text = text
        self.html = html
    }

    /// The envelope recipients (To then Cc), addr-specs only, each once (compared case-insensitively): what the
    /// transport passes as RCPT TO.
    public var recipients: [String] {
        var seen: Set<String> = []
        var out: [String] = []
        for a in to + cc {
            let spec = HeaderWriter.addrSpec(a.address)
            guard !spec.isEmpty, seen.insert(spec.lowercased()).inserted else { continue }
            out.append(spec)
        }
        return out
    }

    /// Names of the fields this type writes itself; extra headers by these names are ignored.
    static let reservedNames: Set<String> = [
        "from", "to", "cc", "bcc", "subject", "date", "message-id", "in-reply-to", "references", "mime-version",
        "content-type", "content-transfer-encoding", "content-disposition",
    ]

    /// The message as RFC 5322 bytes with CRLF line endings.
    public func render() -> [UInt8] {
        var out: [UInt8] = []
        out.append(contentsOf: HeaderWriter.field("From", HeaderWriter.mailbox(from)))
        if !to.isEmpty { out.append(contentsOf: HeaderWriter.field("To", HeaderWriter.mailboxList(to))) }
        if !cc.isEmpty { out.append(contentsOf: HeaderWriter.field("Cc", HeaderWriter.mailboxList(cc))) }
        out.append(contentsOf: HeaderWriter.field("Subject", HeaderWriter.unstructured(subject)))
        out.append(contentsOf: HeaderWriter.field("Date", date.rfc5322))
        out.append(contentsOf: HeaderWriter.field("Message-ID", messageID.bracketed))
        if !inReplyTo.isEmpty { out.append(contentsOf: HeaderWriter.field("In-Reply-To", HeaderWriter.idList(inReplyTo))) }
        if !references.isEmpty {
            out.append(contentsOf: HeaderWriter.field("References", HeaderWriter.idList(references)))
        }
        for h in extraHeaders {
            let name = HeaderWriter.fieldName(h.name)
            guard !name.isEmpty, !Self.reservedNames.contains(name.lowercased()) else { continue }
            out.append(contentsOf: HeaderWriter.field(name, HeaderWriter.unstructured(h.value)))
        }
        out.append(contentsOf: HeaderWriter.field("MIME-Version", "1.0"))
        let plainHeaders = "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n"
        guard let html else {
            out.append(contentsOf: plainHeaders.utf8)
            out.append(contentsOf: [13, 10])
            out.append(contentsOf: QuotedPrintable.encode(text))
            return out
        }
        // "=_" never occurs in quoted-printable text ("=" is always followed by hex digits or a line break), so
        // this boundary cannot appear in either part.
        let boundary = "=_moacts_" + String(messageID.value.unicodeScalars.filter {
            ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9")
        }.prefix(40).map(Character.init))
        // The CRLF before each delimiter belongs to the delimiter (RFC 2046 §5.1.1): one more keeps the part's
        // last line break.
        out.append(contentsOf: "Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"\r\n\r\n".utf8)
        out.append(contentsOf: "--\(boundary)\r\n\(plainHeaders)\r\n".utf8)
        out.append(contentsOf: QuotedPrintable.encode(text))
        out.append(contentsOf: "\r\n--\(boundary)\r\n".utf8)
        out.append(contentsOf: "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n".utf8)
        out.append(contentsOf: QuotedPrintable.encode(html))
        out.append(contentsOf: "\r\n--\(boundary)--\r\n".utf8)
        return out
    }
}
