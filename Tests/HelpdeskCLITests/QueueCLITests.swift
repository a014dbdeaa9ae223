import Foundation
import Testing

/// `helpdesk queue`, `approve`, `reject` and `reclassify` as an admin runs them on a workspace.
@Suite("helpdesk queue, approve, reject, reclassify", .serialized)
struct QueueCLITests {
    /// A workspace with the embedded default and one new-user request (from someone not on `requesters`) in the inbox.
    static func workspace() throws -> String {
        let dir = try CLITests.maildirWorkspace("queuecli")
        let fm = FileManager.default
        try fm.copyItem(atPath: CLITests.root + "/Tests/Fixtures/corpus/dev/dev039.eml", toPath: dir + "/in/new/1.eml")
        return dir
    }

    static func run(_ dir: String, _ args: [String]) throws -> CLITests.Result {
        try CLITests.helpdesk(args + ["--config", dir + "/helpdesk.yaml"])
    }

    @Test("the queue shows each pending change; decisions are recorded with clear errors; the service carries them out")
    func queueAndDecisions() throws {
        let dir = try Self.workspace()
        #expect(try Self.run(dir, ["queue"]).out.contains("No approvals are pending."))
        #expect(try Self.run(dir, ["run", "--once"]).status == 0)

        let text = try Self.run(dir, ["queue"])
        #expect(text.status == 0)
        #expect(text.out.contains("Ticket #1000"))
        #expect(text.out.contains("karen.whitfield@health.mo.gov"))
        #expect(text.out.contains("sender checks:"))
        #expect(text.out.contains("create 3 users") || text.out.contains("create the user"))
        #expect(text.out.contains("Jalen.Okafor"))
        #expect(text.out.contains("helpdesk approve 1000"))

        let json = try Self.run(dir, ["queue", "--json"])
        let lines = json.out.split(separator: "\n")
        #expect(lines.count == 1)
        let item = try CLITests.json(try #require(lines.first))
        #expect(item["ticket"] as? Int == 1000)
        #expect(item["requester"] as? String == "karen.whitfield@health.mo.gov")
        #expect(item["category"] as? String == "new_user")
        let changes = try #require(item["changes"] as? [[String: Any]])
        #expect(changes.count == 3)
        let fields = try #require(changes.first?["fields"] as? [[String: Any]])
        #expect(fields.contains { $0["field"] as? String == "Username" && $0["before"] as? String == "" })
        #expect(item["explanation"] as? String != nil)
        #expect(item["senderChecks"] as? String != nil)

        let unknown = try Self.run(dir, ["approve", "99999"])
        #expect(unknown.status != 0)
        #expect(unknown.err.contains("there is no ticket #99999"))
        let noReason = try Self.run(dir, ["reject", "1000", "--reason", " "])
        #expect(noReason.status != 0)
        #expect(noReason.err.contains("--reason must say why"))
        let self_ = try Self.run(dir, ["approve", "1000", "--by", "karen.whitfield@health.mo.gov"])
        #expect(self_.status != 0)
        #expect(self_.err.contains("cannot approve it"))

        let reject = try Self.run(dir, ["reject", "1000", "--reason", "not on the staff list", "--by", "lead"])
        #expect(reject.status == 0)
        #expect(reject.out.contains("ticket #1000: rejected by cli:lead"))
        let twice = try Self.run(dir, ["approve", "1000"])
        #expect(twice.status != 0)
        #expect(twice.err.contains("ticket #1000 has no pending approval (its last one was rejected"))

        #expect(try Self.run(dir, ["run", "--once"]).status == 0)
        let show = try Self.run(dir, ["show", "1000"])
        #expect(show.out.contains("approval_rejected"))
        #expect(show.out.contains("state: closed"))
        let outbox = try FileManager.default.contentsOfDirectory(atPath: dir + "/out/new").map {
            try String(contentsOfFile: dir + "/out/new/" + $0, encoding: .utf8)
        }
        #expect(outbox.contains { $0.contains("Their reason: not on the staff list") })

        let bad = try Self.run(dir, ["reclassify", "1000", "bogus"])
        #expect(bad.status != 0)
        #expect(bad.err.contains("unknown category `bogus`"))
        let closed = try Self.run(dir, ["reclassify", "1000", "new_user"])
        #expect(closed.status != 0)
        #expect(closed.err.contains("only a ticket waiting for a person"))
    }
}
