import ConnectDirectory
import CurlHTTP
import Directory
import Foundation
import Testing

/// The contract again, on what `AmazonConnectDirectory` really sent while doing a help desk's work against
/// FakeConnect (every operation, pagination tokens, retries after faults), rather than on builder output.
@Suite("What the directory sends matches botocore's service model")
struct SentRequestsContractTests {
    @Test("a working session's requests, every one, validate against botocore")
    func session() async throws {
        let fake = FakeConnect(pageSize: 2)
        await fake.seed("Amy.Lee", first: "Amy", last: "Lee", email: "amy@health.mo.gov")
        await fake.seed("Bob.Ray", first: "Bob", last: "Ray", email: nil)
        await fake.queue("ListUsers", .error(429, "ThrottlingException"))
        await fake.queue("CreateUser", .loseAnswer)
        let d = directory(fake)
        let jane = try await d.create(await newUser("Jane.Doe", requestID: "ticket-1-action-1", in: fake))
        _ = try await d.user(username: "Jane.Doe")
        _ = try await d.users(firstName: "Amy", lastName: "Lee")
        _ = try await d.users(firstName: nil, lastName: "Ray")
        _ = try await d.usersWithEmail("amy@health.mo.gov")
        _ = try await d.allUsers()
        _ = try await d.isLoggedIn(jane.id)
        _ = try await d.updateIdentity(jane.id, IdentityInfo(firstName: "Jane", lastName: "Doe", email: "jd@health.mo.gov"))
        _ = try await d.updateRoutingProfile(jane.id, named: "Case Investigator")
        _ = try await d.updateSecurityProfiles(jane.id, named: ["Agent", "Supervisor"])
        _ = try await d.updatePhoneConfig(jane.id, PhoneConfig(phoneType: .deskPhone, deskPhoneNumber: "+15735551234"))
        try await d.delete(jane.id)

        let sent = await fake.requests
        let entries: [[String: Any]] = sent.map { r in
            let segments = URLComponents(string: r.url)!.percentEncodedPath
                .split(separator: "/").map { $0.removingPercentEncoding ?? "" }
            return [
                "operation": FakeConnect.operation(r.method, segments), "method": r.method,
                "url": r.url, "headers": r.headers.map { [$0.name, $0.value] },
                "body": String(decoding: r.body, as: UTF8.self), "region": "us-east-1",
                "amzDate": r.headers["X-Amz-Date"] ?? "",
                "credentials": ["accessKeyID": "AKIDEXAMPLE", "secretAccessKey": "secret", "sessionToken": NSNull()],
            ]
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("connect-sent-\(UUID()).json")
        try JSONSerialization.data(withJSONObject: entries).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let (status, output) = try ContractTests.runContract(file)
        #expect(status == 0, "\(output)")
        #expect(output.contains("over 13 operations"), "\(output)")
        #expect(sent.count > 40)
    }
}
