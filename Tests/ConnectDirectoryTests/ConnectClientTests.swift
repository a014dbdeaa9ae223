import ConnectDirectory
import CurlHTTP
import Directory
import Foundation
import Testing

@Suite("ConnectClient: signing, rate limits, retries")
struct ConnectClientTests {
    @Test("throttling and 5xx are retried with full-jitter backoff, then succeed", arguments: [
        FakeConnect.Fault.error(429, "TooManyRequestsException"), .error(400, "ThrottlingException"),
        .error(500, "InternalServiceException"), .error(503, ""), .timeout,
    ])
    func retriedThenSucceeds(_ fault: FakeConnect.Fault) async throws {
        let fake = FakeConnect()
        let id = await fake.seed("Jane.Doe", first: "Jane", last: "Doe", email: nil)
        await fake.queue("DescribeUser", fault)
        await fake.queue("DescribeUser", fault)
        let time = TestTime(draw: 0.5)
        let d = directory(fake, time)
        #expect(try await d.describe(id).username == "Jane.Doe")
        #expect(await fake.count("DescribeUser") == 3)
        #expect(time.sleeps == [0.25, 0.5])   // draw 0.5 of 0.5 s, then of 1 s
    }

    @Test("retries run out with an error that says what to do", arguments: [
        (FakeConnect.Fault.error(429, "ThrottlingException"), ConnectError.Code.throttled),
        (.error(500, "InternalServiceException"), .unavailable),
        (.timeout, .unavailable),
    ])
    func retriesRunOut(_ fault: FakeConnect.Fault, _ code: ConnectError.Code) async throws {
        let fake = FakeConnect()
        let id = await fake.seed("Jane.Doe", first: "Jane", last: "Doe", email: nil)
        for _ in 0..<3 { await fake.queue("DescribeUser", fault) }
        let time = TestTime()
        let d = AmazonConnectDirectory(client: client(fake, time, retry: RetryPolicy(maxAttempts: 3)))
        let e = await connectError { _ = try await d.describe(id) }
        #expect(e?.code == code)
        #expect(e?.message.contains("DescribeUser") == true)
        #expect(await fake.count("DescribeUser") == 3)
        #expect(time.sleeps.count == 2)
    }

    @Test("CurlHTTP's errors: what is retried, and how the rest is reported", arguments: [
        (HTTPError.Code.couldNotConnect, ConnectError.Code?.none, 2), (.timedOut, nil, 2), (.transfer, nil, 2),
        (.tls, .unavailable, 1), (.invalidRequest, .rejected, 1), (.responseTooLarge, .malformedResponse, 1),
    ])
    func transportErrors(_ fault: HTTPError.Code, _ code: ConnectError.Code?, _ attempts: Int) async throws {
        let fake = FakeConnect()
        let id = await fake.seed("Jane.Doe", first: "Jane", last: "Doe", email: nil)
        await fake.queue("DescribeUser", .transport(fault))
        let d = directory(fake)
        let e = await connectError { _ = try await d.describe(id) }
        #expect(e?.code == code)
        #expect(await fake.count("DescribeUser") == attempts)
    }

    @Test("CreateUser: a connection never made is sent again; a broken transfer is an unclear outcome")
    func createAfterTransportErrors() async throws {
        let fake = FakeConnect()
        let d = directory(fake)
        await fake.queue("CreateUser", .transport(.couldNotConnect))
        _ = try await d.create(await newUser("Jane.Doe", in: fake))
        #expect(await fake.count("CreateUser") == 2)
        await fake.queue("CreateUser", .transport(.transfer))
        let e = await connectError { _ = try await d.create(await newUser("John.Roe", in: fake)) }
        #expect(e?.code == .outcomeUnknown)
        #expect(await fake.count("CreateUser") == 3)
    }

    @Test("errors that retrying cannot fix are not retried")
    func notRetried() async throws {
        let fake = FakeConnect()
        let id = await fake.seed("Jane.Doe", first: "Jane", last: "Doe", email: nil)
        await fake.queue("DescribeUser", .error(403, "AccessDeniedException"))
        let d = directory(fake)
        let e = await connectError { _ = try await d.describe(id) }
        #expect(e?.code == .accessDenied)
        #expect(e?.message.contains("connect:DescribeUser") == true)
        #expect(await fake.count("DescribeUser") == 1)
        #expect(await directoryErrorCode { _ = try await d.describe(UserID("nope")) } == .notFound)
    }

    @Test("the client keeps to 2 requests a second with bursts of 5, per operation")
    func rateLimited() async throws {
        let fake = FakeConnect()
        let id = await fake.seed("Jane.Doe", first: "Jane", last: "Doe", email: nil)
        let time = TestTime()
        let d = AmazonConnectDirectory(client: client(fake, time, limiter: RateLimiter()))
        for _ in 0..<8 { _ = try await d.describe(id) }
        #expect(time.sleeps == [0.5, 0.5, 0.5])
        _ = try await d.routingProfiles()   // another operation: its own bucket, no wait
        #expect(time.sleeps.count == 3)
    }

    @Test("every request is signed for the instance's region, and the password is only in CreateUser's body")
    func signedAndSecret() async throws {
        let fake = FakeConnect()
        let d = directory(fake)
        let created = try await d.create(await newUser("Jane.Doe", in: fake))
        _ = try await d.describe(created.id)
        let requests = await fake.requests
        #expect(!requests.isEmpty)
        for r in requests {
            let auth = try #require(r.headers["Authorization"])
            #expect(auth.contains("/us-east-1/connect/aws4_request"))
            #expect(!auth.contains("secret"))
            #expect(r.url.hasPrefix("https://connect.us-east-1.amazonaws.com/"))
            let carriesPassword = String(decoding: r.body, as: UTF8.self).contains("Xk3vQ9pLm2Rt7Wz8Yb4N")
            #expect(carriesPassword == (FakeConnect.operation(r.method, URL(string: r.url)!.pathComponents.dropFirst().map { $0 })
                == "CreateUser"))
        }
    }
}

extension FakeConnect.Fault: CustomTestStringConvertible {
    var testDescription: String {
        switch self {
        case .error(let s, let t): "\(s) \(t)"
        case .timeout: "timeout"
        case .loseAnswer: "lost answer"
        case .applyThen500: "applied, then 500"
        case .transport(let code): "HTTPError \(code)"
        }
    }
}
