public import CurlHTTP
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A small HTTP/1.1 server on a loopback address for `ConnectSandbox` (or any `HTTPTransport` used as a handler):
/// one request per connection (`Connection: close`), `Content-Length` bodies up to 1 MiB. For development and
/// tests only: no TLS, no keep-alive.
public final class SandboxServer: @unchecked Sendable {
    private let handler: any HTTPTransport
    private let host: String
    private let lock = NSLock()
    private var listener: Int32 = -1
    private var boundPort: UInt16 = 0

    /// A server for `handler` on `host` (an IPv4 address, default loopback).
    public init(handler: any HTTPTransport, host: String = "127.0.0.1") {
        self.handler = handler
        self.host = host
    }

    /// Starts listening on `port` (0 picks a free one) and accepting on a thread of its own; returns the port.
    public func start(port: UInt16) throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SandboxServerError("cannot create a socket (errno \(errno))") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            close(fd)
            throw SandboxServerError("\(host) is not an IPv4 address; use 127.0.0.1")
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw SandboxServerError("cannot listen on \(host):\(port) (\(reason)); choose another --port")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        let chosen = UInt16(bigEndian: actual.sin_port)
        lock.withLock {
            listener = fd
            boundPort = chosen
        }
        let thread = Thread { [self] in acceptLoop(fd) }
        thread.name = "connect-sandbox-accept"
        thread.start()
        return chosen
    }

    /// Stops accepting; connections being answered finish.
    public func stop() {
        let fd = lock.withLock { () -> Int32 in
            defer { listener = -1 }
            return listener
        }
        if fd >= 0 {
            shutdown(fd, Int32(SHUT_RDWR))
            close(fd)
        }
    }

    private func acceptLoop(_ fd: Int32) {
        while true {
            let connection = accept(fd, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                return   // closed by stop()
            }
            var timeout = timeval(tv_sec: 10, tv_usec: 0)
            setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            guard let request = readRequest(connection) else {
                write(connection, Self.render(HTTPResponse(status: 400, body: Array("bad request\n".utf8))))
                close(connection)
                continue
            }
            let handler = self.handler
            Task {
                let response: HTTPResponse
                do {
                    response = try await handler.send(request)
                } catch {
                    response = HTTPResponse(status: 500, body: Array("\(error)\n".utf8))
                }
                Self.write(connection, Self.render(response))
                close(connection)
            }
        }
    }

    /// Reads one request: the head up to CRLF CRLF, then `Content-Length` bytes.
    private func readRequest(_ fd: Int32) -> HTTPRequest? {
        var buffer = Data()
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let separator = Data("\r\n\r\n".utf8)
        var headEnd: Range<Data.Index>?
        while headEnd == nil {
            let n = read(fd, &chunk, chunk.count)
            if n <= 0 || buffer.count > 65_536 { return nil }
            buffer.append(contentsOf: chunk[0..<n])
            headEnd = buffer.range(of: separator)
        }
        guard let end = headEnd else { return nil }
        let head = String(decoding: buffer[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = head[0].split(separator: " ")
        guard requestLine.count == 3 else { return nil }
        var headers = HTTPHeaders()
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.add(String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let length = headers["content-length"].flatMap { Int($0) } ?? 0
        guard length >= 0, length <= 1 << 20 else { return nil }
        var body = Data(buffer[end.upperBound...])
        while body.count < length {
            let n = read(fd, &chunk, min(chunk.count, length - body.count))
            if n <= 0 { return nil }
            body.append(contentsOf: chunk[0..<n])
        }
        let authority = headers["host"] ?? lock.withLock { "\(host):\(boundPort)" }
        let url = "http://\(authority)\(requestLine[1])"
        guard URLComponents(string: url) != nil else { return nil }
        // A timeout longer than any fault's (slow= is at most an hour): a slow answer is really waited for.
        return HTTPRequest(method: String(requestLine[0]), url: url, headers: headers, body: [UInt8](body.prefix(length)),
                           timeout: .seconds(2 * 3600))
    }

    static func render(_ r: HTTPResponse) -> Data {
        var head = "HTTP/1.1 \(r.status) \(r.status < 300 ? "OK" : r.status < 500 ? "Client Error" : "Server Error")\r\n"
        for field in r.headers where !["content-length", "connection"].contains(field.name.lowercased()) {
            head += "\(field.name): \(field.value)\r\n"
        }
        head += "Content-Length: \(r.body.count)\r\nConnection: close\r\n\r\n"
        return Data(head.utf8) + Data(r.body)
    }

    private func write(_ fd: Int32, _ data: Data) { Self.write(fd, data) }

    static func write(_ fd: Int32, _ data: Data) {
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if n <= 0 { return }
                offset += n
            }
        }
    }
}

/// Why the sandbox server could not start.
public struct SandboxServerError: Error, CustomStringConvertible, Sendable {
    /// What happened and what to do.
    public let description: String
    init(_ description: String) { self.description = description }
}
