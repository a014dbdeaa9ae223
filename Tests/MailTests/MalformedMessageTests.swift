import Foundation
import Mail
import Testing

/// One hostile or malformed input and what the parser must do with it: throw a specific error kind, or parse and
/// satisfy specific checks.
struct MalformedCase: Sendable, CustomTestStringConvertible {
    enum Expected: Sendable {
        /// `parse` throws a `MailParseError` of this kind.
        case fails(MailParseError.Kind)
        /// `parse` succeeds; the closure checks the result with `#expect`.
        case parses(@Sendable (ParsedMessage) -> Void)
    }

    let name: String
    let input: [UInt8]
    let limits: ParseLimits
    let expected: Expected

    init(_ name: String, _ input: [UInt8], limits: ParseLimits = .default, _ expected: Expected) {
        self.name = name
        self.input = input
        self.limits = limits
        self.expected = expected
    }

    init(_ name: String, _ text: String, limits: ParseLimits = .default, _ expected: Expected) {
        self.init(name, Array(text.utf8), limits: limits, expected)
    }

    var testDescription: String { name }
}

/// Bytes of `s` with LF line breaks turned into CRLF, as on the wire.
private func crlf(_ s: String) -> [UInt8] {
    var out: [UInt8] = []
    for b in s.utf8 {
        if b == 10 { out.append(13) }
        out.append(b)
    }
    return out
}

private func bytes(_ parts: [UInt8]...) -> [UInt8] { parts.flatMap { $0 } }
private func ascii(_ s: String) -> [UInt8] { Array(s.utf8) }

/// A message whose body is `levels` multiparts nested one in the other, with a text leaf at depth `levels`.
private func nestedMultipart(_ levels: Int) -> [UInt8] {
    var s = "From: deep@example.com\nSubject: deep\n"
    for l in 0..<levels { s += "Content-Type: multipart/mixed; boundary=\"L\(l)\"\n\n--L\(l)\n" }
    s += "Content-Type: text/plain\n\ndeep leaf\n"
    for l in (0..<levels).reversed() { s += "--L\(l)--\n" }
    return ascii(s)
}

/// A message that encloses `levels` message/rfc822 parts, one in the other.
private func nestedRFC822(_ levels: Int) -> [UInt8] {
    var s = "From: deep@example.com\nSubject: outer\n"
    for _ in 0..<levels { s += "Content-Type: message/rfc822\n\n" }
    s += "Subject: innermost\n\ninnermost text\n"
    return ascii(s)
}

/// A multipart/mixed message with `count` text/plain children (so `count + 1` MIME parts in all).
private func manyParts(_ count: Int) -> [UInt8] {
    var s = "From: many@example.com\nSubject: many\nContent-Type: multipart/mixed; boundary=\"p\"\n\n"
    for i in 0..<count { s += "--p\nContent-Type: text/plain\n\npart \(i)\n" }
    s += "--p--\n"
    return ascii(s)
}

/// A single-part message with the given extra header lines and body.
private func message(headers: String = "", _ body: String) -> String {
    "From: Sender <sender@example.com>\nTo: desk@example.org\nSubject: test\n\(headers)\n\(body)"
}

/// A multipart/mixed message with a short text part and one attachment part built from `attachmentHeaders`
/// and `attachmentBody`.
private func withAttachment(_ attachmentHeaders: String, _ attachmentBody: String) -> String {
    """
    From: sender@example.com
    Subject: attachment
    Content-Type: multipart/mixed; boundary="att"

    --att
    Content-Type: text/plain

    see attached
    --att
    \(attachmentHeaders)

    \(attachmentBody)
    --att--

    """
}

private let fffd = "\u{FFFD}"

enum MalformedCases {
    static let all: [MalformedCase] = [
        // MARK: Empty, garbage, NUL bytes

        MalformedCase("empty input", [UInt8](), .fails(.empty)),
        MalformedCase("white space only", " \r\n\t  \n\r\n", .fails(.empty)),
        MalformedCase("binary garbage without NUL or line break", (0..<512).map { UInt8(0x80 + $0 % 0x80) },
                      .fails(.notAMessage)),
        MalformedCase("PNG file", bytes([0x89], ascii("PNG\r\n"), [0x1A, 0x0A, 0, 0, 0, 0x0D], ascii("IHDR"), [0, 0, 1, 0, 0xFF]),
                      .fails(.notAMessage)),
        MalformedCase("text that is not a header block", "Hello,\n\nplease reset my password.\n", .fails(.notAMessage)),
        MalformedCase("leading blank line before the headers", "\nSubject: late\n\nbody\n", .fails(.notAMessage)),
        MalformedCase("NUL in a header value", bytes(ascii("From: a@example.com\nSubject: he"), [0], ascii("llo\n\nbody\n")),
                      .fails(.nulInHeaders)),
        MalformedCase("NUL in a header name", bytes(ascii("X-Ba"), [0], ascii("d: 1\nSubject: hi\n\nbody\n")),
                      .fails(.nulInHeaders)),
        MalformedCase("NUL in a folded continuation line", bytes(ascii("Subject: one\n two"), [0], ascii("\n\nbody\n")),
                      .fails(.nulInHeaders)),
        MalformedCase("NUL in the body", bytes(ascii("Subject: hi\n\nbefore"), [0], ascii("after\n")), .parses { m in
            #expect(m.subject == "hi")
            #expect(m.text.contains("before"))
            #expect(m.text.contains("after"))
        }),
        MalformedCase("NUL in a body that follows headers without a blank line",
                      bytes(ascii("Subject: hi\nno blank line here"), [0], ascii(" after\n")), .parses { m in
            #expect(m.subject == "hi")
            #expect(m.text.hasPrefix("no blank line here"))
            #expect(m.defects.contains { $0.contains("no blank line") })
        }),

        // MARK: Header block shape

        MalformedCase("no blank line after the headers", "From: a@example.com\nSubject: hi\nThis is the body.\n", .parses { m in
            #expect(m.subject == "hi")
            #expect(m.senderAddress == "a@example.com")
            #expect(m.text.trimmingCharacters(in: .whitespacesAndNewlines) == "This is the body.")
            #expect(m.defects.contains { $0.contains("no blank line") })
        }),
        MalformedCase("header line without a colon ends the header block",
                      "Subject: hi\nThis line has no colon\nFrom: a@example.com\n\nbody\n", .parses { m in
            #expect(m.subject == "hi")
            #expect(m.from.isEmpty)
            #expect(m.text.hasPrefix("This line has no colon"))
            #expect(m.defects.contains { $0.contains("no blank line") })
        }),
        MalformedCase("headers only, no line break at the end", "Subject: only headers", .parses { m in
            #expect(m.subject == "only headers")
            #expect(m.text.isEmpty)
            #expect(m.attachments.isEmpty)
        }),
        MalformedCase("folded line starting the header block", " folded first line\nSubject: hi\n\nbody\n", .parses { m in
            #expect(m.subject == "hi")
            #expect(m.text.trimmingCharacters(in: .whitespacesAndNewlines) == "body")
            #expect(m.defects.contains { $0.contains("continuation") })
        }),
        MalformedCase("empty header values", "From:\nSubject:\nDate:\nMessage-ID:\n\nbody\n", .parses { m in
            #expect(m.subject == "")
            #expect(m.from.isEmpty)
            #expect(m.date == nil)
            #expect(m.messageID == nil)
        }),
        MalformedCase("Message-ID and References that are only brackets",
                      "Subject: ids\nMessage-ID: <<<>>>\nReferences: <> <  > >< <a@b>\n\nx\n", .parses { m in
            #expect(m.messageID == nil)
            #expect(m.references == ["a@b"])
        }),
        MalformedCase("CR-only line endings", "From: Old Mac <mac@example.com>\rSubject: hi\r\rbody line\r", .parses { m in
            #expect(m.subject == "hi")
            #expect(m.senderAddress == "mac@example.com")
            #expect(m.text.trimmingCharacters(in: .whitespacesAndNewlines) == "body line")
        }),

        // MARK: 8-bit headers and RFC 2047

        MalformedCase("raw UTF-8 in headers", "From: \"José Müller\" <jose@example.com>\nSubject: Grüße aus Köln\n\nhola\n",
                      .parses { m in
            #expect(m.subject == "Grüße aus Köln")
            #expect(m.from.first?.displayName == "José Müller")
            #expect(m.senderAddress == "jose@example.com")
        }),
        MalformedCase("raw latin-1 bytes in the Subject", bytes(ascii("Subject: Gr"), [0xFC, 0xDF], ascii("e\n\nx\n")), .parses { m in
            #expect(m.subject == "Grüße")
        }),
        MalformedCase("raw windows-1252 quotes in the Subject", bytes(ascii("Subject: "), [0x93], ascii("quoted"), [0x94], ascii("\n\nx\n")),
                      .parses { m in
            #expect(m.subject == "\u{201C}quoted\u{201D}")
        }),
        MalformedCase("unterminated encoded word", "Subject: =?utf-8?Q?caf=C3=A9\n\nx\n", .parses { m in
            #expect(m.subject == "=?utf-8?Q?caf=C3=A9")
        }),
        MalformedCase("encoded word with an unknown encoding letter", "Subject: =?utf-8?X?abc?= tail\n\nx\n", .parses { m in
            #expect(m.subject == "=?utf-8?X?abc?= tail")
        }),
        MalformedCase("encoded word with an empty charset", "Subject: =??Q?abc?=\n\nx\n", .parses { m in
            #expect(m.subject == "=??Q?abc?=")
        }),
        MalformedCase("encoded word in an unknown charset", "Subject: =?x-no-such-charset?Q?hello_world?=\n\nx\n", .parses { m in
            #expect(m.subject == "hello world")
        }),
        MalformedCase("UTF-8 character split across two Q words", "Subject: =?UTF-8?Q?caf=C3?= =?UTF-8?Q?=A9?= ok\n\nx\n", .parses { m in
            #expect(m.subject == "café ok")
        }),
        MalformedCase("emoji split across two folded B words", "Subject: =?UTF-8?B?8J+Y?=\n =?UTF-8?B?gA==?=\n\nx\n", .parses { m in
            #expect(m.subject == "😀")
        }),
        MalformedCase("invalid UTF-8 inside a B word", "Subject: =?utf-8?B?/w==?= ok\n\nx\n", .parses { m in
            #expect(m.subject == "\(fffd) ok")
        }),

        // MARK: RFC 2231 parameters

        MalformedCase("RFC 2231 continuation with a missing section",
                      withAttachment("Content-Type: text/csv\nContent-Disposition: attachment; filename*0=\"quarterly\"; filename*2=\".csv\"",
                                     "a,b\n1,2"), .parses { m in
            #expect(m.attachments.count == 1)
            #expect(m.attachments.first?.filename == "quarterly.csv")
            #expect(m.attachments.first?.csvRows == [["a", "b"], ["1", "2"]])
        }),
        MalformedCase("RFC 2231 value with a broken percent escape",
                      withAttachment("Content-Type: application/octet-stream\nContent-Disposition: attachment; filename*=utf-8''%E2%82%AC%ZZ.bin",
                                     "data"), .parses { m in
            #expect(m.attachments.first?.filename == "€%ZZ.bin")
        }),
        MalformedCase("RFC 2231 value in an unknown charset",
                      withAttachment("Content-Type: application/octet-stream; name*=x-bogus'en'report.pdf", "data"), .parses { m in
            #expect(m.attachments.first?.filename == "report.pdf")
        }),

        // MARK: Content-Type and multipart structure

        MalformedCase("Content-Type without a slash", message(headers: "Content-Type: text\n", "hello\n"), .parses { m in
            #expect(m.root.contentType.value == "text/plain")
            #expect(m.text.hasPrefix("hello"))
        }),
        MalformedCase("Content-Type with an empty main type", message(headers: "Content-Type: /html\n", "<b>hi</b>\n"), .parses { m in
            #expect(m.root.contentType.value == "text/plain")
            #expect(m.htmlBody == nil)
            #expect(m.text.hasPrefix("<b>hi</b>"))
        }),
        MalformedCase("multipart without a boundary parameter",
                      message(headers: "Content-Type: multipart/mixed\n", "--x\nContent-Type: text/plain\n\nhi there\n--x--\n"),
                      .parses { m in
            // As Python's email package: it stays a multipart with no parts; the text still comes out.
            #expect(m.root.contentType.value == "multipart/mixed")
            #expect(m.plainBody == nil)
            #expect(m.text.contains("hi there"))
            #expect(m.defects.contains { $0.contains("without a boundary") })
        }),
        MalformedCase("multipart with an empty boundary", message(headers: "Content-Type: multipart/mixed; boundary=\"\"\n", "just text\n"),
                      .parses { m in
            #expect(m.text.hasPrefix("just text"))
            #expect(m.defects.contains { $0.contains("without a boundary") })
        }),
        MalformedCase("boundary that never appears",
                      message(headers: "Content-Type: multipart/alternative; boundary=\"never\"\n", "just text, no parts\n"), .parses { m in
            #expect(m.text.hasPrefix("just text, no parts"))
            #expect(m.root.children.isEmpty)
            #expect(m.defects.contains { $0.contains("no body parts") })
        }),
        MalformedCase("missing close delimiter",
                      """
                      Subject: unclosed
                      Content-Type: multipart/mixed; boundary="u"

                      --u
                      Content-Type: text/plain

                      the text
                      --u
                      Content-Type: application/octet-stream; name="f.bin"
                      Content-Transfer-Encoding: base64

                      SGVsbG8=

                      """, .parses { m in
            #expect(m.text == "the text")
            #expect(m.attachments.map(\.data) == [Array("Hello".utf8)])
            #expect(m.defects.contains { $0.contains("close delimiter") })
        }),
        MalformedCase("outer boundary is a prefix of the inner boundary",
                      """
                      Subject: prefix
                      Content-Type: multipart/mixed; boundary="b"

                      --b
                      Content-Type: multipart/alternative; boundary="b-alt"

                      --b-alt
                      Content-Type: text/plain

                      plain text
                      --b-alt
                      Content-Type: text/html

                      <p>html text</p>
                      --b-alt--
                      --b
                      Content-Type: text/csv; name="a.csv"
                      Content-Disposition: attachment; filename="a.csv"

                      x,y
                      1,2
                      --b--

                      """, .parses { m in
            #expect(m.root.children.count == 2)
            #expect(m.root.children.first?.children.count == 2)
            #expect(m.text == "plain text")
            #expect(m.htmlBody == "<p>html text</p>")
            #expect(m.attachments.first?.csvRows == [["x", "y"], ["1", "2"]])
            #expect(m.defects.isEmpty)
        }),
        MalformedCase("inner delimiter that looks like the outer close delimiter",
                      "Subject: q\nContent-Type: multipart/mixed; boundary=\"q\"\n\n--q\nContent-Type: multipart/alternative; boundary=\"q--in\"\n\n"
                          + "--q--in\nContent-Type: text/plain\n\ninner text\n--q--in--\n--q\nContent-Type: text/plain; name=\"n.txt\"\n\nnote\n--q--\n",
                      .parses { m in
            #expect(m.root.children.count == 2)
            #expect(m.text == "inner text")
            #expect(m.attachments.first?.filename == "n.txt")
            #expect(m.defects.isEmpty)
        }),
        MalformedCase("multipart nested 25 deep", nestedMultipart(25), .fails(.tooDeep)),
        MalformedCase("multipart nested 21 deep", nestedMultipart(21), .fails(.tooDeep)),
        MalformedCase("multipart nested exactly 20 deep", nestedMultipart(20), .parses { m in
            #expect(m.text == "deep leaf")
        }),
        MalformedCase("message/rfc822 nested 30 deep", nestedRFC822(30), .fails(.tooDeep)),
        MalformedCase("more than 500 parts", manyParts(600), .fails(.tooManyParts)),
        MalformedCase("exactly 500 parts", manyParts(499), .parses { m in
            #expect(m.root.children.count == 499)
            #expect(m.text == "part 0")
        }),
        MalformedCase("part count limit lowered", manyParts(3), limits: ParseLimits(maxParts: 3), .fails(.tooManyParts)),

        // MARK: Size limits

        MalformedCase("one byte over a small size limit", ascii("Subject: x\n\n" + String(repeating: "a", count: 89)),
                      limits: ParseLimits(maxMessageBytes: 100), .fails(.messageTooLarge)),
        MalformedCase("exactly at a small size limit", ascii("Subject: x\n\n" + String(repeating: "a", count: 88)),
                      limits: ParseLimits(maxMessageBytes: 100), .parses { m in
            #expect(m.text.count == 88)
        }),
        MalformedCase("over the default 25 MB", bytes(ascii("Subject: big\n\n"), [UInt8](repeating: 0x61, count: 25 * 1024 * 1024)),
                      .fails(.messageTooLarge)),
        MalformedCase("header block over 256 KiB in many fields",
                      ascii((0..<6000).map { "X-Filler-\($0): " + String(repeating: "z", count: 40) + "\n" }.joined() + "\nbody\n"),
                      .fails(.headerTooLarge)),
        MalformedCase("one header line of 1 MB", ascii("Subject: " + String(repeating: "s", count: 1 << 20) + "\n\nbody\n"),
                      .fails(.headerTooLarge)),
        MalformedCase("one header line of 1 MB without a line break", ascii("Subject: " + String(repeating: "s", count: 1 << 20)),
                      .fails(.headerTooLarge)),
        MalformedCase("a part's header block over a lowered header limit",
                      withAttachment("Content-Type: text/plain; name=\"" + String(repeating: "n", count: 2000) + ".txt\"", "x"),
                      limits: ParseLimits(maxHeaderBytes: 1024), .fails(.headerTooLarge)),
        MalformedCase("body line of 1 MB", message(String(repeating: "a", count: 1 << 20)), .parses { m in
            #expect(m.text.utf8.count == 1 << 20)
            #expect(m.subject == "test")
        }),
        MalformedCase("body without blank line, larger than the header limit",
                      ascii("Subject: hi\n" + String(repeating: "body text ", count: 40_000)), .parses { m in
            #expect(m.subject == "hi")
            #expect(m.text.hasPrefix("body text"))
            #expect(m.defects.contains { $0.contains("no blank line") })
        }),

        // MARK: Unreadable text

        MalformedCase("a body of 40 NUL bytes in 100 characters", bytes(ascii("Subject: x\n\n" + String(repeating: "a", count: 60)),
                                                                         [UInt8](repeating: 0, count: 40)), .fails(.unreadableText)),
        MalformedCase("31 undecodable bytes: fewer than the minimum, read leniently",
                      bytes(ascii("Subject: x\nContent-Type: text/plain; charset=utf-8\n\n"), [UInt8](repeating: 0xFF, count: 31)), .parses { m in
            #expect(m.text.unicodeScalars.filter { $0 == "\u{FFFD}" }.count == 31)
        }),
        MalformedCase("32 undecodable bytes and nothing else", bytes(ascii("Subject: x\nContent-Type: text/plain; charset=utf-8\n\n"),
                                                                     [UInt8](repeating: 0xFF, count: 32)), .fails(.unreadableText)),
        MalformedCase("a quarter undecodable is still read (latin-1 labelled UTF-8)",
                      bytes(ascii("Subject: x\nContent-Type: text/plain; charset=utf-8\n\n" + String(repeating: "abc", count: 40)),
                            [UInt8](repeating: 0xE9, count: 40)), .parses { m in
            #expect(m.text.hasPrefix("abcabc"))
        }),
        MalformedCase("the share is a limit: lowered to a tenth", bytes(ascii("Subject: x\n\n" + String(repeating: "a", count: 200)),
                                                                        [UInt8](repeating: 1, count: 40)),
                      limits: ParseLimits(maxUnreadableShare: 0.1), .fails(.unreadableText)),

        // MARK: Transfer encodings

        MalformedCase("base64 with junk characters", withAttachment(
            "Content-Type: application/octet-stream; name=\"j.bin\"\nContent-Transfer-Encoding: base64", "SGVs!!bG8g@@d29y#bGQ="), .parses { m in
            #expect(m.attachments.first.map { String(decoding: $0.data, as: UTF8.self) } == "Hello world")
        }),
        MalformedCase("base64 without padding", withAttachment(
            "Content-Type: application/octet-stream; name=\"p.bin\"\nContent-Transfer-Encoding: base64", "SGVsbG8"), .parses { m in
            #expect(m.attachments.first?.data == Array("Hello".utf8))
        }),
        MalformedCase("base64 with too much padding", withAttachment(
            "Content-Type: application/octet-stream; name=\"p.bin\"\nContent-Transfer-Encoding: base64", "SGVsbG8===="), .parses { m in
            #expect(m.attachments.first?.data == Array("Hello".utf8))
        }),
        MalformedCase("truncated base64", withAttachment(
            "Content-Type: application/octet-stream; name=\"t.bin\"\nContent-Transfer-Encoding: base64", "SGVsbG8gV29ybG"), .parses { m in
            #expect(m.attachments.first?.data == Array("Hello Worl".utf8))
        }),
        MalformedCase("base64 text body with CRLF and stray spaces",
                      crlf(message(headers: "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding:  BASE64 \n",
                                   "Q2Fm w6kg\nb3V2ZXJ0\n")), .parses { m in
            #expect(m.text == "Café ouvert")
        }),
        MalformedCase("quoted-printable with bad escapes",
                      message(headers: "Content-Transfer-Encoding: quoted-printable\n", "a=ZZb=G1c=4"), .parses { m in
            #expect(m.text == "a=ZZb=G1c=4")
        }),
        MalformedCase("quoted-printable with lowercase hex",
                      message(headers: "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n",
                              "caf=c3=a9 cr=C3=a8me"), .parses { m in
            #expect(m.text == "café crème")
        }),
        MalformedCase("quoted-printable soft break at the very end",
                      crlf(message(headers: "Content-Transfer-Encoding: quoted-printable\n", "line one =\ncontinues=")), .parses { m in
            #expect(m.text == "line one continues")
        }),
        MalformedCase("unknown transfer encoding", message(headers: "Content-Transfer-Encoding: x-uuencode\n", "begin 644 f.txt\n"),
                      .parses { m in
            #expect(m.text == "begin 644 f.txt\n")
        }),

        // MARK: Charsets

        MalformedCase("utf-8 label on latin-1 bytes",
                      bytes(ascii(message(headers: "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n", "caf")),
                            [0xE9], ascii(" ok")), .parses { m in
            #expect(m.text == "caf\(fffd) ok")
        }),
        MalformedCase("unknown charset label", message(headers: "Content-Type: text/plain; charset=x-martian\n", "hello ünïcode"),
                      .parses { m in
            #expect(m.text == "hello ünïcode")
        }),
        MalformedCase("big-endian utf-16 without a byte order mark",
                      bytes(ascii(message(headers: "Content-Type: text/plain; charset=utf-16\nContent-Transfer-Encoding: binary\n", "")),
                            [0, 0x68, 0, 0x69]), .parses { m in
            #expect(m.text == "hi")
        }),
        MalformedCase("little-endian utf-16 without a byte order mark",
                      bytes(ascii(message(headers: "Content-Type: text/plain; charset=UTF-16\nContent-Transfer-Encoding: binary\n", "")),
                            [0x6F, 0, 0x6B, 0, 0xE9, 0]), .parses { m in
            #expect(m.text == "oké")
        }),
        MalformedCase("utf-16le body with an odd byte count",
                      bytes(ascii(message(headers: "Content-Type: text/plain; charset=utf-16le\nContent-Transfer-Encoding: binary\n", "")),
                            [0x68, 0, 0x69, 0, 0x21]), .parses { m in
            #expect(m.text == "hi\(fffd)")
        }),

        // MARK: Enclosed messages and reports

        MalformedCase("message/rfc822 encoded in base64",
                      message(headers: "Content-Type: multipart/mixed; boundary=\"f\"\n",
                              "--f\nContent-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n"
                                  + Data("From: inner@example.com\nSubject: inner\n\nthe forwarded request\n".utf8).base64EncodedString(
                                      options: .lineLength76Characters) + "\n--f--\n"), .parses { m in
            #expect(m.root.children.first?.children.first?.headers["Subject"] == "inner")
            #expect(m.content.forwarded?.contains("the forwarded request") == true)
            #expect(m.attachments.isEmpty)
        }),
        MalformedCase("empty message/rfc822 part",
                      message(headers: "Content-Type: multipart/mixed; boundary=\"e\"\n",
                              "--e\nContent-Type: text/plain\n\nsee the enclosed\n--e\nContent-Type: message/rfc822\n\n--e--\n"), .parses { m in
            #expect(m.text == "see the enclosed")
            #expect(m.root.children.count == 2)
            #expect(m.root.children.last?.children.isEmpty == true)
            #expect(m.content.forwarded == nil)
        }),
        MalformedCase("multipart/report without a delivery-status part",
                      """
                      From: Mail Delivery System <MAILER-DAEMON@mx.example.com>
                      To: desk@example.org
                      Subject: Undelivered Mail Returned to Sender
                      Content-Type: multipart/report; report-type=delivery-status; boundary="r"

                      --r
                      Content-Type: text/plain

                      Delivery to the following recipient failed permanently:

                          gone@example.net

                      --r--

                      """, .parses { m in
            #expect(m.autoGenerated?.kind == .bounce)
            #expect(m.bounce?.failedRecipients == ["gone@example.net"])
        }),

        // MARK: Address lists

        MalformedCase("unbalanced quote in From", "From: \"Alice <alice@example.com>\nTo: desk@example.org\nSubject: q\n\nx\n",
                      .parses { m in
            #expect(m.from.count <= 1)
            #expect(m.to.map(\.address) == ["desk@example.org"])
            #expect(m.subject == "q")
        }),
        MalformedCase("unclosed angle bracket in From", "From: Alice <alice@example.com\nSubject: a\n\nx\n", .parses { m in
            #expect(m.from == [Address(displayName: "Alice", address: "alice@example.com")])
        }),
        MalformedCase("nested comments after the address are not a display name", "From: alice@example.com (Alice (the (real) one))\n\nx\n", .parses { m in
            #expect(m.from == [Address(displayName: "", address: "alice@example.com")])
        }),
        MalformedCase("unterminated comment after the address", "From: bob@example.com (Bob\n\nx\n", .parses { m in
            #expect(m.senderAddress == "bob@example.com")
        }),
        MalformedCase("comments nested 10000 deep", "From: " + String(repeating: "(", count: 10_000) + "c"
                          + String(repeating: ")", count: 10_000) + " deep@example.com\n\nx\n", .parses { m in
            #expect(m.senderAddress == "deep@example.com")
        }),
        MalformedCase("group syntax mixed with plain addresses",
                      "From: a@example.com\nTo: Team: b@example.com, \"C\" <c@example.com>;, d@example.com\n\nx\n", .parses { m in
            #expect(m.to.map(\.address) == ["b@example.com", "c@example.com", "d@example.com"])
            #expect(m.to.map(\.group) == ["Team", "Team", nil])
        }),
        MalformedCase("empty groups", "From: a@example.com\nTo: undisclosed-recipients:;\nCc: Nobody:; , e@example.com\n\nx\n", .parses { m in
            #expect(m.to.isEmpty)
            #expect(m.cc.map(\.address) == ["e@example.com"])
        }),
        MalformedCase("group never closed", "From: a@example.com\nTo: Open group: f@example.com, g@example.com\n\nx\n", .parses { m in
            #expect(m.to.map(\.address) == ["f@example.com", "g@example.com"])
        }),

        // MARK: Dates

        MalformedCase("Date that is words", "Subject: d\nDate: yesterday around noon, I think\n\nx\n", .parses { m in
            #expect(m.date == nil)
            #expect(m.subject == "d")
        }),
        MalformedCase("Date with day 32", "Subject: d\nDate: Mon, 32 Jan 2024 10:00:00 +0000\n\nx\n", .parses { m in
            #expect(m.date == nil)
        }),
        MalformedCase("Date with hour 25", "Subject: d\nDate: Mon, 1 Jan 2024 25:61:00 +0000\n\nx\n", .parses { m in
            #expect(m.date == nil)
        }),
        MalformedCase("Date with a 20-digit year", "Subject: d\nDate: Mon, 1 Jan 9000000000000000000 10:00:00 +0000\n\nx\n",
                      .parses { m in
            #expect(m.date == nil)
        }),
        MalformedCase("Date with a 15-digit year", "Subject: d\nDate: 1 Jan 100000000000000 10:00 GMT\n\nx\n", .parses { m in
            #expect(m.date == nil)
        }),
        MalformedCase("Date with a huge negative year", "Subject: d\nDate: 1 Jan -9000000000000000000 10:00 GMT\n\nx\n", .parses { m in
            #expect(m.date == nil)
        }),
        MalformedCase("Date with a garbage zone", "Subject: d\nDate: Tue, 13 Oct 2020 10:02:33 +ZZZZ (what)\n\nx\n", .parses { m in
            #expect(m.date?.iso8601 == "2020-10-13T10:02:33Z")
        }),

        // MARK: HTML

        MalformedCase("HTML-only body with an unterminated tag",
                      message(headers: "Content-Type: text/html\n", "<p>Hello <b>world</b><a href='never closed"), .parses { m in
            #expect(m.plainBody == nil)
            #expect(m.text == "Hello world")
        }),
    ]
}

@Suite struct MalformedMessageTests {
    @Test(arguments: MalformedCases.all)
    func malformedInput(_ c: MalformedCase) {
        let parser = MessageParser(limits: c.limits)
        switch c.expected {
        case .fails(let kind):
            do throws(MailParseError) {
                let m = try parser.parse(c.input)
                Issue.record("expected \(kind.rawValue), but it parsed (subject \(m.subject.prefix(40).debugDescription))")
            } catch {
                #expect(error.kind == kind, "\(error)")
                #expect(!error.reason.isEmpty)
            }
        case .parses(let check):
            do throws(MailParseError) {
                check(try parser.parse(c.input))
            } catch {
                Issue.record("expected a parse, got \(error)")
            }
        }
    }

    @Test func atLeastFortyFiveCases() {
        #expect(MalformedCases.all.count >= 45)
        #expect(Set(MalformedCases.all.map(\.name)).count == MalformedCases.all.count, "case names are unique")
    }

    /// A real message from the dev corpus, mutated a few thousand times with a fixed seed: every mutation parses or
    /// throws a typed error; none crashes or hangs, and what parses keeps the invariants.
    @Test func mutatedMessagesNeverCrash() throws {
        let seed = try fixture("fuzz-seed.eml")
        #expect(seed.count > 1000)
        let base = try MessageParser().parse(seed)
        #expect(base.attachments.count == 1)

        var rng = SplitMix64(seed: 0x5EED_2024)
        let tokens: [[UInt8]] = [
            "\r\n", "\n", "\r", "\r\n\r\n", "--", "--000000000000506e35610db5", "--000000000000506e35610db53dbba1--",
            "=?", "?=", "=?utf-8?B?", "=?utf-8?Q?=C3", "=", "=\r\n", ":", ";", "\"", "<", ">", "(", ")", "\\", "*0*=",
            "Content-Type: multipart/mixed; boundary=x\r\n", "Content-Type: message/rfc822\r\n",
            "Content-Transfer-Encoding: base64\r\n", "charset=utf-16", " ", "\t", "&#x", "<!--", "\r\nDate: ",
            "99999999999999999999", "-9223372036854775808", "\r\nContent-Disposition: attachment; filename*1*=%",
            "\r\n ", "---------- Forwarded message ---------\r\n", "\r\nTo: a:;b@c, (\"<",
        ].map { Array($0.utf8) } + [[0], [0xFF], [0xC3], [0xE2, 0x82]]
        let smallLimits = ParseLimits(maxMessageBytes: 8000, maxHeaderBytes: 2000, maxDepth: 3, maxParts: 6)
        var parsed = 0
        var failed: [MailParseError.Kind: Int] = [:]
        for round in 0..<3000 {
            var m = seed
            for _ in 0..<(1 + rng.next(8)) { mutate(&m, &rng, tokens) }
            let parser = MessageParser(limits: round % 5 == 0 ? smallLimits : .default)
            do throws(MailParseError) {
                let msg = try parser.parse(m)
                parsed += 1
                #expect(!msg.text.utf8.contains(13), "round \(round): the text keeps a CR")
                #expect(msg.content.full == msg.text, "round \(round)")
            } catch {
                failed[error.kind, default: 0] += 1
                #expect(!error.reason.isEmpty, "round \(round)")
            }
        }
        #expect(parsed > 1500, "most mutations still parse (\(parsed) did; failures \(failed))")
    }

    /// Inputs built to make a careless parser go quadratic, recurse without bound or loop: each must finish.
    @Test(arguments: PathologicalInputs.all)
    func pathologicalInputFinishes(_ c: PathologicalInputs.Input) {
        let result: Result<ParsedMessage, MailParseError>
        do throws(MailParseError) { result = .success(try MessageParser().parse(c.bytes)) } catch { result = .failure(error) }
        switch result {
        case .success(let m):
            #expect(!m.text.utf8.contains(13), "\(c.name)")
            #expect(m.attachments.allSatisfy { !$0.isCSV || !$0.csvRows.isEmpty }, "\(c.name)")
        case .failure(let e): #expect(!e.reason.isEmpty, "\(c.name)")
        }
    }

    private func fixture(_ name: String) throws -> [UInt8] {
        let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures")
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
        return Array(try Data(contentsOf: url))
    }

    private func mutate(_ m: inout [UInt8], _ rng: inout SplitMix64, _ tokens: [[UInt8]]) {
        guard !m.isEmpty else { m = tokens[rng.next(tokens.count)]; return }
        let at = rng.next(m.count)
        switch rng.next(7) {
        case 0:  // flip a byte
            m[at] ^= UInt8(1 << rng.next(8))
        case 1:  // insert a token
            m.insert(contentsOf: tokens[rng.next(tokens.count)], at: at)
        case 2:  // delete a range
            m.removeSubrange(at..<min(m.count, at + 1 + rng.next(64)))
        case 3:  // duplicate a range
            let r = at..<min(m.count, at + 1 + rng.next(256))
            m.insert(contentsOf: Array(m[r]), at: rng.next(m.count))
        case 4:  // truncate
            m.removeSubrange(at...)
        case 5:  // random bytes
            m.replaceSubrange(at..<min(m.count, at + 8), with: (0..<8).map { _ in UInt8(rng.next(256)) })
        default:  // swap line endings
            m = m.flatMap { $0 == 10 && rng.next(4) == 0 ? [13] : [$0] }
        }
    }
}

/// A small deterministic generator (SplitMix64), so the mutated inputs are the same on every run.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A value in 0..<bound.
    mutating func next(_ bound: Int) -> Int { Int(next() % UInt64(max(1, bound))) }
}

enum PathologicalInputs {
    struct Input: Sendable, CustomTestStringConvertible {
        let name: String
        let bytes: [UInt8]
        var testDescription: String { name }
    }

    private static func header(_ name: String, _ value: String) -> [UInt8] {
        Array("From: p@example.com\n\(name): \(value)\n\nbody\n".utf8)
    }

    private static func body(_ headers: String, _ body: String) -> [UInt8] {
        Array("From: p@example.com\nSubject: p\n\(headers)\n\(body)".utf8)
    }

    static let all: [Input] = [
        Input(name: "Q words that never close", bytes: header("Subject", String(repeating: "=?a?q?x", count: 30_000) + " ?=")),
        Input(name: "B words with spaces that never close", bytes: header("Subject", String(repeating: "=?a?b?x ", count: 30_000))),
        Input(name: "encoded-word starts in an address", bytes: header("To", "=?" + String(repeating: ".", count: 200_000))),
        Input(name: "200000 open parentheses in From", bytes: header("Cc", String(repeating: "(", count: 200_000))),
        Input(name: "100000 angle brackets", bytes: header("To", String(repeating: "<", count: 100_000))),
        Input(name: "100000 quotes", bytes: header("To", String(repeating: "\"a", count: 100_000))),
        Input(name: "parentheses in Content-Type", bytes: header("Content-Type", "text/plain; " + String(repeating: "(", count: 200_000))),
        Input(name: "15000 RFC 2231 sections",
              bytes: header("Content-Type", "text/plain; " + (0..<15_000).map { "n*\($0)*=%41" }.joined(separator: "; "))),
        Input(name: "Date of parentheses", bytes: header("Date", String(repeating: "(1 Jan 2020 ", count: 15_000))),
        Input(name: "80000 header fields", bytes: Array((String(repeating: "a: b\n", count: 50_000) + "\nbody").utf8)),
        Input(name: "forward markers chained 20000 times",
              bytes: body("", String(repeating: "---------- Forwarded message ---------\nFrom: x@example.com\n", count: 20_000))),
        Input(name: "Outlook header blocks repeated", bytes: body("", String(repeating: "From: a\nSent: b\nTo: c\nSubject: d\n", count: 50_000))),
        Input(name: "200000 quoted lines", bytes: body("", String(repeating: "> quoted\n", count: 200_000))),
        Input(name: "HTML of unclosed tags", bytes: body("Content-Type: text/html\n", String(repeating: "<a '", count: 200_000))),
        Input(name: "HTML of unclosed comments", bytes: body("Content-Type: text/html\n", String(repeating: "<!--", count: 200_000))),
        Input(name: "HTML of entity starts", bytes: body("Content-Type: text/html\n", String(repeating: "&#x&", count: 200_000))),
        Input(name: "HTML of 200000 paragraphs", bytes: body("Content-Type: text/html\n", String(repeating: "<p>", count: 200_000))),
        Input(name: "quoted-printable of equals signs",
              bytes: body("Content-Transfer-Encoding: quoted-printable\n", String(repeating: "=", count: 1 << 20))),
        Input(name: "quoted-printable of trailing spaces",
              bytes: body("Content-Transfer-Encoding: quoted-printable\n", String(repeating: " ", count: 1 << 20) + "\n")),
        Input(name: "base64 of junk", bytes: body("Content-Transfer-Encoding: base64\n", String(repeating: "!@#$", count: 1 << 18))),
        Input(name: "boundary look-alike lines",
              bytes: body("Content-Type: multipart/mixed; boundary=\"bb\"\n", String(repeating: "--b\n--bbx\n--bb--x\n", count: 50_000))),
        Input(name: "490 empty parts", bytes: body("Content-Type: multipart/mixed; boundary=\"e\"\n", String(repeating: "--e\n", count: 490))),
        Input(name: "20 nested multiparts over 1 MB", bytes: {
            var s = "From: p@example.com\n"
            for l in 0..<19 { s += "Content-Type: multipart/mixed; boundary=\"N\(l)\"\n\n--N\(l)\n" }
            s += "Content-Type: text/plain\n\n" + String(repeating: "x\n", count: 1 << 19)
            return Array(s.utf8)
        }()),
        Input(name: "bounce with 30000 delivery-status blocks", bytes: body(
            "Content-Type: multipart/report; report-type=delivery-status; boundary=\"r\"\n",
            "--r\nContent-Type: message/delivery-status\n\n"
                + String(repeating: "Final-Recipient: rfc822; x@example.com\nAction: failed\n\n", count: 30_000) + "--r--\n")),
        Input(name: "CSV attachment of one open quote", bytes: Array(("From: p@example.com\nContent-Type: multipart/mixed; boundary=\"c\"\n\n"
            + "--c\nContent-Type: text/csv; name=\"a.csv\"\n\n\"" + String(repeating: "a,\n", count: 300_000) + "\n--c--\n").utf8)),
        Input(name: "one megabyte of CR", bytes: body("", String(repeating: "\r", count: 1 << 20))),
        Input(name: "subject of bounce and auto-reply words",
              bytes: header("Subject", String(repeating: "undeliverable automatic reply ", count: 8000))),
    ]
}
