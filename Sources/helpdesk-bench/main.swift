import Foundation
import Helpdesk
import Mail
import Triage

// Measures parse + classify throughput: every message of a folder, read into memory once, then processed in a
// loop on one thread for a few seconds. Prints messages per second. `make bench` pins it to one core.
let args = CommandLine.arguments
// The mail path on the loopback stack: `helpdesk-bench mail-backlog N CORPUS PACKAGE`, `helpdesk-bench mail-idle N PACKAGE`.
if args.count > 1, args[1].hasPrefix("mail-") {
    MemoryTuning.apply()   // as `helpdesk run` does
    let n = args.count > 2 ? Int(args[2]) ?? 1000 : 1000
    do {
        if args[1] == "mail-backlog" {
            try await MailPathBench.backlog(count: n, corpus: args.count > 3 ? args[3] : "Tests/Fixtures/corpus/dev",
                                            package: args.count > 4 ? args[4] : ".")
        } else {
            try await MailPathBench.idle(requests: n, package: args.count > 3 ? args[3] : ".")
        }
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("\(args[1]): \(error)\n".utf8))
        exit(1)
    }
}
let folder = args.count > 1 ? args[1] : "Tests/Fixtures/corpus/dev"
let rulesDir = args.count > 2 ? args[2] : "rules"
let seconds = Double(ProcessInfo.processInfo.environment["BENCH_SECONDS"] ?? "") ?? 5

let fm = FileManager.default
guard let names = try? fm.contentsOfDirectory(atPath: folder) else {
    FileHandle.standardError.write(Data("cannot read \(folder)\n".utf8))
    exit(2)
}
let messages: [[UInt8]] = names.filter { $0.hasSuffix(".eml") }.sorted().compactMap { fm.contents(atPath: folder + "/" + $0).map(Array.init) }
guard !messages.isEmpty else {
    FileHandle.standardError.write(Data("no .eml files in \(folder)\n".utf8))
    exit(2)
}
let rules: RuleSet
do { rules = try RuleLoader.load(directory: rulesDir) } catch {
    FileHandle.standardError.write(Data("rules: \(error)\n".utf8))
    exit(2)
}
let triage = Triage(rules: rules)
let parser = MessageParser()
let bytes = messages.reduce(0) { $0 + $1.count }

func runOnce() -> Int {
    var categories = 0
    for m in messages {
        if let parsed = try? parser.parse(m) {
            categories &+= triage.triage(parsed).category.rawValue.count
        }
    }
    return categories
}

// Warm up, then measure.
_ = runOnce()
let clock = ContinuousClock()
var processed = 0
var sink = 0
let start = clock.now
var elapsed = Duration.zero
while elapsed < .seconds(seconds) {
    sink &+= runOnce()
    processed += messages.count
    elapsed = clock.now - start
}
let secs = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
let rate = Double(processed) / secs
print("messages: \(messages.count) (\(bytes) bytes) from \(folder)")
print("parse + classify: \(processed) messages in \(String(format: "%.2f", secs)) s on one thread")
print(String(format: "throughput: %.0f msg/s (%.1f µs/msg, %.1f MB/s)", rate, 1e6 / rate, Double(bytes) * rate / Double(messages.count) / 1e6))
if sink == 42 { print("") }  // keep the work observable

// The whole pipeline on the embedded default, when asked (BENCH_PIPELINE=N).
if let n = Int(ProcessInfo.processInfo.environment["BENCH_PIPELINE"] ?? "") {
    let package = URL(fileURLWithPath: rulesDir).deletingLastPathComponent().path
    try await EngineBench.run(count: n, corpus: folder, package: package.isEmpty ? "." : package)
}
