public import MailTransport

/// A mailbox in memory with the same behaviour as `MaildirMailbox`, for tests of the stages that fetch and file
/// mail. The behavioural tests in `MailTransportTests` run against both, so the double stays faithful.
///
/// Tests deliver messages; each gets the next UID. `fetchAll()` returns the INBOX in UID order and changes nothing
/// (an empty message is skipped, as an empty file is in a Maildir). `file(uid:uidValidity:as:)` moves a message to
/// `processed` or leaves it unread in the INBOX, is a no-op for an unknown or already filed UID, and throws
/// `MailTransportError` `.uidValidityChanged` for a stale UIDVALIDITY. Every call is recorded in `filings`.
public actor InMemoryMailbox: Mailbox {
    /// A message in the INBOX.
    public struct Message: Sendable, Equatable {
        /// Its UID under the current UIDVALIDITY.
        public var uid: UInt32
        /// Its bytes.
        public var raw: [UInt8]
        /// Whether it is marked seen (a file in `cur/` with the `S` flag).
        public var seen: Bool

        /// A message of the INBOX.
        public init(uid: UInt32, raw: [UInt8], seen: Bool) {
            self.uid = uid
            self.raw = raw
            self.seen = seen
        }
    }

    /// One call of `file(uid:uidValidity:as:)`, whatever its outcome.
    public struct Filing: Sendable, Equatable {
        /// The UID asked for.
        public var uid: UInt32
        /// The UIDVALIDITY given.
        public var uidValidity: UInt32
        /// The disposition asked for.
        public var disposition: Disposition

        /// A record of one filing.
        public init(uid: UInt32, uidValidity: UInt32, disposition: Disposition) {
            self.uid = uid
            self.uidValidity = uidValidity
            self.disposition = disposition
        }
    }

    /// The name given to fetched messages' `mailbox`.
    public nonisolated let name: String
    /// The current UIDVALIDITY.
    public private(set) var uidValidity: UInt32
    /// The INBOX, in UID order.
    public private(set) var inbox: [Message] = []
    /// The bytes of the messages filed as processed, in the order they were filed.
    public private(set) var processed: [[UInt8]] = []
    /// Every filing asked for.
    public private(set) var filings: [Filing] = []
    private var nextUID: UInt32 = 1

    /// An empty mailbox.
    public init(name: String = "INBOX", uidValidity: UInt32 = 1) {
        self.name = name
        self.uidValidity = max(uidValidity, 1)
    }

    /// Puts a message in the INBOX (unread unless `seen`) and returns its UID.
    @discardableResult
    public func deliver(_ raw: [UInt8], seen: Bool = false) -> UInt32 {
        let uid = nextUID
        nextUID += 1
        inbox.append(Message(uid: uid, raw: raw, seen: seen))
        return uid
    }

    /// Marks a message of the INBOX seen or unseen (what a person's mail program does).
    public func setSeen(uid: UInt32, _ seen: Bool) {
        if let index = inbox.firstIndex(where: { $0.uid == uid }) { inbox[index].seen = seen }
    }

    /// Starts a new UIDVALIDITY and gives every INBOX message a new UID from 1, in the same order: what happens
    /// when a Maildir's uid list is lost.
    public func renumber(uidValidity: UInt32) {
        self.uidValidity = max(uidValidity, 1)
        nextUID = 1
        for index in inbox.indices {
            inbox[index].uid = nextUID
            nextUID += 1
        }
    }

    public func fetchAll() -> [FetchedMessage] {
        inbox.filter { !$0.raw.isEmpty }.map {
            FetchedMessage(mailbox: name, uidValidity: uidValidity, uid: $0.uid, raw: $0.raw)
        }
    }

    public func file(uid: UInt32, uidValidity: UInt32, as disposition: Disposition) throws {
        filings.append(Filing(uid: uid, uidValidity: uidValidity, disposition: disposition))
        guard uidValidity == self.uidValidity else {
            throw MailTransportError.uidValidityChanged(given: uidValidity, current: self.uidValidity)
        }
        guard let index = inbox.firstIndex(where: { $0.uid == uid }) else { return }
        switch disposition {
        case .processed:
            processed.append(inbox.remove(at: index).raw)
        case .leaveForHuman:
            inbox[index].seen = false
        }
    }
}
