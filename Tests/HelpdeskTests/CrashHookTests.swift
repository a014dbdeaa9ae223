import Helpdesk
import Testing

/// `HELPDESK_CRASH_AT`, the crash harness's test-only hook: parsed strictly, inert when unset.
@Suite("The crash hook's variable")
struct CrashHookTests {
    @Test("unset or empty: no hook", arguments: [[:], ["HELPDESK_CRASH_AT": ""], ["HELPDESK_CRASH_AT": "  "]])
    func unset(_ environment: [String: String]) throws {
        #expect(try CrashHook.from(environment: environment) == nil)
    }

    @Test("<checkpoint>:<n> for every checkpoint", arguments: Checkpoint.allCases)
    func valid(_ point: Checkpoint) throws {
        #expect(try CrashHook.from(environment: ["HELPDESK_CRASH_AT": "\(point.rawValue):3"]) == CrashHook(point: point, hit: 3))
    }

    @Test("anything else is refused, naming the variable", arguments: ["sent", "sent:", ":2", "nowhere:1", "sent:0", "sent:-1", "sent:two", "sent:1:2"])
    func malformed(_ value: String) {
        #expect {
            _ = try CrashHook.from(environment: ["HELPDESK_CRASH_AT": value])
        } throws: { error in
            "\(error)".contains("HELPDESK_CRASH_AT")
        }
    }

    @Test("a hook passes every other checkpoint and the hits before its own")
    func inertBeforeItsHit() throws {
        let checkpoint = CrashHook(point: .sent, hit: 3).checkpoint()
        for point in Checkpoint.allCases where point != .sent { try checkpoint(point) }
        try checkpoint(.sent)
        try checkpoint(.sent)
        // The third .sent would kill this test process: not called here (scripts/crash-test proves it).
    }
}
