import CCurl
import Foundation

/// How to reach and log in to an IMAP server.
public struct IMAPServer: Sendable, Equatable {
    /// How to prove who we are.
    public enum Credential: Sendable, Equatable {
        /// LOGIN / AUTHENTICATE PLAIN with a password.
        case password(String)
        /// SASL XOAUTH2 with an OAuth 2.0 access token (Microsoft 365, Gmail).
        case bearer(String)
    }

    /// `imap://host:port` (STARTTLS is then required) or `imaps://host:port` (TLS from the start). A path is ignored:
    /// the mailbox is chosen by SELECT.
    public var url: String
    /// The login name.
    public var user: String
    /// The password or token.
    public var credential: Credential
    /// A PEM file of the certificate authorities to trust (nil: the system's).
    public var caFile: String?
    /// Whether `imap://` may stay unencrypted when the server offers no STARTTLS (tests on loopback only).
    public var allowPlaintext: Bool
    /// How long to wait for the connection, TLS and login.
    public var connectTimeout: Duration
    /// How long to wait for any one read or write once connected.
    public var ioTimeout: Duration

    /// A server description.
    public init(url: String, user: String, credential: Credential, caFile: String? = nil, allowPlaintext: Bool = false,
                connectTimeout: Duration = .seconds(20), ioTimeout: Duration = .seconds(60)) {
        self.url = url
        self.user = user
        self.credential = credential
        self.caFile = caFile
        self.allowPlaintext = allowPlaintext
        self.connectTimeout = connectTimeout
        self.ioTimeout = ioTimeout
    }
}

/// What a completed command returned: the untagged responses that arrived while it ran, and its tagged status.
public struct IMAPCommandResult: Sendable, Equatable {
    /// Untagged responses received between sending the command and its completion.
    public var untagged: [IMAPUntaggedResponse]
    /// The tagged completion (OK; NO and BAD are thrown as `.commandFailed`).
    public var status: IMAPStatusResponse
}

/// One IMAP connection: libcurl connects, does TLS or STARTTLS, verifies the certificate and logs in
/// (`CURLOPT_CONNECT_ONLY`); then our commands and `IMAPResponseParser` speak on it with `curl_easy_send` and
/// `curl_easy_recv`, waiting for the socket with poll(2) and a timeout. Curl never issues a command of its own after
/// login, so no message content can reach curl's response reader.
///
/// Blocking and not thread-safe: one owner uses it from one thread at a time (`CurlIMAPMailbox` runs it on its
/// own serial queue). Any I/O failure, timeout or unparseable byte makes it unusable (`isUsable` false).
public final class CurlIMAPConnection {
    private var handle: UnsafeMutableRawPointer?
    private let socket: Int32
    private var parser: IMAPResponseParser
    private var tags = IMAPTagGenerator()
    private let ioTimeout: Duration
    private var readBuffer = [UInt8](repeating: 0, count: 256 * 1024)
    private var pending: [IMAPResponse] = []

    /// The capabilities announced after login (upper-cased).
    public private(set) var capabilities: Set<String> = []
    /// False once the connection failed or was closed.
    public private(set) var isUsable = true
    /// The encoder, using LITERAL+ when the server has it.
    public private(set) var encoder = IMAPCommandEncoder()
    /// When not nil, every byte received from the server after login is appended here (for capturing transcripts).
    public var transcript: [UInt8]?
    /// Every untagged response that arrived outside a command (e.g. during IDLE), for the owner to look at.
    public var unsolicited: [IMAPUntaggedResponse] = []

    /// Connects and logs in; then asks for CAPABILITY. Throws `.connect`, `.authentication` or `.timeout`.
    public init(_ server: IMAPServer, limits: IMAPResponseParser.Limits = .init()) throws(IMAPConnectionError) {
        guard let h = curl_easy_init() else { throw IMAPConnectionError(.connect, "libcurl could not make a handle.") }
        ioTimeout = server.ioTimeout
        parser = IMAPResponseParser(limits: limits)
        func set(_ option: CURLoption, _ value: String) { _ = hd_curl_setopt_string(h, option, value) }
        func set(_ option: CURLoption, _ value: Int) { _ = hd_curl_setopt_long(h, option, value) }
        let url = server.url.hasSuffix("/") ? server.url : server.url + "/"
        set(CURLOPT_URL, url)
        set(CURLOPT_CONNECT_ONLY, 1)
        set(CURLOPT_NOSIGNAL, 1)
        set(CURLOPT_CONNECTTIMEOUT_MS, Int(server.connectTimeout.milliseconds))
        set(CURLOPT_TIMEOUT_MS, Int(server.connectTimeout.milliseconds))
        set(CURLOPT_USE_SSL, Int(server.allowPlaintext ? CURLUSESSL_TRY.rawValue : CURLUSESSL_ALL.rawValue))
        if let ca = server.caFile { set(CURLOPT_CAINFO, ca) }
        set(CURLOPT_USERNAME, server.user)
        switch server.credential {
        case .password(let password):
            set(CURLOPT_PASSWORD, password)
        case .bearer(let token):
            set(CURLOPT_XOAUTH2_BEARER, token)
            set(CURLOPT_LOGIN_OPTIONS, "AUTH=XOAUTH2")
        }
        let rc = curl_easy_perform(h)
        guard rc == CURLE_OK else {
            curl_easy_cleanup(h)
            let reason = String(cString: curl_easy_strerror(rc))
            switch rc {
            case CURLE_LOGIN_DENIED:
                throw IMAPConnectionError(.authentication, "The IMAP server refused the login of \(server.user) "
                    + "(\(reason)). Check the user name and the password or token.")
            case CURLE_OPERATION_TIMEDOUT:
                throw IMAPConnectionError(.timeout, "Connecting to \(server.url) timed out (\(reason)).")
            default:
                throw IMAPConnectionError(.connect, "Could not connect to \(server.url): \(reason) (curl \(rc.rawValue)). "
                    + "Check the URL, the port and the CA file.")
            }
        }
        var fd: curl_socket_t = -1
        guard hd_curl_getinfo_socket(h, &fd) == CURLE_OK, fd >= 0 else {
            curl_easy_cleanup(h)
            throw IMAPConnectionError(.connect, "libcurl connected to \(server.url) but gave no socket.")
        }
        handle = h
        socket = fd
        let result = try run(.capability)
        for case .capability(let list) in result.untagged {
            capabilities = Set(list.map { $0.uppercased() })
        }
        encoder = IMAPCommandEncoder(nonSynchronizingLiterals: capabilities.contains("LITERAL+"))
    }

    deinit { close() }

    /// Logs out politely (best effort, short timeout) and frees the handle.
    public func close() {
        guard let h = handle else { return }
        if isUsable, let command = try? encoder.encode(.logout, tag: tags.next()) {
            try? write(command.bytes, deadline: .now + .seconds(1))
        }
        isUsable = false
        handle = nil
        curl_easy_cleanup(h)
    }

    /// Closes the socket under curl's feet, as a network failure would (for tests of reconnection).
    public func simulateDrop() {
        _ = Foundation.shutdown(socket, Int32(SHUT_RDWR))
    }

    /// Whether the server announced `capability` (case-insensitive).
    public func has(_ capability: String) -> Bool { capabilities.contains(capability.uppercased()) }

    /// Sends `command` and reads until its tagged completion. Untagged responses go in the result; NO and BAD
    /// throw `.commandFailed` (the connection stays usable).
    @discardableResult
    public func run(_ command: IMAPCommand) throws(IMAPConnectionError) -> IMAPCommandResult {
        let encoded: IMAPEncodedCommand
        do {
            encoded = try encoder.encode(command, tag: tags.next())
        } catch {
            throw IMAPConnectionError(.commandFailed, "Could not write the command: \(error.message)")
        }
        var untagged: [IMAPUntaggedResponse] = []
        for (index, part) in encoded.parts.enumerated() {
            try write(part)
            if index == encoded.parts.count - 1 { break }
            // A synchronising literal: wait for "+" (or an early completion refusing the command).
            while true {
                let response = try readResponse()
                if case .continuation = response { break }
                if case .tagged(let tag, let status) = response, tag == encoded.tag {
                    return try complete(command, status, untagged)
                }
                if case .untagged(let data) = response { untagged.append(try checkBye(data)) }
            }
        }
        while true {
            switch try readResponse() {
            case .untagged(let data): untagged.append(try checkBye(data))
            case .continuation: throw fail(.protocolViolation, "The server asked for a continuation nothing needed.")
            case .tagged(let tag, let status):
                guard tag == encoded.tag else {
                    throw fail(.protocolViolation, "The server completed command \(tag), which we did not send.")
                }
                return try complete(command, status, untagged)
            }
        }
    }

    private func complete(_ command: IMAPCommand, _ status: IMAPStatusResponse, _ untagged: [IMAPUntaggedResponse])
        throws(IMAPConnectionError) -> IMAPCommandResult {
        guard status.status == .ok else {
            throw IMAPConnectionError(.commandFailed, "The IMAP server answered \(status.status.rawValue) to "
                + "\(command.name): \(status.text)", response: status)
        }
        return IMAPCommandResult(untagged: untagged, status: status)
    }

    private func checkBye(_ data: IMAPUntaggedResponse) throws(IMAPConnectionError) -> IMAPUntaggedResponse {
        if case .status(let s) = data, s.status == .bye {
            throw fail(.closed, "The IMAP server closed the connection: \(s.text)")
        }
        return data
    }

    /// IDLE (RFC 2177): waits until the server reports a change (EXISTS, EXPUNGE, FETCH, RECENT) or `timeout`
    /// passes, then sends DONE and reads the completion. Returns whether a change was reported.
    public func idle(timeout: Duration) throws(IMAPConnectionError) -> Bool {
        let encoded: IMAPEncodedCommand
        do {
            encoded = try encoder.encode(.idle, tag: tags.next())
        } catch {
            throw IMAPConnectionError(.commandFailed, error.message)
        }
        try write(encoded.bytes)
        var changed = false
        // Wait for "+ idling".
        waiting: while true {
            switch try readResponse() {
            case .continuation: break waiting
            case .untagged(let data):
                if Self.isChange(try checkBye(data)) { changed = true }
                unsolicited.append(data)
            case .tagged(let tag, let status):
                guard tag == encoded.tag else { throw fail(.protocolViolation, "Unexpected completion \(tag).") }
                throw IMAPConnectionError(.commandFailed, "The server refused IDLE: \(status.text)", response: status)
            }
        }
        let deadline = ContinuousClock.now + timeout
        while !changed, let response = try read(deadline: deadline, timeoutIsError: false) {
            guard case .untagged(let data) = response else {
                throw fail(.protocolViolation, "The server sent a tagged response or continuation during IDLE.")
            }
            if Self.isChange(try checkBye(data)) { changed = true }
            unsolicited.append(data)
        }
        try write(IMAPCommandEncoder.idleDone)
        while true {
            switch try readResponse() {
            case .untagged(let data):
                if Self.isChange(try checkBye(data)) { changed = true }
                unsolicited.append(data)
            case .continuation: throw fail(.protocolViolation, "A continuation after DONE.")
            case .tagged(let tag, let status):
                guard tag == encoded.tag else { throw fail(.protocolViolation, "Unexpected completion \(tag).") }
                guard status.status == .ok else {
                    throw IMAPConnectionError(.commandFailed, "IDLE ended with \(status.status.rawValue): \(status.text)",
                                              response: status)
                }
                return changed
            }
        }
    }

    /// Whether an untagged response reports a change to the selected mailbox.
    static func isChange(_ data: IMAPUntaggedResponse) -> Bool {
        switch data {
        case .exists, .expunge, .recent, .fetch: true
        default: false
        }
    }

    // MARK: I/O

    private func fail(_ code: IMAPConnectionError.Code, _ message: String) -> IMAPConnectionError {
        isUsable = false
        return IMAPConnectionError(code, message)
    }

    private func write(_ bytes: [UInt8]) throws(IMAPConnectionError) {
        try write(bytes, deadline: .now + ioTimeout)
    }

    private func write(_ bytes: [UInt8], deadline: ContinuousClock.Instant) throws(IMAPConnectionError) {
        guard isUsable, let h = handle else { throw IMAPConnectionError(.closed, "The IMAP connection is closed.") }
        var offset = 0
        while offset < bytes.count {
            var sent = 0
            let rc = bytes.withUnsafeBytes { raw in
                curl_easy_send(h, raw.baseAddress! + offset, raw.count - offset, &sent)
            }
            switch rc {
            case CURLE_OK: offset += sent
            case CURLE_AGAIN: try wait(for: Int16(POLLOUT), deadline: deadline, timeoutIsError: true)
            default:
                throw fail(.closed, "Sending to the IMAP server failed: \(String(cString: curl_easy_strerror(rc))).")
            }
        }
    }

    /// The next response within the I/O timeout.
    private func readResponse() throws(IMAPConnectionError) -> IMAPResponse {
        guard let response = try read(deadline: .now + ioTimeout) else {
            throw fail(.timeout, "The IMAP server did not answer within the timeout.")
        }
        return response
    }

    /// The next response; nil only when `timeoutIsError` is false and the deadline passed.
    private func read(deadline: ContinuousClock.Instant, timeoutIsError: Bool = true)
        throws(IMAPConnectionError) -> IMAPResponse? {
        while true {
            do {
                if case .response(let response) = try parser.next() { return response }
            } catch {
                throw fail(.protocolViolation, "The IMAP server sent something that is not IMAP: \(error.message)")
            }
            guard isUsable, let h = handle else { throw IMAPConnectionError(.closed, "The IMAP connection is closed.") }
            var received = 0
            let count = readBuffer.count
            let rc = readBuffer.withUnsafeMutableBytes { curl_easy_recv(h, $0.baseAddress, count, &received) }
            switch rc {
            case CURLE_OK:
                guard received > 0 else { throw fail(.closed, "The IMAP server closed the connection.") }
                parser.append(readBuffer[0..<received])
                transcript?.append(contentsOf: readBuffer[0..<received])
            case CURLE_AGAIN:
                guard try wait(for: Int16(POLLIN), deadline: deadline, timeoutIsError: timeoutIsError) else { return nil }
            default:
                throw fail(.closed, "Reading from the IMAP server failed: \(String(cString: curl_easy_strerror(rc))).")
            }
        }
    }

    /// Waits until the socket is ready; false on timeout when `timeoutIsError` is false.
    @discardableResult
    private func wait(for events: Int16, deadline: ContinuousClock.Instant, timeoutIsError: Bool)
        throws(IMAPConnectionError) -> Bool {
        while true {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else {
                if timeoutIsError { throw fail(.timeout, "The IMAP server did not answer within the timeout.") }
                return false
            }
            var pfd = pollfd(fd: socket, events: events, revents: 0)
            let rc = poll(&pfd, 1, Int32(clamping: max(1, left.milliseconds)))
            if rc > 0 { return true }
            if rc < 0, errno != EINTR { throw fail(.closed, "poll(2) failed on the IMAP socket (errno \(errno)).") }
        }
    }
}

extension Duration {
    /// Whole milliseconds, rounded up.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
    }
}

extension IMAPCommand {
    /// The command's name, for messages.
    var name: String {
        switch self {
        case .capability: "CAPABILITY"
        case .noop: "NOOP"
        case .logout: "LOGOUT"
        case .select: "SELECT"
        case .examine: "EXAMINE"
        case .create: "CREATE"
        case .uidSearch: "UID SEARCH"
        case .uidFetch: "UID FETCH"
        case .uidStore: "UID STORE"
        case .uidCopy: "UID COPY"
        case .uidMove: "UID MOVE"
        case .uidExpunge: "UID EXPUNGE"
        case .idle: "IDLE"
        }
    }
}
