import ConnectDirectory
import Directory
import Foundation
import Testing

@Suite("AmazonConnectDirectory over a fake Connect")
struct AmazonConnectDirectoryTests {
    @Test("create, describe and find by username, name and email, as LocalDirectory does")
    func createAndFind() async throws {
        let fake = FakeConnect()
        let d = directory(fake)
        let created = try await d.create(await newUser("Jane.Doe", in: fake))
        #expect(created.username == "Jane.Doe")
        #expect(created.identityInfo == IdentityInfo(firstName: "Jane", lastName: "Doe", email: "jane.doe@health.mo.gov"))
        #expect(created.phoneConfig == .guideDefault)
        #expect(created.arn.hasSuffix("/agent/\(created.id)"))
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

    @Test("lists follow NextToken over every page, sorted by username")
    func pagination() async throws {
        let fake = FakeConnect(pageSize: 2)
        for name in ["Eve.E", "Bob.B", "Dan.D", "Amy.A", "Cat.C"] {
            await fake.seed(name, first: String(name.prefix(3)), last: String(name.suffix(1)), email: nil)
        }
        let d = directory(fake)
        #expect(try await d.allUsers().map(\.username) == ["Amy.A", "Bob.B", "Cat.C", "Dan.D", "Eve.E"])
        #expect(await fake.count("ListUsers") == 3)
        #expect(try await d.securityProfiles().map(\.name) == ["Admin", "Agent", "CallCenterManager", "L1 Support",
                                                                "Supervisor"])
        #expect(await fake.count("ListSecurityProfiles") == 3)
    }

    @Test("profiles are listed once, cached, and resolved by name")
    func profiles() async throws {
        let fake = FakeConnect(pageSize: 100)
        let d = directory(fake)
        #expect(try await d.routingProfiles().map(\.name) == ["Case Investigator", "Contact Tracers",
                                                               "Resource Coordinator"])
        _ = try await d.routingProfiles()
        #expect(try await d.profileID(.routing, named: " contact tracers ") == (await fake.profileID("Contact Tracers")))
        #expect(await fake.count("ListRoutingProfiles") == 1)
        #expect(await directoryErrorCode { _ = try await d.profileID(.security, named: "Boss") } == .unknownSecurityProfile)
        #expect(await fake.count("ListSecurityProfiles") == 2)   // listed again once before giving up
        #expect(try await d.hierarchyGroups().map(\.name) == ["MO ACTS"])
    }

    @Test("a taken username, a recently deleted one, unknown profiles and bad input are refused as LocalDirectory does")
    func refusals() async throws {
        let fake = FakeConnect()
        let d = directory(fake)
        let jane = try await d.create(await newUser("Jane.Doe", in: fake))
        #expect(await directoryErrorCode { _ = try await d.create(await newUser("JANE.DOE", in: fake)) } == .usernameTaken)
        try await d.delete(jane.id)
        #expect(await directoryErrorCode { _ = try await d.create(await newUser("Jane.Doe", in: fake)) }
            == .usernameNotReusableYet(until: Date(timeIntervalSince1970: 1_795_611_600 + 300)))
        var u = await newUser("Amy.Lee", in: fake)
        u.routingProfileId = "nope"
        #expect(await directoryErrorCode { _ = try await d.create(u) } == .unknownRoutingProfile)
        u = await newUser("Amy.Lee", in: fake)
        u.password = Password("short")
        #expect(await directoryErrorCode { _ = try await d.create(u) } == .invalidPassword)
        #expect(await fake.count("CreateUser") == 3)   // the last two never reached Connect
        #expect(await directoryErrorCode { try await d.delete(jane.id) } == .notFound)
    }

    @Test("updates: identity, routing profile, security profiles and phone, by profile names")
    func updates() async throws {
        let fake = FakeConnect()
        let d = directory(fake)
        let u = try await d.create(await newUser("Jane.Doe", email: nil, in: fake))
        let withEmail = try await d.updateIdentity(u.id, IdentityInfo(firstName: "Jane", lastName: "Doe",
                                                                      email: "jane@health.mo.gov"))
        #expect(withEmail.identityInfo.email == "jane@health.mo.gov")
        let routed = try await d.updateRoutingProfile(u.id, named: "Case Investigator")
        #expect(routed.routingProfileId == (await fake.profileID("Case Investigator")))
        let secured = try await d.updateSecurityProfiles(u.id, named: ["Agent", "L1 Support"])
        #expect(Set(secured.securityProfileIds) == Set([await fake.profileID("Agent")!, await fake.profileID("L1 Support")!]))
        let desk = PhoneConfig(phoneType: .deskPhone, autoAccept: true, afterContactWorkTimeLimit: 60,
                               deskPhoneNumber: "+15735551234")
        #expect(try await d.updatePhoneConfig(u.id, desk).phoneConfig == desk)
        #expect(await directoryErrorCode { _ = try await d.updateIdentity(UserID("gone"), withEmail.identityInfo) }
            == .notFound)
        #expect(await directoryErrorCode {
            _ = try await d.updatePhoneConfig(u.id, PhoneConfig(phoneType: .deskPhone))
        } == .invalidPhoneConfig)
    }

    @Test("logged in means Connect has real-time data for the user; an unknown id is .notFound")
    func presence() async throws {
        let fake = FakeConnect()
        let d = directory(fake)
        let u = try await d.create(await newUser("Jane.Doe", in: fake))
        #expect(try await d.isLoggedIn(u.id) == false)
        await fake.setLoggedIn(u.id)
        #expect(try await d.isLoggedIn(u.id) == true)
        #expect(await directoryErrorCode { _ = try await d.isLoggedIn(UserID("nope")) } == .notFound)
    }

    @Test("createAll creates all or none")
    func createAllOrNone() async throws {
        let fake = FakeConnect()
        let d = directory(fake)
        _ = try await d.create(await newUser("Taken.User", in: fake))
        let batch = [await newUser("Amy.Lee", in: fake), await newUser("Bob.Ray", in: fake),
                     await newUser("Taken.User", in: fake)]
        #expect(await directoryErrorCode { _ = try await d.createAll(batch) } == .usernameTaken)
        #expect(try await d.allUsers().map(\.username) == ["Taken.User"])
    }
}
