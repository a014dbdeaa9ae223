import AWSSigV4
import ConnectDirectory
import CurlHTTP
import ConnectSandbox
import Directory
import Foundation
import Testing

/// The Connect client against the sandbox over a real SQLite LocalDirectory: the same behaviour as LocalDirectory
/// itself, through signed REST requests and Connect's JSON.
@Suite("AmazonConnectDirectory against the Connect sandbox over LocalDirectory")
struct SandboxDirectoryTests {
    @Test("create, describe and find by username, name and email; list; delete")
    func createFindDelete() async throws {
        try await withSandbox { d, local, _ in
            let created = try await d.create(try await newUser("Jane.Doe", in: d))
            #expect(try await local.describe(created.id) == created)
            #expect(try await d.describe(created.id) == created)
            #expect(try await d.user(username: "jane.doe") == created)
            #expect(try await d.users(firstName: "JANE", lastName: nil) == [created])
            #expect(try await d.usersWithEmail("Jane.Doe@health.mo.gov") == [created])
            #expect(try await d.usersWithEmail("nobody@health.mo.gov") == [])
            #expect(try await d.allUsers() == [created])
            #expect(try await d.securityProfiles() == (try await local.securityProfiles()))
            try await d.delete(created.id)
            #expect(try await local.allUsers() == [])
            #expect(await directoryErrorCode { _ = try await d.describe(created.id) } == .notFound)
        }
    }

    @Test("refusals come back as the same DirectoryError codes")
    func refusals() async throws {
        try await withSandbox(reuseDelay: 3600) { d, _, _ in
            let jane = try await d.create(try await newUser("Jane.Doe", in: d))
            #expect(await directoryErrorCode { _ = try await d.create(try await newUser("JANE.DOE", in: d)) }
                == .usernameTaken)
            try await d.delete(jane.id)
            let code = await directoryErrorCode { _ = try await d.create(try await newUser("Jane.Doe", in: d)) }
            guard case .usernameNotReusableYet? = code else {
                Issue.record("expected usernameNotReusableYet, got \(String(describing: code))")
                return
            }
        }
    }

    @Test("a retried create with the same request id returns the first user")
    func requestIDTag() async throws {
        try await withSandbox { d, local, _ in
            let first = try await d.create(try await newUser("Jane.Doe", requestID: "ticket-3-action-1", in: d))
            let again = try await d.create(try await newUser("Jane.Doe", requestID: "ticket-3-action-1", in: d))
            #expect(again == first)
            #expect(try await local.allUsers().count == 1)
        }
    }

    @Test("updates and presence")
    func updatesAndPresence() async throws {
        try await withSandbox { d, local, _ in
            let u = try await d.create(try await newUser("Jane.Doe", email: nil, in: d))
            let info = IdentityInfo(firstName: "Jane", lastName: "Doe", email: "jane@health.mo.gov")
            #expect(try await d.updateIdentity(u.id, info).identityInfo == info)
            #expect(try await d.updateRoutingProfile(u.id, named: "Case Investigator").routingProfileId
                == (try await d.profileID(.routing, named: "Case Investigator")))
            let secured = try await d.updateSecurityProfiles(u.id, named: ["Agent", "Supervisor"])
            #expect(secured.securityProfileIds.count == 2)
            let desk = PhoneConfig(phoneType: .deskPhone, autoAccept: true, afterContactWorkTimeLimit: 30,
                                   deskPhoneNumber: "+15735551234")
            #expect(try await d.updatePhoneConfig(u.id, desk).phoneConfig == desk)
            #expect(try await local.describe(u.id).phoneConfig == desk)
            #expect(try await d.isLoggedIn(u.id) == false)
            try await local.setLoggedIn(u.id, true)
            #expect(try await d.isLoggedIn(u.id) == true)
        }
    }

    @Test("a request signed with the wrong key is refused as Connect refuses it", arguments: [
        (AWSCredentials(accessKeyID: "AKIDSANDBOX", secretAccessKey: "wrong"), "InvalidSignatureException"),
        (AWSCredentials(accessKeyID: "AKIDOTHER", secretAccessKey: "sandbox/secret+key"), "UnrecognizedClientException"),
    ])
    func signatures(_ keys: AWSCredentials, _ type: String) async throws {
        try await withSandbox(clientKeys: keys) { d, _, _ in
            let e = await connectError { _ = try await d.routingProfiles() }
            #expect(e?.code == .accessDenied)
            #expect(e?.serviceType == type)
        }
    }

    @Test("an unsigned request and another instance are refused")
    func unsignedAndWrongInstance() async throws {
        try await withSandbox { _, _, sandbox in
            let url = "https://connect.us-east-1.amazonaws.com/users-summary/\(sandboxInstance)"
            let unsigned = try await sandbox.send(HTTPRequest(method: "GET", url: url))
            #expect(unsigned.status == 403)
            #expect(unsigned.headers["x-amzn-errortype"] == "MissingAuthenticationTokenException")
            let other = ConnectAPI.listUsers(instance: "other").signed(
                for: ConnectConfiguration(instanceID: "other", region: "us-east-1"), credentials: sandboxKeys,
                date: Date(timeIntervalSince1970: 1_795_611_600))
            let response = try await sandbox.send(other)
            #expect(response.status == 404)
            #expect(response.headers["x-amzn-errortype"] == "ResourceNotFoundException")
        }
    }
}
