import Foundation
import MailTransport
import Testing

/// Real Dovecot 2.3 server output (captured with `CurlIMAPConnection.transcript` against `scripts/mailstack`),
/// replayed through the parser: CAPABILITY, SELECT, ESEARCH and SEARCH, a FETCH of BODY[] whose first message holds
/// fake tagged responses, `* 1 EXPUNGE`, `)`, a fake FETCH with a literal and `+ idling`; FLAGS and RFC822.SIZE, a
/// STORE, MOVE (with COPYUID and EXPUNGE), CREATE refused, COPY, UID EXPUNGE, an empty ESEARCH, a failed SELECT with
/// `[CLOSED]`, and an IDLE that saw a delivery.
@Suite("IMAP transcripts replayed")
struct IMAPTranscriptReplayTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/imap/" + name, withExtension: nil))
        return [UInt8](try Data(contentsOf: url))
    }

    @Test("the session transcript parses the same in any chunking", arguments: [0, 1, 2, 13, 1000, 16_384])
    func session(chunk: Int) throws {
        let responses = try parseAll(try Self.fixture("dovecot-session.imap"), chunk: chunk)
        var tags: [String] = []
        var statuses: [IMAPStatus] = []
        var bodies: [UID: [UInt8]] = [:]
        var esearch: [IMAPESearchResponse] = []
        var copyUID: IMAPResponseCode?
        for response in responses {
            switch response {
            case .tagged(let tag, let status):
                tags.append(tag.rawValue)
                statuses.append(status.status)
                if case .copyUID? = status.code { copyUID = status.code }
            case .untagged(let data):
                if let (uid, body) = data.uidAndBody { bodies[uid] = body }
                if case .esearch(let e) = data { esearch.append(e) }
            case .continuation:
                Issue.record("no continuation in this transcript")
            }
        }
        #expect(tags == (2...17).map { "H\($0)" })
        #expect(statuses.filter { $0 == .no }.count == 2)  // CREATE of an existing folder, SELECT of a missing one
        #expect(bodies.keys.sorted() == [UID(1), UID(2), UID(3), UID(4)])
        let hostile = String(decoding: try #require(bodies[UID(1)]), as: UTF8.self)
        #expect(hostile.contains("H6 OK [UIDVALIDITY 1] Fetch completed.\r\n* 1 EXPUNGE\r\n)\r\n"))
        #expect(hostile.hasSuffix("+ idling\r\n"))
        #expect(bodies[UID(1)]?.count == 439)
        #expect(bodies[UID(3)]?.count == 20_010)
        #expect(esearch.first == IMAPESearchResponse(tag: IMAPTag(rawValue: "H4"), uid: true, all: UIDSet(numbers: [1, 2, 3, 4])))
        #expect(esearch.last == IMAPESearchResponse(tag: IMAPTag(rawValue: "H15"), uid: true))
        #expect(copyUID == .copyUID(UIDValidity(1_795_606_385), source: UIDSet(numbers: [3]), destination: UIDSet(numbers: [2])))
        let validities = responses.compactMap { r -> UIDValidity? in
            if case .untagged(.status(let s)) = r, case .uidValidity(let v)? = s.code { return v }
            return nil
        }
        #expect(validities == [UIDValidity(1_795_606_384), UIDValidity(1_795_606_384)])
    }

    @Test("the IDLE transcript parses at every split")
    func idle() throws {
        let bytes = try Self.fixture("dovecot-idle.imap")
        let whole = try parseAll(bytes)
        #expect(whole == [
            .continuation("idling"),
            .untagged(.exists(3)),
            .untagged(.recent(1)),
            .tagged(IMAPTag(rawValue: "H18"), .init(status: .ok, text: "Idle completed (0.703 + 0.702 + 0.702 secs).")),
        ])
        for cut in 1..<bytes.count {
            var parser = IMAPResponseParser()
            var out: [IMAPResponse] = []
            parser.append(bytes[0..<cut])
            while case .response(let r) = try parser.next() { out.append(r) }
            parser.append(bytes[cut...])
            while case .response(let r) = try parser.next() { out.append(r) }
            #expect(out == whole)
        }
    }
}
