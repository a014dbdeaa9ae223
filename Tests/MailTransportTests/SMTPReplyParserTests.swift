import MailTransport
import Testing

@Suite("SMTP reply parser")
struct SMTPReplyParserTests {
    struct Case: CustomStringConvertible, Sendable {
        let name: String
        let text: String
        let codes: [Int]
        let enhanced: [String?]
        let lineCounts: [Int]
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "multi-line EHLO 250-/250",
             text: "250-mailstack.localhost\r\n250-PIPELINING\r\n250-SIZE 41943040\r\n250-AUTH PLAIN LOGIN\r\n"
                + "250-ENHANCEDSTATUSCODES\r\n250 CHUNKING\r\n",
             codes: [250], enhanced: [nil], lineCounts: [6]),
        Case(name: "550 5.1.1 refusal", text: "550 5.1.1 <nobody@health.mo.gov>: Recipient address rejected: "
                + "User unknown in virtual mailbox table\r\n",
             codes: [550], enhanced: ["5.1.1"], lineCounts: [1]),
        Case(name: "452 temporary", text: "452 4.5.3 Error: too many recipients\r\n",
             codes: [452], enhanced: ["4.5.3"], lineCounts: [1]),
        Case(name: "501 5.1.3 (Postfix, bad address syntax)", text: "501 5.1.3 Bad recipient address syntax\r\n",
             codes: [501], enhanced: ["5.1.3"], lineCounts: [1]),
        Case(name: "several replies in one read", text: "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n",
             codes: [250, 250, 354], enhanced: ["2.1.0", "2.1.5", nil], lineCounts: [1, 1, 1]),
        Case(name: "bare code and 334 with a space", text: "250\r\n334 \r\n", codes: [250, 334], enhanced: [nil, nil],
             lineCounts: [1, 1]),
        Case(name: "LF-only line ends", text: "220 ready\n250-a\n250 b\n", codes: [220, 250], enhanced: [nil, nil],
             lineCounts: [1, 2]),
        Case(name: "multi-line 550 with enhanced code on each line",
             text: "550-5.7.1 Message rejected\r\n550-5.7.1 see https://example.org\r\n550 5.7.1 policy\r\n",
             codes: [550], enhanced: ["5.7.1"], lineCounts: [3]),
        Case(name: "malformed line reported as code 0", text: "hello there\r\n250 ok\r\n", codes: [0, 250],
             enhanced: [nil, nil], lineCounts: [1, 1]),
        Case(name: "not an enhanced code", text: "250 2.0 Ok\r\n421 4.4.2 mailstack.localhost Error: timeout exceeded\r\n",
             codes: [250, 421], enhanced: [nil, "4.4.2"], lineCounts: [1, 1]),
        Case(name: "unfinished line waits", text: "250 2.1.0 Ok\r\n250 2.1.5 O", codes: [250], enhanced: ["2.1.0"],
             lineCounts: [1]),
    ]

    @Test(arguments: cases)
    func parses(_ test: Case) {
        let replies = SMTPReplyParser.replies(in: test.text)
        #expect(replies.map(\.code) == test.codes)
        #expect(replies.map(\.enhancedCode) == test.enhanced)
        #expect(replies.map(\.lines.count) == test.lineCounts)
    }

    @Test(arguments: cases)
    func byteAtATimeGivesTheSame(_ test: Case) {
        var parser = SMTPReplyParser()
        var replies: [SMTPReply] = []
        for byte in test.text.utf8 { replies += parser.feed([byte]) }
        #expect(replies == SMTPReplyParser.replies(in: test.text))
    }

    @Test func classes() throws {
        let replies = SMTPReplyParser.replies(in: "250 ok\r\n354 go\r\n452 4.5.3 later\r\n550 5.1.1 no\r\n")
        #expect(replies.map(\.isPositive) == [true, false, false, false])
        #expect(replies.map(\.isIntermediate) == [false, true, false, false])
        #expect(replies.map(\.isTemporaryFailure) == [false, false, true, false])
        #expect(replies.map(\.isPermanentFailure) == [false, false, false, true])
        #expect(replies[3].lastLine == "550 5.1.1 no")
    }

    @Test func linesAndRepliesAreCapped() {
        var parser = SMTPReplyParser()
        let long = "250 " + String(repeating: "x", count: 10_000) + "\r\n"
        let one = parser.feed(Array(long.utf8))
        #expect(one.count == 1)
        #expect(one[0].lastLine.utf8.count == SMTPReplyParser.maxLineLength)
        let many = String(repeating: "250-x\r\n", count: 1000) + "250 y\r\n"
        let replies = SMTPReplyParser.replies(in: many)
        #expect(replies.allSatisfy { $0.lines.count <= SMTPReplyParser.maxLines })
    }
}
