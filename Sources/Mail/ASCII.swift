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
    /// The string without leading and trailing spaces, tabs, CR and LF.
    func trimmingASCIIWhitespace() -> String {
        let scalars = unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, Self.isSpace(scalars[start]) { start = scalars.index(after: start) }
        while end > start, Self.isSpace(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(String.UnicodeScalarView(scalars[start..<end]))
    }

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
