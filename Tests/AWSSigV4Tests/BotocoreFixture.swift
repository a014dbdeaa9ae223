import Foundation
import Testing
import AWSSigV4

/// `Tests/Fixtures/sigv4/botocore-sigv4.json`: requests and the signatures botocore's `SigV4Auth` gave them
/// (written by `scripts/sigv4-fixtures.py`).
struct BotocoreFixture: Decodable {
    var botocore: String
    var cases: [Case]

    struct Case: Decodable, CustomTestStringConvertible, Sendable {
        var name: String
        var request: Request
        var credentials: Credentials
        var region: String
        var service: String
        var timestamp: String
        var expected: Expected

        var testDescription: String { name }
    }

    struct Request: Decodable, Sendable {
        var method: String
        var host: String
        var path: String
        var query: [[String]]
        var headers: [[String]]
        var body: String
    }

    struct Credentials: Decodable, Sendable {
        var accessKeyID: String
        var secretAccessKey: String
        var sessionToken: String?
    }

    struct Expected: Decodable, Sendable {
        var canonicalRequest: String
        var stringToSign: String
        var authorization: String
        var amzDate: String
        var securityToken: String?
        var url: String
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func load() throws -> BotocoreFixture {
        let url = repository.appendingPathComponent("Tests/Fixtures/sigv4/botocore-sigv4.json")
        return try JSONDecoder().decode(BotocoreFixture.self, from: Data(contentsOf: url))
    }

    /// The cases, or none when the file is unreadable (the count test then fails with the reason).
    static let cases: [Case] = (try? load().cases) ?? []
}

extension BotocoreFixture.Case {
    var sigV4Request: SigV4Request {
        SigV4Request(method: request.method, host: request.host, path: request.path,
                     query: request.query.map { .init($0[0], $0[1]) },
                     headers: request.headers.map { .init($0[0], $0[1]) }, body: Data(request.body.utf8))
    }

    var awsCredentials: AWSCredentials {
        AWSCredentials(accessKeyID: credentials.accessKeyID, secretAccessKey: credentials.secretAccessKey,
                       sessionToken: credentials.sessionToken)
    }

    /// `yyyyMMdd'T'HHmmss'Z'` read back as a date.
    var date: Date {
        var c = DateComponents()
        let digits = Array(timestamp.filter(\.isNumber)).map { Int(String($0))! }
        func n(_ r: Range<Int>) -> Int { r.reduce(0) { $0 * 10 + digits[$1] } }
        c.year = n(0..<4); c.month = n(4..<6); c.day = n(6..<8)
        c.hour = n(8..<10); c.minute = n(10..<12); c.second = n(12..<14)
        c.timeZone = TimeZone(identifier: "UTC")
        return Calendar(identifier: .gregorian).date(from: c)!
    }
}
