import AWSSigV4
import ConnectDirectory
import CurlHTTP
import Foundation

/// Checks a request's SigV4 signature the way AWS does: the same canonical request, recomputed with the key pair
/// the sandbox was given, must give the same `Authorization`.
struct SandboxAuthenticator: Sendable {
    var credentials: AWSCredentials
    var region: String

    /// nil when the signature is right; otherwise Connect's error type and message.
    func problem(_ request: HTTPRequest, host: String) -> (String, String)? {
        guard let auth = request.headers["Authorization"], let amzDate = request.headers["X-Amz-Date"] else {
            return ("MissingAuthenticationTokenException", "Missing Authentication Token")
        }
        guard let credentialPart = Self.field("Credential", in: auth), let signed = Self.field("SignedHeaders", in: auth)
        else { return ("IncompleteSignatureException", "The Authorization header is not a SigV4 signature.") }
        let scope = credentialPart.split(separator: "/").map(String.init)
        guard scope.count == 5, scope[0] == credentials.accessKeyID else {
            return ("UnrecognizedClientException", "The security token included in the request is invalid.")
        }
        guard scope[2] == region, scope[3] == "connect" else {
            return ("InvalidSignatureException", "Credential should be scoped to a valid region and service "
                + "'\(region)/connect', not '\(scope[2])/\(scope[3])'.")
        }
        guard let date = Self.date(amzDate) else {
            return ("IncompleteSignatureException", "X-Amz-Date \(amzDate) is not yyyyMMddTHHmmssZ.")
        }
        let names = Set(signed.split(separator: ";").map(String.init))
        let headers = request.headers.filter { names.contains($0.name.lowercased()) && $0.name.lowercased() != "host" }
            .map { SigV4Request.Header($0.name, $0.value) }
        let components = URLComponents(string: request.url)
        let query = (components?.percentEncodedQueryItems ?? []).map {
            SigV4Request.QueryItem($0.name.removingPercentEncoding ?? $0.name,
                                   $0.value?.removingPercentEncoding ?? "")
        }
        let unsigned = SigV4Request(method: request.method, host: host,
                                    path: components?.percentEncodedPath ?? "/", query: query, headers: headers,
                                    body: Data(request.body))
        var creds = credentials
        creds.sessionToken = request.headers["X-Amz-Security-Token"]
        let expected = SigV4Signer(region: region, service: "connect").sign(unsigned, credentials: creds, date: date)
        if expected.authorization != auth {
            return ("InvalidSignatureException", "The request signature we calculated does not match the signature "
                + "you provided. Check your AWS Secret Access Key and signing method.")
        }
        return nil
    }

    static func field(_ name: String, in auth: String) -> String? {
        for part in auth.dropFirst("AWS4-HMAC-SHA256".count).split(separator: ",") {
            let p = part.trimmingCharacters(in: .whitespaces)
            if p.hasPrefix(name + "=") { return String(p.dropFirst(name.count + 1)) }
        }
        return nil
    }

    static func date(_ s: String) -> Date? {
        let d = Array(s.utf8)
        guard d.count == 16, d[8] == UInt8(ascii: "T"), d[15] == UInt8(ascii: "Z") else { return nil }
        func n(_ r: Range<Int>) -> Int? { Int(String(decoding: d[r], as: UTF8.self)) }
        var c = DateComponents()
        c.year = n(0..<4); c.month = n(4..<6); c.day = n(6..<8)
        c.hour = n(9..<11); c.minute = n(11..<13); c.second = n(13..<15)
        c.timeZone = TimeZone(identifier: "UTC")
        return Calendar(identifier: .gregorian).date(from: c)
    }
}
