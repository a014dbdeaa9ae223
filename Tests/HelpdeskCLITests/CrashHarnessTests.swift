import Foundation
import HelpdeskTesting
import Testing

/// The SIGKILL crash harness (`scripts/crash-test`, `make crash-test`) in short: a few requests of every kind on a
/// private loopback Dovecot + Postfix, `helpdesk run` killed with SIGKILL at every checkpoint twice and restarted;
/// nothing may be lost, no directory change made twice, no reply sent twice undetected. (The long run is
/// `make crash-test`.)
@Suite("SIGKILL at every checkpoint of helpdesk run, on real mail", .serialized)
struct CrashHarnessTests {
    @Test("a malformed HELPDESK_CRASH_AT stops helpdesk run with an error naming the variable")
    func malformedHook() throws {
        let dir = try CLITests.maildirWorkspace("crash-hook")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for value in ["sent", "nowhere:1", "sent:0", "sent:x"] {
            let run = try CLITests.helpdesk(["run", "--once", "--config", dir + "/helpdesk.yaml"],
                                            environment: ["HELPDESK_CRASH_AT": value])
            #expect(run.status != 0, "\(value) was accepted")
            #expect(run.err.contains("HELPDESK_CRASH_AT"), "the error names the variable: \(run.err)")
        }
        let clean = try CLITests.helpdesk(["run", "--once", "--config", dir + "/helpdesk.yaml"],
                                          environment: ["HELPDESK_CRASH_AT": ""])
        #expect(clean.status == 0, "empty means unset: \(clean.err)")
    }

    @Test("killed twice at every checkpoint over 24 requests: none lost, nothing done twice, no undetected duplicate")
    func killAtEveryCheckpoint() throws {
        let env = ProcessInfo.processInfo.environment
        let shared = MailStack.directory(environment: env)
        let sharedBase = Int(env["MAILSTACK_PORT_BASE"] ?? "") ?? 24000
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLITests.root + "/scripts/crash-test")
        process.environment = env.merging([
            "MAILSTACK_DIR": shared + "-crash",
            "MAILSTACK_PORT_BASE": env["MAILSTACK_CRASH_PORT_BASE"].flatMap { $0.isEmpty ? nil : $0 } ?? String(sharedBase + 6000),
            "HELPDESK_BIN": CLITests.root + "/.build/debug/helpdesk",
            "CRASH_REQUESTS": "24", "CRASH_KILLS": "16", "CRASH_SEED": "7",
        ]) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "scripts/crash-test failed:\n\(text)")
        #expect(text.contains("crash points exercised: 8 of 8"), "every checkpoint was hit:\n\(text)")
        #expect(text.contains("lost requests: 0 "), "\(text)")
        #expect(text.contains("undetected 0"), "\(text)")
        #expect(text.contains("made twice: 0"), "\(text)")
    }
}
