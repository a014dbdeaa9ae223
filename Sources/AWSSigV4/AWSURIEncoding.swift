/// Percent-encoding as AWS Signature Version 4 defines it: every byte of the UTF-8 form except the unreserved
/// characters `A-Z a-z 0-9 - _ . ~` becomes `%XX` with upper-case hex digits (Python's `quote(s, safe='-_.~')`).
public enum AWSURIEncoding {
    /// `s` encoded; with `keepSlash`, `/` is left as it is (for a whole path rather than one segment).
    public static func encode(_ s: String, keepSlash: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for byte in s.utf8 {
            if isUnreserved(byte) || (keepSlash && byte == UInt8(ascii: "/")) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%"
                out.unicodeScalars.append(hexDigit(byte >> 4))
                out.unicodeScalars.append(hexDigit(byte & 0x0F))
            }
        }
        return out
    }

    /// A path of `segments`, each encoded once, as it goes on the wire: `["users", "a:b"]` -> `/users/a%3Ab`.
    ///
    /// This is how REST-JSON services (all but S3) put an identifier in a URI label; the signature then encodes the
    /// path a second time (see `SigV4CanonicalRequest`).
    public static func path(_ segments: [String]) -> String {
        "/" + segments.map { encode($0) }.joined(separator: "/")
    }

    static func isUnreserved(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
             UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static func hexDigit(_ v: UInt8) -> Unicode.Scalar {
        Unicode.Scalar(v < 10 ? UInt8(ascii: "0") + v : UInt8(ascii: "A") + v - 10)
    }
}
