import Foundation
import Helpdesk
import Mail
import Store
import Testing

/// Hostile mail through the whole engine: each refusal of the parser is a typed error, the message is quarantined
/// with that reason and left for a person, and nothing is sent.
@Suite("Hostile mail is quarantined with its typed error", .serialized)
struct HostileMailTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let kind: MailParseError.Kind
        let bytes: @Sendable () -> [UInt8]
        var testDescription: String { name }
    }

    static let head = "From: pat@example.org\r\nTo: MOACTS@health.mo.gov\r\nSubject: help\r\nMessage-ID: <h@x>\r\n"

    static let cases: [Case] = [
        Case(name: "oversized (25 MB and a byte)", kind: .messageTooLarge) {
            Array((head + "\r\n").utf8) + [UInt8](repeating: 0x61, count: ParseLimits.default.maxMessageBytes)
        },
        Case(name: "a header block over 256 KiB", kind: .headerTooLarge) {
            Array((head + "X-Long: " + String(repeating: "a", count: 300 * 1024) + "\r\n\r\nbody\r\n").utf8)
        },
        Case(name: "multiparts nested 30 deep", kind: .tooDeep) {
            var s = head
            for l in 0..<30 { s += "Content-Type: multipart/mixed; boundary=\"N\(l)\"\r\n\r\n--N\(l)\r\n" }
            return Array((s + "Content-Type: text/plain\r\n\r\nhi\r\n").utf8)
        },
        Case(name: "600 parts", kind: .tooManyParts) {
            Array((head + "Content-Type: multipart/mixed; boundary=\"p\"\r\n\r\n"
                + String(repeating: "--p\r\nContent-Type: text/plain\r\n\r\nx\r\n", count: 600) + "--p--\r\n").utf8)
        },
        Case(name: "NUL bytes in the headers", kind: .nulInHeaders) {
            Array("From: pat@example.org\r\nSubject: he\u{0}lp\u{0}\r\n\r\nbody\r\n".utf8)
        },
        Case(name: "NUL bytes only", kind: .notAMessage) { [UInt8](repeating: 0, count: 4096) },
        Case(name: "binary, no header", kind: .notAMessage) { (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) } },
        Case(name: "a binary file sent as UTF-8 text (base64)", kind: .unreadableText) {
            let binary = Data((0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 197 &+ 0x80) | 0x80 })
            return Array((head + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + binary.base64EncodedString(options: .lineLength76Characters) + "\r\n").utf8)
        },
        Case(name: "a body of NUL bytes", kind: .unreadableText) {
            Array((head + "Content-Type: text/plain\r\n\r\nhelp ").utf8) + [UInt8](repeating: 0, count: 2048) + Array("\r\n".utf8)
        },
        Case(name: "UTF-16 text labelled us-ascii", kind: .unreadableText) {
            Array((head + "Content-Type: text/plain; charset=us-ascii\r\n\r\n").utf8)
                + Array("I cannot log in to Amazon Connect, please reset my password.".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        },
    ]

    @Test(arguments: cases)
    func quarantined(_ c: Case) async throws {
        let h = try EngineHarness()
        try c.bytes().withUnsafeBufferPointer { try Data(buffer: $0).write(to: URL(fileURLWithPath: h.root + "/inbox/new/hostile")) }
        let done = try await h.engine().runOnce()
        #expect(done.first?.state == .quarantined, "\(done)")
        let q = try h.store.quarantinedMessages()
        #expect(q.count == 1)
        #expect(q.first?.lastError?.hasPrefix(c.kind.rawValue) == true, "\(q.first?.lastError ?? "")")
        #expect(try h.inboxNew().count == 1, "left for a person")
        #expect(try h.outbox().filter { !$0.message.subject.contains("need a person") }.isEmpty, "never answered (the digest tells the admins)")
    }

    @Test("mail with a few encoding defects (unknown charset, broken base64 and quoted-printable, invalid UTF-8) is read leniently, not crashed on")
    func badlyEncoded() async throws {
        let h = try EngineHarness()
        let raw = Self.head + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
            + "--b\r\nContent-Type: text/plain; charset=x-no-such-charset\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not*base64===\r\n"
            + "--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=ZZ=C3=\r\n"
            + "--b--\r\n"
        var bytes = Array(raw.utf8)
        bytes.insert(contentsOf: [0xC3, 0x28, 0xFF, 0xFE], at: bytes.count - 9)
        try Data(bytes).write(to: URL(fileURLWithPath: h.root + "/inbox/new/encoded"))
        let done = try await h.engine().runOnce()
        #expect(done.count == 1)
        #expect(try h.store.quarantinedMessages().isEmpty, "parsed with defects, handled like any request: \(done)")
    }
}
