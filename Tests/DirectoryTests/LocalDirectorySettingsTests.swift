import Directory
import Foundation
import Testing

@Suite("LocalDirectory: routing profile, security profiles and phone updates")
struct LocalDirectorySettingsTests {
    @Test("each update changes what it names and nothing else")
    func updates() async throws {
        try await withDirectory(.sqlite) { d in
            let local = try #require(d as? LocalDirectory)
            let u = try await d.create(try await newUser("Jane.Doe", in: d))
            let profiles = try await DirectoryProfiles(of: d)
            let routing = try #require(profiles.routing.named("Case Investigator")).id
            let routed = try await local.updateRoutingProfile(u.id, routingProfileId: routing)
            #expect(routed.routingProfileId == routing)
            #expect(routed.identityInfo == u.identityInfo)
            let security = try ["Agent", "L1 Support"].map { try #require(profiles.security.named($0)).id }
            #expect(try await local.updateSecurityProfiles(u.id, securityProfileIds: security + security)
                .securityProfileIds == security.sorted())
            let desk = PhoneConfig(phoneType: .deskPhone, autoAccept: true, afterContactWorkTimeLimit: 30,
                                   deskPhoneNumber: "+15735551234")
            #expect(try await local.updatePhoneConfig(u.id, desk).phoneConfig == desk)
            #expect(try await d.describe(u.id).routingProfileId == routing)
        }
    }

    @Test("unknown users and profiles, and an empty profile list, are refused")
    func refusals() async throws {
        try await withDirectory(.sqlite) { d in
            let local = try #require(d as? LocalDirectory)
            let u = try await d.create(try await newUser("Jane.Doe", in: d))
            #expect(await directoryErrorCode { _ = try await local.updateRoutingProfile(u.id, routingProfileId: "x") }
                == .unknownRoutingProfile)
            #expect(await directoryErrorCode { _ = try await local.updateSecurityProfiles(u.id, securityProfileIds: []) }
                == .unknownSecurityProfile)
            #expect(await directoryErrorCode {
                _ = try await local.updateSecurityProfiles(UserID("nope"), securityProfileIds: u.securityProfileIds)
            } == .notFound)
            #expect(await directoryErrorCode { _ = try await local.updatePhoneConfig(UserID("nope"), .guideDefault) }
                == .notFound)
            #expect(await directoryErrorCode {
                _ = try await local.updatePhoneConfig(u.id, PhoneConfig(phoneType: .deskPhone))
            } == .invalidPhoneConfig)
        }
    }
}
