import ConnectDirectory
import ConnectSandbox
import Directory
import Foundation
import Testing

/// The sandbox's faults (throttling, 5xx, slow answers) against the real client in-process: the client retries what
/// it may, creates nothing twice, and gives up with the right error. Time is the test's: nothing sleeps.
@Suite("Faults in the Connect sandbox")
struct SandboxFaultTests {
    @Test("--fault syntax", arguments: [
        ("throttle", SandboxFault(.throttle)),
        ("throttle:CreateUser:2", SandboxFault(.throttle, operation: "CreateUser", .next(2))),
        ("503:any:every4", SandboxFault(.serverError(503), .every(4))),
        ("500:DeleteUser", SandboxFault(.serverError(500), operation: "DeleteUser")),
        ("slow=40:DescribeUser:3", SandboxFault(.slow(seconds: 40), operation: "DescribeUser", .next(3))),
    ])
    func parsing(_ text: String, _ expected: SandboxFault) throws {
        #expect(try SandboxFault(parsing: text) == expected)
        #expect(try SandboxFault(parsing: expected.description) == expected)
    }

    @Test("a --fault that cannot be read says why and how to write it",
          arguments: ["404", "slow=x", "throttle:MakeUser", "throttle:any:0", "throttle:any:every0", "a:b:c:d"])
    func badSyntax(_ text: String) {
        #expect(throws: SandboxFaultSyntaxError.self) { try SandboxFault(parsing: text) }
        do { _ = try SandboxFault(parsing: text) } catch {
            #expect(error.description.contains("KIND[:OPERATION[:COUNT]]"))
        }
    }

    @Test("throttled CreateUser is sent again and creates one user")
    func throttledCreate() async throws {
        try await withSandbox { d, local, sandbox in
            let user = try await newUser("Jane.Doe", in: d)
            sandbox.faults.inject(SandboxFault(.throttle, operation: "CreateUser", .next(2)))
            let created = try await d.create(user)
            #expect(try await local.allUsers() == [created])
            #expect(sandbox.faults.fired == Array(repeating: .init(operation: "CreateUser", kind: .throttle), count: 2))
        }
    }

    @Test("5xx on reads are retried; a 5xx on CreateUser is resolved by the request-id tag", arguments: [500, 503])
    func serverErrors(_ status: Int) async throws {
        try await withSandbox { d, local, sandbox in
            sandbox.faults.inject(SandboxFault(.serverError(status), operation: "ListRoutingProfiles", .next(3)))
            #expect(try await d.routingProfiles().count == 3)
            let user = try await newUser("Jane.Doe", requestID: "ticket-9-action-1", in: d)
            sandbox.faults.inject(SandboxFault(.serverError(status), operation: "CreateUser"))
            let created = try await d.create(user)
            #expect(try await local.allUsers() == [created])
            #expect(sandbox.faults.fired.count == 4)
        }
    }

    @Test("a server failing every time: the client gives up as unavailable after its attempts")
    func alwaysFailing() async throws {
        try await withSandbox { d, _, sandbox in
            sandbox.faults.inject(SandboxFault(.serverError(500), operation: "ListSecurityProfiles", .every(1)))
            let e = await connectError { _ = try await d.securityProfiles() }
            #expect(e?.code == .unavailable)
            #expect(sandbox.faults.fired.count == 6)
            sandbox.faults.clear()
            let profiles = try await d.securityProfiles()
            #expect(profiles.isEmpty == false)
        }
    }

    @Test("throttled every time: the client gives up as throttled")
    func alwaysThrottled() async throws {
        try await withSandbox { d, _, sandbox in
            sandbox.faults.inject(SandboxFault(.throttle, .every(1)))
            let e = await connectError { _ = try await d.allUsers() }
            #expect(e?.code == .throttled)
            #expect(e?.serviceType == "ThrottlingException")
        }
    }

    @Test("a slow answer past the timeout: CreateUser was carried out, and found by its tag rather than made twice")
    func slowCreate() async throws {
        try await withSandbox { d, local, sandbox in
            let user = try await newUser("Jane.Doe", requestID: "ticket-4-action-2", in: d)
            sandbox.faults.inject(SandboxFault(.slow(seconds: 45), operation: "CreateUser"))
            let created = try await d.create(user)
            #expect(try await local.allUsers() == [created])
            #expect(sandbox.faults.fired == [.init(operation: "CreateUser", kind: .slow(seconds: 45))])
        }
    }

    @Test("a slow answer within the timeout is just late")
    func slowButInTime() async throws {
        try await withSandbox { d, _, sandbox in
            sandbox.faults.inject(SandboxFault(.slow(seconds: 5), operation: "ListRoutingProfiles"))
            let profiles = try await d.routingProfiles()
            #expect(profiles.count == 3)
            #expect(sandbox.faults.fired.count == 1)
        }
    }

    @Test("a slow DeleteUser past the timeout: the retry finds the user gone, and counts it as deleted")
    func slowDelete() async throws {
        try await withSandbox { d, local, sandbox in
            let created = try await d.create(try await newUser("Jane.Doe", in: d))
            sandbox.faults.inject(SandboxFault(.slow(seconds: 60), operation: "DeleteUser"))
            try await d.delete(created.id)
            #expect(try await local.allUsers().isEmpty)
        }
    }
}
