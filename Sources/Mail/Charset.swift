#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns bytes in a named charset into a `String`, through iconv for anything beyond the common ones.
///
/// A bad byte sequence becomes U+FFFD; an unknown charset is read as UTF-8 (as Python's `email` does). Never traps.
public enum Charset {
    /// Decodes `bytes` labelled with `label` (case-insensitive, e.g. "iso-8859-1", "windows-1252", "gbk").
    public static func decode<C: Collection>(_ bytes: C, label: String?) -> String where C.Element == UInt8 {
        let name = normalise(label ?? "us-ascii")
        switch name {
        case "utf-8", "utf8", "unicode-1-1-utf-8":
            return String(decoding: bytes, as: UTF8.self)
        case "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "":
            // Mislabelled 8-bit text is common: valid UTF-8 is kept as such, anything else is read as windows-1252.
            if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
            if let s = validUTF8(bytes) { return s }
            return windows1252(bytes)
        case "iso-8859-1", "latin1", "latin-1", "iso8859-1", "l1":
            var s = String.UnicodeScalarView()
            for b in bytes { s.append(Unicode.Scalar(b)) }
            return String(s)
        case "windows-1252", "cp1252":
            return windows1252(bytes)
        case "utf-16", "utf16":
            // A byte order mark decides (iconv reads it). Without one iconv takes the host's order; RFC 2781 §4.3
            // says big-endian, but writers differ, so let the zero bytes of ASCII-range text tell, and read
            // big-endian when they do not.
            let a = Array(bytes)
            if a.count >= 2, (a[0] == 0xFE && a[1] == 0xFF) || (a[0] == 0xFF && a[1] == 0xFE) {
                return iconvDecode(a, from: "utf-16") ?? String(decoding: a, as: UTF8.self)
            }
            var evenZeros = 0
            var oddZeros = 0
            for (k, b) in a.enumerated() where b == 0 { if k % 2 == 0 { evenZeros += 1 } else { oddZeros += 1 } }
            return iconvDecode(a, from: oddZeros > evenZeros ? "utf-16le" : "utf-16be") ?? String(decoding: a, as: UTF8.self)
        default:
            if let s = iconvDecode(Array(bytes), from: name) { return s }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Whether iconv (or our own tables) knows the charset.
    public static func isKnown(_ label: String) -> Bool {
        let name = normalise(label)
        if ["utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin1", "windows-1252", "cp1252"].contains(name) {
            return true
        }
        let cd = iconv_open("UTF-8", name)
        if cd == iconv_t(bitPattern: -1) { return false }
        iconv_close(cd)
        return true
    }

    static func normalise(_ label: String) -> String {
        var s = label.trimmingASCIIWhitespace().lowercased()
        if s.hasPrefix("\""), s.hasSuffix("\""), s.count >= 2 { s = String(s.dropFirst().dropLast()) }
        switch s {
        case "cp-1252", "x-cp1252": return "windows-1252"
        case "ks_c_5601-1987", "ks_c_5601": return "cp949"
        case "gb2312", "x-gbk": return "gbk"
        case "x-sjis", "sjis", "shift-jis": return "shift_jis"
        case "unicode": return "utf-16"
        default: return s
        }
    }

    static func validUTF8<C: Collection>(_ bytes: C) -> String? where C.Element == UInt8 {
        String(validating: Array(bytes), as: UTF8.self)
    }

    /// windows-1252: latin-1 with the 0x80-0x9F block mapped to typographic characters.
    static func windows1252<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var s = String.UnicodeScalarView()
        for b in bytes {
            if b >= 0x80, b <= 0x9F {
                let v = cp1252High[Int(b - 0x80)]
                s.append(Unicode.Scalar(v) ?? "\u{FFFD}")
            } else {
                s.append(Unicode.Scalar(b))
            }
        }
        return String(s)
    }

    private static let cp1252High: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD,
        0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0xFFFD, 0x017E, 0x0178,
    ]

    /// iconv to UTF-8; an invalid or incomplete sequence becomes U+FFFD and decoding goes on after it.
    static func iconvDecode(_ input: [UInt8], from charset: String) -> String? {
        let cd = iconv_open("UTF-8", charset)
        if cd == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(cd) }
        if input.isEmpty { return "" }
        var output = [UInt8]()
        output.reserveCapacity(input.count * 2)
        var buffer = [UInt8](repeating: 0, count: max(64, input.count * 4))
        var source = input
        source.withUnsafeMutableBufferPointer { src in
            var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(src.baseAddress!).assumingMemoryBound(to: CChar.self)
            var inLeft = src.count
            while inLeft > 0 {
                let (status, err, produced) = buffer.withUnsafeMutableBufferPointer { out -> (Int, Int32, Int) in
                    var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(out.baseAddress!).assumingMemoryBound(to: CChar.self)
                    var outLeft = out.count
                    let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                    return (r, r == -1 ? errno : 0, out.count - outLeft)
                }
                output.append(contentsOf: buffer[0..<produced])
                if status != -1 { break }
                if err == E2BIG { continue }
                // EILSEQ or EINVAL: one replacement character, skip a byte, reset the shift state.
                output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                inPtr = inPtr.map { $0 + 1 }
                inLeft -= 1
                iconv(cd, nil, nil, nil, nil)
                if produced == 0 && err != EILSEQ && err != EINVAL { break }
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
