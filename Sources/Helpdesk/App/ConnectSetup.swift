public import AWSSigV4
public import ConnectDirectory
public import CurlHTTP
public import Foundation

/// What `directory.kind: connect` needs from outside the configuration: the HTTP transport, where AWS credentials
/// are read from, and the client's time. `system` is the real thing; tests pass the sandbox and their clock.
public struct ConnectDependencies: Sendable {
    /// Sends the signed requests; nil uses `CurlHTTPClient` (HTTPS through libcurl).
    public var transport: (any HTTPTransport)?
    /// Reads credentials and the region from the standard AWS places.
    public var credentials: AWSCredentialsLoader
    /// The client's clock, sleep and jitter.
    public var environment: ConnectEnvironment
    /// How long, in seconds, one request may take before it counts as lost.
    public var timeout: TimeInterval

    /// Dependencies.
    public init(transport: (any HTTPTransport)?, credentials: AWSCredentialsLoader, environment: ConnectEnvironment,
                timeout: TimeInterval = 30) {
        self.transport = transport
        self.credentials = credentials
        self.environment = environment
        self.timeout = timeout
    }

    /// libcurl, this process's environment and AWS files, the real clock.
    public static var system: ConnectDependencies {
        ConnectDependencies(transport: nil, credentials: .system(), environment: .system)
    }
}

/// Builds `AmazonConnectDirectory` from `directory.connect.*`. Every problem names the key (or the AWS setting)
/// and the fix; no secret is ever part of a message.
enum ConnectSetup {
    static func directory(config: HelpdeskConfig, dependencies: ConnectDependencies) throws -> AmazonConnectDirectory {
        guard let instance = config.string("directory.connect.instance_id") else {
            throw HelpdeskError("directory.connect.instance_id: directory.kind is connect but no instance is named. "
                + "Fix: set it to the instance id (a UUID) or ARN from the Amazon Connect console")
        }
        var loader = dependencies.credentials
        if let profile = config.string("directory.connect.profile") { loader.environment["AWS_PROFILE"] = profile }
        let region: String
        if let configured = config.string("directory.connect.region") {
            region = configured
        } else {
            do { region = try loader.region() } catch {
                throw HelpdeskError("directory.connect.region: no region is set (\(error.message)). Fix: set "
                    + "directory.connect.region to the instance's region, e.g. us-east-1")
            }
        }
        do { _ = try loader.credentials() } catch {
            throw HelpdeskError("directory.kind: connect needs AWS credentials: \(error.message)"
                + (config.string("directory.connect.profile").map { " (directory.connect.profile is \($0))" } ?? ""))
        }
        let endpoint = config.string("directory.connect.endpoint").flatMap { URL(string: $0) }
        let transport = dependencies.transport ?? CurlHTTPClient()
        let client = ConnectClient(
            configuration: ConnectConfiguration(instanceID: instance, region: region, endpoint: endpoint),
            credentials: { [loader] in try loader.credentials().0 }, transport: transport,
            environment: dependencies.environment, timeout: dependencies.timeout)
        return AmazonConnectDirectory(client: client, requestTagKey: HelpdeskEngine.tagKey)
    }
}
