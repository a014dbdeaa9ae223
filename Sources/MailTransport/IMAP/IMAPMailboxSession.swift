/// One logged-in connection and what we know about its selected mailbox. Confined to `CurlIMAPMailbox`'s serial
/// queue: every method blocks, and only one runs at a time.
final class IMAPMailboxSession: @unchecked Sendable {
    let connection: CurlIMAPConnection
    private let ignored: Set<String>
    /// The selected mailbox, its UIDVALIDITY and message count.
    private(set) var selected: String?
    private(set) var uidValidity: UIDValidity?
    private(set) var exists: UInt32 = 0
    /// Whether an EXISTS reported more messages than we knew since the last `markFetched()`.
    private(set) var newArrivals = false

    init(connection: CurlIMAPConnection, ignoredCapabilities: Set<String>) {
        self.connection = connection
        ignored = ignoredCapabilities
    }

    func has(_ capability: String) -> Bool {
        !ignored.contains(capability.uppercased()) && connection.has(capability)
    }

    /// Runs a command and notes what its untagged responses say about the mailbox.
    @discardableResult
    func run(_ command: IMAPCommand) throws(IMAPConnectionError) -> IMAPCommandResult {
        let result = try connection.run(command)
        observe(result.untagged)
        return result
    }

    func observe(_ responses: [IMAPUntaggedResponse]) {
        for response in responses {
            switch response {
            case .exists(let n):
                if n > exists { newArrivals = true }
                exists = n
            case .expunge:
                if exists > 0 { exists -= 1 }
            default: break
            }
        }
    }

    func markFetched() { newArrivals = false }

    /// SELECT (RFC 9051 §6.3.2) unless `mailbox` is already selected; returns its UIDVALIDITY.
    @discardableResult
    func select(_ mailbox: String) throws(IMAPConnectionError) -> UIDValidity {
        if selected == mailbox, let uidValidity { return uidValidity }
        selected = nil
        uidValidity = nil
        exists = 0
        let result = try connection.run(.select(mailbox))
        var validity: UIDValidity?
        for response in result.untagged {
            switch response {
            case .exists(let n): exists = n
            case .status(let s): if case .uidValidity(let v)? = s.code { validity = v }
            default: break
            }
        }
        guard let validity else {
            throw IMAPConnectionError(.protocolViolation, "The server selected \(mailbox) without a UIDVALIDITY.")
        }
        selected = mailbox
        uidValidity = validity
        return validity
    }

    /// EXAMINE another mailbox (read-only); the next `select` selects again.
    func examine(_ mailbox: String) throws(IMAPConnectionError) {
        selected = nil
        uidValidity = nil
        try connection.run(.examine(mailbox))
    }

    /// UID SEARCH, as ESEARCH (RFC 4731) when the server has it: the matching UIDs, ascending.
    func search(_ key: IMAPSearchKey, limit: Int) throws(IMAPConnectionError) -> [UID] {
        if has("ESEARCH") {
            let result = try run(.uidSearch(key, returning: [.all]))
            var set = UIDSet(numbers: [])
            for case .esearch(let e) in result.untagged where e.uid { if let all = e.all { set = all } }
            guard set.count <= limit else {
                throw IMAPConnectionError(.protocolViolation, "The search matched \(set.count) messages; the limit is "
                    + "\(limit).")
            }
            return set.uids
        }
        let result = try run(.uidSearch(key, returning: nil))
        var numbers: [UInt32] = []
        for case .search(let found) in result.untagged { numbers += found }
        guard numbers.count <= limit else {
            throw IMAPConnectionError(.protocolViolation, "The search matched \(numbers.count) messages; the limit is "
                + "\(limit).")
        }
        return Array(Set(numbers)).sorted().map(UID.init(rawValue:))
    }

    /// UID FETCH (BODY.PEEK[]) of `uids` in batches: never sets \Seen (RFC 9051 §6.4.5).
    func fetchBodies(_ uids: [UID], batchSize: Int) throws(IMAPConnectionError) -> [(UID, [UInt8])] {
        var out: [(UID, [UInt8])] = []
        let wanted = Set(uids)
        var start = 0
        while start < uids.count {
            let batch = uids[start..<min(uids.count, start + batchSize)]
            start += batchSize
            let result = try run(.uidFetch(UIDSet(batch), [.uid, .bodyPeek(section: "")]))
            for response in result.untagged {
                if let (uid, body) = response.uidAndBody, wanted.contains(uid) { out.append((uid, body)) }
            }
        }
        return out.sorted { $0.0 < $1.0 }
    }
}
