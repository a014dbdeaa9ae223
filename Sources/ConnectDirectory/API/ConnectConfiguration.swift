public import Foundation

/// Which Amazon Connect instance to talk to, and where.
public struct ConnectConfiguration: Sendable, Hashable {
    /// The instance id (a UUID) or its ARN, as the console shows it.
    public var instanceID: String
    /// The region of the instance, e.g. `us-east-1`; also the signing region.
    public var region: String
    /// Another endpoint than `https://connect.<region>.amazonaws.com` (FIPS, a VPC endpoint, the local sandbox).
    public var endpoint: URL?

    /// Creates a configuration.
    public init(instanceID: String, region: String, endpoint: URL? = nil) {
        self.instanceID = instanceID
        self.region = region
        self.endpoint = endpoint
    }

    /// `https` unless the endpoint says otherwise.
    public var scheme: String { endpoint?.scheme ?? "https" }

    /// The authority requests go to and are signed for: the host, with the port when it is not the scheme's
    /// default (botocore's `_host_from_url`).
    public var authority: String {
        guard let endpoint, let host = endpoint.host else { return "connect.\(region).amazonaws.com" }
        let h = host.contains(":") ? "[\(host)]" : host.lowercased()
        guard let port = endpoint.port else { return h }
        let defaultPort = scheme == "http" ? 80 : 443
        return port == defaultPort ? h : "\(h):\(port)"
    }
}
