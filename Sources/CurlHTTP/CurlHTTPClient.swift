import CCurl
import Dispatch

/// `HTTPTransport` over libcurl: one easy handle per request, run on a private dispatch queue so curl's blocking
/// calls stay off Swift's cooperative threads. Requests run side by side.
///
/// What it always does: verifies the server's certificate and host name (a CA file may be given), speaks only
/// `http` and `https`, follows no redirect (a 3xx is returned as a response), asks for no content encoding, caps
/// the response body (`maxResponseBytes`). It logs nothing; errors carry the curl code and curl's message, never a
/// header value or a body.
public final class CurlHTTPClient: HTTPTransport {
    private let queue = DispatchQueue(label: "helpdesk.curl-http", attributes: .concurrent)

    /// A client. It holds no connection between requests.
    public init() {}

    /// Sends `request`; see `HTTPTransport.send`.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        if let problem = request.problem { throw HTTPError(.invalidRequest, message: problem) }
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, any Error>) in
            queue.async {
                continuation.resume(with: Self.perform(request))
            }
        }
    }

    /// One blocking exchange.
    static func perform(_ request: HTTPRequest) -> Result<HTTPResponse, HTTPError> {
        guard let handle = curl_easy_init() else {
            return .failure(HTTPError(.transfer, curlCode: Int(CURLE_OUT_OF_MEMORY.rawValue),
                                      message: "libcurl could not make a handle (out of memory)."))
        }
        let exchange = Exchange(limit: request.maxResponseBytes)
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        var list: UnsafeMutablePointer<curl_slist>?
        defer {
            curl_easy_cleanup(handle)
            hd_curl_slist_free(list)
            errorBuffer.deallocate()
        }

        var codes: [CURLcode] = []
        codes.append(hd_curl_setopt_string(handle, CURLOPT_URL, request.url))
        codes.append(hd_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"))
        codes.append(hd_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0))
        codes.append(hd_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        codes.append(hd_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1))
        codes.append(hd_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2))
        if let caFile = request.caFile { codes.append(hd_curl_setopt_string(handle, CURLOPT_CAINFO, caFile)) }
        codes.append(hd_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, milliseconds(request.connectTimeout)))
        codes.append(hd_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, milliseconds(request.timeout)))
        codes.append(hd_curl_setopt_error_buffer(handle, errorBuffer))

        let method = request.method.uppercased()
        let sendsBody = !request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(method)
        switch method {
        case "GET" where !sendsBody:
            codes.append(hd_curl_setopt_long(handle, CURLOPT_HTTPGET, 1))
        case "HEAD" where !sendsBody:
            codes.append(hd_curl_setopt_long(handle, CURLOPT_NOBODY, 1))
        case "POST":
            break
        default:
            codes.append(hd_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method))
        }
        if sendsBody {
            codes.append(hd_curl_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)))
            var bytes = request.body
            if bytes.isEmpty { bytes = [0] }   // a valid pointer; the size above says 0
            codes.append(bytes.withUnsafeMutableBytes { hd_curl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, $0.baseAddress) })
        }
        for field in request.headers {
            guard let longer = hd_curl_slist_append(list, field.value.isEmpty ? field.name + ";" : field.name + ": " + field.value) else {
                return .failure(HTTPError(.transfer, curlCode: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "Out of memory."))
            }
            list = longer
        }
        if list != nil { codes.append(hd_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, list)) }

        let me = Unmanaged.passUnretained(exchange).toOpaque()
        codes.append(hd_curl_setopt_write_function(handle, curlHTTPWrite))
        codes.append(hd_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, me))
        codes.append(hd_curl_setopt_header_function(handle, curlHTTPHeader))
        codes.append(hd_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, me))
        if let bad = codes.first(where: { $0 != CURLE_OK }) {
            return .failure(HTTPError(.invalidRequest, curlCode: Int(bad.rawValue), message: "libcurl refused an "
                + "option (curl \(bad.rawValue): \(String(cString: curl_easy_strerror(bad)))). Check the request and "
                + "the libcurl build."))
        }

        let code = withExtendedLifetime(exchange) { curl_easy_perform(handle) }
        if exchange.overflowed {
            return .failure(HTTPError(.responseTooLarge, curlCode: Int(code.rawValue), message: "The response from "
                + "\(request.urlWithoutQuery) was larger than \(request.maxResponseBytes) bytes, so it was dropped. "
                + "Raise maxResponseBytes if such answers are expected."))
        }
        guard code == CURLE_OK else {
            let detail = errorBuffer[0] != 0 ? String(cString: errorBuffer) : String(cString: curl_easy_strerror(code))
            return .failure(error(for: code, detail: detail, request: request))
        }
        var status = 0
        _ = hd_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return .success(HTTPResponse(status: status, headers: HTTPHeaders(exchange.headers), body: exchange.body))
    }

    /// The error for a failed transfer, with what to do.
    static func error(for code: CURLcode, detail: String, request: HTTPRequest) -> HTTPError {
        let target = request.urlWithoutQuery
        let curl = Int(code.rawValue)
        switch code {
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            return HTTPError(.invalidRequest, curlCode: curl, message: "The URL \(target) cannot be used (\(detail)). "
                + "Write https://host/path.")
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT:
            return HTTPError(.couldNotConnect, curlCode: curl, message: "Could not connect to \(target) (\(detail)). "
                + "Check the host name and port, and that the server runs and is reachable from here.")
        case CURLE_OPERATION_TIMEDOUT:
            return HTTPError(.timedOut, curlCode: curl, message: "\(target) did not answer in time (\(detail)). "
                + "Try again later, or raise the timeout.")
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS:
            return HTTPError(.tls, curlCode: curl, message: "TLS with \(target) failed (\(detail)). Check that the "
                + "server's certificate names this host and that its CA is trusted (give the CA file).")
        default:
            return HTTPError(.transfer, curlCode: curl, message: "The exchange with \(target) failed (curl \(curl): "
                + "\(detail)). Try again; if it persists, check the server.")
        }
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}

/// What one transfer collects; used only on the thread running it.
final class Exchange {
    let limit: Int
    var body: [UInt8] = []
    var headers: [HTTPHeader] = []
    var overflowed = false

    init(limit: Int) { self.limit = limit }

    /// One header line (CRLF included). A status line starts a new response (after a 1xx or a proxy's answer).
    func header(_ line: String) {
        let trimmed = line.trimmingWhitespace()
        if line.hasPrefix("HTTP/") {
            headers = []
        } else if let first = line.unicodeScalars.first, first == " " || first == "\t", !headers.isEmpty {
            headers[headers.count - 1].value += " " + trimmed   // obs-fold (RFC 9112 §5.2)
        } else if let colon = trimmed.firstIndex(of: ":") {
            let name = String(trimmed[..<colon]).trimmingWhitespace()
            let value = String(trimmed[trimmed.index(after: colon)...]).trimmingWhitespace()
            if !name.isEmpty { headers.append(HTTPHeader(name: name, value: value)) }
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let start = scalars.firstIndex(where: { !isSpace($0) }),
              let end = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[start...end])
    }
}

/// CURLOPT_WRITEFUNCTION: `userdata` is the exchange; returning less than given stops the transfer.
private func curlHTTPWrite(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int,
                           _ userdata: UnsafeMutableRawPointer?) -> Int {
    guard let data, let userdata else { return 0 }
    let exchange = Unmanaged<Exchange>.fromOpaque(userdata).takeUnretainedValue()
    let total = size * count
    guard exchange.body.count + total <= exchange.limit else {
        exchange.overflowed = true
        return 0
    }
    exchange.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: total))
    return total
}

/// CURLOPT_HEADERFUNCTION: one header line per call.
private func curlHTTPHeader(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int,
                            _ userdata: UnsafeMutableRawPointer?) -> Int {
    guard let data, let userdata else { return 0 }
    let exchange = Unmanaged<Exchange>.fromOpaque(userdata).takeUnretainedValue()
    let total = size * count
    exchange.header(String(decoding: UnsafeRawBufferPointer(start: data, count: total), as: UTF8.self))
    return total
}
