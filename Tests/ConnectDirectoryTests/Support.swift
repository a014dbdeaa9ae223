import AWSSigV4
import ConnectDirectory
import Directory
import Foundation

/// Time that moves only when the client sleeps: every wait is recorded and added to the clock, so tests never
/// really sleep.
final class TestTime: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_795_611_600)
    private var waits: [Double] = []
    let draw: Double

    init(draw: Double = 0.5) { self.draw = draw }

    var now: Date { lock.withLock { current } }
    var sleeps: [Double] { lock.withLock { waits } }

    func advance(_ seconds: Double) { lock.withLock { current = current.addingTimeInterval(seconds) } }

    var environment: ConnectEnvironment {
        ConnectEnvironment(
            now: { self.now },
            sleep: { s in self.lock.withLock { self.waits.append(s); self.current = self.current.addingTimeInterval(s) } },
            random: { self.draw })
    }
}

extension ConnectConfiguration {
    static func fake(_ f: FakeConnect) -> ConnectConfiguration {
        ConnectConfiguration(instanceID: f.instance, region: "us-east-1")
    }
}

func client(_ fake: FakeConnect, _ time: TestTime, limiter: RateLimiter = RateLimiter(rate: 1000, burst: 1000),
            retry: RetryPolicy = RetryPolicy()) -> ConnectClient {
    ConnectClient(configuration: .fake(fake),
                  credentials: { AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret") },
                  transport: fake, limiter: limiter, retry: retry, environment: time.environment)
}

/// A directory over `fake`, with rate limits out of the way unless a test asks for them.
func directory(_ fake: FakeConnect, _ time: TestTime = TestTime(), indexBudget: Int = 50,
               index: EmailIndex = EmailIndex()) -> AmazonConnectDirectory {
    AmazonConnectDirectory(client: client(fake, time), indexBudget: indexBudget, index: index)
}

/// A valid new user with the guide's profiles of `fake`.
func newUser(_ username: String, first: String = "Jane", last: String = "Doe", email: String? = "jane.doe@health.mo.gov",
             requestID: String? = nil, in fake: FakeConnect) async -> NewDirectoryUser {
    NewDirectoryUser(username: username, password: Password("Xk3vQ9pLm2Rt7Wz8Yb4N"),
                     identityInfo: IdentityInfo(firstName: first, lastName: last, email: email),
                     routingProfileId: await fake.profileID("Contact Tracers")!,
                     securityProfileIds: [await fake.profileID("Agent")!], hierarchyGroupId: await fake.hierarchyID(),
                     tags: requestID.map { ["helpdesk-request": $0] } ?? [:])
}

/// The code of the `DirectoryError` `body` throws, or nil.
func directoryErrorCode(_ body: () async throws -> Void) async -> DirectoryError.Code? {
    do { try await body() } catch let e as DirectoryError { return e.code } catch { return nil }
    return nil
}

/// The `ConnectError` `body` throws, or nil.
func connectError(_ body: () async throws -> Void) async -> ConnectError? {
    do { try await body() } catch let e as ConnectError { return e } catch { return nil }
    return nil
}
