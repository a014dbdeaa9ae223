/// Small byte and string helpers shared by the parsers (ASCII only; no locale).
extension UInt8 {
    @inline(__always) var isASCIIWhitespace: Bool { self == 0x20 || self == 0x09 || self == 0x0D || self == 0x0A }
    @inline(__always) var isWSP: Bool { self == 0x20 || self == 0x09 }
    @inline(__always) var asciiLowercased: UInt8 { (self >= 0x41 && self <= 0x5A) ? self | 0x20 : self }
    @inline(__always) var hexValue: UInt8? {
        switch self {
        case 0x30...0x39: return self - 0x30
        case 0x41...0x46: return self - 0x41 + 10
        case 0x61...0x66: return self - 0x61 + 10
        default: return nil
        }
    }
}

extension StringProtocol {
    /// The string without leading and trailing spaces, tabs, CR, LF and no-break spaces.
    func trimmingASCIIWhitespace() -> String { Substring(self).trimmedASCII() }

    static func isSpace(_ u: Unicode.Scalar) -> Bool {
        u == " " || u == "\t" || u == "\r" || u == "\n" || u == "\u{A0}"
    }
}

extension String {
    /// The string with every run of white space (including line breaks) folded into one space, trimmed.
    public var collapsingWhitespace: String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for u in unicodeScalars {
            if u == " " || u == "\t" || u == "\r" || u == "\n" || u == "\u{A0}" {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(u)
            }
        }
        return String(out)
    }
}

/// Finds `needle` in `haystack` starting at `from`; returns the index of its first byte.
@inline(__always)
func firstIndex(of needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, from: Int, to end: Int) -> Int? {
    guard let first = needle.first, needle.count <= end - from else { return nil }
    var i = from
    let last = end - needle.count
    while i <= last {
        if haystack[i] == first {
            var j = 1
            while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
            if j == needle.count { return i }
        }
        i += 1
    }
    return nil
}

extension Substring {
    func trimmedASCII() -> String {
        let u = utf8
        var start = u.startIndex
        var end = u.endIndex
        while start < end {
            let c = u[start]
            if c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A { start = u.index(after: start); continue }
            if c == 0xC2, u.index(after: start) < end, u[u.index(after: start)] == 0xA0 { start = u.index(start, offsetBy: 2); continue }
            break
        }
        while end > start {
            let p = u.index(before: end)
            let c = u[p]
            if c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A { end = p; continue }
            if c == 0xA0, p > start, u[u.index(before: p)] == 0xC2 { end = u.index(before: p); continue }
            break
        }
        return String(self[start..<end])
    }

}
