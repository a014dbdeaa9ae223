import Foundation
import Testing

/// The fuzz targets of `make fuzz` (Sources/helpdesk-fuzz), replayed without libFuzzer over the seed corpus: they
/// build, load the rules and run every seed without a crash. The long run is `make fuzz`.
@Suite("Fuzz targets replay their seeds")
struct FuzzReplayTests {
    @Test(arguments: ["parser", "classifier"])
    func replay(target: String) throws {
        let binary = CLITests.root + "/.build/debug/helpdesk-fuzz"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = [CLITests.root + "/Tests/Fixtures/corpus/dev", CLITests.root + "/Tests/MailTests/Fixtures"]
        p.environment = ProcessInfo.processInfo.environment.merging(
            ["HELPDESK_FUZZ_TARGET": target, "HELPDESK_RULES": CLITests.root + "/rules"]) { $1 }
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        #expect(text.contains("through the \(target) target, no crash"), "\(text)")
    }
}
