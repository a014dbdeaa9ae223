import AWSSigV4
import ConnectDirectory
import CurlHTTP
import Directory
import Foundation
import HelpdeskTesting
import Testing

/// Every request the client builds, signed as it would be sent, validated by `scripts/connect-contract.py` against
/// botocore's service model for `connect` (method, URI template, query, required members, types, enums), re-built
/// by botocore's serializer and re-signed by botocore's SigV4Auth.
@Suite("Connect requests match botocore's service model")
struct ContractTests {
    static let instance = "12345678-aaaa-bbbb-cccc-1234567890ab"
    static let user = UserID("0b3e2f47-1c2d-4e5f-8a9b-0c1d2e3f4a5b")
    static let oddUser = UserID("arn:aws:connect:us-east-1:1:instance/x/agent/a b+c")
    static let token = "AAMA-EFRSURBSGh4b+XYZ/abc==&x=1 y;z"

    static let full = NewDirectoryUser(
        username: "Zoë.O'Brien", password: Password("Xk3vQ9pLm2Rt7Wz8Yb4N"),
        identityInfo: IdentityInfo(firstName: "Zoë", lastName: "O'Brien", email: "zoe.obrien@health.mo.gov"),
        phoneConfig: PhoneConfig(phoneType: .deskPhone, autoAccept: true, afterContactWorkTimeLimit: 0,
                                 deskPhoneNumber: "+15735551234"),
        routingProfileId: "r-1", securityProfileIds: ["s-1", "s-2"], hierarchyGroupId: "h-1",
        tags: ["helpdesk-request": "ticket-42-action-1"])
    static let minimal = NewDirectoryUser(
        username: "Jane.Doe", password: Password("Xk3vQ9pLm2Rt7Wz8Yb4N"),
        identityInfo: IdentityInfo(firstName: "Jane", lastName: "Doe"), routingProfileId: "r-1",
        securityProfileIds: ["s-1"])

    /// One request per operation and input shape the client sends.
    static func requests(instance i: String = instance) -> [ConnectRequest] {
        [
            ConnectAPI.describeUser(instance: i, user: user),
            ConnectAPI.describeUser(instance: i, user: oddUser),
            ConnectAPI.deleteUser(instance: i, user: user),
            ConnectAPI.deleteUser(instance: i, user: oddUser),
            ConnectAPI.createUser(instance: i, minimal),
            ConnectAPI.createUser(instance: i, full),
            ConnectAPI.updateUserIdentityInfo(instance: i, user: user, full.identityInfo),
            ConnectAPI.updateUserIdentityInfo(instance: i, user: oddUser, minimal.identityInfo),
            ConnectAPI.updateUserRoutingProfile(instance: i, user: user, routingProfileID: "r-2"),
            ConnectAPI.updateUserSecurityProfiles(instance: i, user: user, securityProfileIDs: ["s-1", "s-3"]),
            ConnectAPI.updateUserPhoneConfig(instance: i, user: user, .guideDefault),
            ConnectAPI.updateUserPhoneConfig(instance: i, user: user, full.phoneConfig),
            ConnectAPI.listUsers(instance: i),
            ConnectAPI.listUsers(instance: i, nextToken: token),
            ConnectAPI.listRoutingProfiles(instance: i),
            ConnectAPI.listRoutingProfiles(instance: i, nextToken: token),
            ConnectAPI.listSecurityProfiles(instance: i),
            ConnectAPI.listUserHierarchyGroups(instance: i, nextToken: "t"),
            ConnectAPI.searchUsers(instance: i, .username("Jane.Doe")),
            ConnectAPI.searchUsers(instance: i, .name(first: "Jane", last: nil)),
            ConnectAPI.searchUsers(instance: i, .name(first: nil, last: "O'Brien")),
            ConnectAPI.searchUsers(instance: i, .name(first: "Zoë", last: "O'Brien"), nextToken: token),
            ConnectAPI.searchUsers(instance: i, .tag(key: "helpdesk-request", value: "ticket-42-action-1")),
            ConnectAPI.getCurrentUserData(instance: i, agents: [user]),
            ConnectAPI.getCurrentUserData(instance: i, agents: [user], nextToken: token),
        ]
    }

    struct Setting {
        var configuration: ConnectConfiguration
        var credentials: AWSCredentials
    }

    static let settings = [
        Setting(configuration: ConnectConfiguration(instanceID: instance, region: "us-east-1"),
                credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE",
                                            secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")),
        Setting(configuration: ConnectConfiguration(instanceID: "arn:aws:connect:us-gov-west-1:123456789012:instance/"
                                                        + instance, region: "us-gov-west-1"),
                credentials: AWSCredentials(accessKeyID: "ASIAEXAMPLE", secretAccessKey: "secret/with+chars",
                                            sessionToken: "IQoJb3JpZ2luX2VjEJr//////////wEa+token==")),
        Setting(configuration: ConnectConfiguration(instanceID: instance, region: "us-east-1",
                                                    endpoint: URL(string: "http://127.0.0.1:8443")),
                credentials: AWSCredentials(accessKeyID: "AKID", secretAccessKey: "local")),
    ]

    /// The JSON the contract script reads: each request signed as sent.
    static func dump(_ mutate: (inout [[String: Any]]) -> Void = { _ in }) throws -> URL {
        let date = Date(timeIntervalSince1970: 1_795_611_600)   // 2026-11-25T13:00:00Z
        var entries: [[String: Any]] = []
        for s in settings {
            for r in requests(instance: s.configuration.instanceID) {
                let signed = r.signed(for: s.configuration, credentials: s.credentials, date: date)
                entries.append([
                    "operation": r.operation, "method": signed.method, "url": signed.url,
                    "headers": signed.headers.map { [$0.name, $0.value] },
                    "body": String(decoding: signed.body, as: UTF8.self),
                    "region": s.configuration.region,
                    "amzDate": signed.headers["X-Amz-Date"] ?? "",
                    "credentials": ["accessKeyID": s.credentials.accessKeyID,
                                    "secretAccessKey": s.credentials.secretAccessKey,
                                    "sessionToken": s.credentials.sessionToken as Any? ?? NSNull()],
                ])
            }
        }
        mutate(&entries)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("connect-requests-\(UUID()).json")
        try JSONSerialization.data(withJSONObject: entries, options: [.prettyPrinted, .sortedKeys]).write(to: url)
        return url
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()



    /// Runs the contract script on `file`: its exit status and output. Without botocore the status is 127 and the
    /// output says how to install it (the test fails; it does not skip).
    static func runContract(_ file: URL) throws -> (Int32, String) {
        guard let python = BotocorePython.path else {
            return (127, "No python3 with botocore: install it (`pip install botocore`, or Debian's python3-botocore) "
                + "or point HELPDESK_BOTOCORE_PYTHON at a Python that has it.")
        }
        return try BotocorePython.run(python, [repository.appendingPathComponent("scripts/connect-contract.py").path, file.path])
    }

    @Test("every request the client builds validates against botocore's model and signature")
    func contract() throws {
        let file = try Self.dump()
        defer { try? FileManager.default.removeItem(at: file) }
        let (status, output) = try Self.runContract(file)
        #expect(status == 0, "\(output)")
        #expect(output.contains("\(Self.settings.count * Self.requests().count) requests over 13 operations"),
                "\(output)")
    }

    struct Breakage: Sendable, CustomTestStringConvertible {
        var name: String
        var index: Int
        var key: String
        var value: String
        var mentions: String
        var testDescription: String { name }
    }

    static let breakages = [
        Breakage(name: "wrong method", index: 0, key: "method", value: "POST", mentions: "method POST"),
        Breakage(name: "path off the template", index: 0, key: "url",
                 value: "https://connect.us-east-1.amazonaws.com/user/x/y", mentions: "does not match"),
        Breakage(name: "required member missing", index: 4, key: "body", value: "{\"Username\":\"a\"}",
                 mentions: "Missing required parameter"),
        Breakage(name: "enum value unknown", index: 10, key: "body",
                 value: "{\"PhoneConfig\":{\"PhoneType\":\"CELL_PHONE\",\"AutoAccept\":false,"
                     + "\"AfterContactWorkTimeLimit\":300}}", mentions: "CELL_PHONE"),
        Breakage(name: "wrong type", index: 10, key: "body",
                 value: "{\"PhoneConfig\":{\"PhoneType\":\"SOFT_PHONE\",\"AutoAccept\":\"no\"}}", mentions: "Invalid type"),
        Breakage(name: "unknown query parameter", index: 12, key: "url",
                 value: "https://connect.us-east-1.amazonaws.com/users-summary/12345678-aaaa-bbbb-cccc-1234567890ab"
                     + "?MaxResults=5", mentions: "query parameter MaxResults"),
    ]

    @Test("the contract script fails on a request that breaks the model", arguments: breakages)
    func contractCatches(_ b: Breakage) throws {
        let file = try Self.dump { entries in entries[b.index][b.key] = b.value }
        defer { try? FileManager.default.removeItem(at: file) }
        let (status, output) = try Self.runContract(file)
        #expect(status == 1, "\(output)")
        #expect(output.contains(b.mentions), "\(output)")
    }
}
