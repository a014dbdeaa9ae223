extension QuotedPrintable {
    /// Encodes text as quoted-printable UTF-8 (RFC 2045 §6.7) with CRLF line breaks: every line break of `text`
    /// (CRLF, CR or LF) becomes a CRLF; lines are at most 76 characters with soft breaks; "=", controls and
    /// non-ASCII bytes are escaped, as are white space at the end of a line, a "." starting a line and the "F"
    /// of a line starting "From " (so no line is a lone "." and nothing looks like an mbox separator). The result
    /// ends with CRLF.
    public static func encode(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        let bytes = Array(text.utf8)
        out.reserveCapacity(bytes.count + bytes.count / 8 + 2)
        var lines: [ArraySlice<UInt8>] = []
        var i = 0
        var lineStart = 0
        while i < bytes.count {
            if bytes[i] == 13 || bytes[i] == 10 {
                lines.append(bytes[lineStart..<i])
                if bytes[i] == 13, i + 1 < bytes.count, bytes[i + 1] == 10 { i += 1 }
                lineStart = i + 1
            }
            i += 1
        }
        if lineStart < bytes.count || lines.isEmpty { lines.append(bytes[lineStart..<bytes.count]) }
        for line in lines { encodeLine(line, into: &out) }
        return out
    }

    static let hex = Array("0123456789ABCDEF".utf8)

    static func encodeLine(_ line: ArraySlice<UInt8>, into out: inout [UInt8]) {
        var column = 0
        let fromPrefix = Array("From ".utf8)
        var idx = line.startIndex
        while idx < line.endIndex {
            let b = line[idx]
            let isLast = idx == line.index(before: line.endIndex)
            var escape = b == UInt8(ascii: "=") || b >= 0x7F || (b < 0x20 && b != 0x09)
            if (b == 0x20 || b == 0x09) && isLast { escape = true }
            if column == 0 && b == UInt8(ascii: ".") { escape = true }
            if column == 0 && b == UInt8(ascii: "F") && line[idx...].starts(with: fromPrefix) { escape = true }
            let width = escape ? 3 : 1
            // Keep room for the "=" of a soft break unless this is the last byte of the line.
            if column + width > (isLast ? 76 : 75) {
                out.append(UInt8(ascii: "="))
                out.append(13)
                out.append(10)
                column = 0
                continue  // re-examine the byte at the start of the new line
            }
            if escape {
                out.append(UInt8(ascii: "="))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 15)])
            } else {
                out.append(b)
            }
            column += width
            idx = line.index(after: idx)
        }
        out.append(13)
        out.append(10)
    }
}
