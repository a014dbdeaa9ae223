import Directory
import Foundation
import Testing

/// The guide's bulk upload, against both directories.
@Suite("Bulk import (CSV in the guide's columns)")
struct DirectoryImportTests {
    @Test(arguments: DirectoryKind.allCases)
    func importsEveryRowOfAGoodFile(_ kind: DirectoryKind) async throws {
        let csv = try fixture("import-good.csv")
        try await withDirectory(kind) { d in
            let created = try await DirectoryImport.run(csv: csv, into: d)
            #expect(created.map(\.username) == ["Jane.Doe", "Pat.ONeil", "Maria.Garcia-Lopez"])
            let profiles = try await DirectoryProfiles(of: d)
            let pat = try #require(try await d.user(username: "Pat.ONeil"))
            #expect(pat.identityInfo == IdentityInfo(firstName: "Smith, Jr.", lastName: "O'Neil",
                                                     email: "pat.oneil@health.mo.gov"))
            #expect(pat.securityProfileIds.map(profiles.securityName).sorted() == ["Agent", "L1 Support"])
            #expect(profiles.routingName(pat.routingProfileId) == "Case Investigator")
            #expect(pat.hierarchyGroupId.map(profiles.hierarchyName) == "MO ACTS")
            #expect(pat.phoneConfig == .guideDefault)
            let maria = try #require(try await d.user(username: "Maria.Garcia-Lopez"))
            #expect(maria.hierarchyGroupId == nil)
            #expect(try await d.allUsers().count == 3)
        }
    }

    @Test(arguments: DirectoryKind.allCases)
    func reportsEveryBadRowAndImportsNothing(_ kind: DirectoryKind) async throws {
        let csv = try fixture("import-bad-rows.csv")
        try await withDirectory(kind) { d in
            let failure = try await #require(throws: ImportFailure.self) { try await DirectoryImport.run(csv: csv, into: d) }
            #expect(failure.problems.map(\.row) == [3, 4, 6, 7])   // row 2 is good, row 5 is blank
            let lines = failure.problems.map(\.description)
            #expect(lines[0] == "row 3: Email Address is empty (without it the user cannot reset their own password)")
            #expect(lines[1] == "row 4: First Name is empty; User Login: the username contains a space; use only "
                + "letters A-Z, digits, '.', '_', '-' (and '@' in an email); Password: the password needs an upper "
                + "case letter; Security Profile 'Agentt' is unknown; use one of Admin, Agent, CallCenterManager, "
                + "L1 Support, Supervisor")
            #expect(lines[2] == "row 6: User Login Ann.Lee repeats row 2; Routing Profile 'Tracers' is unknown; use "
                + "one of Case Investigator, Contact Tracers, Resource Coordinator; Phone Type is Desk Phone but Desk "
                + "Phone Number is empty; give the number (e.g. +15735551234) or use Soft Phone")
            #expect(lines[3] == "row 7: User Login 'estone' is not in the form Firstname.Lastname; Agent Hierarchy "
                + "'Nowhere' is unknown; use one of MO ACTS")
            #expect(failure.description.hasSuffix("Nothing was imported. Fix these rows and import the whole file again."))
            for secret in ["Xk3vQ9pLm2Rt7Wz8Yb4N", "Hq7Lm2Xv9Kp4Rt3Wz8Yc", "alllowercase1", "Zt5Rk8Wq2Lm9Xv3Pb7Nc"] {
                #expect(!failure.description.contains(secret))
            }
            #expect(try await d.allUsers().isEmpty)
        }
    }

    @Test(arguments: DirectoryKind.allCases)
    func aLoginAlreadyInTheDirectoryFailsTheWholeFile(_ kind: DirectoryKind) async throws {
        let csv = try fixture("import-good.csv")
        try await withDirectory(kind) { d in
            _ = try await d.create(try await newUser("pat.oneil", first: "Patricia", last: "ONeil", in: d))
            let failure = try await #require(throws: ImportFailure.self) { try await DirectoryImport.run(csv: csv, into: d) }
            #expect(failure.problems.map(\.description)
                == ["row 3: User Login Pat.ONeil is already taken (by Patricia ONeil); choose another login"])
            #expect(try await d.allUsers().map(\.username) == ["pat.oneil"])
        }
    }

    @Test(arguments: DirectoryKind.allCases)
    func aDeletedLoginStillInItsDelayFailsTheWholeFile(_ kind: DirectoryKind) async throws {
        let csv = try fixture("import-good.csv")
        try await withDirectory(kind, reuseDelay: 3600) { d in
            let old = try await d.create(try await newUser("Maria.Garcia-Lopez", first: "Maria", in: d))
            try await d.delete(old.id)
            let failure = try await #require(throws: ImportFailure.self) { try await DirectoryImport.run(csv: csv, into: d) }
            #expect(failure.problems.count == 1)
            #expect(failure.problems[0].row == nil)
            #expect(failure.problems[0].problems[0].contains("Maria.Garcia-Lopez"))
            #expect(try await d.allUsers().isEmpty)
        }
    }

    @Test(arguments: DirectoryKind.allCases)
    func aMissingColumnIsReportedOnRowOne(_ kind: DirectoryKind) async throws {
        let csv = try fixture("import-missing-columns.csv")
        try await withDirectory(kind) { d in
            let failure = try await #require(throws: ImportFailure.self) { try await DirectoryImport.run(csv: csv, into: d) }
            #expect(failure.problems.count == 1)
            #expect(failure.problems[0].description.hasPrefix(
                "row 1: the header row lacks Security Profile, Phone Type, Agent Hierarchy;"))
            #expect(try await d.allUsers().isEmpty)
        }
    }

    @Test(arguments: DirectoryKind.allCases)
    func quotedLineBreaksAndDeskPhones(_ kind: DirectoryKind) async throws {
        let csv = try fixture("import-desk-phone.csv")
        try await withDirectory(kind) { d in
            let created = try await DirectoryImport.run(csv: csv, into: d)
            #expect(created.count == 1)
            #expect(created[0].identityInfo.firstName == "Lee\nAnn")
            #expect(created[0].phoneConfig == PhoneConfig(phoneType: .deskPhone, deskPhoneNumber: "+15735551234"))
        }
    }

    @Test("Files that hold no users", arguments: ["", "\n\n", DirectoryImport.columns.joined(separator: ",") + "\n"])
    func emptyFiles(_ csv: String) async throws {
        try await withDirectory(.inMemory) { d in
            let failure = try await #require(throws: ImportFailure.self) { try await DirectoryImport.run(csv: csv, into: d) }
            #expect(failure.problems.count == 1)
            #expect(failure.problems[0].row == nil)
        }
    }
}
