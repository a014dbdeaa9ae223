import ConnectDirectory
import ConnectSandbox
import Directory
import Foundation
import HelpdeskTesting
import Testing

/// The sandbox served over HTTP on loopback, driven by botocore's own `connect` client: botocore's signatures
/// must pass the sandbox's check, and the sandbox's answers must parse with botocore's model.
@Suite("The Connect sandbox over HTTP, driven by botocore")
struct SandboxServerTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()



    @Test("botocore's connect client: every operation, signatures checked, answers parsed")
    func botocore() async throws {
        let python = try #require(BotocorePython.path, "\(BotocorePython.missing)")
        try await withSandbox { _, _, sandbox in
            let server = SandboxServer(handler: sandbox)
            let port = try server.start(port: 0)
            defer { server.stop() }
            let script = Self.repository.appendingPathComponent("scripts/sandbox-botocore-check.py").path
            let args = [script, "http://127.0.0.1:\(port)", sandboxInstance, sandboxKeys.accessKeyID,
                        sandboxKeys.secretAccessKey]
            // The script blocks; run it off the cooperative pool's threads.
            let (status, output) = try await withCheckedThrowingContinuation { continuation in
                Thread { continuation.resume(with: Result { try BotocorePython.run(python, args) }) }.start()
            }
            #expect(status == 0, "\(output)")
            #expect(output.contains("ok   a wrong secret is refused"), "\(output)")
        }
    }

    @Test("a port in use is refused with what to do")
    func portInUse() throws {
        let sandbox = ConnectSandbox(directory: UnusedDirectory(), instanceID: "x", region: "us-east-1",
                                     credentials: nil)
        let first = SandboxServer(handler: sandbox)
        let port = try first.start(port: 0)
        defer { first.stop() }
        #expect(throws: SandboxServerError.self) { _ = try SandboxServer(handler: sandbox).start(port: port) }
    }
}

/// A directory the port test never reaches.
struct UnusedDirectory: UserDirectory, UserSettingsAdministration {
    func user(username: String) async throws -> DirectoryUser? { nil }
    func users(firstName: String?, lastName: String?) async throws -> [DirectoryUser] { [] }
    func usersWithEmail(_ email: String) async throws -> [DirectoryUser] { [] }
    func allUsers() async throws -> [DirectoryUser] { [] }
    func describe(_ id: UserID) async throws -> DirectoryUser { throw DirectoryError.notFound(id: id) }
    func create(_ user: NewDirectoryUser) async throws -> DirectoryUser { throw DirectoryError(.storage, "unused") }
    func createAll(_ users: [NewDirectoryUser]) async throws -> [DirectoryUser] { [] }
    func delete(_ id: UserID) async throws {}
    func updateIdentity(_ id: UserID, _ info: IdentityInfo) async throws -> DirectoryUser { throw DirectoryError.notFound(id: id) }
    func routingProfiles() async throws -> [ProfileSummary] { [] }
    func securityProfiles() async throws -> [ProfileSummary] { [] }
    func hierarchyGroups() async throws -> [ProfileSummary] { [] }
    func isLoggedIn(_ id: UserID) async throws -> Bool { false }
    func updateRoutingProfile(_ id: UserID, routingProfileId: String) async throws -> DirectoryUser { throw DirectoryError.notFound(id: id) }
    func updateSecurityProfiles(_ id: UserID, securityProfileIds: [String]) async throws -> DirectoryUser { throw DirectoryError.notFound(id: id) }
    func updatePhoneConfig(_ id: UserID, _ phone: PhoneConfig) async throws -> DirectoryUser { throw DirectoryError.notFound(id: id) }
}
