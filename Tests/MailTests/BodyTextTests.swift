import Mail
import Testing

@Suite("Body text: transfer encodings, charsets, HTML, quoted history, signatures, disclaimers")
struct BodyTextTests {
    func parse(_ text: String) throws -> ParsedMessage { try MessageParser().parse(text) }

    @Test("quoted-printable: soft breaks and lowercase hex")
    func quotedPrintable() {
        let decoded = QuotedPrintable.decode(Array("caf=c3=a9 au =\nlait=3D=3d\n".utf8))
        #expect(String(decoding: decoded, as: UTF8.self) == "café au lait==\n")
    }

    @Test("base64 tolerates line breaks and junk")
    func base64() {
        #expect(String(decoding: Base64.decode(Array("SGVs\r\nbG8g!!d29y bGQ=".utf8)), as: UTF8.self) == "Hello world")
        #expect(Base64.encode(Array("Hello".utf8)) == "SGVsbG8=")
    }

    @Test("charsets through iconv, mislabelled bytes degrade to U+FFFD", arguments: [
        ("iso-8859-1", [0x4A, 0x6F, 0x73, 0xE9] as [UInt8], "José"),
        ("windows-1252", [0x93, 0x68, 0x69, 0x94], "“hi”"),
        ("koi8-r", [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4], "Привет"),
        ("gbk", [0xC4, 0xE3, 0xBA, 0xC3], "你好"),
        ("euc-kr", [0xBE, 0xC8, 0xB3, 0xE7], "안녕"),
        ("utf-16", [0xFF, 0xFE, 0x68, 0x00, 0x69, 0x00], "hi"),
        ("utf-8", [0x68, 0xFF, 0x69], "h\u{FFFD}i"),
        ("shift_jis", [0x82, 0xA0, 0xFF], "あ\u{FFFD}"),
        ("no-such-charset", [0x68, 0x69], "hi"),
    ])
    func charsets(label: String, bytes: [UInt8], text: String) {
        #expect(Charset.decode(bytes, label: label) == text)
    }

    @Test("HTML becomes readable text: blocks, br, tables, entities; script and style dropped")
    func html() {
        let html = """
            <html><head><style>p {color:red}</style><title>t</title></head><body>
            <p>Hello&nbsp;there,</p><div>Line one<br>Line two</div>
            <table><tr><th>First Name</th><th>Email</th></tr><tr><td>Jane</td><td>jane@x.org</td></tr></table>
            <script>alert(1)</script><ul><li>one</li><li>two</li></ul><p>&lt;b&gt; &amp; &#233; &#x263A;</p></body></html>
            """
        let text = HTMLText.text(fromHTML: html)
        #expect(text == "Hello there,\n\nLine one\nLine two\n\nFirst Name\tEmail\nJane\tjane@x.org\n\n- one\n- two\n\n<b> & é ☺")
    }

    @Test("the new text is separated from quoted history", arguments: [
        ("Thanks!\n\nOn Tue, Sep 8, 2020 at 9:00 AM MOACTS <MOACTS@health.mo.gov> wrote:\n> Your credentials\n", "Thanks!"),
        ("Still broken.\n\n-----Original Message-----\nFrom: MOACTS\nSent: Monday\n", "Still broken."),
        ("APPROVE\n\n________________________________\nFrom: MOACTS <MOACTS@health.mo.gov>\nSent: Tuesday, July 14, 2020 9:12 AM\nTo: Diane\nSubject: [MOACTS #1042] Approval needed\n\nbody", "APPROVE"),
        ("Yes\n\nFrom: MO ACTS <MOACTS@health.mo.gov>\nDate: Tuesday\nTo: me\nSubject: x\n", "Yes"),
        ("ok\n> quoted\n> more\n", "ok"),
        ("Hi\n\nOn Tue, Sep 8, 2020 at 9:00 AM MOACTS <MOACTS@health.mo.gov>\nwrote:\n> x", "Hi"),
    ])
    func quotes(text: String, newText: String) {
        #expect(ReplySplitter.split(text).newText == newText)
    }

    @Test("signatures and disclaimers are set apart")
    func signatures() {
        let s = ReplySplitter.split("""
            CAUTION: This email originated from outside of the organization. Do not click links.

            Please help.

            Jane
            --
            Jane Doe | County Health

            CONFIDENTIALITY NOTICE: This email message is for the sole use of the intended recipient.
            """)
        #expect(s.newText == "Please help.\n\nJane")
        #expect(s.signature.hasPrefix("--\nJane Doe"))
        #expect(s.disclaimers.count == 2)
        #expect(ReplySplitter.split("need help\n\nSent from my iPhone").newText == "need help")
    }

    @Test("a forward with nothing added: the forwarded request is the text")
    func forward() {
        let s = ReplySplitter.split("""
            ---------- Forwarded message ---------
            From: Lisa <lisa@health.mo.gov>
            Date: Tue, Aug 18, 2020
            Subject: New hire

            Please add Kendra Voss.
            """)
        #expect(s.newText == "Please add Kendra Voss.")
        #expect(s.forwarded == "Please add Kendra Voss.")
    }

    @Test("a message/rfc822 forward with nothing added gives the enclosed request")
    func attachedForward() throws {
        let m = try parse("""
            From: boss@health.mo.gov
            Subject: Fwd: help
            Content-Type: multipart/mixed; boundary=B

            --B
            Content-Type: text/plain

            --B
            Content-Type: message/rfc822

            From: tracer@health.mo.gov
            Subject: help

            I never got my login email.
            --B--
            """)
        #expect(m.content.newText == "I never got my login email.")
    }

    @Test("text/plain is preferred; an HTML-only message is turned into text")
    func preference() throws {
        let both = try parse("Content-Type: multipart/alternative; boundary=x\n\n--x\nContent-Type: text/plain\n\nplain\n--x\nContent-Type: text/html\n\n<p>html</p>\n--x--\n")
        #expect(both.text == "plain")
        let html = try parse("Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64\n\nPGRpdj5IZWxsbzwvZGl2PjxkaXY+PGJyPjwvZGl2PjxkaXY+V29ybGQ8L2Rpdj4=\n")
        #expect(html.text == "Hello\n\nWorld")
    }

    @Test("attachments: name, type, decoded bytes, CSV rows")
    func attachments() throws {
        let m = try parse("""
            From: a@b.c
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Type: text/plain

            see attached
            --b
            Content-Type: application/vnd.ms-excel; name="users.csv"
            Content-Disposition: attachment; filename="users.csv"
            Content-Transfer-Encoding: base64

            Rmlyc3QgTmFtZSxMYXN0IE5hbWUsRW1haWwgQWRkcmVzcwpKYW5lLCJEb2UsIEpyLiIsamFuZUB4Lm9yZwo=
            --b--
            """)
        let a = try #require(m.attachments.first)
        #expect(a.filename == "users.csv")
        #expect(a.mediaType == "application/vnd.ms-excel")
        #expect(a.isCSV)
        #expect(a.csvRows == [["First Name", "Last Name", "Email Address"], ["Jane", "Doe, Jr.", "jane@x.org"]])
    }
}
