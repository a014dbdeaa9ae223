public import AWSSigV4
public import CurlHTTP
public import Foundation

/// Sends `ConnectRequest`s: signs each (SigV4, at the environment's time), waits for the operation's rate limit,
/// and retries throttling, 5xx and lost answers with backoff and full jitter.
///
/// A change that is not safe to repeat (`CreateUser`) is retried only when Connect says it was throttled, which
/// means it was not carried out; after a 5xx or a lost answer the client throws `.outcomeUnknown` and the caller
/// looks for what it may have created (`AmazonConnectDirectory.create`).
public struct ConnectClient: Sendable {
    /// The instance and endpoint.
    public let configuration: ConnectConfiguration
    let credentials: @Sendable () async throws -> AWSCredentials
    let transport: any HTTPTransport
    let limiter: RateLimiter
    let retry: RetryPolicy
    let environment: ConnectEnvironment
    let timeout: TimeInterval

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - credentials: called before every request, so that refreshed credentials are picked up.
    ///   - limiter: shared by every client of one account and Region.
    public init(configuration: ConnectConfiguration, credentials: @escaping @Sendable () async throws -> AWSCredentials,
                transport: any HTTPTransport, limiter: RateLimiter = RateLimiter(), retry: RetryPolicy = RetryPolicy(),
                environment: ConnectEnvironment, timeout: TimeInterval = 30) {
        self.configuration = configuration
        self.credentials = credentials
        self.transport = transport
        self.limiter = limiter
        self.retry = retry
        self.environment = environment
        self.timeout = timeout
    }

    /// The outcome of sending: a 2xx answer, or Connect's error answer (which the caller maps).
    public enum Outcome: Sendable {
        /// A 2xx answer.
        case success(HTTPResponse)
        /// A final error answer (not retryable, or retries spent on a non-throttling one).
        case failure(ConnectServiceError)
    }

    /// Sends `request` until it succeeds, fails for good, or the retries are spent.
    ///
    /// - Parameter idempotent: whether sending it twice does no harm. When false, only throttled attempts are
    ///   retried, and a 5xx or lost answer throws `.outcomeUnknown`.
    public func send(_ request: ConnectRequest, idempotent: Bool = true) async throws -> Outcome {
        var attempt = 0
        while true {
            attempt += 1
            let wait = await limiter.reserve(request.operation, now: environment.now().timeIntervalSinceReferenceDate)
            if wait > 0 { try await environment.sleep(wait) }
            let creds = try await credentials()
            let http = request.signed(for: configuration, credentials: creds, date: environment.now(),
                                      timeout: timeout)
            let failure: String
            switch try await exchange(http) {
            case .answer(let response):
                if (200..<300).contains(response.status) { return .success(response) }
                let error = ConnectServiceError(response)
                if !error.isRetryable { return .failure(error) }
                if !idempotent && !error.isThrottling { throw outcomeUnknown(request, error.summary) }
                if case .giveUp = retry.decide(afterAttempt: attempt, retryable: true, unit: 0) {
                    throw error.isThrottling ? throttled(request, attempt, error.summary)
                        : unavailable(request, attempt, error.summary)
                }
                failure = error.summary
            case .lost(let error):
                switch error.code {
                case .tls:
                    throw ConnectError(.unavailable, "A TLS connection to \(configuration.authority) failed for "
                        + "\(request.operation) (\(error.message)). Check the endpoint and the CA certificates.")
                case .invalidRequest:
                    throw ConnectError(.rejected, "\(request.operation) could not be sent to "
                        + "\(configuration.authority) (\(error.message)). Check directory.connect.endpoint.")
                case .responseTooLarge:
                    throw ConnectError(.malformedResponse, "Connect's answer to \(request.operation) was too large "
                        + "(\(error.message)). If an endpoint is configured, check that it is Amazon Connect.")
                case .couldNotConnect:
                    break   // nothing was sent: safe to send again, even a CreateUser
                case .timedOut, .transfer:
                    // The request may have reached Connect and been carried out.
                    if !idempotent { throw outcomeUnknown(request, error.message) }
                }
                failure = error.message
            }
            switch retry.decide(afterAttempt: attempt, retryable: true, unit: environment.random()) {
            case .retry(let after):
                try await environment.sleep(after)
            case .giveUp:
                throw unavailable(request, attempt, failure)
            }
        }
    }

    private enum Exchange {
        case answer(HTTPResponse)
        case lost(HTTPError)
    }

    /// One exchange; an error that is neither an `HTTPError` nor a cancellation is taken as a broken transfer
    /// (the request may have been carried out).
    private func exchange(_ http: HTTPRequest) async throws -> Exchange {
        do {
            return .answer(try await transport.send(http))
        } catch let e as HTTPError {
            return .lost(e)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            return .lost(HTTPError(.transfer, message: "\(error)"))
        }
    }

    /// Sends `request` and decodes its 2xx answer as `T`; an error answer is thrown as `ConnectError`
    /// unless `mapError` turns it into something more specific first.
    func call<T: Decodable & Sendable>(_ request: ConnectRequest, as type: T.Type, idempotent: Bool = true,
                            mapError: @Sendable (ConnectServiceError) -> (any Error)? = { _ in nil }) async throws -> T {
        switch try await send(request, idempotent: idempotent) {
        case .success(let response):
            do {
                return try JSONDecoder().decode(T.self, from: response.body.isEmpty ? Data("{}".utf8) : Data(response.body))
            } catch {
                throw ConnectError(.malformedResponse, "Connect's answer to \(request.operation) could not be read "
                    + "(\(error)). If an endpoint is configured, check that it is Amazon Connect.")
            }
        case .failure(let e):
            throw mapError(e) ?? Self.error(for: e, operation: request.operation)
        }
    }

    /// A `ConnectError` for an error answer nobody mapped.
    static func error(for e: ConnectServiceError, operation: String) -> ConnectError {
        switch e.type {
        case "AccessDeniedException", "UnrecognizedClientException", "InvalidSignatureException",
             "ExpiredTokenException", "MissingAuthenticationTokenException":
            return ConnectError(.accessDenied, "Connect refused \(operation): \(e.summary). Check the AWS credentials "
                + "(expired session token? wrong account?) and that their policy allows connect:\(operation) on "
                + "the instance.", serviceType: e.type)
        case "LimitExceededException", "ServiceQuotaExceededException":
            return ConnectError(.limitExceeded, "Connect refused \(operation) because a quota was reached: "
                + "\(e.summary). Raise the quota in the Service Quotas console or remove unused users.",
                                serviceType: e.type)
        default:
            if e.status == 401 || e.status == 403 {
                return ConnectError(.accessDenied, "Connect refused \(operation) (HTTP \(e.status)): \(e.summary). "
                    + "Check the AWS credentials and their permissions.", serviceType: e.type)
            }
            return ConnectError(.rejected, "Connect refused \(operation): \(e.summary). The request was not "
                + "carried out; correct what the message names and try again.", serviceType: e.type)
        }
    }

    private func outcomeUnknown(_ r: ConnectRequest, _ detail: String) -> ConnectError {
        ConnectError(.outcomeUnknown, "\(r.operation) got no clear answer (\(detail)); it may have been carried out. "
            + "Look the user up before trying again.")
    }

    private func throttled(_ r: ConnectRequest, _ attempts: Int, _ detail: String) -> ConnectError {
        ConnectError(.throttled, "Connect throttled \(r.operation) \(attempts) times (\(detail)). Something else "
            + "is using the API heavily; try again in a few minutes.", serviceType: "ThrottlingException")
    }

    private func unavailable(_ r: ConnectRequest, _ attempts: Int, _ detail: String) -> ConnectError {
        ConnectError(.unavailable, "\(r.operation) failed \(attempts) times (\(detail)). Check the network and "
            + "the AWS Health Dashboard for Amazon Connect, then try again.")
    }
}
