import Dispatch

/// The shared mailbox over IMAP: libcurl connects, does TLS and logs in; our IMAP layer (`CurlIMAPConnection`) does
/// the rest on that connection.
///
/// - `fetchAll()`: SELECT (UIDVALIDITY), UID SEARCH ALL (ESEARCH when offered), batched UID FETCH (BODY.PEEK[]):
///   reading never sets `\Seen`.
/// - `file(uid:uidValidity:as:)`: `.processed` is UID MOVE to the processed folder (created when missing); without
///   MOVE, UID COPY + UID STORE +FLAGS.SILENT (\Deleted) + UID EXPUNGE of exactly that UID (UIDPLUS); without
///   UIDPLUS, only the processed keyword, never a bare EXPUNGE (it would also remove what people deleted).
///   `.leaveForHuman` changes nothing. A stale UIDVALIDITY files nothing and throws `.uidValidityChanged`.
/// - `waitForChange(timeout:)`: IDLE, renewed before 29 minutes; NOOP polling when the server has no IDLE.
/// - A dropped connection is reopened with exponential backoff (the `sleep` given), the mailbox selected again and
///   the operation retried; UIDVALIDITY is checked on every filing.
///
/// All network work runs on one serial queue of its own, never on Swift's cooperative threads.
public actor CurlIMAPMailbox: Mailbox, MailboxWatching, BatchFetching, BatchFiling {
    /// The configuration.
    public nonisolated let configuration: CurlIMAPMailboxConfiguration
    private let sleep: @Sendable (Duration) async throws -> Void
    private let queue = DispatchQueue(label: "helpdesk.imap.mailbox")
    private var session: IMAPMailboxSession?
    /// `.processed` filings noted and not yet carried out, by UIDVALIDITY (`filingBatch` > 1).
    private var pendingFilings: [UInt32: [UInt32]] = [:]
    private var pendingCount = 0

    /// How many times a connection was opened after the first (for monitoring and tests).
    public private(set) var reconnections = 0
    private var connections = 0

    /// A mailbox; nothing connects until the first call. `sleep` makes the pauses between reconnection attempts
    /// and between NOOP polls (inject a recording one in tests).
    public init(configuration: CurlIMAPMailboxConfiguration,
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }) {
        self.configuration = configuration
        self.sleep = sleep
    }

    /// The mailbox name fetched messages carry.
    public nonisolated var mailboxName: String { configuration.mailbox }

    // MARK: Mailbox

    /// Every message in the mailbox, in UID order, with the mailbox's current UIDVALIDITY; changes no flag.
    public func fetchAll() async throws -> [FetchedMessage] {
        try await flushFilings()
        let config = configuration
        return try await withSession { session in
            let wasSelected = session.selected == config.mailbox
            let validity = try session.select(config.mailbox)
            // An already selected mailbox may not show mail that arrived since; NOOP makes the server report it.
            if wasSelected { _ = try session.run(.noop) }
            session.markFetched()
            let uids = try session.search(.all, limit: config.maxMessages)
            return try session.fetchBodies(uids, batchSize: config.batchSize).map {
                FetchedMessage(mailbox: config.mailbox, uidValidity: validity.rawValue, uid: $0.0.rawValue, raw: $0.1)
            }
        }
    }

    /// The UIDVALIDITY and every UID of the mailbox (UID SEARCH ALL); carries out noted filings first.
    public func listUIDs() async throws -> (uidValidity: UInt32, uids: [UInt32]) {
        try await flushFilings()
        let config = configuration
        return try await withSession { session in
            let wasSelected = session.selected == config.mailbox
            let validity = try session.select(config.mailbox)
            if wasSelected { _ = try session.run(.noop) }
            session.markFetched()
            return (validity.rawValue, try session.search(.all, limit: config.maxMessages).map(\.rawValue))
        }
    }

    /// The messages among `uids` still there (batched UID FETCH BODY.PEEK[]), in UID order.
    public func fetch(uids: [UInt32], uidValidity: UInt32) async throws -> [FetchedMessage] {
        let config = configuration
        let fetched: [FetchedMessage]? = try await withSession { session in
            let current = try session.select(config.mailbox)
            guard current.rawValue == uidValidity else { return nil }
            return try session.fetchBodies(uids.map(UID.init(rawValue:)), batchSize: config.batchSize).map {
                FetchedMessage(mailbox: config.mailbox, uidValidity: uidValidity, uid: $0.0.rawValue, raw: $0.1)
            }
        }
        guard let fetched else {
            let current = try await listUIDs().uidValidity
            throw MailTransportError.uidValidityChanged(given: uidValidity, current: current)
        }
        return fetched
    }

    /// Carries out the noted `.processed` filings: one UID MOVE (or its fallback) per UIDVALIDITY. Filings noted under
    /// a UIDVALIDITY that is no longer current are dropped (the next pass files those messages again).
    public func flushFilings() async throws {
        guard pendingCount > 0 else { return }
        let pending = pendingFilings
        pendingFilings = [:]
        pendingCount = 0
        let config = configuration
        for (validity, uids) in pending {
            try await withSession { session in
                let current = try session.select(config.mailbox)
                guard current.rawValue == validity else { return }
                try Self.fileProcessed(UIDSet(uids.map(UID.init(rawValue:))), session: session, config: config)
            }
        }
    }

    /// Files the message as `disposition` says; idempotent (a UID no longer in the mailbox is not an error). With
    /// `filingBatch` > 1 a `.processed` filing is noted and carried out with others (`flushFilings()`, or once
    /// `filingBatch` are noted).
    public func file(uid: UInt32, uidValidity: UInt32, as disposition: Disposition) async throws {
        guard disposition == .processed else { return }
        if configuration.filingBatch > 1 {
            pendingFilings[uidValidity, default: []].append(uid)
            pendingCount += 1
            if pendingCount >= configuration.filingBatch { try await flushFilings() }
            return
        }
        let config = configuration
        let outcome: FilingOutcome = try await withSession { session in
            let current = try session.select(config.mailbox)
            guard current.rawValue == uidValidity else { return .stale(current) }
            try Self.fileProcessed(UIDSet([UID(uid)]), session: session, config: config)
            return .done
        }
        if case .stale(let current) = outcome {
            throw MailTransportError.uidValidityChanged(given: uidValidity, current: current.rawValue)
        }
    }

    private enum FilingOutcome: Sendable { case done, stale(UIDValidity) }

    private static func fileProcessed(_ set: UIDSet, session: IMAPMailboxSession,
                                      config: CurlIMAPMailboxConfiguration) throws(IMAPConnectionError) {
        let keyword = IMAPCommand.uidStore(set, .add, silent: true, flags: [config.processedKeyword])
        guard let folder = config.processedFolder else {
            try session.run(keyword)
            return
        }
        if session.has("MOVE") {
            // RFC 6851 §3.2: UID MOVE, creating the folder on TRYCREATE.
            try withFolder(folder, session) { () throws(IMAPConnectionError) in try session.run(.uidMove(set, to: folder)) }
        } else if session.has("UIDPLUS") {
            // RFC 6851 §3.3's fallback, limited to our UIDs by UID EXPUNGE (RFC 4315 §2.1).
            try withFolder(folder, session) { () throws(IMAPConnectionError) in try session.run(.uidCopy(set, to: folder)) }
            try session.run(.uidStore(set, .add, silent: true, flags: [.deleted]))
            try session.run(.uidExpunge(set))
        } else {
            try session.run(keyword)
        }
    }

    /// Runs `body`; when it fails with TRYCREATE, creates `folder` and runs it again.
    private static func withFolder(_ folder: String, _ session: IMAPMailboxSession,
                                   _ body: () throws(IMAPConnectionError) -> IMAPCommandResult) throws(IMAPConnectionError) {
        do {
            _ = try body()
        } catch where error.code == .commandFailed && error.response?.code == .tryCreate {
            do {
                try session.run(.create(folder))
            } catch where error.code == .commandFailed {
                // Someone else created it meanwhile: the retry below tells.
            }
            _ = try body()
        }
    }

    // MARK: Searching

    /// Whether `folder` (default: the mailbox) holds a message with this Message-ID (angle brackets optional):
    /// UID SEARCH HEADER Message-ID, for finding our own sent mail. A folder that does not exist holds nothing.
    public func containsMessage(messageID: String, folder: String? = nil) async throws -> Bool {
        let config = configuration
        let id = messageID.hasPrefix("<") ? messageID : "<" + messageID + ">"
        return try await withSession { session in
            if let folder, folder != config.mailbox {
                do {
                    try session.examine(folder)
                } catch let error as IMAPConnectionError where error.code == .commandFailed {
                    return false
                }
            } else {
                try session.select(config.mailbox)
            }
            return !(try session.search(.header(field: "Message-ID", value: id), limit: config.maxMessages)).isEmpty
        }
    }

    // MARK: MailboxWatching

    /// Waits for new mail: IDLE (RFC 2177), DONE and IDLE again every `idleRenewal`; NOOP every `pollInterval`
    /// without IDLE. Returns true at once when mail arrived since the last `fetchAll()`.
    public func waitForChange(timeout: Duration) async throws -> Bool {
        try await flushFilings()
        let config = configuration
        let idle = try await withSession { session in
            try session.select(config.mailbox)
            return session.has("IDLE")
        }
        if idle {
            var left = timeout
            repeat {
                let slice = min(left, config.idleRenewal)
                let changed = try await withSession { session in
                    try session.select(config.mailbox)
                    if session.newArrivals { return true }
                    let changed = try session.connection.idle(timeout: slice)
                    session.observe(session.connection.unsolicited)
                    session.connection.unsolicited.removeAll()
                    return changed
                }
                if changed { return true }
                left -= slice
            } while left > .zero
            return false
        }
        var waited = Duration.zero
        while true {
            let changed = try await withSession { session in
                try session.select(config.mailbox)
                let before = session.exists
                let result = try session.run(.noop)
                return session.newArrivals || session.exists != before
                    || result.untagged.contains(where: CurlIMAPConnection.isChange)
            }
            if changed { return true }
            if waited >= timeout { return false }
            let pause = min(config.pollInterval, timeout - waited)
            try await sleep(pause)
            waited += pause
        }
    }

    /// Logs out and closes the connection (the next call connects again).
    public func close() async {
        try? await flushFilings()
        guard let session else { return }
        self.session = nil
        await onQueue { session.connection.close() }
    }

    /// Cuts the current connection's socket, as a network failure would (tests of reconnection).
    public func simulateDrop() async {
        guard let session else { return }
        await onQueue { session.connection.simulateDrop() }
    }

    // MARK: Connection handling

    /// Runs `body` on the queue with a usable session; after a drop, reconnects with backoff and runs it again.
    private func withSession<T: Sendable>(
        _ body: @escaping @Sendable (IMAPMailboxSession) throws -> T
    ) async throws -> T {
        var attempt = 0
        while true {
            do {
                let current = try await connectedSession()
                return try await onQueue { try body(current) }
            } catch let error as IMAPConnectionError {
                switch error.code {
                case .commandFailed:
                    throw MailTransportError(.server, error.message)
                case .authentication:
                    session = nil
                    throw MailTransportError(.connection, error.message)
                case .connect, .closed, .timeout, .protocolViolation:
                    if let dead = session {
                        session = nil
                        await onQueue { dead.connection.close() }
                    }
                    attempt += 1
                    guard attempt <= configuration.maxReconnectAttempts else {
                        throw MailTransportError(.connection, "The IMAP server \(configuration.serverURL) could not be "
                            + "used after \(attempt) attempts: \(error.message)")
                    }
                    if attempt > 1 || error.code == .connect || error.code == .timeout {
                        try await sleep(configuration.backoff(attempt: attempt))
                    }
                }
            }
        }
    }

    private func connectedSession() async throws -> IMAPMailboxSession {
        if let session, session.connection.isUsable { return session }
        let config = configuration
        let credential: IMAPServer.Credential
        switch config.secret {
        case .password(let password): credential = .password(password)
        case .token(let provider): credential = .bearer(try await provider())
        }
        let server = IMAPServer(url: config.serverURL, user: config.user, credential: credential, caFile: config.caFile,
                                allowPlaintext: config.allowPlaintext, connectTimeout: config.connectTimeout,
                                ioTimeout: config.ioTimeout)
        let fresh = try await onQueue { () throws -> IMAPMailboxSession in
            IMAPMailboxSession(connection: try CurlIMAPConnection(server),
                               ignoredCapabilities: config.ignoredCapabilities)
        }
        connections += 1
        if connections > 1 { reconnections += 1 }
        session = fresh
        return fresh
    }

    private func onQueue<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                do {
                    continuation.resume(returning: try work())
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    private func onQueue(_ work: @escaping @Sendable () -> Void) async {
        await withCheckedContinuation { continuation in
            queue.async {
                work()
                continuation.resume()
            }
        }
    }
}
