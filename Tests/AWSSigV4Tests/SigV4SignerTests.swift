import Foundation
import Testing
@testable import AWSSigV4

@Suite("SigV4 signatures equal botocore's")
struct SigV4SignerTests {
    @Test("the fixture is there and covers every request shape")
    func fixtureCoverage() throws {
        let fixture = try BotocoreFixture.load()
        #expect(fixture.cases.count >= 16)
        let methods = Set(fixture.cases.map(\.request.method))
        #expect(methods == ["GET", "PUT", "POST", "DELETE"])
        #expect(fixture.cases.contains { $0.credentials.sessionToken != nil })
        #expect(fixture.cases.contains { $0.request.path.contains("%3A") && $0.request.path.contains("%2F") })
        #expect(fixture.cases.contains { !$0.request.body.isEmpty })
    }

    @Test("canonical request, string to sign and Authorization match botocore", arguments: BotocoreFixture.cases)
    func matchesBotocore(_ c: BotocoreFixture.Case) {
        let signer = SigV4Signer(region: c.region, service: c.service)
        let s = signer.sign(c.sigV4Request, credentials: c.awsCredentials, date: c.date)
        #expect(s.canonicalRequest == c.expected.canonicalRequest)
        #expect(s.stringToSign == c.expected.stringToSign)
        #expect(s.authorization == c.expected.authorization)
        #expect(s.headers.first { $0.name == "X-Amz-Date" }?.value == c.expected.amzDate)
        #expect(s.headers.first { $0.name == "X-Amz-Security-Token" }?.value == c.expected.securityToken)
    }

    @Test("the request line is the one botocore sent", arguments: BotocoreFixture.cases)
    func wireTarget(_ c: BotocoreFixture.Case) throws {
        let url = try #require(URLComponents(string: c.expected.url))
        let sentQuery = url.percentEncodedQuery.map { "?" + $0 } ?? ""
        // botocore keeps the caller's parameter order on the wire; we send them sorted. Compare as sets.
        let ours = c.sigV4Request.target
        let (ourPath, ourQuery) = split(ours)
        let (theirPath, theirQuery) = split(url.percentEncodedPath + sentQuery)
        #expect(ourPath == theirPath)
        #expect(ourQuery.sorted() == theirQuery.sorted())
    }

    private func split(_ target: String) -> (String, [Substring]) {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return (String(parts[0]), parts.count > 1 ? parts[1].split(separator: "&") : [])
    }

    @Test("the AWS Signature V4 test suite's get-vanilla vector")
    func getVanilla() {
        let request = SigV4Request(method: "GET", host: "example.amazonaws.com", path: "/")
        let s = SigV4Signer(region: "us-east-1", service: "service").sign(
            request, credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE",
                                                 secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            date: Date(timeIntervalSince1970: 1_440_938_160))   // 2015-08-30T12:36:00Z
        #expect(s.authorization == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            + "SignedHeaders=host;x-amz-date, "
            + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
    }

    @Test("signing twice replaces the old signature headers instead of adding more")
    func resigning() {
        let signer = SigV4Signer(region: "us-east-1", service: "connect")
        let creds = AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret", sessionToken: "tok")
        let once = signer.signed(SigV4Request(method: "GET", host: "h", path: "/a"), credentials: creds,
                                 date: Date(timeIntervalSince1970: 0))
        let twice = signer.signed(once, credentials: creds, date: Date(timeIntervalSince1970: 60))
        #expect(twice.headers.count == 3)
        #expect(twice.headers.first { $0.name == "X-Amz-Date" }?.value == "19700101T000100Z")
    }

    @Test("credentials never print their secrets")
    func redaction() {
        let c = AWSCredentials(accessKeyID: "AKID", secretAccessKey: "s3cr3t", sessionToken: "t0k3n")
        for text in [String(describing: c), String(reflecting: c), "\(c)", "\(Mirror(reflecting: c).children.map(\.value))"] {
            #expect(!text.contains("s3cr3t"))
            #expect(!text.contains("t0k3n"))
        }
    }

    @Test("path encoding", arguments: [
        (["users", "i", "a:b/c"], "/users/i/a%3Ab%2Fc"),
        (["users", "Zoë"], "/users/Zo%C3%AB"),
        (["x", "a b+c~d"], "/x/a%20b%2Bc~d"),
    ])
    func pathEncoding(_ segments: [String], _ expected: String) {
        #expect(AWSURIEncoding.path(segments) == expected)
    }

    @Test("dot segments and doubled slashes", arguments: [
        ("", "/"), ("/", "/"), ("//a//b/", "/a/b/"), ("/a/./b/../c", "/a/c"), ("/..", "/"),
    ])
    func dotSegments(_ path: String, _ expected: String) {
        #expect(SigV4CanonicalRequest.removeDotSegments(path) == expected)
    }
}
