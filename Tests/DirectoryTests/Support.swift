import Testing
import Directory
import Foundation
import HelpdeskTesting

/// A clock that moves only when a test moves it.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_600_000_000)) { current = start }

    var now: Date {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    func advance(by seconds: TimeInterval) {
        lock.lock()
        current = current.addingTimeInterval(seconds)
        lock.unlock()
    }

    var function: @Sendable () -> Date { { self.now } }
}

/// A directory a behavioural test can also log users in to.
protocol TestDirectory: UserDirectory {
    func setLoggedIn(_ id: UserID, _ value: Bool) async throws
}

extension LocalDirectory: TestDirectory {}
extension InMemoryDirectory: TestDirectory {}

/// The two directories the behavioural tests run against, so that the double matches the real thing.
enum DirectoryKind: String, CaseIterable, CustomStringConvertible, Sendable {
    case sqlite, inMemory

    var description: String { rawValue }
}

/// A fresh temporary folder for one test, removed afterwards.
func withTemporaryFolder<T>(_ body: (URL) async throws -> T) async throws -> T {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("helpdesk-directory-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try await body(folder)
}

/// Runs `body` on a new directory of `kind` (a new SQLite file in a new temporary folder for `.sqlite`), with
/// sequential ids and `clock`.
func withDirectory<T>(_ kind: DirectoryKind, reuseDelay: TimeInterval = 0, clock: ManualClock = ManualClock(),
                      _ body: (any TestDirectory) async throws -> T) async throws -> T {
    switch kind {
    case .inMemory:
        return try await body(InMemoryDirectory(usernameReuseDelay: reuseDelay, clock: clock.function,
                                                ids: .sequential()))
    case .sqlite:
        return try await withTemporaryFolder { folder in
            let d = try LocalDirectory(path: folder.appendingPathComponent("directory.sqlite").path,
                                       configuration: .init(usernameReuseDelay: reuseDelay),
                                       clock: clock.function, ids: .sequential())
            return try await body(d)
        }
    }
}

/// A valid request for `username`, with the guide's defaults and the named profiles of `directory`.
func newUser(_ username: String, first: String = "Jane", last: String = "Doe", email: String? = "jane.doe@health.mo.gov",
             password: String = "Xk3vQ9pLm2Rt7Wz8Yb4N", routing: String = "Contact Tracers",
             security: [String] = ["Agent"], in directory: some ProfileListing) async throws -> NewDirectoryUser {
    let profiles = try await DirectoryProfiles(of: directory)
    return NewDirectoryUser(
        username: username, password: Password(password),
        identityInfo: IdentityInfo(firstName: first, lastName: last, email: email),
        routingProfileId: try #require(profiles.routing.named(routing)).id,
        securityProfileIds: try security.map { try #require(profiles.security.named($0)).id },
        hierarchyGroupId: profiles.hierarchy.first?.id)
}

/// The text of a fixture in `Fixtures/`.
func fixture(_ name: String) throws -> String {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
    return try String(contentsOf: url, encoding: .utf8)
}

/// The code of the `DirectoryError` `body` throws, or nil when it throws none (or another error).
func directoryErrorCode(_ body: () async throws -> Void) async -> DirectoryError.Code? {
    do {
        try await body()
        return nil
    } catch let e as DirectoryError {
        return e.code
    } catch {
        return nil
    }
}
