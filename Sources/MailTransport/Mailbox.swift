/// A message as fetched from a mailbox: where it is, and its bytes.
public struct FetchedMessage: Sendable, Equatable {
    /// The mailbox's name, e.g. "INBOX" or a Maildir's path.
    public var mailbox: String
    /// The mailbox's UIDVALIDITY (RFC 3501 §2.3.1.1): UIDs are only comparable while it stays the same.
    public var uidValidity: UInt32
    /// The message's UID within the mailbox.
    public var uid: UInt32
    /// The raw RFC 5322 bytes.
    public var raw: [UInt8]

    /// Creates a fetched message.
    public init(mailbox: String, uidValidity: UInt32, uid: UInt32, raw: [UInt8]) {
        self.mailbox = mailbox
        self.uidValidity = uidValidity
        self.uid = uid
        self.raw = raw
    }
}

/// Where a finished request goes in the mailbox.
public enum Disposition: Sendable, Equatable {
    /// The bot handled it: move it to the processed folder (or flag it where moving is not possible).
    case processed
    /// A person must look at it: leave it unread in the INBOX.
    case leaveForHuman
}

/// The incoming side: the shared mailbox (a Maildir on the embedded default, IMAP for real).
public protocol Mailbox: Sendable {
    /// Every message currently in the INBOX, oldest first, without changing any flag (reading never marks \Seen).
    func fetchAll() async throws -> [FetchedMessage]
    /// Files the message with `uid` as `disposition` says. Idempotent: a message already filed is not an error.
    func file(uid: UInt32, uidValidity: UInt32, as disposition: Disposition) async throws
}

/// A mailbox that can wait for new mail instead of being polled (IMAP IDLE, RFC 2177).
public protocol MailboxWatching: Sendable {
    /// Waits until the mailbox may have changed (new mail, a message removed) or `timeout` passes. Returns true
    /// when a change was seen; the caller then fetches again. A false alarm is possible, a missed change is not.
    func waitForChange(timeout: Duration) async throws -> Bool
}

/// The outgoing side: hands a finished message to the mail system.
public protocol MailSender: Sendable {
    /// Sends `raw` (CRLF line endings) from `sender` to every address of `recipients`. Returns the recipients the
    /// mail system refused (empty when all were accepted); throws when nothing could be sent.
    func send(_ raw: [UInt8], from sender: String, to recipients: [String]) async throws -> [String]
    /// How many sends may run at once (a pool's connections).
    var concurrentSends: Int { get }
}

extension MailSender {
    /// One send at a time, unless the sender says otherwise.
    public var concurrentSends: Int { 1 }
}

/// A sender that can tell whether a message already went out: after a crash between the mail system's acceptance
/// and our record of it, the engine asks before sending again, so nothing is sent twice.
public protocol DeliveryLedger: Sendable {
    /// Whether a message with this Message-ID (without angle brackets) was already handed over.
    func delivered(messageID: String) async throws -> Bool
    /// Whether a message to these envelope recipients would be found at all: a ledger that reads the shared mailbox
    /// only sees the emails Cc'd to it. When it cannot, a resend is in doubt and noted as such.
    func canFind(recipients: [String]) -> Bool
}

extension DeliveryLedger {
    /// Every message is found (a ledger of everything sent, such as the outbox Maildir).
    public func canFind(recipients: [String]) -> Bool { true }
}

/// A mailbox that reads a large backlog in parts, so it is never held in memory at once: the UIDs first, then the
/// messages a part at a time.
public protocol BatchFetching: Sendable {
    /// The mailbox's UIDVALIDITY and the UIDs of every message in it, ascending; no content, no flag changed.
    func listUIDs() async throws -> (uidValidity: UInt32, uids: [UInt32])
    /// The messages among `uids` still in the mailbox, in UID order (reading never marks \Seen). Throws
    /// `MailTransportError.uidValidityChanged` when the mailbox's UIDVALIDITY is no longer `uidValidity`.
    func fetch(uids: [UInt32], uidValidity: UInt32) async throws -> [FetchedMessage]
}

/// A mailbox that may note `.processed` filings and carry them out together (one UID MOVE for many messages).
/// Whoever files must call `flushFilings()` before it relies on the messages being gone: the engine does after each
/// part of the backlog. A filing noted but not carried out (a crash, a dropped connection) loses nothing: the message
/// stays in the INBOX, is recognised as done on the next pass and filed then.
public protocol BatchFiling: Sendable {
    /// Carries out every noted filing.
    func flushFilings() async throws
}
