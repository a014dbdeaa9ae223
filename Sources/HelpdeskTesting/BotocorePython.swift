import Foundation

/// The Python that tests of the Amazon Connect path use as an independent client: one that has botocore
/// (`$HELPDESK_BOTOCORE_PYTHON`, else `python3` on `PATH`, else Debian's `/usr/bin/python3`; `scripts/install-deps`
/// installs botocore when missing).
public enum BotocorePython {
    /// The first candidate that can `import botocore.session`, or nil.
    public static let path: String? = {
        let env = ProcessInfo.processInfo.environment
        return [env["HELPDESK_BOTOCORE_PYTHON"], "python3", "/usr/bin/python3"].compactMap { $0 }.first {
            (try? run($0, ["-c", "import botocore.session"]).status) == 0
        }
    }()

    /// What a test says when there is none.
    public static let missing = "No python3 with botocore: `pip install botocore`, or set HELPDESK_BOTOCORE_PYTHON."

    /// Runs `python` with `arguments` (through `env`, so a bare name is looked up on `PATH`): its exit status and its
    /// standard output and error together.
    public static func run(_ python: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [python] + arguments
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
