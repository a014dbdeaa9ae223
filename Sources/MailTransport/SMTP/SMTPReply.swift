/// One server reply (RFC 5321 §4.2): a three-digit code and one or more lines of text.
///
/// ```
/// Reply-line = *( Reply-code "-" [ textstring ] CRLF )
///              Reply-code [ SP textstring ] CRLF
/// ```
public struct SMTPReply: Hashable, Sendable, CustomStringConvertible {
    /// The reply code, 200-599 (0 for a line that is not a reply at all).
    public var code: Int
    /// The enhanced status code of the last line (RFC 3463, announced by ENHANCEDSTATUSCODES, RFC 2034), e.g. "5.1.1".
    public var enhancedCode: String?
    /// Each line as received, without its CRLF.
    public var lines: [String]

    /// Creates a reply.
    public init(code: Int, enhancedCode: String? = nil, lines: [String]) {
        self.code = code
        self.enhancedCode = enhancedCode
        self.lines = lines
    }

    /// 2yz: the command was accepted.
    public var isPositive: Bool { (200..<300).contains(code) }
    /// 3yz: go on (354 after DATA, 334 during AUTH).
    public var isIntermediate: Bool { (300..<400).contains(code) }
    /// 4yz: refused for now; the same command may succeed later.
    public var isTemporaryFailure: Bool { (400..<500).contains(code) }
    /// 5yz: refused; do not try again unchanged.
    public var isPermanentFailure: Bool { (500..<600).contains(code) }

    /// The last line, which carries the final code ("550 5.1.1 <x@y>: Recipient address rejected").
    public var lastLine: String { lines.last ?? "" }

    public var description: String { lastLine }
}

/// Splits the bytes a server sent into replies. Bytes may arrive in any pieces: an incomplete line waits for the
/// rest ("need more bytes"), and a line that is not a reply becomes a reply with code 0 ("malformed"), so the
/// caller sees it instead of losing it. Lines are capped at `maxLineLength` bytes and replies at `maxLines` lines.
public struct SMTPReplyParser: Sendable {
    /// The longest line kept (RFC 5321 §4.5.3.1.5 allows 512 octets; servers send longer text lines).
    public static let maxLineLength = 4096
    /// The most lines one reply may have; more ends the reply.
    public static let maxLines = 256

    private var partial: [UInt8] = []
    private var pending: [String] = []

    /// An empty parser.
    public init() {}

    /// Takes the next bytes from the server and returns the replies they complete.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [SMTPReply] {
        var replies: [SMTPReply] = []
        for byte in bytes {
            if byte == 10 {
                if partial.last == 13 { partial.removeLast() }
                let line = String(decoding: partial, as: UTF8.self)
                partial.removeAll(keepingCapacity: true)
                if let reply = take(line) { replies.append(reply) }
            } else if partial.count < Self.maxLineLength {
                partial.append(byte)
            }
        }
        return replies
    }

    /// Parses whole replies from text (lines separated by CRLF or LF); an unfinished last line is ignored.
    public static func replies(in text: String) -> [SMTPReply] {
        var parser = SMTPReplyParser()
        return parser.feed(Array(text.utf8))
    }

    // Reply-code = %x32-35 %x30-35 %x30-39
    private mutating func take(_ line: String) -> SMTPReply? {
        let scalars = Array(line.utf8)
        guard scalars.count >= 3, scalars[0...2].allSatisfy({ (48...57).contains($0) }),
              (50...53).contains(scalars[0]),
              scalars.count == 3 || scalars[3] == 32 || scalars[3] == 45 /* "-" */
        else {
            // Not a reply line: close what was pending, and report the line itself as malformed.
            pending.removeAll()
            return SMTPReply(code: 0, lines: [line])
        }
        pending.append(line)
        let continues = scalars.count > 3 && scalars[3] == 45
        if continues && pending.count < Self.maxLines { return nil }
        let code = Int(String(decoding: scalars[0...2], as: UTF8.self)) ?? 0
        let reply = SMTPReply(code: code, enhancedCode: Self.enhancedCode(in: line), lines: pending)
        pending.removeAll()
        return reply
    }

    // status-code = class "." subject "." detail; class = "2" / "4" / "5"; subject, detail = 1*3digit (RFC 3463 §2)
    static func enhancedCode(in line: String) -> String? {
        let text = line.utf8.count > 4 ? String(line.dropFirst(4)) : ""
        let token = text.prefix { $0 != " " }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, ["2", "4", "5"].contains(parts[0]),
              parts[1...2].allSatisfy({ (1...3).contains($0.count) && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else { return nil }
        return String(token)
    }
}
