/// What the client said and the server answered in one SMTP session, as libcurl's debug callback showed it
/// (`CURLINFO_HEADER_OUT` for commands, `CURLINFO_HEADER_IN` for replies). Message content (`CURLINFO_DATA_OUT`)
/// is never recorded, and credentials are dropped as they arrive: `AUTH PLAIN <secret>` is kept as `AUTH PLAIN`,
/// and the lines a client sends in answer to a 334 challenge are kept only as `.authenticationData`.
public struct SMTPTranscript: Hashable, Sendable {
    /// One step of the session.
    public enum Event: Hashable, Sendable {
        /// A command the client sent (RFC 5321 §4.1), credentials removed.
        case command(SMTPCommand)
        /// A reply the server sent.
        case reply(SMTPReply)
    }

    /// Every command and reply, in order.
    public private(set) var events: [Event] = []
    private var replyParser = SMTPReplyParser()
    private var outgoing: [UInt8] = []
    /// True from `AUTH` until its final (non-334) reply: every line sent then is authentication data.
    private var authenticating = false
    /// The most events kept; a session longer than this keeps its first events (the RCPT replies come early).
    public static let maxEvents = 10_000

    /// An empty transcript.
    public init() {}

    /// Two transcripts are equal when their events are (bytes still waiting for a line end are not compared).
    public static func == (lhs: SMTPTranscript, rhs: SMTPTranscript) -> Bool { lhs.events == rhs.events }

    public func hash(into hasher: inout Hasher) { hasher.combine(events) }

    /// A transcript of the given events.
    public init(events: [Event]) { self.events = events }

    /// Records bytes the server sent.
    public mutating func received(_ bytes: some Sequence<UInt8>) {
        for reply in replyParser.feed(bytes) {
            if reply.code != 334 { authenticating = false }
            append(.reply(reply))
        }
    }

    /// Records bytes of commands the client sent.
    public mutating func sent(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            if byte == 10 {
                if outgoing.last == 13 { outgoing.removeLast() }
                let command = authenticating ? SMTPCommand.authenticationData : SMTPCommand(line: outgoing)
                if command.verb == "AUTH" { authenticating = true }
                append(.command(command))
                outgoing.removeAll(keepingCapacity: true)
            } else if outgoing.count < SMTPReplyParser.maxLineLength {
                outgoing.append(byte)
            }
        }
    }

    private mutating func append(_ event: Event) {
        if events.count < Self.maxEvents { events.append(event) }
    }
}

/// A client command as recorded: its verb, and its text when that holds no secret.
public struct SMTPCommand: Hashable, Sendable, CustomStringConvertible {
    /// The verb in capitals ("MAIL", "RCPT", "DATA", "AUTH", ...), or "" for authentication data.
    public var verb: String
    /// The line without its CRLF; for AUTH only "AUTH <mechanism>", for authentication data a placeholder.
    public var text: String

    /// The verbs whose whole line is safe to keep.
    static let plainVerbs: Set<String> = ["EHLO", "HELO", "STARTTLS", "MAIL", "RCPT", "DATA", "QUIT", "RSET", "NOOP",
                                          "VRFY", "EXPN", "HELP", "BDAT"]

    /// Classifies one sent line, dropping anything that may be a credential.
    init(line: [UInt8]) {
        let text = String(decoding: line, as: UTF8.self)
        let words = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        let verb = words.first.map { $0.uppercased() } ?? ""
        if Self.plainVerbs.contains(verb) {
            self.verb = verb
            self.text = text
        } else if verb == "AUTH" {
            self.verb = verb
            self.text = words.count > 1 ? "AUTH \(words[1])" : "AUTH"
        } else {
            self.verb = ""
            self.text = "<authentication data>"
        }
    }

    /// A line sent in answer to an AUTH challenge, its content dropped.
    static let authenticationData = SMTPCommand(verb: "", text: "<authentication data>")

    /// A command with the given verb and text (for tests and replays).
    public init(verb: String, text: String) {
        self.verb = verb
        self.text = text
    }

    /// `.authenticationData` is the placeholder of a line sent in answer to a challenge.
    public var isAuthenticationData: Bool { verb.isEmpty }

    /// The address of a `MAIL FROM:<a>` or `RCPT TO:<a>` command, without the angle brackets.
    public var address: String? {
        guard verb == "MAIL" || verb == "RCPT",
              let open = text.firstIndex(of: "<"), let close = text[open...].firstIndex(of: ">") else { return nil }
        return String(text[text.index(after: open)..<close])
    }

    public var description: String { text }
}
