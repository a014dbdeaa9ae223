import Directory
import Foundation
import Testing

/// What only the SQLite directory has: a file that persists, WAL, migrations that run once, and no passwords in it.
@Suite("LocalDirectory on a SQLite file")
struct LocalDirectoryTests {
    func open(_ path: String, clock: ManualClock = ManualClock(), delay: TimeInterval = 0) throws -> LocalDirectory {
        try LocalDirectory(path: path, configuration: .init(usernameReuseDelay: delay), clock: clock.function,
                           ids: .sequential(startingAt: 100))
    }

    @Test func persistsAcrossReopeningAndSeedsOnlyOnce() async throws {
        try await withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("d.sqlite").path
            let first = try open(path)
            let created = try await first.create(try await newUser("Jane.Doe", in: first))
            let profiles = try await first.securityProfiles()
            let second = try open(path)
            #expect(try await second.describe(created.id) == created)
            #expect(try await second.securityProfiles() == profiles)
            #expect(try await second.routingProfiles().count == 3)
        }
    }

    @Test func theReuseDelaySurvivesReopening() async throws {
        try await withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("d.sqlite").path
            let clock = ManualClock()
            let first = try open(path, clock: clock, delay: 600)
            let created = try await first.create(try await newUser("Jane.Doe", in: first))
            try await first.delete(created.id)
            let second = try open(path, clock: clock, delay: 600)
            let request = try await newUser("Jane.Doe", in: second)
            #expect(await directoryErrorCode { _ = try await second.create(request) }
                == .usernameNotReusableYet(until: clock.now.addingTimeInterval(600)))
        }
    }

    @Test func usesWriteAheadLogging() async throws {
        try await withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("d.sqlite").path
            let d = try open(path)
            _ = try await d.create(try await newUser("Jane.Doe", in: d))
            let header = try #require(FileManager.default.contents(atPath: path)).prefix(20)
            #expect(header.starts(with: Array("SQLite format 3\0".utf8)))
            #expect(Array(header)[18...19] == [2, 2])   // file format versions 2 = WAL
        }
    }

    @Test func anUnwritablePathSaysWhatToDo() throws {
        #expect {
            _ = try LocalDirectory(path: "/nonexistent-folder/d.sqlite", clock: { Date(timeIntervalSince1970: 0) },
                                   ids: .sequential())
        } throws: { error in
            guard let e = error as? DirectoryError else { return false }
            return e.code == .storage && e.message.contains("--path")
        }
    }

    @Test func aPlantedPasswordIsNowhereInTheDatabaseFiles() async throws {
        try await withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("d.sqlite").path
            let planted = "Pl4ntedSecretXq9Zk7Vw"
            let imported = "Imp0rtedSecretRt5Lm8"
            let d = try open(path)
            _ = try await d.create(try await newUser("Jane.Doe", password: planted, in: d))
            let csv = DirectoryImport.columns.joined(separator: ",") + "\n"
                + "John,Roe,john.roe@health.mo.gov,John.Roe,\(imported),Agent,Contact Tracers,Soft Phone,MO ACTS\n"
            _ = try await DirectoryImport.run(csv: csv, into: d)
            #expect(try await d.allUsers().count == 2)
            func everyFile() throws -> [Data] {
                try FileManager.default.contentsOfDirectory(atPath: folder.path)
                    .compactMap { FileManager.default.contents(atPath: folder.appendingPathComponent($0).path) }
            }
            let files = try everyFile()
            #expect(files.count >= 2)   // the database and its -wal while open
            for data in files {
                for secret in [planted, imported] {
                    #expect(data.range(of: Data(secret.utf8)) == nil)
                    #expect(data.range(of: Data(secret.utf16.flatMap { [UInt8($0 & 0xff), UInt8($0 >> 8)] })) == nil)
                }
            }
        }
    }

    @Test func showAndListText() async throws {
        try await withTemporaryFolder { folder in
            let d = try open(folder.appendingPathComponent("d.sqlite").path)
            var request = try await newUser("Jane.Doe", security: ["L1 Support", "Agent"], in: d)
            request.tags = ["team": "north"]
            let jane = try await d.create(request)
            let john = try await d.create(try await newUser("John.Roe", first: "John", last: "Roe", email: nil,
                                                            routing: "Case Investigator", in: d))
            let profiles = try await DirectoryProfiles(of: d)
            #expect(jane.detailText(profiles: profiles, loggedIn: false) == """
                Username:          Jane.Doe
                Id:                00000000-0000-0000-0000-00000000006d
                Arn:               arn:aws:connect:us-east-1:000000000000:instance/local/agent/00000000-0000-0000-0000-00000000006d
                First name:        Jane
                Last name:         Doe
                Email:             jane.doe@health.mo.gov
                Phone type:        Soft Phone
                Auto accept:       off
                ACW time limit:    300 s
                Routing profile:   Contact Tracers
                Security profiles: Agent, L1 Support
                Agent hierarchy:   MO ACTS
                Tags:              team=north
                Logged in:         no
                """)
            #expect(DirectoryUser.table([jane, john], profiles: profiles) == """
                USERNAME  NAME      EMAIL                   ROUTING PROFILE    SECURITY PROFILES
                Jane.Doe  Jane Doe  jane.doe@health.mo.gov  Contact Tracers    Agent, L1 Support
                John.Roe  John Roe  -                       Case Investigator  Agent
                """)
            let json = String(decoding: try JSONEncoder().encode(john), as: UTF8.self)
            #expect(json.contains("\"Username\":\"John.Roe\""))
            #expect(json.contains("\"PhoneType\":\"SOFT_PHONE\""))
            #expect(!json.lowercased().contains("password"))
        }
    }
}
