import Crypto
import Foundation

/// The canonical request of Signature Version 4, step 1 of signing, built exactly as botocore's `SigV4Auth` does:
///
/// ```
/// METHOD \n canonical URI \n canonical query \n canonical headers \n\n signed headers \n payload hash
/// ```
enum SigV4CanonicalRequest {
    /// Headers that are never signed (botocore's `SIGNED_HEADERS_BLACKLIST`): proxies and clients may change them.
    static let unsignedHeaders: Set<String> = [
        "authorization", "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
        "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    ]

    /// The canonical request text and the `;`-joined names of the signed headers.
    static func build(_ request: SigV4Request, signedHeaders headers: [SigV4Request.Header]) -> (text: String,
                                                                                                   signed: String) {
        var byName: [String: [String]] = [:]
        for h in headers {
            let name = h.name.lowercased()
            if unsignedHeaders.contains(name) { continue }
            byName[name, default: []].append(trimAll(h.value))
        }
        if byName["host"] == nil { byName["host"] = [request.host] }
        let names = byName.keys.sorted { Array($0.utf8).lexicographicallyPrecedes($1.utf8) }
        let canonicalHeaders = names.map { "\($0):\(byName[$0]!.joined(separator: ","))\n" }.joined()
        let signed = names.joined(separator: ";")
        let text = [
            request.method.uppercased(),
            canonicalURI(request.path),
            request.encodedQuery,
            canonicalHeaders,
            signed,
            payloadHash(request.body),
        ].joined(separator: "\n")
        return (text, signed)
    }

    /// The path with dot segments and empty segments removed, then percent-encoded again (keeping `/`): an id
    /// sent as `a%3Ab` is signed as `a%253Ab`. AWS signs the path of every service but S3 this way.
    static func canonicalURI(_ path: String) -> String {
        AWSURIEncoding.encode(removeDotSegments(path), keepSlash: true)
    }

    /// RFC 3986 section 5.2.4, and consecutive slashes collapsed (botocore's `remove_dot_segments`).
    static func removeDotSegments(_ path: String) -> String {
        if path.isEmpty { return "/" }
        var output: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." {
                if !output.isEmpty { output.removeLast() }
            } else {
                output.append(segment)
            }
        }
        let first = path.hasPrefix("/") ? "/" : ""
        let last = path.hasSuffix("/") && !output.isEmpty ? "/" : ""
        return first + output.joined(separator: "/") + last
    }

    /// Leading and trailing whitespace removed and inner runs of whitespace made one space (Python's
    /// `' '.join(value.split())`).
    static func trimAll(_ value: String) -> String {
        value.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The lowercase hex SHA-256 of the body (of nothing, for an empty body).
    static func payloadHash(_ body: Data) -> String {
        hex(SHA256.hash(data: body))
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in digest {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
