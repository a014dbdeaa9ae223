import AWSSigV4
import ConnectDirectory
import ConnectSandbox
import Directory
import Foundation

let sandboxInstance = "11111111-2222-3333-4444-555555555555"
let sandboxKeys = AWSCredentials(accessKeyID: "AKIDSANDBOX", secretAccessKey: "sandbox/secret+key")

/// Time for the client that moves only when it sleeps.
final class SandboxTime: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_795_611_600)
    var now: Date { lock.withLock { current } }
    var environment: ConnectEnvironment {
        ConnectEnvironment(now: { self.now },
                           sleep: { s in self.lock.withLock { self.current = self.current.addingTimeInterval(s) } },
                           random: { 0.5 })
    }
}

/// A fresh LocalDirectory in a temporary folder, served by a ConnectSandbox, and an AmazonConnectDirectory whose
/// client talks to it in-process.
///
/// - Parameter realTime: slow answers really wait (for a client over HTTP); otherwise they move the test's clock.
func withSandbox<T>(reuseDelay: TimeInterval = 0, clientKeys: AWSCredentials = sandboxKeys, realTime: Bool = false,
                    _ body: (AmazonConnectDirectory, LocalDirectory, ConnectSandbox) async throws -> T) async throws -> T {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("connect-sandbox-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let time = SandboxTime()
    let local = try LocalDirectory(path: folder.appendingPathComponent("directory.sqlite").path,
                                   configuration: .init(instanceARN: "arn:aws:connect:us-east-1:123456789012:instance/"
                                                            + sandboxInstance, usernameReuseDelay: reuseDelay),
                                   clock: { time.now }, ids: .sequential())
    let sandbox = ConnectSandbox(directory: local, instanceID: sandboxInstance, region: "us-east-1",
                                 credentials: sandboxKeys,
                                 sleep: realTime ? ConnectEnvironment.system.sleep : time.environment.sleep)
    let client = ConnectClient(configuration: ConnectConfiguration(instanceID: sandboxInstance, region: "us-east-1"),
                               credentials: { clientKeys }, transport: sandbox,
                               limiter: RateLimiter(rate: 1000, burst: 1000), environment: time.environment)
    return try await body(AmazonConnectDirectory(client: client), local, sandbox)
}

/// A valid new user with the guide's profiles.
func newUser(_ username: String, first: String = "Jane", last: String = "Doe",
             email: String? = "jane.doe@health.mo.gov", requestID: String? = nil,
             in d: AmazonConnectDirectory) async throws -> NewDirectoryUser {
    NewDirectoryUser(username: username, password: Password("Xk3vQ9pLm2Rt7Wz8Yb4N"),
                     identityInfo: IdentityInfo(firstName: first, lastName: last, email: email),
                     routingProfileId: try await d.profileID(.routing, named: "Contact Tracers"),
                     securityProfileIds: [try await d.profileID(.security, named: "Agent")],
                     hierarchyGroupId: try await d.hierarchyGroups().first?.id,
                     tags: requestID.map { ["helpdesk-request": $0] } ?? [:])
}

func directoryErrorCode(_ body: () async throws -> Void) async -> DirectoryError.Code? {
    do { try await body() } catch let e as DirectoryError { return e.code } catch { return nil }
    return nil
}

func connectError(_ body: () async throws -> Void) async -> ConnectError? {
    do { try await body() } catch let e as ConnectError { return e } catch { return nil }
    return nil
}
