/// Builds the MIME tree of a message (RFC 2045, RFC 2046): nested multiparts, message/rfc822, preamble and
/// epilogue, a missing close delimiter. Depth and part count are checked as it goes.
struct MIMEParser {
    let limits: ParseLimits
    var partCount = 0

    init(limits: ParseLimits) { self.limits = limits }

    /// Parses the entity in `bytes[start..<end]` (headers, blank line, body).
    mutating func parseEntity(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int, depth: Int,
                              defaultType: ContentType) throws(MailParseError) -> MIMEPart {
        partCount += 1
        if partCount > limits.maxParts {
            throw MailParseError(.tooManyParts, "the message has more than \(limits.maxParts) MIME parts")
        }
        if depth > limits.maxDepth {
            throw MailParseError(.tooDeep, "MIME parts nest deeper than \(limits.maxDepth) levels")
        }
        let header = try HeaderBlockParser.parse(bytes, start: start, end: end, limits: limits)
        var defects: [String] = []
        if header.missingBlankLine { defects.append("no blank line after the header block") }
        if header.skippedLeadingContinuation { defects.append("a continuation line before the first header field; skipped") }
        let fields = header.fields
        let contentType = fields.first("Content-Type").map { ContentType.parse($0) } ?? defaultType
        let disposition = fields.first("Content-Disposition").map { ContentType.parse($0, isDisposition: true) }
        let cte = TransferEncoding(headerValue: fields.first("Content-Transfer-Encoding"))
        var part = MIMEPart(headers: fields, contentType: contentType, disposition: disposition, transferEncoding: cte,
                            rawBody: [], children: [], preamble: nil, epilogue: nil, defects: defects)
        let bodyStart = header.bodyStart

        if contentType.mainType == "multipart" {
            if let boundary = contentType.parameters["boundary"], !boundary.isEmpty {
                try splitMultipart(bytes, start: bodyStart, end: end, boundary: boundary, depth: depth, into: &part)
                return part
            }
            // Kept as a multipart with no parts, as Python keeps it: no body part is chosen from it, but
            // `ParsedMessage.text` falls back to its raw body.
            part.defects.append("multipart without a boundary parameter; its body is kept, with no parts")
        }
        if contentType.value == "message/rfc822" || contentType.value == "message/global" {
            if cte == .base64 || cte == .quotedPrintable {
                let decoded = cte.decode(UnsafeBufferPointer(rebasing: bytes[bodyStart..<end]))
                let child = try decoded.withUnsafeBufferPointer { (inner) throws(MailParseError) -> MIMEPart in
                    try parseEntity(inner, start: 0, end: inner.count, depth: depth + 1, defaultType: .textPlain)
                }
                part.children = [child]
            } else if bodyStart < end {
                part.children = [try parseEntity(bytes, start: bodyStart, end: end, depth: depth + 1, defaultType: .textPlain)]
            }
            return part
        }
        part.rawBody = Array(UnsafeBufferPointer(rebasing: bytes[bodyStart..<end]))
        return part
    }

    /// Splits a multipart body at its delimiter lines (RFC 2046 §5.1.1). The line break before a delimiter
    /// belongs to it. A missing close delimiter ends the last part at the end of the input.
    mutating func splitMultipart(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int, boundary: String,
                                 depth: Int, into part: inout MIMEPart) throws(MailParseError) {
        let delimiter = Array(("--" + boundary).utf8)
        let childDefault = part.contentType.subType == "digest"
            ? ContentType(value: "message/rfc822", parameters: [:]) : ContentType.textPlain
        var partStarts: [Int] = []      // where each body part starts (after its delimiter line)
        var partEnds: [Int] = []        // where each ends (before the line break preceding the next delimiter)
        var closed = false
        var preambleEnd: Int?
        var epilogueStart: Int?
        var lineStart = start
        while lineStart < end {
            var lineEnd = lineStart
            while lineEnd < end, bytes[lineEnd] != 10 { lineEnd += 1 }
            let nextLine = lineEnd < end ? lineEnd + 1 : end
            if lineEnd - lineStart >= delimiter.count, bytes[lineStart] == 0x2D, bytes[lineStart + 1] == 0x2D,
               matches(bytes, at: lineStart, delimiter) {
                var k = lineStart + delimiter.count
                var isClose = false
                if k + 2 <= lineEnd, bytes[k] == 0x2D, bytes[k + 1] == 0x2D {
                    isClose = true
                    k += 2
                }
                var onlySpace = true
                while k < lineEnd { if !bytes[k].isASCIIWhitespace { onlySpace = false; break }; k += 1 }
                if onlySpace, !isClose, partStarts.count > partEnds.count, partStarts[partStarts.count - 1] == lineStart {
                    // Two delimiter lines in a row enclose no body part (RFC 2046's grammar has none there; Python's
                    // feed parser skips repeated delimiters too).
                    partStarts[partStarts.count - 1] = nextLine
                    lineStart = nextLine
                    continue
                }
                if onlySpace {
                    // The CRLF before the delimiter belongs to the delimiter.
                    var contentEnd = lineStart
                    if contentEnd > start, bytes[contentEnd - 1] == 10 { contentEnd -= 1 }
                    if contentEnd > start, bytes[contentEnd - 1] == 13 { contentEnd -= 1 }
                    if partStarts.count > partEnds.count {
                        partEnds.append(max(contentEnd, partStarts[partStarts.count - 1]))
                    } else if preambleEnd == nil {
                        preambleEnd = max(start, contentEnd)
                    }
                    if isClose {
                        closed = true
                        epilogueStart = nextLine
                        break
                    }
                    partStarts.append(nextLine)
                }
            }
            lineStart = nextLine
        }
        if partStarts.count > partEnds.count { partEnds.append(end) }
        if !closed { part.defects.append("multipart without its close delimiter") }
        if partStarts.isEmpty {
            // Kept as a multipart with no parts, as Python keeps it (see `parseEntity`).
            part.defects.append("multipart with no body parts; its body is kept, with no parts")
            part.rawBody = Array(UnsafeBufferPointer(rebasing: bytes[start..<end]))
            return
        }
        if let p = preambleEnd, p > start { part.preamble = Array(UnsafeBufferPointer(rebasing: bytes[start..<p])) }
        if let e = epilogueStart, e < end { part.epilogue = Array(UnsafeBufferPointer(rebasing: bytes[e..<end])) }
        for (s, e) in zip(partStarts, partEnds) {
            part.children.append(try parseEntity(bytes, start: s, end: max(s, e), depth: depth + 1, defaultType: childDefault))
        }
    }

    @inline(__always)
    func matches(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, _ d: [UInt8]) -> Bool {
        var k = 0
        while k < d.count { if bytes[i + k] != d[k] { return false }; k += 1 }
        return true
    }
}
