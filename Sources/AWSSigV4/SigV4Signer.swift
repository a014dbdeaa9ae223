import Crypto
public import Foundation

/// Signs requests with AWS Signature Version 4 (`AWS4-HMAC-SHA256`), byte for byte as botocore's `SigV4Auth` does
/// (proved by `Tests/AWSSigV4Tests` against signatures botocore computed; `scripts/sigv4-fixtures.py`).
///
/// Pure: the time is a parameter, and nothing is read from the environment.
public struct SigV4Signer: Sendable {
    /// The signing region, e.g. `us-east-1`.
    public var region: String
    /// The signing name of the service, e.g. `connect`.
    public var service: String

    /// Creates a signer for one region and service.
    public init(region: String, service: String) {
        self.region = region
        self.service = service
    }

    /// What signing produced: the headers to add to the request, and the intermediate strings for diagnosis.
    public struct Signature: Sendable, Hashable {
        /// `X-Amz-Date`, `X-Amz-Security-Token` (with temporary credentials) and `Authorization`, in that order.
        public var headers: [SigV4Request.Header]
        /// The canonical request (task 1). Holds no secret.
        public var canonicalRequest: String
        /// The string to sign (task 2). Holds no secret.
        public var stringToSign: String
        /// The `Authorization` header's value.
        public var authorization: String
    }

    /// Signs `request` at `date` with `credentials`. Any `Authorization`, `X-Amz-Date` or `X-Amz-Security-Token`
    /// already in the request is replaced.
    public func sign(_ request: SigV4Request, credentials: AWSCredentials, date: Date) -> Signature {
        let amzDate = Self.amzDate(date)
        let day = String(amzDate.prefix(8))
        var added = [SigV4Request.Header("X-Amz-Date", amzDate)]
        if let token = credentials.sessionToken { added.append(.init("X-Amz-Security-Token", token)) }
        let replaced: Set<String> = ["authorization", "x-amz-date", "x-amz-security-token"]
        let headers = request.headers.filter { !replaced.contains($0.name.lowercased()) } + added

        let (canonical, signedHeaders) = SigV4CanonicalRequest.build(request, signedHeaders: headers)
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = [
            "AWS4-HMAC-SHA256", amzDate, scope,
            SigV4CanonicalRequest.hex(SHA256.hash(data: Data(canonical.utf8))),
        ].joined(separator: "\n")
        let key = signingKey(secret: credentials.secretAccessKey, day: day)
        let signature = SigV4CanonicalRequest.hex(
            HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key))
        let authorization = "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
        return Signature(headers: added + [.init("Authorization", authorization)], canonicalRequest: canonical,
                         stringToSign: stringToSign, authorization: authorization)
    }

    /// The request with the signature's headers added: ready to send.
    public func signed(_ request: SigV4Request, credentials: AWSCredentials, date: Date) -> SigV4Request {
        let signature = sign(request, credentials: credentials, date: date)
        var out = request
        let replaced: Set<String> = ["authorization", "x-amz-date", "x-amz-security-token"]
        out.headers = request.headers.filter { !replaced.contains($0.name.lowercased()) } + signature.headers
        return out
    }

    /// `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), service), "aws4_request")`.
    func signingKey(secret: String, day: String) -> SymmetricKey {
        var key = SymmetricKey(data: Data("AWS4\(secret)".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        return key
    }

    /// `date` as `yyyyMMdd'T'HHmmss'Z'` in UTC.
    static func amzDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ v: Int?) -> String { let v = v ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        let year = String(c.year ?? 1970)
        return "\(year)\(two(c.month))\(two(c.day))T\(two(c.hour))\(two(c.minute))\(two(c.second))Z"
    }
}
