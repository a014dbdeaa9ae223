import Foundation

/// Runs a Python script with `/usr/bin/python3` (standard library only: smtplib, imaplib, ssl) and returns its exit
/// status and output. The tests use Python as an independent client of the stack.
struct Python {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var ok: Bool { status == 0 }
    }

    static func run(_ script: String, _ arguments: [String] = [], timeout: TimeInterval = 60) async throws -> Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mailstack-py-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let scriptFile = dir.appendingPathComponent("script.py")
        let outFile = dir.appendingPathComponent("out")
        let errFile = dir.appendingPathComponent("err")
        try Data(script.utf8).write(to: scriptFile)
        _ = FileManager.default.createFile(atPath: outFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        let out = try FileHandle(forWritingTo: outFile)
        let err = try FileHandle(forWritingTo: errFile)
        defer {
            try? out.close()
            try? err.close()
        }
        let process = Process()
        let watchdog = Task {
            try await Task.sleep(for: .seconds(timeout))
            if process.isRunning { process.terminate() }
        }
        defer { watchdog.cancel() }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [scriptFile.path] + arguments
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        // Wait without blocking a thread of the cooperative pool (the suites run in parallel on few cores).
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in continuation.resume() }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        return Result(status: process.terminationStatus,
                      stdout: (try? String(contentsOf: outFile, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: errFile, encoding: .utf8)) ?? "")
    }
}

/// A token unique to one test, to find its message among everything else in a shared mailbox.
func token(_ label: String) -> String {
    "\(label)-\(UUID().uuidString.prefix(12).lowercased())"
}

/// The Python snippet every SMTP test starts from: `ctx` verifies the server against the stack's CA.
let smtpPrelude = """
import smtplib, ssl, sys
host, port, ca, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
ctx = ssl.create_default_context(cafile=ca)
def message(sender, rcpts, subject, body):
    return ("From: " + sender + "\\r\\nTo: " + ", ".join(rcpts) + "\\r\\nSubject: " + subject +
            "\\r\\nMessage-ID: <" + subject + "@test.invalid>\\r\\n\\r\\n" + body + "\\r\\n")

"""
