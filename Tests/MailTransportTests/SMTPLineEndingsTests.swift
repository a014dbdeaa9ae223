import MailTransport
import Testing

@Suite("SMTP line endings")
struct SMTPLineEndingsTests {
    struct Case: CustomStringConvertible, Sendable {
        let name: String
        let input: [UInt8]
        let expected: [UInt8]
        var description: String { name }
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    static let cases: [Case] = [
        Case(name: "CRLF kept", input: bytes("A: b\r\n\r\nbody\r\n"), expected: bytes("A: b\r\n\r\nbody\r\n")),
        Case(name: "bare LF", input: bytes("A: b\n\nbody\n"), expected: bytes("A: b\r\n\r\nbody\r\n")),
        Case(name: "lone CR", input: bytes("A: b\r\rbody\r"), expected: bytes("A: b\r\n\r\nbody\r\n")),
        Case(name: "mixed", input: bytes("a\r\nb\nc\rd\r\n"), expected: bytes("a\r\nb\r\nc\r\nd\r\n")),
        Case(name: "CR CR LF is a lone CR then CRLF", input: bytes("a\r\r\nb\r\n"), expected: bytes("a\r\n\r\nb\r\n")),
        Case(name: "LF CR is two line ends", input: bytes("a\n\rb\r\n"), expected: bytes("a\r\n\r\nb\r\n")),
        Case(name: "a line holding a single dot, bare LF", input: bytes("A: b\n\nfirst\n.\nlast\n"),
             expected: bytes("A: b\r\n\r\nfirst\r\n.\r\nlast\r\n")),
        Case(name: "dot lines are not stuffed here (curl does it)", input: bytes("x\r\n..\r\n.y\r\n"),
             expected: bytes("x\r\n..\r\n.y\r\n")),
        Case(name: "8-bit bytes untouched", input: [0x41, 0xC3, 0xA9, 0xFF, 0x80, 0x0A, 0x00, 0x7F, 0x0A],
             expected: [0x41, 0xC3, 0xA9, 0xFF, 0x80, 0x0D, 0x0A, 0x00, 0x7F, 0x0D, 0x0A]),
        Case(name: "missing final line end added", input: bytes("A: b\r\n\r\nno end"),
             expected: bytes("A: b\r\n\r\nno end\r\n")),
        Case(name: "empty stays empty", input: [], expected: []),
    ]

    @Test(arguments: cases)
    func normalises(_ test: Case) {
        let out = SMTPLineEndings.normalized(test.input)
        #expect(out == test.expected)
        #expect(SMTPLineEndings.isNormalized(out))
        // Never a bare LF or a lone CR in the result.
        for (index, byte) in out.enumerated() {
            if byte == 10 { #expect(index > 0 && out[index - 1] == 13) }
            if byte == 13 { #expect(index + 1 < out.count && out[index + 1] == 10) }
        }
    }

    @Test func idempotent() {
        for test in Self.cases {
            let once = SMTPLineEndings.normalized(test.input)
            #expect(SMTPLineEndings.normalized(once) == once, "\(test.name)")
        }
    }
}
