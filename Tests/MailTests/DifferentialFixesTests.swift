import Mail
import Testing

/// The parser fixes the Python differential test led to (docs/differential-test.md), each on a small message.
@Suite struct DifferentialFixesTests {
    func parse(_ text: String) throws -> ParsedMessage { try MessageParser().parse(text) }

    @Test func commentIsNotADisplayName() throws {
        let m = try parse("From: bbb@ddd.com (John X. Doe)\nTo: Ann <ann@example.com>\n\nHi\n")
        #expect(m.from == [Address(displayName: "", address: "bbb@ddd.com")])
        #expect(m.to == [Address(displayName: "Ann", address: "ann@example.com")])
    }

    @Test func nullAddressIsKept() throws {
        let m = try parse("From: MAILER DAEMON <>\nTo: a@b.c\n\nBounce\n")
        #expect(m.from == [Address(displayName: "MAILER DAEMON", address: "")])
        #expect(m.senderAddress == "")
    }

    @Test func repeatedDelimiterLinesMakeNoEmptyPart() throws {
        let m = try parse("""
            Content-Type: multipart/mixed; boundary=X

            --X
            Content-Type: text/html

            <p>Hello</p>
            --X
            --X
            Content-Type: text/x-other

            Other
            --X--

            """)
        #expect(m.root.children.map(\.contentType.value) == ["text/html", "text/x-other"])
        #expect(m.plainBody == nil)
        #expect(m.text == "Hello")
    }

    @Test func multipartWithoutBoundaryHasNoPlainBodyButKeepsItsText() throws {
        let m = try parse("From: a@b.c\nContent-Type: multipart/alternative;\n\nBlah blah blah\n")
        #expect(m.root.contentType.value == "multipart/alternative")
        #expect(m.plainBody == nil)
        #expect(m.text.contains("Blah blah blah"))
        #expect(!m.defects.isEmpty)
    }

    @Test func multipartWithoutDelimitersHasNoPlainBodyButKeepsItsText() throws {
        let m = try parse("From: a@b.c\nContent-Type: multipart/mixed; boundary=\"B_\"\n\n--B\n\nmessage 1\n")
        #expect(m.plainBody == nil)
        #expect(m.text.contains("message 1"))
    }

    @Test func emptyNestedMultipartIsNotTheBody() throws {
        // CPython's msg_15: an inner multipart reuses the outer boundary, so it holds nothing.
        let m = try parse("""
            Content-Type: multipart/mixed; boundary="B"

            --B
            Content-Type: multipart/alternative; boundary="B"


            --B
            Content-Type: text/plain

            Some text.
            --B--

            """)
        #expect(m.plainBody == "Some text.")
    }
}
