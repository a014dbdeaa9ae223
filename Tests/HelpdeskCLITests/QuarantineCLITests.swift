import Foundation
import Testing

/// `helpdesk quarantine list|retry N`: a message the bot cannot process goes to quarantine with its reason; an admin
/// lists it and puts it back in line.
@Suite("helpdesk quarantine list and retry")
struct QuarantineCLITests {
    @Test("an unparseable message is listed with its reason and 3 failures; retry puts it back for the next run")
    func listAndRetry() throws {
        let dir = try CLITests.maildirWorkspace("quarantine-cli")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let config = ["--config", dir + "/helpdesk.yaml"]
        // A NUL byte in the header block: no mail system writes one, so the parser refuses the message.
        let raw = Array("From: Una Reyes <una@health.mo.gov>\nSubject: Broken\u{0}header\nMessage-ID: <q1@x>\n\nHello\n".utf8)
        try Data(raw).write(to: URL(fileURLWithPath: dir + "/in/new/1.broken"))

        #expect(try CLITests.helpdesk(["quarantine", "list"] + config).out.contains("nothing in quarantine"))
        let run = try CLITests.helpdesk(["run", "--once"] + config)
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains("quarantined"), "\(run.out)")

        let listed = try CLITests.helpdesk(["quarantine", "list"] + config)
        #expect(listed.status == 0, "\(listed.err)")
        #expect(listed.out.contains("NUL byte"), "the reason is shown: \(listed.out)")
        #expect(listed.out.contains("una@health.mo.gov") || listed.out.contains("INBOX"), "\(listed.out)")
        let row = try #require(listed.out.split(separator: "\n").first { $0.contains("NUL byte") })
        #expect(row.split(separator: " ", omittingEmptySubsequences: true).contains("3"), "3 failures: \(row)")
        let number = try #require(row.split(separator: " ").first.map(String.init))

        let retried = try CLITests.helpdesk(["quarantine", "retry", number] + config)
        #expect(retried.status == 0, "\(retried.err)")
        #expect(retried.out.contains("will be processed again by the next run"), "\(retried.out)")
        #expect(try CLITests.helpdesk(["quarantine", "list"] + config).out.contains("nothing in quarantine"))

        let unknown = try CLITests.helpdesk(["quarantine", "retry", "99999"] + config)
        #expect(unknown.status != 0)
        #expect(unknown.err.contains("helpdesk quarantine list"), "the error says where to look: \(unknown.err)")

        // The next run processes it again: still broken, so back in quarantine, with its reason.
        #expect(try CLITests.helpdesk(["run", "--once"] + config).status == 0)
        #expect(try CLITests.helpdesk(["quarantine", "list"] + config).out.contains("NUL byte"))
    }
}
