import Foundation
import Helpdesk
import Store
import Testing

/// The loop guard and the send breaker as pure values: each row is a record of earlier emails and one question.
@Suite("Loop guard (pure)")
struct LoopGuardTests {
    static let t0 = Date(timeIntervalSince1970: 1_600_000_000)
    static let fp = String(repeating: "a", count: 64)
    static let other = String(repeating: "b", count: 64)

    struct Row: Sendable, CustomStringConvertible {
        var name: String
        var sent: [LoopGuardRecord]
        var to: String = "pat@example.org"
        var thread: Int64? = 7
        var fingerprint: String? = LoopGuardTests.fp
        var solicited = false
        var at: TimeInterval = 0
        var expect: String
        var description: String { name }
    }

    static func r(_ dt: TimeInterval, to: String = "pat@example.org", thread: Int64? = 7, fp: String? = LoopGuardTests.fp,
                  counted: Bool = true, final: Bool = false) -> LoopGuardRecord {
        LoopGuardRecord(at: t0 + dt, correspondent: to, thread: thread, fingerprint: fp, counted: counted, finalNotice: final)
    }

    static let rows: [Row] = [
        Row(name: "nothing sent yet", sent: [], expect: "send counted"),
        Row(name: "a new request's reply is not counted", sent: [r(0), r(1), r(2), r(3, final: true)], solicited: true,
            expect: "send"),
        Row(name: "never to our own address, even when asked", sent: [], to: "MOACTS@health.mo.gov", solicited: true,
            expect: "silence"),
        Row(name: "two before: the third goes", sent: [r(0), r(60)], at: 120, expect: "send counted"),
        Row(name: "three before: the final notice", sent: [r(0), r(60), r(120)], at: 180, expect: "final"),
        Row(name: "the first (solicited) reply of the same loop counts", sent: [r(0, counted: false), r(60), r(120)], at: 180,
            expect: "final"),
        Row(name: "after the final notice: silence", sent: [r(0), r(60), r(120), r(180, counted: false, final: true)], at: 240,
            expect: "silence"),
        Row(name: "a day later, in a new thread: counted again", sent: [r(0), r(60), r(120), r(180, counted: false, final: true)],
            thread: 8, fingerprint: other, at: 86_400 + 300, expect: "send counted"),
        Row(name: "a day later, in the same thread: still silent (per ticket)",
            sent: [r(0), r(60), r(120), r(180, counted: false, final: true)], at: 86_400 + 300, expect: "silence"),
        Row(name: "per ticket: three in the thread over two days, then the final notice",
            sent: [r(0), r(90_000), r(180_000)], at: 270_000, expect: "final"),
        Row(name: "unrelated solicited replies do not count", sent: [r(0, thread: 1, fp: other, counted: false),
            r(10, thread: 2, fp: other, counted: false), r(20, thread: 3, fp: other, counted: false)], at: 30, expect: "send counted"),
        Row(name: "an admin is exempt from the per-correspondent cap", sent: [r(0, to: "admin@health.mo.gov", thread: 1),
            r(1, to: "admin@health.mo.gov", thread: 2), r(2, to: "admin@health.mo.gov", thread: 3)],
            to: "admin@health.mo.gov", thread: 4, at: 3, expect: "send counted"),
        Row(name: "but not from the per-ticket cap", sent: [r(0, to: "admin@health.mo.gov"), r(1, to: "admin@health.mo.gov"),
            r(2, to: "admin@health.mo.gov")], to: "admin@health.mo.gov", at: 3, expect: "final"),
        Row(name: "a requester is exempt too", sent: [r(0, to: "sup@health.mo.gov", thread: 1), r(1, to: "sup@health.mo.gov", thread: 2),
            r(2, to: "sup@health.mo.gov", thread: 3)], to: "sup@health.mo.gov", thread: nil, fingerprint: nil, at: 3, expect: "send counted"),
        Row(name: "other correspondents' mail does not count", sent: [r(0, to: "x@y.z"), r(1, to: "x@y.z"), r(2, to: "x@y.z")],
            at: 3, expect: "send counted"),
        Row(name: "mail that answers no request counts per correspondent", sent: [r(0, thread: nil, fp: nil), r(1, thread: nil, fp: nil),
            r(2, thread: nil, fp: nil)], thread: nil, fingerprint: nil, at: 3, expect: "final"),
        Row(name: "records from the future (a clock step back) are ignored", sent: [r(100), r(200), r(300)], at: 50,
            expect: "send counted"),
    ]

    @Test(arguments: rows)
    func verdict(_ row: Row) {
        let g = LoopGuard(limits: LoopGuardLimits(), exempt: ["admin@health.mo.gov", "sup@health.mo.gov"],
                          ownAddresses: ["moacts@health.mo.gov"], sent: row.sent)
        let v = g.verdict(to: row.to, thread: row.thread, fingerprint: row.fingerprint, solicited: row.solicited, now: Self.t0 + row.at)
        let got: String
        switch v {
        case .send(let counted): got = counted ? "send counted" : "send"
        case .finalNotice: got = "final"
        case .silence: got = "silence"
        }
        #expect(got == row.expect, "\(row.name): \(v)")
    }

    @Test("a correspondent in a loop gets 3 emails, one final notice, then nothing", arguments: [1, 3, 5])
    func loopRun(limit: Int) {
        var g = LoopGuard(limits: LoopGuardLimits(perCorrespondentPerDay: limit, perTicket: 20), exempt: [String](),
                          ownAddresses: ["moacts@health.mo.gov"])
        var sent = 0, finals = 0
        for i in 0..<50 {
            let now = Self.t0 + Double(i * 60)
            switch g.verdict(to: "bot@example.org", thread: Int64(i), fingerprint: Self.fp, solicited: i == 0, now: now) {
            case .send(let counted):
                sent += 1
                g.record(LoopGuardRecord(at: now, correspondent: "bot@example.org", thread: Int64(i), fingerprint: Self.fp,
                                         counted: counted, finalNotice: false))
            case .finalNotice:
                finals += 1
                g.record(LoopGuardRecord(at: now, correspondent: "bot@example.org", thread: Int64(i), fingerprint: Self.fp,
                                         counted: false, finalNotice: true))
            case .silence: break
            }
        }
        #expect(sent == limit)
        #expect(finals == 1)
    }

    @Test("the breaker", arguments: [
        (limit: 10, sent: 0, due: 5, paused: false, expect: SendBreaker.Decision.send(5)),
        (limit: 10, sent: 5, due: 5, paused: false, expect: .send(5)),
        (limit: 10, sent: 5, due: 6, paused: false, expect: .trip(sendFirst: 5)),
        (limit: 10, sent: 10, due: 1, paused: false, expect: .trip(sendFirst: 0)),
        (limit: 10, sent: 14, due: 1, paused: false, expect: .trip(sendFirst: 0)),
        (limit: 10, sent: 0, due: 1, paused: true, expect: .paused),
        (limit: 1, sent: 0, due: 1, paused: false, expect: .send(1)),
    ])
    func breaker(limit: Int, sent: Int, due: Int, paused: Bool, expect: SendBreaker.Decision) {
        var b = SendBreaker(limit: limit, pausedSince: paused ? Self.t0 : nil)
        #expect(b.decide(due: due, sentInWindow: sent) == expect)
        b.trip(at: Self.t0)
        #expect(b.decide(due: 1, sentInWindow: 0) == .paused)
        b.resume()
        #expect(b.decide(due: 1, sentInWindow: 0) == .send(1))
    }
}
