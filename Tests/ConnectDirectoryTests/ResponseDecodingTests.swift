import ConnectDirectory
import CurlHTTP
import Directory
import Foundation
import Testing

@Suite("Connect's error answers")
struct ServiceErrorTests {
    @Test("type and message found as botocore finds them", arguments: [
        (404, ["x-amzn-ErrorType": "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.connect/"],
         #"{"Message":"User not found"}"#, "ResourceNotFoundException", "User not found"),
        (400, [:], #"{"__type":"com.amazonaws.connect#InvalidParameterException","message":"bad"}"#,
         "InvalidParameterException", "bad"),
        (429, [:], #"{"code":"TooManyRequestsException"}"#, "TooManyRequestsException", ""),
        (503, [:], "<html>Service Unavailable</html>", "", ""),
    ])
    func parse(_ status: Int, _ headers: [String: String], _ body: String, _ type: String, _ message: String) {
        let e = ConnectServiceError(HTTPResponse(status: status, headers: HTTPHeaders(headers.map { HTTPHeader(name: $0.key, value: $0.value) }),
                                                 body: Array(body.utf8)))
        #expect(e.type == type)
        #expect(e.message == message)
    }

    @Test("what is retried", arguments: [
        (429, "", true), (400, "ThrottlingException", true), (500, "InternalServiceException", true), (503, "", true),
        (404, "ResourceNotFoundException", false), (409, "DuplicateResourceException", false),
        (400, "LimitExceededException", false), (403, "AccessDeniedException", false),
    ])
    func retryable(_ status: Int, _ type: String, _ expected: Bool) {
        let e = ConnectServiceError(HTTPResponse(status: status, headers: type.isEmpty ? [:] : ["x-amzn-ErrorType": type]))
        #expect(e.isRetryable == expected)
    }
}

/// Answers every request with one canned response.
struct CannedTransport: HTTPTransport {
    var response: HTTPResponse
    func send(_ request: HTTPRequest) async throws -> HTTPResponse { response }
}

@Suite("Connect's answers decoded into the directory's model")
struct ResponseDecodingTests {
    /// A DescribeUser answer in the form Connect gives it: members helpdesk ignores, a fractional timestamp, no Tags.
    static let describeUser = #"""
        {"User":{"AfterContactWorkConfigs":[{"AfterContactWorkConfig":{"AfterContactWorkTimeLimit":300},"Channel":"VOICE"}],
        "Arn":"arn:aws:connect:us-east-1:123456789012:instance/11111111-2222-3333-4444-555555555555/agent/0b3e2f47-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
        "AutoAcceptConfigs":[{"AutoAccept":false,"Channel":"VOICE"}],"DirectoryUserId":"d-1",
        "HierarchyGroupId":"h-1","Id":"0b3e2f47-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
        "IdentityInfo":{"Email":"jane.doe@health.mo.gov","FirstName":"Jane","LastName":"Doe","Mobile":"+15735550000"},
        "LastModifiedRegion":"us-east-1","LastModifiedTime":1.732551234567E9,
        "PhoneConfig":{"AfterContactWorkTimeLimit":300,"AutoAccept":false,"PhoneType":"SOFT_PHONE"},
        "RoutingProfileId":"r-1","SecurityProfileIds":["s-2","s-1"],"Username":"Jane.Doe"}}
        """#

    @Test("DescribeUser")
    func describe() async throws {
        let d = AmazonConnectDirectory(client: ConnectClient(
            configuration: ConnectConfiguration(instanceID: "i", region: "us-east-1"),
            credentials: { .init(accessKeyID: "A", secretAccessKey: "S") },
            transport: CannedTransport(response: HTTPResponse(status: 200, body: Array(Self.describeUser.utf8))),
            environment: TestTime().environment))
        let u = try await d.describe(UserID("0b3e2f47-1c2d-4e5f-8a9b-0c1d2e3f4a5b"))
        #expect(u == DirectoryUser(
            id: UserID("0b3e2f47-1c2d-4e5f-8a9b-0c1d2e3f4a5b"),
            arn: "arn:aws:connect:us-east-1:123456789012:instance/11111111-2222-3333-4444-555555555555/agent/"
                + "0b3e2f47-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
            username: "Jane.Doe",
            identityInfo: IdentityInfo(firstName: "Jane", lastName: "Doe", email: "jane.doe@health.mo.gov"),
            phoneConfig: .guideDefault, routingProfileId: "r-1", securityProfileIds: ["s-1", "s-2"],
            hierarchyGroupId: "h-1", tags: [:]))
    }

    @Test("an answer that is not Connect's JSON says so")
    func malformed() async throws {
        let d = AmazonConnectDirectory(client: ConnectClient(
            configuration: ConnectConfiguration(instanceID: "i", region: "us-east-1"),
            credentials: { .init(accessKeyID: "A", secretAccessKey: "S") },
            transport: CannedTransport(response: HTTPResponse(status: 200, body: Array("<html/>".utf8))),
            environment: TestTime().environment))
        let e = await connectError { _ = try await d.describe(UserID("x")) }
        #expect(e?.code == .malformedResponse)
        #expect(e?.message.contains("check that it is Amazon Connect") == true)
    }
}
