import MailTransport
import Testing

/// Every response in `bytes`, fed in chunks of `chunk` bytes (0: all at once).
func parseAll(_ bytes: [UInt8], chunk: Int = 0, limits: IMAPResponseParser.Limits = .init()) throws -> [IMAPResponse] {
    var parser = IMAPResponseParser(limits: limits)
    var out: [IMAPResponse] = []
    var offset = 0
    repeat {
        let end = chunk == 0 ? bytes.count : min(bytes.count, offset + chunk)
        parser.append(bytes[offset..<end])
        offset = end
        while case .response(let response) = try parser.next() { out.append(response) }
    } while offset < bytes.count
    #expect(parser.bufferedByteCount == 0)
    return out
}

func b(_ text: String) -> [UInt8] { Array(text.utf8) }

@Suite("IMAP response parser")
struct IMAPResponseParserTests {
    static let h = IMAPTag(rawValue: "H1")

    /// One complete response each, and what it means.
    static let table: [(String, IMAPResponse)] = [
        // RFC 9051 §7.5 continuation request; RFC 2177 §3 "+ idling".
        ("+ idling\r\n", .continuation("idling")),
        ("+ Ready for literal data\r\n", .continuation("Ready for literal data")),
        ("+\r\n", .continuation("")),
        ("+ {5}\r\n", .continuation("{5}")),
        // RFC 9051 §7.1 tagged status responses.
        ("H1 OK Logged in\r\n", .tagged(h, .init(status: .ok, text: "Logged in"))),
        ("H1 ok done\r\n", .tagged(h, .init(status: .ok, text: "done"))),
        ("H1 NO [TRYCREATE] Mailbox doesn't exist: Processed\r\n",
         .tagged(h, .init(status: .no, code: .tryCreate, text: "Mailbox doesn't exist: Processed"))),
        ("H1 BAD Error in IMAP command: Unknown command\r\n",
         .tagged(h, .init(status: .bad, text: "Error in IMAP command: Unknown command"))),
        ("H1 OK\r\n", .tagged(h, .init(status: .ok, text: ""))),
        ("H1 OK [READ-WRITE] Select completed (0.001 + 0.000 secs).\r\n",
         .tagged(h, .init(status: .ok, code: .readWrite, text: "Select completed (0.001 + 0.000 secs)."))),
        ("H1 OK [COPYUID 1700000000 3:4,9 10:12] Move completed.\r\n",
         .tagged(h, .init(status: .ok, code: .copyUID(UIDValidity(1_700_000_000), source: UIDSet(numbers: [3, 4, 9]),
                                                      destination: UIDSet(numbers: [10, 11, 12])), text: "Move completed."))),
        ("H1 OK [APPENDUID 38505 3955] APPEND completed\r\n",
         .tagged(h, .init(status: .ok, code: .appendUID(UIDValidity(38505), UIDSet(numbers: [3955])),
                          text: "APPEND completed"))),
        ("H1 OK text that ends {5}\r\n", .tagged(h, .init(status: .ok, text: "text that ends {5}"))),
        ("H1 NO [SERVERBUG] Internal error\r\n", .tagged(h, .init(status: .no, code: .other("SERVERBUG", nil),
                                                                  text: "Internal error"))),
        ("H1 NO [BADCHARSET (UTF-8)] x\r\n", .tagged(h, .init(status: .no, code: .other("BADCHARSET", "(UTF-8)"),
                                                             text: "x"))),
        // RFC 9051 §7.1 untagged status responses and their codes.
        ("* OK [UIDVALIDITY 1700000000] UIDs valid\r\n",
         .untagged(.status(.init(status: .ok, code: .uidValidity(UIDValidity(1_700_000_000)), text: "UIDs valid")))),
        ("* OK [UIDNEXT 4392] Predicted next UID\r\n",
         .untagged(.status(.init(status: .ok, code: .uidNext(UID(4392)), text: "Predicted next UID")))),
        ("* OK [UNSEEN 12] First unseen.\r\n", .untagged(.status(.init(status: .ok, code: .unseen(12), text: "First unseen.")))),
        ("* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Forwarded \\*)] Flags permitted.\r\n",
         .untagged(.status(.init(status: .ok, code: .permanentFlags(["\\Answered", "\\Flagged", "\\Deleted", "\\Seen",
                                                                     "\\Draft", "$Forwarded", "\\*"]),
                                 text: "Flags permitted.")))),
        ("* OK [CAPABILITY IMAP4rev1 SASL-IR LITERAL+ AUTH=PLAIN] Dovecot ready.\r\n",
         .untagged(.status(.init(status: .ok, code: .capability(["IMAP4rev1", "SASL-IR", "LITERAL+", "AUTH=PLAIN"]),
                                 text: "Dovecot ready.")))),
        ("* OK [ALERT] System shutdown in 10 minutes\r\n",
         .untagged(.status(.init(status: .ok, code: .alert, text: "System shutdown in 10 minutes")))),
        ("* OK Still here\r\n", .untagged(.status(.init(status: .ok, text: "Still here")))),
        ("* BYE Disconnected for inactivity.\r\n", .untagged(.status(.init(status: .bye, text: "Disconnected for inactivity.")))),
        ("* PREAUTH [CAPABILITY IMAP4rev1] Logged in as x\r\n",
         .untagged(.status(.init(status: .preauth, code: .capability(["IMAP4rev1"]), text: "Logged in as x")))),
        ("* NO [READ-ONLY] x\r\n", .untagged(.status(.init(status: .no, code: .readOnly, text: "x")))),
        // RFC 9051 §7.2.2 / RFC 3501 §7.2.1 CAPABILITY; RFC 5161 ENABLED.
        ("* CAPABILITY IMAP4rev1 IDLE MOVE UIDPLUS ESEARCH LITERAL+\r\n",
         .untagged(.capability(["IMAP4rev1", "IDLE", "MOVE", "UIDPLUS", "ESEARCH", "LITERAL+"]))),
        ("* ENABLED CONDSTORE\r\n", .untagged(.enabled(["CONDSTORE"]))),
        // RFC 9051 §7.3.5 FLAGS; §7.4.1 EXISTS; RFC 3501 §7.3.2 RECENT; §7.5.1 EXPUNGE.
        ("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n",
         .untagged(.flags(["\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft"]))),
        ("* FLAGS ()\r\n", .untagged(.flags([]))),
        ("* 172 EXISTS\r\n", .untagged(.exists(172))),
        ("* 0 EXISTS\r\n", .untagged(.exists(0))),
        ("* 1 RECENT\r\n", .untagged(.recent(1))),
        ("* 44 EXPUNGE\r\n", .untagged(.expunge(44))),
        // RFC 3501 §7.2.5 SEARCH (and RFC 7162's MODSEQ suffix).
        ("* SEARCH 2 84 882\r\n", .untagged(.search([2, 84, 882]))),
        ("* SEARCH\r\n", .untagged(.search([]))),
        ("* SEARCH 2 5 (MODSEQ 917162500)\r\n", .untagged(.search([2, 5]))),
        // RFC 4731 §3.2 / RFC 9051 §7.3.4 ESEARCH.
        ("* ESEARCH (TAG \"H1\") UID ALL 1:3,5,17:21\r\n",
         .untagged(.esearch(.init(tag: h, uid: true, all: UIDSet(ranges: [1...3, 5...5, 17...21]))))),
        ("* ESEARCH (TAG \"H1\") UID\r\n", .untagged(.esearch(.init(tag: h, uid: true)))),
        ("* ESEARCH (TAG H1) UID MIN 2 MAX 90 COUNT 7\r\n",
         .untagged(.esearch(.init(tag: h, uid: true, min: 2, max: 90, count: 7)))),
        ("* ESEARCH COUNT 0\r\n", .untagged(.esearch(.init(count: 0)))),
        ("* ESEARCH (TAG \"H1\") UID ALL 4 MODSEQ 12345\r\n",
         .untagged(.esearch(.init(tag: h, uid: true, all: UIDSet(numbers: [4]))))),
        // RFC 9051 §7.5.2 / RFC 3501 §7.4.2 FETCH.
        ("* 12 FETCH (UID 55 BODY[] {5}\r\nHello)\r\n",
         .untagged(.fetch(sequence: 12, attributes: [.uid(UID(55)), .body(section: "", origin: nil, data: b("Hello"))]))),
        ("* 12 FETCH (BODY[] {0}\r\n UID 55)\r\n",
         .untagged(.fetch(sequence: 12, attributes: [.body(section: "", origin: nil, data: []), .uid(UID(55))]))),
        ("* 1 FETCH (UID 1 BODY[] \"quoted \\\"body\\\"\")\r\n",
         .untagged(.fetch(sequence: 1, attributes: [.uid(UID(1)), .body(section: "", origin: nil, data: b("quoted \"body\""))]))),
        ("* 1 FETCH (UID 1 BODY[] NIL)\r\n",
         .untagged(.fetch(sequence: 1, attributes: [.uid(UID(1)), .body(section: "", origin: nil, data: nil)]))),
        ("* 1 FETCH (BODY[HEADER.FIELDS (\"Subject\" FROM)]<0> {4}\r\nab\r\n)\r\n",
         .untagged(.fetch(sequence: 1, attributes: [.body(section: "HEADER.FIELDS (\"Subject\" FROM)", origin: 0,
                                                          data: b("ab\r\n"))]))),
        ("* 1 FETCH (BINARY[1] ~{3}\r\n\0\u{1}\u{2})\r\n",
         .untagged(.fetch(sequence: 1, attributes: [.body(section: "1", origin: nil, data: [0, 1, 2])]))),
        ("* 3 FETCH (FLAGS (\\Seen $MOACTSProcessed) UID 9 RFC822.SIZE 44827 MODSEQ (12121))\r\n",
         .untagged(.fetch(sequence: 3, attributes: [.flags(["\\Seen", "$MOACTSProcessed"]), .uid(UID(9)),
                                                    .rfc822Size(44827), .modSeq(12121)]))),
        ("* 3 FETCH (FLAGS ())\r\n", .untagged(.fetch(sequence: 3, attributes: [.flags([])]))),
        ("* 3 FETCH ()\r\n", .untagged(.fetch(sequence: 3, attributes: []))),
        ("* 3 FETCH (INTERNALDATE \"17-Jul-1996 02:44:25 -0700\")\r\n",
         .untagged(.fetch(sequence: 3, attributes: [.internalDate("17-Jul-1996 02:44:25 -0700")]))),
        ("* 3 FETCH (ENVELOPE (NIL \"Re: x\" ((\"A\" NIL \"a\" \"b.org\")) NIL NIL NIL NIL NIL NIL {4}\r\n<m@>) UID 4)\r\n",
         .untagged(.fetch(sequence: 3, attributes: [
             .other(name: "ENVELOPE", raw: b("(NIL \"Re: x\" ((\"A\" NIL \"a\" \"b.org\")) NIL NIL NIL NIL NIL NIL {4}\r\n<m@>)")),
             .uid(UID(4)),
         ]))),
        // Responses we do not interpret keep their raw bytes.
        ("* LIST (\\HasNoChildren) \".\" Processed\r\n",
         .untagged(.other(keyword: "LIST", raw: b(" (\\HasNoChildren) \".\" Processed")))),
        ("* LIST () \"/\" {3}\r\na\"b\r\n", .untagged(.other(keyword: "LIST", raw: b(" () \"/\" {3}\r\na\"b")))),
        ("* STATUS INBOX (MESSAGES 3)\r\n", .untagged(.other(keyword: "STATUS", raw: b(" INBOX (MESSAGES 3)")))),
    ]

    @Test("parses each response", arguments: table)
    func parses(_ text: String, _ expected: IMAPResponse) throws {
        #expect(try IMAPResponseParser.parse(b(text)) == expected)
    }

    @Test("parses each response fed one byte at a time", arguments: table)
    func parsesBytewise(_ text: String, _ expected: IMAPResponse) throws {
        #expect(try parseAll(b(text), chunk: 1) == [expected])
    }

    /// Complete but wrong: the grammar is broken after the response was framed.
    static let malformed: [String] = [
        "H1 MAYBE done\r\n",
        "H1 BYE done\r\n",
        "* OK [UIDVALIDITY abc] x\r\n",
        "* OK [UIDVALIDITY 0] x\r\n",
        "* OK [UIDNEXT 99999999999] x\r\n",
        "* OK [UIDVALIDITY 5 x\r\n",
        "* 12 FETCH (UID 55\r\n",
        "* 12 FETCH (UID 0)\r\n",
        "* 12 FETCH UID 55\r\n",
        "* 12 FETCH (UID 55) extra\r\n",
        "* 12 FETCH (BODY[] {3}\r\nlong)\r\n",
        "* 12 FETCH (BODY[] \"unterminated)\r\n",
        "* 12 FETCH (BODY[] \"bad \\escape\")\r\n",
        "* 12 FETCH (BODY[ {1}\r\nx)\r\n",
        "* 12 FETCH (BODY[] NOTNIL)\r\n",
        "* 12 FROB\r\n",
        "* 12\r\n",
        "* 4294967296 EXISTS\r\n",
        "* 5 EXISTS now\r\n",
        "* SEARCH 1 x\r\n",
        "* SEARCH 0\r\n",
        "* FLAGS (\\Seen\r\n",
        "* ESEARCH (TAG \"H1\") UID ALL 1:*\r\n",
        "* ESEARCH (FROB 1)\r\n",
        "* ESEARCH UID MIN x\r\n",
        "*\r\n",
        "* \r\n",
        "H1\r\n",
        "H1 \r\n",
    ]

    @Test("a complete response that breaks the grammar is malformed, and the next one still parses", arguments: malformed)
    func malformedResponses(_ text: String) throws {
        var parser = IMAPResponseParser()
        parser.append(b(text) + b("H2 OK fine\r\n"))
        let error = #expect(throws: IMAPParseError.self) { try parser.next() }
        #expect(error?.code == .malformed)
        #expect(try parser.next() == .response(.tagged(IMAPTag(rawValue: "H2"), .init(status: .ok, text: "fine"))))
        #expect(try parser.next() == .needMoreBytes)
    }

    /// Every proper prefix of these is incomplete, never malformed.
    static let prefixes: [String] = [
        "* 12 FETCH (UID 55 BODY[] {5}\r\nHello)\r\n",
        "H1 OK [UIDVALIDITY 3] done\r\n",
        "* ESEARCH (TAG \"H1\") UID ALL 1:3,5\r\n",
        "* 1 FETCH (BODY[] {12}\r\nH1 OK x\r\n* O BODY[] {3}\r\nabc)\r\n",
        "+ idling\r\n",
    ]

    @Test("every proper prefix of a response needs more bytes", arguments: prefixes)
    func incomplete(_ text: String) throws {
        let bytes = b(text)
        for cut in 0..<bytes.count {
            var parser = IMAPResponseParser()
            parser.append(bytes[0..<cut])
            #expect(try parser.next() == .needMoreBytes, "cut at \(cut)")
        }
    }

    @Test("a stream split at every byte boundary parses the same as whole")
    func everySplit() throws {
        let stream = b("* 2 EXISTS\r\n* 1 FETCH (UID 7 BODY[] {28}\r\nH9 OK fake\r\n* OK [ALERT] x\r\n)\r\n"
            + "* 2 FETCH (UID 8 BODY[] {3}\r\n{1} FLAGS (\\Seen))\r\n* ESEARCH (TAG \"H9\") UID ALL 7:8\r\nH9 OK done\r\n")
        let whole = try parseAll(stream)
        #expect(whole.count == 5)
        for cut in 1..<stream.count {
            var parser = IMAPResponseParser()
            var out: [IMAPResponse] = []
            parser.append(stream[0..<cut])
            while case .response(let r) = try parser.next() { out.append(r) }
            parser.append(stream[cut...])
            while case .response(let r) = try parser.next() { out.append(r) }
            #expect(out == whole, "split at \(cut)")
        }
        for chunk in [1, 2, 3, 7, 64] { #expect(try parseAll(stream, chunk: chunk) == whole) }
    }

    /// Bodies that look like protocol: they must come back byte for byte inside the literal, and the responses after
    /// them must be the real ones.
    static let hostileBodies: [String] = [
        "H1 OK fake completion\r\n",
        "* OK [UIDVALIDITY 1] fake\r\n* 99 EXPUNGE\r\n",
        ")\r\n",
        ")",
        "{5}\r\n",
        "{999999999}\r\n",
        "* 3 FETCH (UID 3 BODY[] {4}\r\nabcd)\r\n",
        "+ idling\r\n",
        "\r\n\r\n\r\n",
        "\n\n bare LF\n",
        "\r",
        "\0\u{1}\u{7F}\u{FF}",
        "line without end",
        "DONE\r\n",
        String(repeating: "long line ", count: 10_000) + "\r\n",
    ]

    @Test("hostile bodies inside literals never desynchronise", arguments: hostileBodies)
    func hostile(_ body: String) throws {
        let data = b(body)
        let stream = b("* 1 FETCH (UID 41 BODY[] {\(data.count)}\r\n") + data + b(")\r\n")
            + b("* 2 FETCH (BODY[] {\(data.count)}\r\n") + data + b(" UID 42)\r\n")
            + b("H1 OK Fetch completed.\r\n")
        for chunk in [0, 1, 5, 4096] {
            let out = try parseAll(stream, chunk: chunk)
            #expect(out == [
                .untagged(.fetch(sequence: 1, attributes: [.uid(UID(41)), .body(section: "", origin: nil, data: data)])),
                .untagged(.fetch(sequence: 2, attributes: [.body(section: "", origin: nil, data: data), .uid(UID(42))])),
                .tagged(IMAPTag(rawValue: "H1"), .init(status: .ok, text: "Fetch completed.")),
            ])
        }
    }

    @Test("a large literal arrives in pieces")
    func largeLiteral() throws {
        var body: [UInt8] = []
        for i in 0..<200_000 { body.append(UInt8(truncatingIfNeeded: i &* 31)) }
        let stream = b("* 1 FETCH (UID 1 BODY[] {\(body.count)}\r\n") + body + b(")\r\nH1 OK x\r\n")
        let out = try parseAll(stream, chunk: 16_384)
        #expect(out.first?.untaggedFetchBody == body)
        #expect(out.count == 2)
    }

    @Test("limits are typed errors, known as soon as the bytes show them")
    func limits() throws {
        let small = IMAPResponseParser.Limits(maxLineLength: 64, maxLiteralSize: 100, maxResponseSize: 200, maxDepth: 3)
        func code(_ text: String) -> IMAPParseError.Code? {
            var parser = IMAPResponseParser(limits: small)
            parser.append(b(text))
            do {
                while case .response = try parser.next() {}
                return nil
            } catch {
                return error.code
            }
        }
        #expect(code(String(repeating: "x", count: 80)) == .lineTooLong)  // no CRLF yet: still too long
        #expect(code("* OK " + String(repeating: "x", count: 80) + "\r\n") == .lineTooLong)
        #expect(code("* 1 FETCH (BODY[] {101}\r\n") == .literalTooLarge)
        #expect(code("* 1 FETCH (BODY[] {99999999999999999999999}\r\n") == .literalTooLarge)
        #expect(code("* 1 FETCH (BODY[] {100}\r\n") == nil)
        #expect(code("* 1 FETCH (BODY[] {90}\r\n" + String(repeating: "y", count: 90) + " X {90}\r\n") == .responseTooLarge)
        #expect(code("* 1 FETCH (X ((((1)))))\r\n") == .tooDeep)
        #expect(code("* 1 FETCH (X (((1))))\r\n") == nil)
        #expect(code(" * OK\r\n") == .malformed)      // no response starts with SP: malformed before any CRLF
        #expect(code("(") == .malformed)
        #expect(code("* OK bare\n") == .malformed)
        // After a framing error the stream stays failed.
        var parser = IMAPResponseParser(limits: small)
        parser.append(b("* OK bare\nH1 OK\r\n"))
        #expect(throws: IMAPParseError.self) { try parser.next() }
        #expect(throws: IMAPParseError.self) { try parser.next() }
    }
}

extension IMAPResponse {
    /// The BODY[] bytes of an untagged FETCH.
    var untaggedFetchBody: [UInt8]? {
        guard case .untagged(let data) = self else { return nil }
        return data.uidAndBody?.body
    }
}
