import Mail
import Testing

@Suite("RFC 5322 headers, RFC 2047 encoded words, RFC 2231 parameters")
struct HeaderTests {
    func parse(_ text: String) throws -> ParsedMessage { try MessageParser().parse(text) }

    @Test("encoded words decode in any charset; white space between adjacent words is dropped", arguments: [
        ("=?UTF-8?B?Wm/DqyBMaW5kcXZpc3Q=?=", "Zoë Lindqvist"),
        ("=?iso-8859-1?Q?Jos=E9_N=FA=F1ez?=", "José Núñez"),
        ("=?utf-8?q?caf=c3=a9?=", "café"),
        ("=?UTF-8?B?SGVs?= =?UTF-8?B?bG8=?=", "Hello"),
        ("=?UTF-8?Q?a?=   =?UTF-8?Q?b?= c", "ab c"),
        ("plain =?UTF-8?Q?mixed?= text", "plain mixed text"),
        ("=?koi8-r?B?8NLJ18XU?=", "Привет"),
        ("=?windows-1252?Q?=93quoted=94?=", "“quoted”"),
        ("=?shift_jis?B?k/qWe4zq?=", "日本語"),
        ("=?UTF-8?B?4pyT?==?UTF-8?B?4pyT?=", "✓✓"),
        ("=?utf-8?B?w6k=?= =?utf-8?B?w6k=?=", "éé"),
        ("=?UTF-8?B?8J+Y?= =?UTF-8?B?gA==?=", "😀"),
        ("=?bogus-charset?Q?abc?=", "abc"),
        ("=?UTF-8?X?abc?=", "=?UTF-8?X?abc?="),
        ("=?UTF-8?Q?unterminated", "=?UTF-8?Q?unterminated"),
    ])
    func encodedWords(raw: String, decoded: String) {
        #expect(EncodedWords.decode(raw) == decoded)
    }

    @Test("folded and repeated headers")
    func folding() throws {
        let m = try parse("Subject: a long\n subject\n\tline\nReceived: one\nReceived: two\nFrom: a@b.c\n\nbody\n")
        #expect(m.subject == "a long subject\tline".replacingOccurrences(of: "\t", with: " "))
        #expect(m.headers.all("Received") == ["one", "two"])
    }

    @Test("address lists: display names, quoted strings, comments, groups, routes", arguments: [
        ("\"Fox, André\" <andre.fox@health.mo.gov>", [Address(displayName: "Fox, André", address: "andre.fox@health.mo.gov")]),
        ("Ann Lee <ann@x.org>, bob@y.org", [Address(displayName: "Ann Lee", address: "ann@x.org"), Address(address: "bob@y.org")]),
        ("Team: ann@x.org, Bob <bob@y.org>;, carl@z.org",
         [Address(displayName: "", address: "ann@x.org", group: "Team"), Address(displayName: "Bob", address: "bob@y.org", group: "Team"),
          Address(address: "carl@z.org")]),
        ("undisclosed-recipients:;", []),
        ("=?UTF-8?B?Wm/DqyBMaW5kcXZpc3Q=?= <zoe@x.org>", [Address(displayName: "Zoë Lindqvist", address: "zoe@x.org")]),
        ("<@route.example:joe@x.org>", [Address(address: "joe@x.org")]),
        ("Joe (the (nested) comment) Q. Public <joe@x.org>", [Address(displayName: "Joe Q. Public", address: "joe@x.org")]),
        ("\"Mattingly, Gloria\" <Gloria.Mattingly@health.mo.gov>", [Address(displayName: "Mattingly, Gloria", address: "Gloria.Mattingly@health.mo.gov")]),
    ])
    func addresses(raw: String, expected: [Address]) {
        #expect(AddressListParser.parse(raw) == expected)
    }

    @Test("a display name with specials is quoted when written")
    func quoting() {
        #expect(Address(displayName: "Fox, André", address: "a@b.c").description == "\"Fox, André\" <a@b.c>")
        #expect(Address(displayName: "Ann Lee", address: "a@b.c").description == "Ann Lee <a@b.c>")
    }

    @Test("RFC 2231 parameters: continuations and charset-tagged values", arguments: [
        ("attachment; filename*=utf-8''Liste%20d%C3%A9c.csv", "Liste déc.csv"),
        ("attachment; filename*0=\"MO User \"; filename*1=\"Upload.csv\"", "MO User Upload.csv"),
        ("attachment; filename*0*=iso-8859-1''Jos%E9; filename*1=\".csv\"", "José.csv"),
        ("attachment; filename=\"=?UTF-8?Q?caf=C3=A9.csv?=\"", "café.csv"),
        ("attachment; filename=plain.csv", "plain.csv"),
    ])
    func rfc2231(raw: String, filename: String) {
        #expect(ContentType.parse(raw, isDisposition: true).parameters["filename"] == filename)
    }

    @Test("dates: RFC 5322 and the obsolete forms", arguments: [
        ("Tue, 8 Sep 2020 14:03:09 +0000", Int64(1_599_573_789)),
        ("Tue, 18 Aug 2020 14:20:11 -0500 (CDT)", Int64(1_597_778_411)),
        ("8 Sep 2020 09:03:09 CDT", Int64(1_599_573_789)),
        ("Tue, 08 Sep 20 14:03 GMT", Int64(1_599_573_780)),
    ])
    func dates(raw: String, epoch: Int64) {
        #expect(MailDate.parse(raw)?.secondsSince1970 == epoch)
    }

    @Test("an unreadable date is nil, not a crash")
    func badDate() {
        #expect(MailDate.parse("yesterday at noon") == nil)
        #expect(MailDate.parse("") == nil)
        #expect(MailDate.parse("99 Foo 2020 99:99:99") == nil)
    }

    @Test("message identifiers without angle brackets, never decoded")
    func messageIDs() throws {
        let m = try parse("Message-ID: <abc@x.org>\nIn-Reply-To: <p@q>\nReferences: <a@b>\n <c@d> <e@f>\n\n.\n")
        #expect(m.messageID == "abc@x.org")
        #expect(m.inReplyTo == ["p@q"])
        #expect(m.references == ["a@b", "c@d", "e@f"])
    }
}
