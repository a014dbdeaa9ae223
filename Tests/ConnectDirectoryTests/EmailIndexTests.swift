import ConnectDirectory
import Directory
import Foundation
import Testing

@Suite("Finding users by email: an index kept in sync from ListUsers and DescribeUser")
struct EmailIndexTests {
    @Test("only new and changed users are described again")
    func incremental() async throws {
        let fake = FakeConnect(pageSize: 2)
        let amy = await fake.seed("Amy.Lee", first: "Amy", last: "Lee", email: "amy@health.mo.gov")
        await fake.seed("Bob.Ray", first: "Bob", last: "Ray", email: "bob@health.mo.gov")
        await fake.seed("Cat.Ng", first: "Cat", last: "Ng", email: nil)
        let d = directory(fake)
        #expect(try await d.usersWithEmail("AMY@health.mo.gov ").map(\.id) == [amy])
        #expect(await fake.count("DescribeUser") == 4)   // three to index, one to re-check the hit
        await fake.resetLog()

        #expect(try await d.usersWithEmail("bob@health.mo.gov").map(\.username) == ["Bob.Ray"])
        #expect(await fake.count("DescribeUser") == 1)   // nothing changed: only the re-check
        await fake.resetLog()

        await fake.consoleSetEmail(amy, "amy.lee@lphamo.net")
        let dan = await fake.seed("Dan.Ek", first: "Dan", last: "Ek", email: "amy@health.mo.gov")
        #expect(try await d.usersWithEmail("amy@health.mo.gov").map(\.id) == [dan])
        #expect(await fake.count("DescribeUser") == 3)   // Amy changed, Dan is new, re-check of Dan
        #expect(await d.emailIndex().isComplete)
    }

    @Test("a hit is re-checked with DescribeUser before it is returned")
    func recheck() async throws {
        let fake = FakeConnect()
        let amy = await fake.seed("Amy.Lee", first: "Amy", last: "Lee", email: "amy@health.mo.gov")
        let d = directory(fake)
        #expect(try await d.usersWithEmail("amy@health.mo.gov").map(\.id) == [amy])
        // Changed in the console between ListUsers and the lookup: the re-check sees it.
        var index = await d.emailIndex()
        await fake.consoleSetEmail(amy, "other@health.mo.gov")
        index.update(listing: [UserSummary(id: amy, username: "Amy.Lee", lastModified: nil)], now: 0)
        let stale = directory(fake, index: index)
        #expect(try await stale.usersWithEmail("other@health.mo.gov").map(\.id) == [amy])
    }

    @Test("a large instance is indexed a budget at a time; until done, a miss is not reported as 'nobody'")
    func budget() async throws {
        let fake = FakeConnect(pageSize: 100)
        for i in 0..<7 { await fake.seed("User.N\(i)", first: "U", last: "N\(i)", email: "u\(i)@health.mo.gov") }
        let d = directory(fake, indexBudget: 3)
        let e = await connectError { _ = try await d.usersWithEmail("nobody@health.mo.gov") }
        #expect(e?.code == .indexIncomplete)
        #expect(e?.message.contains("4 users") == true)
        #expect(try await d.usersWithEmail("u1@health.mo.gov").map(\.username) == ["User.N1"])
        #expect(try await d.refreshEmailIndex(budget: 10) == 0)
        #expect(try await d.usersWithEmail("nobody@health.mo.gov") == [])
    }

    @Test("the pure index: deleted users are forgotten, unchanged ones kept")
    func pure() {
        var index = EmailIndex()
        let a = UserID("a"), b = UserID("b")
        index.update(listing: [UserSummary(id: a, username: "A", lastModified: 1),
                               UserSummary(id: b, username: "B", lastModified: 1)], now: 0)
        #expect(index.pending == [a, b])
        for (id, name) in [(a, "A"), (b, "B")] {
            index.record(DirectoryUser(id: id, arn: "", username: name,
                                       identityInfo: IdentityInfo(firstName: name, lastName: name, email: "\(name)@X.org"),
                                       phoneConfig: .guideDefault, routingProfileId: "r", securityProfileIds: ["s"]),
                         lastModified: 1, now: 0)
        }
        #expect(index.isComplete)
        #expect(index.candidates(email: "a@x.ORG") == [a])
        index.update(listing: [UserSummary(id: b, username: "B", lastModified: 2)], now: 10)
        #expect(index.candidates(email: "a@x.org") == [])
        #expect(index.pending == [b])
        index.update(listing: [UserSummary(id: b, username: "B", lastModified: nil)], now: 100_000)
        #expect(index.pending == [b])   // no LastModifiedTime: described again once a day
    }

    @Test("the index survives a JSON round trip, so a restarted bot need not describe everyone again")
    func codable() async throws {
        let fake = FakeConnect()
        await fake.seed("Amy.Lee", first: "Amy", last: "Lee", email: "amy@health.mo.gov")
        let d = directory(fake)
        _ = try await d.usersWithEmail("amy@health.mo.gov")
        let saved = try JSONEncoder().encode(await d.emailIndex())
        let restored = try JSONDecoder().decode(EmailIndex.self, from: saved)
        #expect(restored == (await d.emailIndex()))
        await fake.resetLog()
        _ = try await directory(fake, index: restored).usersWithEmail("amy@health.mo.gov")
        #expect(await fake.count("DescribeUser") == 1)   // only the re-check of the hit
    }
}
