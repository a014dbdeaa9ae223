import MailTransport
import Testing

@Suite("IMAP command encoder")
struct IMAPCommandEncoderTests {
    static let tag = IMAPTag(rawValue: "H7")

    static let cases: [(IMAPCommand, String)] = [
        (.capability, "H7 CAPABILITY\r\n"),
        (.noop, "H7 NOOP\r\n"),
        (.logout, "H7 LOGOUT\r\n"),
        (.idle, "H7 IDLE\r\n"),
        (.select("INBOX"), "H7 SELECT INBOX\r\n"),
        (.select("inbox"), "H7 SELECT INBOX\r\n"),
        (.examine("Processed"), "H7 EXAMINE Processed\r\n"),
        (.create("Help Desk/Done"), "H7 CREATE \"Help Desk/Done\"\r\n"),
        (.create("a\"b\\c"), "H7 CREATE \"a\\\"b\\\\c\"\r\n"),
        (.create("100%"), "H7 CREATE \"100%\"\r\n"),
        (.create("Erledigt & Gelöst"), "H7 CREATE \"Erledigt &- Gel&APY-st\"\r\n"),
        (.create("台北"), "H7 CREATE &U,BTFw-\r\n"),
        (.uidSearch(.all, returning: nil), "H7 UID SEARCH ALL\r\n"),
        (.uidSearch(.all, returning: [.all]), "H7 UID SEARCH RETURN (ALL) ALL\r\n"),
        (.uidSearch(.all, returning: []), "H7 UID SEARCH RETURN () ALL\r\n"),
        (.uidSearch(.header(field: "Message-ID", value: "<a.b@example.org>"), returning: [.all]),
         "H7 UID SEARCH RETURN (ALL) HEADER Message-ID \"<a.b@example.org>\"\r\n"),
        (.uidSearch(.and([.undeleted, .uid(UIDSet(numbers: [1, 2, 3, 9]))]), returning: nil),
         "H7 UID SEARCH UNDELETED UID 1:3,9\r\n"),
        (.uidFetch(UIDSet(numbers: [5, 3, 4, 10]), [.uid, .bodyPeek(section: "")]),
         "H7 UID FETCH 3:5,10 (UID BODY.PEEK[])\r\n"),
        (.uidFetch(UIDSet(numbers: [1]), [.uid, .flags, .rfc822Size, .bodyPeek(section: "HEADER")]),
         "H7 UID FETCH 1 (UID FLAGS RFC822.SIZE BODY.PEEK[HEADER])\r\n"),
        (.uidStore(UIDSet(numbers: [4]), .add, silent: true, flags: [.deleted]),
         "H7 UID STORE 4 +FLAGS.SILENT (\\Deleted)\r\n"),
        (.uidStore(UIDSet(numbers: [4, 5]), .remove, silent: false, flags: [.seen, IMAPFlag(rawValue: "$MOACTSProcessed")!]),
         "H7 UID STORE 4:5 -FLAGS (\\Seen $MOACTSProcessed)\r\n"),
        (.uidStore(UIDSet(numbers: [4]), .replace, silent: false, flags: []), "H7 UID STORE 4 FLAGS ()\r\n"),
        (.uidCopy(UIDSet(numbers: [8]), to: "Processed"), "H7 UID COPY 8 Processed\r\n"),
        (.uidMove(UIDSet(numbers: [8, 9]), to: "Processed"), "H7 UID MOVE 8:9 Processed\r\n"),
        (.uidExpunge(UIDSet(numbers: [8])), "H7 UID EXPUNGE 8\r\n"),
    ]

    @Test("encodes each command", arguments: cases)
    func encodes(_ command: IMAPCommand, _ expected: String) throws {
        let encoded = try IMAPCommandEncoder().encode(command, tag: Self.tag)
        #expect(encoded.parts.count == 1)
        #expect(String(decoding: encoded.bytes, as: UTF8.self) == expected)
        #expect(encoded.tag == Self.tag)
    }

    @Test("8-bit and CR/LF strings become literals: synchronising parts, or LITERAL+")
    func literals() throws {
        let command = IMAPCommand.uidSearch(.header(field: "Subject", value: "Grüße"), returning: nil)
        let sync = try IMAPCommandEncoder().encode(command, tag: Self.tag)
        #expect(sync.parts.map { String(decoding: $0, as: UTF8.self) }
            == ["H7 UID SEARCH CHARSET UTF-8 HEADER Subject {7}\r\n", "Grüße\r\n"])
        let plus = try IMAPCommandEncoder(nonSynchronizingLiterals: true).encode(command, tag: Self.tag)
        #expect(plus.parts.count == 1)
        #expect(String(decoding: plus.bytes, as: UTF8.self) == "H7 UID SEARCH CHARSET UTF-8 HEADER Subject {7+}\r\nGrüße\r\n")
        // A CR/LF in a search string cannot end the command early: it goes in a literal.
        let crlf = try IMAPCommandEncoder().encode(.uidSearch(.header(field: "Subject", value: "a\r\nH8 LOGOUT"),
                                                              returning: nil), tag: Self.tag)
        #expect(crlf.parts.map { String(decoding: $0, as: UTF8.self) }
            == ["H7 UID SEARCH HEADER Subject {12}\r\n", "a\r\nH8 LOGOUT\r\n"])
        // In a mailbox name, control characters are modified UTF-7 (RFC 3501 §5.1.3).
        let name = try IMAPCommandEncoder().encode(.create("a\r\nH8 LOGOUT"), tag: Self.tag)
        #expect(String(decoding: name.bytes, as: UTF8.self) == "H7 CREATE \"a&AA0ACg-H8 LOGOUT\"\r\n")
    }

    @Test("refuses what it cannot write", arguments: [
        IMAPCommand.uidFetch(UIDSet(numbers: []), [.uid]),
        .uidFetch(UIDSet(numbers: [1]), []),
        .uidExpunge(UIDSet(numbers: [])),
        .uidMove(UIDSet(numbers: []), to: "X"),
        .uidSearch(.header(field: "Bad Field", value: "x"), returning: nil),
        .uidSearch(.and([]), returning: nil),
        .uidFetch(UIDSet(numbers: [1]), [.bodyPeek(section: "]")]),
    ])
    func refuses(_ command: IMAPCommand) {
        #expect(throws: IMAPEncodingError.self) { try IMAPCommandEncoder().encode(command, tag: Self.tag) }
    }

    @Test("flags must be atoms", arguments: ["", "\\", "a b", "(x)", "a\r\n", "\"q\"", "{3}", "a]"])
    func badFlags(_ text: String) {
        #expect(IMAPFlag(rawValue: text) == nil)
    }

    @Test("tags are fresh and UID sets coalesce")
    func tagsAndSets() {
        var tags = IMAPTagGenerator()
        #expect([tags.next(), tags.next(), tags.next()].map(\.rawValue) == ["H1", "H2", "H3"])
        #expect(UIDSet(numbers: [7, 1, 2, 3, 3, 5, 6, UInt32.max]).description == "1:3,5:7,4294967295")
        #expect(UIDSet(ranges: [5...9, 1...2, 3...4, 20...20]).description == "1:9,20")
        #expect(UIDSet(parsing: "1:3,9:7,12")?.uids.map(\.rawValue) == [1, 2, 3, 7, 8, 9, 12])
        #expect(UIDSet(parsing: "1:*") == nil)
        #expect(UIDSet(parsing: "0") == nil)
        #expect(UIDSet(parsing: "") == nil)
        #expect(UIDSet(parsing: "1,,2") == nil)
        #expect(UIDSet(parsing: "99999999999") == nil)
        #expect(UIDSet(numbers: [1, 2, 5]).count == 3)
    }
}
