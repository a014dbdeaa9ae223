/// Parses raw RFC 5322 bytes into a `ParsedMessage`. Pure: no I/O, no clock. Every byte sequence either parses
/// (defects recorded) or throws a `MailParseError` with the reason; none crashes or hangs it.
public struct MessageParser: Sendable {
    /// The limits checked before and during the work.
    public var limits: ParseLimits

    /// Creates a parser with `limits`.
    public init(limits: ParseLimits = .default) { self.limits = limits }

    /// Parses a message.
    public func parse(_ bytes: [UInt8]) throws(MailParseError) -> ParsedMessage {
        if bytes.count > limits.maxMessageBytes {
            throw MailParseError(.messageTooLarge, "the message is \(bytes.count) bytes; the limit is \(limits.maxMessageBytes)")
        }
        guard bytes.contains(where: { !$0.isASCIIWhitespace }) else {
            throw MailParseError(.empty, "the message holds no bytes but white space")
        }
        // Old Mac mail ends lines with CR alone; Python's parser splits lines on CR too, so read them as LF.
        let bytes = !bytes.contains(10) && bytes.contains(13) ? bytes.map { $0 == 13 ? 10 : $0 } : bytes
        let root = try bytes.withUnsafeBufferPointer { (buf) throws(MailParseError) -> MIMEPart in
            try checkHeaderBlock(buf)
            var mime = MIMEParser(limits: limits)
            return try mime.parseEntity(buf, start: 0, end: buf.count, depth: 0, defaultType: .textPlain)
        }
        if root.headers.fields.isEmpty {
            throw MailParseError(.notAMessage, "the input does not start with a header field (Name: value)")
        }
        let message = MessageParser.assemble(root)
        try checkReadable(message.text)
        return message
    }

    /// Refuses a body text that is mostly unreadable: at least `ParseLimits.minUnreadableCharacters` characters that
    /// are U+FFFD (bytes the charset could not decode), NUL or another control character other than tab and line
    /// breaks, making up more than `ParseLimits.maxUnreadableShare` of the text's non-blank characters. A wrongly
    /// labelled accent or two stays readable; a binary file sent as text, or a body of NULs, does not.
    func checkReadable(_ text: String) throws(MailParseError) {
        var bad = 0
        var visible = 0
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D, 0x20: continue
            case 0xFFFD, 0x00...0x1F, 0x7F: bad += 1
            default: break
            }
            visible += 1
        }
        guard bad >= limits.minUnreadableCharacters, Double(bad) > limits.maxUnreadableShare * Double(visible) else { return }
        let share = Int((Double(bad) * 100 / Double(max(visible, 1))).rounded())
        throw MailParseError(.unreadableText, "\(share)% of the body text (\(bad) of \(visible) characters) is undecodable bytes, "
            + "NUL or control characters: it is binary or wrongly encoded; a person should read it")
    }

    /// Parses a message given as text (converted to UTF-8 bytes).
    public func parse(_ text: String) throws(MailParseError) -> ParsedMessage { try parse(Array(text.utf8)) }

    /// The top header block must hold no NUL byte and must fit the header limit. The block ends where
    /// `HeaderBlockParser` ends it: at a blank line, or at a line that is neither a field nor a continuation (the
    /// body then starts without a blank line, and may hold anything). A NUL inside a field name counts as part of
    /// the header, so "X-Ba\0d: 1" is refused rather than read as a body.
    func checkHeaderBlock(_ buf: UnsafeBufferPointer<UInt8>) throws(MailParseError) {
        let n = buf.count
        var i = 0
        while i < n {
            let isMboxLine = i == 0 && n >= 5 && buf[0] == UInt8(ascii: "F") && buf[1] == UInt8(ascii: "r")
                && buf[2] == UInt8(ascii: "o") && buf[3] == UInt8(ascii: "m") && buf[4] == 0x20
            if !isMboxLine && !buf[i].isWSP {
                // A blank line ends the block; so does a line that is not "name:" (ftext or NUL, then a colon).
                var j = i
                while j < n, buf[j] == 13 { j += 1 }
                if j >= n || buf[j] == 10 { return }
                j = i
                while j < n, buf[j] == 0 || (buf[j] >= 33 && buf[j] <= 126 && buf[j] != UInt8(ascii: ":")) { j += 1 }
                while j < n, buf[j].isWSP { j += 1 }
                guard j > i, j < n, buf[j] == UInt8(ascii: ":") else { return }
            }
            // A field, a continuation, or the mbox line: it is header, up to its line break.
            while i < n, buf[i] != 10 {
                if buf[i] == 0 { throw MailParseError(.nulInHeaders, "the header block holds a NUL byte at offset \(i)") }
                i += 1
                if i > limits.maxHeaderBytes {
                    throw MailParseError(.headerTooLarge, "the header block is over \(limits.maxHeaderBytes) bytes")
                }
            }
            i += 1
        }
    }

    /// Builds the message view from its MIME tree.
    static func assemble(_ root: MIMEPart) -> ParsedMessage {
        let h = root.headers
        let from = h.first("From").map(AddressListParser.parse) ?? []
        let subject = (h.decoded("Subject") ?? "").replacingOccurrences(of: "\t", with: " ").trimmingASCIIWhitespace()
        var plain: MIMEPart?
        var html: MIMEPart?
        findBody(root, plain: &plain, html: &html)
        let plainText = plain.map(\.text)
        let htmlText = html.map(\.text)
        var text = plainText ?? htmlText.map(HTMLText.text(fromHTML:)) ?? brokenMultipartText(root) ?? ""
        if let p = plainText, p.trimmingASCIIWhitespace().isEmpty, let h = htmlText {
            text = HTMLText.text(fromHTML: h)
        }
        text = normaliseLineBreaks(text)
        var attachments: [Attachment] = []
        var defects: [String] = []
        var forwardedMessages: [MIMEPart] = []
        collect(root, isRoot: true, attachments: &attachments, forwarded: &forwardedMessages, defects: &defects)
        let lowerSubject = subject.lowercased()
        let isForward = ["fw:", "fwd:", "fw :", "tr:", "wg:", "rv:"].contains { lowerSubject.hasPrefix($0) }
        var content = ReplySplitter.split(text, isForward: isForward)
        // A forward as an attached message (message/rfc822): its text is the request when nothing was added.
        if let fwd = forwardedMessages.first {
            let inner = assemble(fwd)
            if content.forwarded == nil { content.forwarded = inner.text }
            if content.newText.isEmpty { content.newText = inner.content.newText }
        }
        let returnPath = h.first("Return-Path")
        let auto = AutoGeneratedDetector.detect(headers: h, from: from, returnPath: returnPath, subject: subject, root: root)
        var bounce: BounceReport?
        if auto?.kind == .bounce || root.contentType.value == "multipart/report" {
            bounce = BounceReport.read(root: root, text: text)
        }
        return ParsedMessage(
            root: root, from: from,
            sender: h.first("Sender").map(AddressListParser.parse) ?? [],
            replyTo: h.first("Reply-To").map(AddressListParser.parse) ?? [],
            to: h.all("To").flatMap(AddressListParser.parse),
            cc: h.all("Cc").flatMap(AddressListParser.parse),
            returnPath: returnPath, subject: subject,
            date: h.first("Date").flatMap(MailDate.parse),
            messageID: h.first("Message-ID").flatMap { MessageIDs.parse($0).first },
            inReplyTo: h.first("In-Reply-To").map(MessageIDs.parse) ?? [],
            references: h.first("References").map(MessageIDs.parse) ?? [],
            plainBody: plainText, htmlBody: htmlText, text: text, content: content,
            attachments: attachments, autoGenerated: auto, bounce: bounce, defects: defects)
    }

    /// Python's `_find_body`: skip attachments; text parts by preference; descend multiparts (only the start part
    /// of multipart/related); never into message/rfc822.
    static func findBody(_ part: MIMEPart, plain: inout MIMEPart?, html: inout MIMEPart?) {
        if part.isAttachment { return }
        let ct = part.contentType
        if ct.mainType == "text" {
            if ct.subType == "plain", plain == nil { plain = part }
            if ct.subType == "html", html == nil { html = part }
            return
        }
        guard ct.mainType == "multipart", !part.children.isEmpty else { return }
        if ct.subType == "related" {
            var candidate = part.children[0]
            if let start = ct.parameters["start"] {
                if let c = part.children.first(where: { $0.headers.first("Content-ID")?.trimmingASCIIWhitespace() == start }) {
                    candidate = c
                }
            }
            findBody(candidate, plain: &plain, html: &html)
            return
        }
        for child in part.children { findBody(child, plain: &plain, html: &html) }
    }

    /// The raw body of the first multipart that has no parts (no boundary parameter, or no delimiter line found),
    /// for the readable text when no text part was found: Python gives no body for such a message, but its words
    /// are usually the message.
    static func brokenMultipartText(_ part: MIMEPart) -> String? {
        if part.isAttachment || part.contentType.value == "message/rfc822" || part.contentType.value == "message/global" {
            return nil
        }
        guard part.isMultipart else { return nil }
        if part.children.isEmpty {
            let t = part.text
            return t.trimmingASCIIWhitespace().isEmpty ? nil : t
        }
        for child in part.children {
            if let t = brokenMultipartText(child) { return t }
        }
        return nil
    }

    static func collect(_ part: MIMEPart, isRoot: Bool, attachments: inout [Attachment], forwarded: inout [MIMEPart],
                        defects: inout [String]) {
        defects.append(contentsOf: part.defects)
        if part.contentType.value == "message/rfc822" || part.contentType.value == "message/global" {
            if let child = part.children.first { forwarded.append(child) }
            return
        }
        if part.isMultipart {
            for c in part.children { collect(c, isRoot: false, attachments: &attachments, forwarded: &forwarded, defects: &defects) }
            return
        }
        if isRoot { return }
        let ct = part.contentType
        let isInlineText = ct.mainType == "text" && !part.isAttachment && part.filename == nil
        if isInlineText || ct.value == "message/delivery-status" || ct.value == "text/rfc822-headers" { return }
        attachments.append(Attachment(filename: part.filename, mediaType: ct.value, data: part.decodedBody,
                                      charset: ct.parameters["charset"]))
    }

    static func normaliseLineBreaks(_ text: String) -> String {
        guard text.utf8.contains(13) else { return text }
        return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }
}
