import AWSSigV4
import ConnectDirectory
import ConnectSandbox
import CurlHTTP
import Directory
import Foundation
import Testing

/// The production transport, libcurl (`CurlHTTPClient`), carrying the Connect client's signed requests to the
/// sandbox served on loopback: the whole wire path the bot uses, with plain HTTP instead of TLS.
@Suite("AmazonConnectDirectory over CurlHTTPClient to the sandbox on loopback")
struct CurlTransportTests {
    /// `timeout` is libcurl's per request: generous by default, so that a loaded test machine does not turn a normal
    /// answer into a timeout; the slow-answer test lowers it below its injected delay.
    func withServer(timeout: Double = 15,
                    _ body: (AmazonConnectDirectory, LocalDirectory, ConnectSandbox) async throws -> Void) async throws {
        try await withSandbox(realTime: true) { _, local, sandbox in
            let server = SandboxServer(handler: sandbox)
            let port = try server.start(port: 0)
            defer { server.stop() }
            let client = ConnectClient(
                configuration: ConnectConfiguration(instanceID: sandboxInstance, region: "us-east-1",
                                                    endpoint: URL(string: "http://127.0.0.1:\(port)")),
                credentials: { sandboxKeys }, transport: CurlHTTPClient(),
                limiter: RateLimiter(rate: 1000, burst: 1000),
                environment: ConnectEnvironment(now: { Date() }, sleep: { _ in }, random: { 0.5 }), timeout: timeout)
            try await body(AmazonConnectDirectory(client: client), local, sandbox)
        }
    }

    @Test("create, find, update, delete through libcurl; the sandbox checks every signature")
    func roundTrip() async throws {
        try await withServer { d, local, _ in
            let created = try await d.create(try await newUser("Jane.Doe", requestID: "ticket-1-action-1", in: d))
            #expect(try await local.describe(created.id) == created)
            #expect(try await d.user(username: "JANE.DOE") == created)
            var info = created.identityInfo
            info.email = "jane.d@health.mo.gov"
            #expect(try await d.updateIdentity(created.id, info).identityInfo.email == "jane.d@health.mo.gov")
            try await d.delete(created.id)
            #expect(try await local.allUsers().isEmpty)
        }
    }

    @Test("a slow CreateUser past libcurl's timeout: carried out, found by its tag, not made twice")
    func slowCreate() async throws {
        try await withServer(timeout: 2) { d, local, sandbox in
            let user = try await newUser("Jane.Doe", requestID: "ticket-2-action-1", in: d)
            sandbox.faults.inject(SandboxFault(.slow(seconds: 5), operation: "CreateUser"))
            let created = try await d.create(user)
            #expect(try await local.allUsers() == [created])
            #expect(sandbox.faults.fired.count == 1)
        }
    }

    @Test("nothing listening: a connection never made, reported as unavailable after the retries")
    func refused() async throws {
        let client = ConnectClient(
            configuration: ConnectConfiguration(instanceID: sandboxInstance, region: "us-east-1",
                                                endpoint: URL(string: "http://127.0.0.1:1")),
            credentials: { sandboxKeys }, transport: CurlHTTPClient(),
            environment: ConnectEnvironment(now: { Date() }, sleep: { _ in }, random: { 0.5 }), timeout: 1)
        let e = await connectError { _ = try await AmazonConnectDirectory(client: client).routingProfiles() }
        #expect(e?.code == .unavailable)
    }
}
