public import AWSSigV4
public import CurlHTTP
public import Foundation

extension ConnectRequest {
    /// The HTTP request to send: this request for `configuration`'s endpoint, signed for the `connect` service at
    /// `date`.
    public func signed(for configuration: ConnectConfiguration, credentials: AWSCredentials, date: Date,
                       timeout: TimeInterval = 30) -> HTTPRequest {
        let signer = SigV4Signer(region: configuration.region, service: "connect")
        let request = signer.signed(sigV4Request(for: configuration), credentials: credentials, date: date)
        // The target is ASCII and already encoded: it is sent as it is.
        let url = "\(configuration.scheme)://\(configuration.authority)\(request.target)"
        return HTTPRequest(method: method, url: url,
                           headers: HTTPHeaders(request.headers.map { HTTPHeader(name: $0.name, value: $0.value) }),
                           body: [UInt8](body), timeout: .milliseconds(Int64((timeout * 1000).rounded())))
    }
}
