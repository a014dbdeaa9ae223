#if !FUZZING
import Foundation

/// Without libFuzzer (an ordinary `swift build`): replays files through the chosen target, e.g. a crash artifact
/// `scripts/fuzz` saved, or a seed corpus: `helpdesk-fuzz FILE|DIR...`. Prints how many inputs ran.
@main
struct Replay {
    static func main() {
        var count = 0
        for arg in CommandLine.arguments.dropFirst() {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: arg, isDirectory: &isDir) else { continue }
            let files = isDir.boolValue
                ? ((try? FileManager.default.contentsOfDirectory(atPath: arg)) ?? []).sorted().map { arg + "/" + $0 } : [arg]
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                FuzzTargets.run(Array(data))
                count += 1
            }
        }
        print("helpdesk-fuzz: \(count) inputs through the \(FuzzTargets.target) target, no crash")
    }
}
#endif
