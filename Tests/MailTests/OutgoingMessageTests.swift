import Foundation
import Mail
import Testing

/// Outgoing messages: rendered, then read back by our own parser and by CPython's `email` package.
@Suite struct OutgoingMessageTests {
    /// One tricky message.
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var from = Address(displayName: "MO ACTS Help Desk", address: "MOACTS@health.mo.gov")
        var to: [Address] = [Address(displayName: "Jane Doe", address: "jane.doe@health.mo.gov")]
        var cc: [Address] = []
        var subject = "Your request [MOACTS #12]"
        var inReplyTo: [String] = ["CAF=abc+123@mail.gmail.com"]
        var references: [String] = ["CAF=abc+123@mail.gmail.com"]
        var text = "Hello,\n\nThank you.\n"
        var html: String?
        /// The subject readers should see, when it differs from `subject`.
        var expectedSubject: String?
        var description: String { name }
    }

    static let outlookIDs = (1...30).map {
        "BN\($0)PR09MB\($0 * 7919)A1B2C3D4E5F6.namprd09.prod.outlook.com\($0)@BN\($0)PR09MB\($0 * 13).namprd09.prod.outlook.com"
    }

    static let cases: [Case] = [
        Case(name: "plain ascii"),
        Case(name: "non-ascii display name and subject",
             to: [Address(displayName: "André Müller-Łukasz", address: "andre@example.org")],
             subject: "Réinitialisation du mot de passe – 密码 [MOACTS #7]",
             text: "Bonjour André,\n\nVotre mot de passe: voilà.\n"),
        Case(name: "comma in display name",
             to: [Address(displayName: "Fox, Jane", address: "jane.fox@health.mo.gov"),
                  Address(displayName: "Fox, André", address: "andre.fox@health.mo.gov")],
             cc: [Address(displayName: "Doe (Team Lead)", address: "doe@health.mo.gov")]),
        Case(name: "long References list", inReplyTo: [outlookIDs.last!], references: outlookIDs),
        Case(name: "CR/LF injection in subject",
             subject: "Hello\r\nBcc: evil@example.com\r\n\r\nInjected body",
             expectedSubject: "Hello Bcc: evil@example.com Injected body"),
        Case(name: "CR/LF injection in display name",
             to: [Address(displayName: "Jane\r\nBcc: evil@example.com", address: "jane@example.com")]),
        Case(name: "long subject folds",
             subject: String(repeating: "Amazon Connect password reset failed again ", count: 6) + "[MOACTS #99]",
             expectedSubject: (String(repeating: "Amazon Connect password reset failed again ", count: 6) + "[MOACTS #99]")),
        Case(name: "lone dot and From lines in body",
             text: "Line one\n.\nFrom here on\n..\nTrailing space \nTab\t\n" + String(repeating: "é", count: 100) + "\n"),
        Case(name: "html alternative",
             text: "User ID (case sensitive): Jane.Doe\n",
             html: "<p>User ID (case sensitive): <strong>Jane.Doe</strong> &amp; caf\u{e9}</p>\n"),
        Case(name: "encoded-word lookalike in subject", subject: "=?utf-8?q?not_encoded?= literally"),
        Case(name: "no threading", inReplyTo: [], references: []),
    ]

    static func message(_ c: Case) -> OutgoingMessage {
        OutgoingMessage(
            from: c.from, to: c.to, cc: c.cc, subject: c.subject,
            messageID: MessageID.generate(domain: "health.mo.gov") { n in (0..<n).map { UInt8($0 * 17 % 256) } },
            inReplyTo: c.inReplyTo.compactMap(MessageID.init), references: c.references.compactMap(MessageID.init),
            date: MailDate(secondsSince1970: 1_599_573_789, offsetMinutes: -300),
            extraHeaders: [.init("Auto-Submitted", "auto-replied")], text: c.text, html: c.html)
    }

    /// What a reader sees of a display name: the name with line breaks made spaces.
    static func cleanName(_ s: String) -> String {
        s.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
    }

    @Test(arguments: cases) func roundTripsThroughOurParser(_ c: Case) throws {
        let m = Self.message(c)
        let parsed = try MessageParser().parse(m.render())
        #expect(parsed.subject == (c.expectedSubject ?? c.subject))
        #expect(parsed.from.map(\.address) == [c.from.address])
        #expect(parsed.from.map(\.displayName) == [c.from.displayName])
        #expect(parsed.to.map(\.address) == c.to.map(\.address))
        #expect(parsed.to.map(\.displayName) == c.to.map { Self.cleanName($0.displayName) })
        #expect(parsed.cc.map(\.address) == c.cc.map(\.address))
        #expect(parsed.messageID == m.messageID.value)
        #expect(parsed.inReplyTo == c.inReplyTo)
        #expect(parsed.references == c.references)
        #expect(parsed.plainBody?.replacingOccurrences(of: "\r\n", with: "\n") == c.text)
        if let html = c.html {
            #expect(parsed.htmlBody?.replacingOccurrences(of: "\r\n", with: "\n") == html)
        }
        #expect(parsed.headers.first("Bcc") == nil)
        #expect(parsed.date == MailDate(secondsSince1970: 1_599_573_789, offsetMinutes: -300))
    }

    @Test(arguments: cases) func linesAreCRLFAndShort(_ c: Case) throws {
        let bytes = Self.message(c).render()
        var lineLength = 0
        var inHeader = true
        var previous: UInt8 = 0
        for b in bytes {
            if b == 10 {
                #expect(previous == 13, "bare LF")
                #expect(lineLength - 1 <= 998)
                if inHeader, lineLength == 1 { inHeader = false }
                lineLength = 0
            } else {
                if previous == 13 { Issue.record("bare CR") }
                lineLength += 1
            }
            previous = b
        }
        #expect(bytes.suffix(2) == [13, 10])
        let text = String(decoding: bytes, as: UTF8.self)
        let header = text.components(separatedBy: "\r\n\r\n")[0]
        for line in header.components(separatedBy: "\r\n") {
            // Only a single unbreakable word (an id) may make a header line longer than 78.
            if line.utf8.count > 78 {
                let words = line.split(separator: " ")
                let single = line.hasPrefix(" ") ? words.count == 1 : (words.count == 2 && words[0].hasSuffix(":"))
                #expect(single && words.last!.hasPrefix("<"), "long line: \(line)")
            }
        }
        // The body is quoted-printable: no line is a lone "." and no line starts with "From ".
        for line in text.components(separatedBy: "\r\n") {
            #expect(line != ".")
            #expect(!line.hasPrefix("From "))
        }
    }

    @Test func idsAreNeverEncodedOrBroken() throws {
        let c = Self.cases.first { $0.name == "long References list" }!
        let text = String(decoding: Self.message(c).render(), as: UTF8.self)
        let header = text.components(separatedBy: "\r\n\r\n")[0]
        let unfolded = header.replacingOccurrences(of: "\r\n ", with: " ")
        let references = unfolded.components(separatedBy: "\r\n").first { $0.hasPrefix("References: ") }!
        #expect(references == "References: " + Self.outlookIDs.map { "<\($0)>" }.joined(separator: " "))
        #expect(!header.contains("=?utf-8?q?=3C"))
        // Folded between ids only: every continuation line of References is one or more whole ids.
        var inReferences = false
        for line in header.components(separatedBy: "\r\n") {
            if line.hasPrefix("References:") { inReferences = true; continue }
            if inReferences, line.hasPrefix(" ") {
                for word in line.split(separator: " ") { #expect(word.hasPrefix("<") && word.hasSuffix(">")) }
            } else {
                inReferences = false
            }
        }
    }

    @Test func injectionCannotAddHeaders() throws {
        var m = Self.message(Self.cases[0])
        m.subject = "Hi\r\nBcc: evil@example.com"
        m.to = [Address(displayName: "x", address: "a@b.c>\r\nBcc: evil@example.com")]
        m.extraHeaders = [.init("X-Test\r\nBcc", "v\r\nBcc: evil@example.com"), .init("From", "spoof@example.com")]
        let text = String(decoding: m.render(), as: UTF8.self)
        let header = text.components(separatedBy: "\r\n\r\n")[0]
        for line in header.components(separatedBy: "\r\n") {
            #expect(!line.lowercased().hasPrefix("bcc"), "injected: \(line)")
        }
        #expect(header.components(separatedBy: "\r\nFrom:").count == 1)
        #expect(header.hasPrefix("From: MO ACTS Help Desk <MOACTS@health.mo.gov>"))
    }

    @Test func quotesDisplayNamesWithSpecials() {
        var m = Self.message(Self.cases[0])
        m.to = [Address(displayName: "Fox, Jane", address: "jane@x.org"), Address(displayName: "Dr. \"Q\" Smith", address: "q@x.org")]
        let text = String(decoding: m.render(), as: UTF8.self)
        #expect(text.contains("To: \"Fox, Jane\" <jane@x.org>, \"Dr. \\\"Q\\\" Smith\" <q@x.org>\r\n"))
    }

    @Test func messageIDsComeFromTheInjectedBytes() {
        let a = MessageID.generate(domain: "health.mo.gov") { n in [UInt8](repeating: 0, count: n) }
        let b = MessageID.generate(domain: "health.mo.gov") { n in [UInt8](repeating: 0, count: n) }
        let c = MessageID.generate(domain: "health.mo.gov") { n in [UInt8](repeating: 255, count: n) }
        #expect(a == b)
        #expect(a != c)
        #expect(a.value == "moacts.aaaaaaaaaaaaaaaaaaaaaaaaaa@health.mo.gov")
        #expect(c.value == "moacts.77777777777777777777777774@health.mo.gov")
        #expect(a.bracketed == "<moacts.aaaaaaaaaaaaaaaaaaaaaaaaaa@health.mo.gov>")
        #expect(MessageID.generate(domain: "bad domain\r\n") { _ in [1] }.value.hasSuffix("@baddomain"))
    }

    @Test(arguments: [
        ("<a@b>", "a@b"), ("a@b", "a@b"), (" <x.y+z@host.example> ", "x.y+z@host.example"),
    ]) func messageIDReads(_ raw: String, _ value: String) {
        #expect(MessageID(raw)?.value == value)
    }

    @Test(arguments: ["", "<>", "no-at-sign", "a b@c", "a@b\r\nX: y", "<a@b> <c@d>", "@b", "a@", "caf\u{e9}@b"])
    func messageIDRejects(_ raw: String) {
        #expect(MessageID(raw) == nil)
    }

    @Test func datesAreRFC5322() {
        #expect(MailDate(secondsSince1970: 1_599_573_789, offsetMinutes: -300).rfc5322 == "Tue, 08 Sep 2020 09:03:09 -0500")
        #expect(MailDate(secondsSince1970: 0).rfc5322 == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(MailDate(secondsSince1970: 1_709_251_199, offsetMinutes: 330).rfc5322 == "Fri, 01 Mar 2024 05:29:59 +0530")
    }

    @Test func recipientsAreToThenCcOnce() {
        var m = Self.message(Self.cases[0])
        m.cc = [Address(address: "moacts@health.mo.gov"), Address(address: "JANE.DOE@health.mo.gov")]
        #expect(m.recipients == ["jane.doe@health.mo.gov", "moacts@health.mo.gov"])
    }

    // MARK: - CPython's email package

    static let python = "/usr/bin/python3"
    static let script = """
    import sys, json, email
    from email import policy
    msg = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=policy.default)
    def addrs(name):
        v = msg[name]
        return [] if v is None else [[a.display_name, a.addr_spec] for a in v.addresses]
    plain = msg.get_body(('plain',))
    html = msg.get_body(('html',))
    defects = [type(d).__name__ for part in msg.walk() for d in part.defects]
    for name, value in msg.items():
        defects += [type(d).__name__ for d in getattr(value, 'defects', ())]
    print(json.dumps({
        'subject': str(msg['Subject']),
        'from': addrs('From'), 'to': addrs('To'), 'cc': addrs('Cc'),
        'message_id': str(msg['Message-ID']),
        'in_reply_to': str(msg['In-Reply-To'] or ''),
        'references': str(msg['References'] or ''),
        'text': plain.get_content() if plain is not None else None,
        'html': html.get_content() if html is not None else None,
        'keys': msg.keys(),
        'defects': defects,
    }))
    """

    struct PythonView: Decodable {
        var subject: String
        var from: [[String]]
        var to: [[String]]
        var cc: [[String]]
        var message_id: String
        var in_reply_to: String
        var references: String
        var text: String?
        var html: String?
        var keys: [String]
        var defects: [String]
    }

    static func pythonView(_ bytes: [UInt8]) throws -> PythonView {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("outgoing-\(UUID().uuidString).eml")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script, file.path]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "python failed: \(String(decoding: errors, as: UTF8.self))")
        return try JSONDecoder().decode(PythonView.self, from: data)
    }

    @Test(arguments: cases) func roundTripsThroughPythonEmail(_ c: Case) throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.python),
                     "\(Self.python) is missing: install Debian's python3 (make test does)")
        let m = Self.message(c)
        let py = try Self.pythonView(m.render())
        #expect(py.defects.isEmpty, "python found defects: \(py.defects)")
        #expect(py.subject == (c.expectedSubject ?? c.subject))
        #expect(py.from == [[c.from.displayName, c.from.address]])
        #expect(py.to == c.to.map { [Self.cleanName($0.displayName), $0.address] })
        #expect(py.cc == c.cc.map { [$0.displayName, $0.address] })
        #expect(py.message_id == m.messageID.bracketed)
        #expect(py.in_reply_to.split(separator: " ").map(String.init) == c.inReplyTo.map { "<\($0)>" })
        #expect(py.references.split(separator: " ").map(String.init) == c.references.map { "<\($0)>" })
        #expect(py.text?.replacingOccurrences(of: "\r\n", with: "\n") == c.text)
        #expect(py.html?.replacingOccurrences(of: "\r\n", with: "\n") == c.html)
        #expect(!py.keys.contains { $0.lowercased() == "bcc" })
    }
}
