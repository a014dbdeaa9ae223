/// Content-Transfer-Encoding (RFC 2045 §6): how a part's bytes are written on the wire.
public enum TransferEncoding: String, Sendable, Equatable {
    /// 7bit, the default (RFC 2045 §6.1).
    case sevenBit = "7bit"
    /// 8bit (RFC 2045 §6.2).
    case eightBit = "8bit"
    /// binary (RFC 2045 §6.2).
    case binary
    /// quoted-printable (RFC 2045 §6.7).
    case quotedPrintable = "quoted-printable"
    /// base64 (RFC 2045 §6.8).
    case base64

    /// Reads a Content-Transfer-Encoding value; unknown values are treated as 7bit (RFC 2045 §6.4 says treat the
    /// part as application/octet-stream, but people read it better as text left as it is).
    public init(headerValue: String?) {
        let v = (headerValue ?? "").trimmingASCIIWhitespace().lowercased()
        switch v {
        case "quoted-printable": self = .quotedPrintable
        case "base64": self = .base64
        case "8bit": self = .eightBit
        case "binary": self = .binary
        default: self = .sevenBit
        }
    }

    /// Decodes `bytes` written in this encoding.
    public func decode<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        switch self {
        case .base64: return Base64.decode(bytes)
        case .quotedPrintable: return QuotedPrintable.decode(bytes)
        default: return Array(bytes)
        }
    }
}

/// Base64 (RFC 2045 §6.8), tolerant: characters outside the alphabet (line breaks, junk) are skipped, and
/// decoding stops at the first padding.
public enum Base64 {
    private static let table: [UInt8] = {
        var t = [UInt8](repeating: 0xFF, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (i, c) in alphabet.enumerated() { t[Int(c)] = UInt8(i) }
        t[Int(UInt8(ascii: "-"))] = 62  // base64url, seen in the wild
        t[Int(UInt8(ascii: "_"))] = 63
        return t
    }()

    /// Decodes base64 text, skipping anything outside the alphabet; a trailing partial group gives what it can.
    public static func decode<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 3 / 4)
        var acc: UInt32 = 0
        var n = 0
        for c in bytes {
            if c == UInt8(ascii: "=") {
                if n >= 2 { break }
                continue
            }
            let v = table[Int(c)]
            if v == 0xFF { continue }
            acc = (acc << 6) | UInt32(v)
            n += 1
            if n == 4 {
                out.append(UInt8((acc >> 16) & 0xFF))
                out.append(UInt8((acc >> 8) & 0xFF))
                out.append(UInt8(acc & 0xFF))
                acc = 0
                n = 0
            }
        }
        if n == 2 {
            out.append(UInt8((acc >> 4) & 0xFF))
        } else if n == 3 {
            out.append(UInt8((acc >> 10) & 0xFF))
            out.append(UInt8((acc >> 2) & 0xFF))
        }
        return out
    }

    /// Encodes bytes as base64, with lines of at most 76 characters when `lineLength` is given.
    public static func encode(_ bytes: [UInt8], lineLength: Int? = nil) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 4 / 3 + 4)
        var i = 0
        var column = 0
        func put(_ c: UInt8) {
            if let l = lineLength, column == l { out.append(13); out.append(10); column = 0 }
            out.append(c)
            column += 1
        }
        while i + 3 <= bytes.count {
            let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            put(alphabet[Int(v >> 18)]); put(alphabet[Int((v >> 12) & 63)])
            put(alphabet[Int((v >> 6) & 63)]); put(alphabet[Int(v & 63)])
            i += 3
        }
        let rest = bytes.count - i
        if rest == 1 {
            let v = UInt32(bytes[i]) << 16
            put(alphabet[Int(v >> 18)]); put(alphabet[Int((v >> 12) & 63)]); put(61); put(61)
        } else if rest == 2 {
            let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            put(alphabet[Int(v >> 18)]); put(alphabet[Int((v >> 12) & 63)]); put(alphabet[Int((v >> 6) & 63)]); put(61)
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Quoted-printable (RFC 2045 §6.7): soft line breaks, upper- or lowercase hex; a bad escape is kept as written.
public enum QuotedPrintable {
    /// Decodes quoted-printable bytes. Literal trailing white space before a line break is dropped (rule 3);
    /// encoded white space (`=20`, `=09`) is data and kept.
    public static func decode<C: Collection>(_ input: C) -> [UInt8] where C.Element == UInt8 {
        let bytes = Array(input)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var i = 0
        let n = bytes.count
        var literalWhitespace = 0  // literal spaces and tabs at the end of `out`
        while i < n {
            let c = bytes[i]
            if c != 13 && c != 10 && !c.isWSP { literalWhitespace = 0 }
            if c == UInt8(ascii: "=") {
                // Soft line break: "=" then optional white space then CRLF or LF.
                var j = i + 1
                while j < n, bytes[j].isWSP { j += 1 }
                if j < n, bytes[j] == 13 || bytes[j] == 10 {
                    if bytes[j] == 13, j + 1 < n, bytes[j + 1] == 10 { j += 1 }
                    i = j + 1
                    literalWhitespace = 0
                    continue
                }
                if j >= n { i = n; continue }
                if i + 2 < n, let h = bytes[i + 1].hexValue, let l = bytes[i + 2].hexValue {
                    out.append(h << 4 | l)
                    i += 3
                    continue
                }
                out.append(c)
                i += 1
            } else if c == 13 || c == 10 {
                // Drop literal trailing white space already written on this line.
                out.removeLast(literalWhitespace)
                literalWhitespace = 0
                out.append(c)
                i += 1
            } else {
                if c.isWSP { literalWhitespace += 1 }
                out.append(c)
                i += 1
            }
        }
        return out
    }
}
