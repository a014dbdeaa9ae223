import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A TCP relay on 127.0.0.1 between the sender and Postfix, for the one test of a connection that goes away
/// between sends. `dropServerSide()` closes every relayed connection's server side at once (Postfix sees the
/// client leave) and leaves the client side open and quiet, so the client still believes in the connection (as
/// after a server restart or a NAT timeout); the client's next bytes are answered with a TCP reset. libcurl then
/// reuses the connection once and fails with CURLE_RECV_ERROR (56) or CURLE_SEND_ERROR (55), the case
/// `CurlSMTPSender` retries. TLS passes through untouched (the certificate names 127.0.0.1).
final class ResettingProxy: @unchecked Sendable {
    let port: Int
    private let upstreamPort: Int
    private let listener: Int32
    private let lock = NSLock()
    private var generation = 0
    private var acceptedCount = 0
    private var stopped = false

    init(upstreamPort: Int) throws {
        self.upstreamPort = upstreamPort
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard fd >= 0, bound == 0, listen(fd, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    /// Connections accepted so far.
    var accepted: Int { locked { acceptedCount } }

    /// Closes the server side of every connection now open (see the type's description).
    func dropServerSide() { locked { generation += 1 } }

    /// Stops accepting; relays end with their connections.
    func stop() {
        locked { stopped = true }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 { return }
            let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = Self.loopback(port: upstreamPort)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if connected != 0 { close(client); close(upstream); continue }
            let born = locked { () -> Int in
                acceptedCount += 1
                return generation
            }
            Thread.detachNewThread { [self] in relay(client: client, upstream: upstream, born: born) }
        }
    }

    private func relay(client: Int32, upstream startUpstream: Int32, born: Int) {
        var upstream = startUpstream
        var buffer = [UInt8](repeating: 0, count: 65536)
        defer { if upstream >= 0 { close(upstream) } }
        while true {
            if upstream >= 0, locked({ generation }) > born {
                close(upstream)   // the server side goes away; the client is not told
                upstream = -1
            }
            var fds = [pollfd(fd: client, events: Int16(POLLIN), revents: 0)]
            if upstream >= 0 { fds.append(pollfd(fd: upstream, events: Int16(POLLIN), revents: 0)) }
            let ready = poll(&fds, nfds_t(fds.count), 20)
            if ready <= 0 { continue }
            if fds[0].revents != 0 {
                if upstream < 0 {
                    // The client speaks on a connection whose server is gone: reset it.
                    var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
                    setsockopt(client, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
                    close(client)
                    return
                }
                let n = read(client, &buffer, buffer.count)
                if n <= 0 || !writeAll(upstream, buffer, n) { close(client); return }
            }
            if fds.count > 1, fds[1].revents != 0 {
                let n = read(upstream, &buffer, buffer.count)
                if n <= 0 || !writeAll(client, buffer, n) { close(client); return }
            }
        }
    }

    private func writeAll(_ fd: Int32, _ buffer: [UInt8], _ count: Int) -> Bool {
        var offset = 0
        while offset < count {
            let n = buffer.withUnsafeBytes { write(fd, $0.baseAddress! + offset, count - offset) }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}
