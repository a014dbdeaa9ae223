import ConnectDirectory
import Directory
import Foundation
import Testing

/// CreateUser has no client token; the request-id tag is what keeps a retry from creating the user twice.
@Suite("CreateUser is never repeated: the request-id tag finds earlier work")
struct CrashSafeCreateTests {
    @Test("a lost answer or a 5xx after Connect created the user: the tag finds it, one user", arguments: [
        FakeConnect.Fault.loseAnswer, .applyThen500,
    ])
    func unclearAnswer(_ fault: FakeConnect.Fault) async throws {
        let fake = FakeConnect()
        await fake.queue("CreateUser", fault)
        let d = directory(fake)
        let u = try await d.create(await newUser("Jane.Doe", requestID: "ticket-7-action-1", in: fake))
        #expect(u.tags["helpdesk-request"] == "ticket-7-action-1")
        #expect(await fake.userCount() == 1)
        #expect(await fake.count("CreateUser") == 1)
    }

    @Test("a timeout before Connect acted: looked for, not found, sent again, one user")
    func timeoutBeforeActing() async throws {
        let fake = FakeConnect()
        await fake.queue("CreateUser", .timeout)
        let time = TestTime()
        let d = directory(fake, time)
        let u = try await d.create(await newUser("Jane.Doe", requestID: "ticket-7-action-1", in: fake))
        #expect(u.username == "Jane.Doe")
        #expect(await fake.userCount() == 1)
        #expect(await fake.count("CreateUser") == 2)
        #expect(time.sleeps == [0.25])
    }

    @Test("after a crash, a new process with the same request id gets the user created before")
    func afterRestart() async throws {
        let fake = FakeConnect()
        let first = try await directory(fake).create(await newUser("Jane.Doe", requestID: "ticket-9-action-2", in: fake))
        await fake.resetLog()
        let again = try await directory(fake).create(await newUser("Jane.Doe", requestID: "ticket-9-action-2", in: fake))
        #expect(again == first)
        #expect(await fake.count("CreateUser") == 0)
        #expect(await fake.userCount() == 1)
    }

    @Test("the same login created by someone else is not taken for ours")
    func someoneElses() async throws {
        let fake = FakeConnect()
        _ = try await directory(fake).create(await newUser("Jane.Doe", requestID: "ticket-1-action-1", in: fake))
        #expect(await directoryErrorCode {
            _ = try await directory(fake).create(await newUser("Jane.Doe", requestID: "ticket-2-action-1", in: fake))
        } == .usernameTaken)
    }

    @Test("without a request id, an unclear answer is reported, not guessed at")
    func noRequestID() async throws {
        let fake = FakeConnect()
        await fake.queue("CreateUser", .loseAnswer)
        let e = await connectError { _ = try await directory(fake).create(await newUser("Jane.Doe", in: fake)) }
        #expect(e?.code == .outcomeUnknown)
        #expect(e?.message.contains("Look the user up") == true)
    }

    @Test("throttled CreateUser is retried: Connect did not act on it")
    func throttledCreate() async throws {
        let fake = FakeConnect()
        await fake.queue("CreateUser", .error(429, "TooManyRequestsException"))
        let u = try await directory(fake).create(await newUser("Jane.Doe", in: fake))
        #expect(u.username == "Jane.Doe")
        #expect(await fake.count("CreateUser") == 2)
    }

    @Test("Connect's search index lagging behind a creation: the user is still found, by ListUsers")
    func searchLag() async throws {
        let fake = FakeConnect()
        await fake.queue("CreateUser", .loseAnswer)
        await fake.setSearchLags(true)
        let u = try await directory(fake).create(await newUser("Jane.Doe", requestID: "ticket-5-action-1", in: fake))
        #expect(u.username == "Jane.Doe")
        #expect(await fake.userCount() == 1)
        #expect(await fake.count("CreateUser") == 1)
        #expect(try await directory(fake).user(username: "JANE.DOE")?.id == u.id)
    }
}
