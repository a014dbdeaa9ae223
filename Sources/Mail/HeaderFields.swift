/// One header field as it was written (RFC 5322 §2.2): the name, and the value unfolded but not yet decoded.
public struct HeaderField: Sendable, Equatable {
    /// The field name as written, e.g. "Content-Type".
    public let name: String
    /// The value with folding removed (CRLF before white space dropped), RFC 2047 words still encoded.
    public let rawValue: String

    /// Creates a field.
    public init(name: String, rawValue: String) {
        self.name = name
        self.rawValue = rawValue
    }

    /// The value with RFC 2047 encoded words decoded, for unstructured fields such as Subject.
    public var decodedValue: String { EncodedWords.decode(rawValue) }
}

/// The header block of a message or part: fields in order, repeated fields kept, lookups case-insensitive.
public struct HeaderFields: Sendable, Equatable, Sequence {
    /// The fields in the order they were written.
    public private(set) var fields: [HeaderField]

    /// Creates a header block from fields.
    public init(_ fields: [HeaderField] = []) { self.fields = fields }

    /// The first field called `name` (case-insensitive), raw.
    public subscript(_ name: String) -> String? { first(name) }

    /// The first value of `name`, raw (RFC 2047 words still encoded).
    public func first(_ name: String) -> String? {
        for f in fields where Self.sameName(f.name, name) { return f.rawValue }
        return nil
    }

    /// ASCII case-insensitive comparison of field names, without allocating.
    static func sameName(_ a: String, _ b: String) -> Bool {
        let x = a.utf8
        let y = b.utf8
        guard x.count == y.count else { return false }
        for (p, q) in zip(x, y) where p.asciiLowercased != q.asciiLowercased { return false }
        return true
    }

    /// Every value of `name`, raw, in order (the topmost first).
    public func all(_ name: String) -> [String] {
        fields.filter { Self.sameName($0.name, name) }.map(\.rawValue)
    }

    /// Whether a field called `name` is present.
    public func contains(_ name: String) -> Bool { first(name) != nil }

    /// The first value of `name` with encoded words decoded.
    public func decoded(_ name: String) -> String? { first(name).map(EncodedWords.decode) }

    public func makeIterator() -> IndexingIterator<[HeaderField]> { fields.makeIterator() }

    mutating func append(_ field: HeaderField) { fields.append(field) }
}

/// Splits a header block from the body and reads its fields (RFC 5322 §2.2, §3.6; obsolete syntax tolerated).
enum HeaderBlockParser {
    /// The result of reading a header block: its fields and where the body starts.
    struct Result {
        var fields: HeaderFields
        var bodyStart: Int
        /// The header block ended without a blank line (a line that is not a field started the body).
        var missingBlankLine: Bool
        /// Continuation lines came before the first field and were skipped.
        var skippedLeadingContinuation = false
    }

    /// Reads fields from `bytes[start..<end]`. A line that is neither a field nor a continuation ends the block,
    /// as it does for Python's feed parser; a leading mbox "From " line is skipped.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int, limits: ParseLimits) throws(MailParseError) -> Result {
        var fields = HeaderFields()
        var i = start
        var currentName: String?
        var currentValue: [UInt8] = []
        var missingBlank = false
        var skippedLeading = false

        func flush() {
            if let name = currentName {
                fields.append(HeaderField(name: name, rawValue: decodeHeaderBytes(currentValue)))
            }
            currentName = nil
            currentValue.removeAll(keepingCapacity: true)
        }

        // mbox "From " line.
        if end - i >= 5, bytes[i] == UInt8(ascii: "F"), bytes[i + 1] == UInt8(ascii: "r"), bytes[i + 2] == UInt8(ascii: "o"),
           bytes[i + 3] == UInt8(ascii: "m"), bytes[i + 4] == 0x20 {
            while i < end, bytes[i] != 10 { i += 1 }
            if i < end { i += 1 }
        }

        while i < end {
            // Find the end of this line.
            var lineEnd = i
            while lineEnd < end, bytes[lineEnd] != 10 { lineEnd += 1 }
            var contentEnd = lineEnd
            if contentEnd > i, bytes[contentEnd - 1] == 13 { contentEnd -= 1 }
            let next = lineEnd < end ? lineEnd + 1 : end

            if i - start > limits.maxHeaderBytes {
                throw MailParseError(.headerTooLarge, "the header block is over \(limits.maxHeaderBytes) bytes")
            }
            if contentEnd == i {
                // Blank line: end of the header block.
                flush()
                return Result(fields: fields, bodyStart: next, missingBlankLine: false, skippedLeadingContinuation: skippedLeading)
            }
            let first = bytes[i]
            if first.isWSP {
                if currentName != nil {
                    // Continuation: keep the white space, drop the line break (RFC 5322 §2.2.3 unfolding).
                    currentValue.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<contentEnd]))
                    i = next
                    continue
                }
                // White space before any field: skip the line (a defect, as in Python).
                skippedLeading = true
                i = next
                continue
            }
            // field-name = 1*ftext (printable US-ASCII except ":"); allow white space before the colon (obs-syntax).
            var colon = -1
            var j = i
            while j < contentEnd {
                let c = bytes[j]
                if c == UInt8(ascii: ":") { colon = j; break }
                if c < 33 || c > 126 {
                    if c.isWSP {
                        var k = j
                        while k < contentEnd, bytes[k].isWSP { k += 1 }
                        if k < contentEnd, bytes[k] == UInt8(ascii: ":") { colon = k }
                    }
                    break
                }
                j += 1
            }
            if colon <= i {
                // Not a field: the body starts here (missing blank line).
                flush()
                missingBlank = true
                return Result(fields: fields, bodyStart: i, missingBlankLine: missingBlank, skippedLeadingContinuation: skippedLeading)
            }
            flush()
            var nameEnd = colon
            while nameEnd > i, bytes[nameEnd - 1].isWSP { nameEnd -= 1 }
            currentName = String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<nameEnd]), as: UTF8.self)
            var v = colon + 1
            while v < contentEnd, bytes[v].isWSP { v += 1 }
            currentValue.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[v..<contentEnd]))
            i = next
        }
        flush()
        return Result(fields: fields, bodyStart: end, missingBlankLine: false, skippedLeadingContinuation: skippedLeading)
    }

    /// Header bytes are UTF-8 (RFC 6532) when valid; otherwise they are read as windows-1252.
    static func decodeHeaderBytes(_ bytes: [UInt8]) -> String {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self).trimmingASCIIWhitespace() }
        return Charset.decode(bytes, label: "us-ascii").trimmingASCIIWhitespace()
    }
}
