import Directory
import Foundation
import Testing

/// The directory's behaviour, run against LocalDirectory (a fresh SQLite file each) and InMemoryDirectory alike.
@Suite("Directory behaviour, SQLite and in memory")
struct DirectoryBehaviourTests {
    @Test(arguments: DirectoryKind.allCases)
    func createDescribeAndFind(_ kind: DirectoryKind) async throws {
        try await withDirectory(kind) { d in
            let created = try await d.create(try await newUser("Jane.Doe", in: d))
            #expect(created.id == UserID("00000000-0000-0000-0000-00000000000a"))   // 9 seeded profiles first
            #expect(created.arn == "arn:aws:connect:us-east-1:000000000000:instance/local/agent/\(created.id)")
            #expect(created.username == "Jane.Doe")
            #expect(created.identityInfo == IdentityInfo(firstName: "Jane", lastName: "Doe",
                                                         email: "jane.doe@health.mo.gov"))
            #expect(created.phoneConfig == .guideDefault)
            #expect(try await d.describe(created.id) == created)
            #expect(try await d.user(username: "jane.doe") == created)
            #expect(try await d.user(username: "John.Doe") == nil)
            #expect(try await d.users(firstName: "JANE", lastName: "doe") == [created])
            #expect(try await d.users(firstName: nil, lastName: "Doe") == [created])
            #expect(try await d.users(firstName: "John", lastName: nil) == [])
            #expect(try await d.users(firstName: nil, lastName: nil) == [])
            #expect(try await d.usersWithEmail("Jane.Doe@Health.MO.gov") == [created])
            #expect(try await d.usersWithEmail("nobody@health.mo.gov") == [])
            #expect(try await d.allUsers() == [created])
        }
    }

    @Test(arguments: DirectoryKind.allCases)
    func usernamesAreUniqueWithoutRegardToCase(_ kind: DirectoryKind) async throws {
        try await withDirectory(kind) { d in
            _ = try await d.create(try await newUser("Jane.Doe", in: d))
            let again = try await newUser("JANE.DOE", first: "Janet", in: d)
            #expect(await directoryErrorCode { _ = try await d.create(again) } == .usernameTaken)
            #expect(try await d.allUsers().count == 1)
        }
    }

    @Test(arguments: DirectoryKind.allCases)
    func createChecksLikeConnect(_ kind: DirectoryKind) async throws {
        try await withDirectory(kind) { d in
            let good = try await newUser("Jane.Doe", in: d)
            var u = good
            u.username = "Jane Doe"
            #expect(await directoryErrorCode { _ = try await d.create(u) } == .invalidUsername)
            u = good
            u.password = Password("password")
            #expect(await directoryErrorCode { _ = try await d.create(u) } == .invalidPassword)
            u = good
            u.identityInfo.lastName = " "
            #expect(await directoryErrorCode { _ = try await d.create(u) } == .invalidIdentity)
            u = good
            u.identityInfo.email = "jane.doe at health"
            #expect(await directoryErrorCode { _ = try await d.create(u) } == .invalidIdentity)
            u = good
            u.routingProfileId = "no-such-profile"
            #expect(await directoryErrorCode { _ = try await d.create(u) } == .unknownRoutingProfile)
            u = good
            u.securityProfileIds = [try await d.routingProfiles()[0].id]   // a routing id is not a security id
            #expect(await directoryErrorCode { _ = try await d.create(u) } == .unknownSecurityProfile)
            u = good
            u.securityProfileIds = []
            #expect(await directoryErrorCode { _ = try await d.create(u) } == .unknownSecurityProfile)
            u = good
            u.hierarchyGroupId = "no-such-group"
            #expect(await directoryErrorCode { _ = try await d.create(u) } == .unknownHierarchyGroup)
            u = good
            u.phoneConfig = PhoneConfig(phoneType: .deskPhone)
            #expect(await directoryErrorCode { _ = try await d.create(u) } == .invalidPhoneConfig)
            #expect(try await d.allUsers().isEmpty)
        }
    }

    @Test(arguments: DirectoryKind.allCases)
    func deskPhoneAndTagsRoundTrip(_ kind: DirectoryKind) async throws {
        try await withDirectory(kind) { d in
            var u = try await newUser("Jane.Doe", security: ["Agent", "L1 Support"], in: d)
            u.phoneConfig = PhoneConfig(phoneType: .deskPhone, autoAccept: true, afterContactWorkTimeLimit: 0,
                                        deskPhoneNumber: "+15735551234")
            u.tags = ["team": "north", "source": "ticket-12"]
            let created = try await d.create(u)
            let described = try await d.describe(created.id)
            #expect(described.phoneConfig == u.phoneConfig)
            #expect(described.tags == u.tags)
            #expect(described.securityProfileIds == u.securityProfileIds.sorted())
        }
    }

    @Test(arguments: DirectoryKind.allCases)
    func deleteThenTheUserIsGone(_ kind: DirectoryKind) async throws {
        try await withDirectory(kind) { d in
            let created = try await d.create(try await newUser("Jane.Doe", in: d))
            try await d.delete(created.id)
            #expect(await directoryErrorCode { _ = try await d.describe(created.id) } == .notFound)
            #expect(await directoryErrorCode { try await d.delete(created.id) } == .notFound)
            #expect(try await d.user(username: "Jane.Doe") == nil)
            // The local default delay is 0: the username can be used again at once.
            let again = try await d.create(try await newUser("Jane.Doe", in: d))
            #expect(again.id != created.id)
        }
    }

    @Test(arguments: DirectoryKind.allCases)
    func deletedUsernameWaitsForTheReuseDelay(_ kind: DirectoryKind) async throws {
        let clock = ManualClock()
        let start = clock.now
        try await withDirectory(kind, reuseDelay: 3600, clock: clock) { d in
            let created = try await d.create(try await newUser("Jane.Doe", in: d))
            try await d.delete(created.id)
            let request = try await newUser("jane.doe", in: d)
            let until = start.addingTimeInterval(3600)
            #expect(await directoryErrorCode { _ = try await d.create(request) } == .usernameNotReusableYet(until: until))
            clock.advance(by: 3599)
            #expect(await directoryErrorCode { _ = try await d.create(request) } == .usernameNotReusableYet(until: until))
            // Other usernames are not held up.
            _ = try await d.create(try await newUser("John.Doe", first: "John", in: d))
            clock.advance(by: 1)
            let again = try await d.create(request)
            #expect(again.username == "jane.doe")
        }
    }

    @Test(arguments: DirectoryKind.allCases)
    func notReusableYetSaysWhatToDo(_ kind: DirectoryKind) async throws {
        try await withDirectory(kind, reuseDelay: 60) { d in
            let created = try await d.create(try await newUser("Jane.Doe", in: d))
            try await d.delete(created.id)
            let request = try await newUser("Jane.Doe", in: d)
            do {
                _ = try await d.create(request)
                Issue.record("expected an error")
            } catch let e as DirectoryError {
                #expect(e.message.contains("Jane.Doe"))
                #expect(e.message.contains("logged out"))
                #expect(e.message.contains("2020-09-13T12:27:40Z"))
            }
        }
    }

    @Test(arguments: DirectoryKind.allCases)
    func updateIdentitySetsTheEmail(_ kind: DirectoryKind) async throws {
        try await withDirectory(kind) { d in
            let created = try await d.create(try await newUser("Jane.Doe", email: nil, in: d))
            #expect(created.identityInfo.email == nil)
            #expect(try await d.usersWithEmail("jane.doe@health.mo.gov") == [])
            let info = IdentityInfo(firstName: "Jane", lastName: "Doe", email: "jane.doe@health.mo.gov")
            let updated = try await d.updateIdentity(created.id, info)
            #expect(updated.identityInfo == info)
            #expect(try await d.describe(created.id).identityInfo == info)
            #expect(try await d.usersWithEmail("jane.doe@health.mo.gov").map(\.id) == [created.id])
            let bad = IdentityInfo(firstName: "Jane", lastName: "Doe", email: "not an email")
            #expect(await directoryErrorCode { _ = try await d.updateIdentity(created.id, bad) } == .invalidIdentity)
            #expect(await directoryErrorCode { _ = try await d.updateIdentity(UserID("missing"), info) } == .notFound)
        }
    }

    @Test(arguments: DirectoryKind.allCases)
    func listsTheGuidesProfiles(_ kind: DirectoryKind) async throws {
        try await withDirectory(kind) { d in
            #expect(try await d.routingProfiles().map(\.name)
                == ["Case Investigator", "Contact Tracers", "Resource Coordinator"])
            #expect(try await d.securityProfiles().map(\.name)
                == ["Admin", "Agent", "CallCenterManager", "L1 Support", "Supervisor"])
            #expect(try await d.hierarchyGroups().map(\.name) == ["MO ACTS"])
            let routing = try await d.routingProfiles()
            for p in routing { #expect(p.arn.hasSuffix("/routing-profile/\(p.id)")) }
        }
    }

    @Test func bothDirectoriesGiveTheSameIDsAndValues() async throws {
        let local = try await withDirectory(.sqlite) { d in
            (try await d.routingProfiles() + d.securityProfiles() + d.hierarchyGroups(),
             try await d.create(try await newUser("Jane.Doe", in: d)))
        }
        let memory = try await withDirectory(.inMemory) { d in
            (try await d.routingProfiles() + d.securityProfiles() + d.hierarchyGroups(),
             try await d.create(try await newUser("Jane.Doe", in: d)))
        }
        #expect(local.0 == memory.0)
        #expect(local.1 == memory.1)
    }

    @Test(arguments: DirectoryKind.allCases)
    func presence(_ kind: DirectoryKind) async throws {
        try await withDirectory(kind) { d in
            let created = try await d.create(try await newUser("Jane.Doe", in: d))
            #expect(try await d.isLoggedIn(created.id) == false)
            try await d.setLoggedIn(created.id, true)
            #expect(try await d.isLoggedIn(created.id) == true)
            try await d.setLoggedIn(created.id, false)
            #expect(try await d.isLoggedIn(created.id) == false)
            #expect(await directoryErrorCode { _ = try await d.isLoggedIn(UserID("missing")) } == .notFound)
            #expect(await directoryErrorCode { try await d.setLoggedIn(UserID("missing"), true) } == .notFound)
        }
    }

    @Test(arguments: DirectoryKind.allCases)
    func createAllIsAllOrNothing(_ kind: DirectoryKind) async throws {
        try await withDirectory(kind) { d in
            let a = try await newUser("Jane.Doe", in: d)
            let b = try await newUser("John.Doe", first: "John", in: d)
            let dup = try await newUser("jane.doe", first: "Janet", in: d)
            #expect(await directoryErrorCode { _ = try await d.createAll([a, b, dup]) } == .usernameTaken)
            #expect(try await d.allUsers().isEmpty)
            let both = try await d.createAll([a, b])
            #expect(both.map(\.username) == ["Jane.Doe", "John.Doe"])
            #expect(try await d.allUsers().map(\.username) == ["Jane.Doe", "John.Doe"])
        }
    }
}
