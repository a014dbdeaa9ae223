import Foundation
import Testing

/// `helpdesk sandbox` as a user starts it, driven by botocore's `connect` client.
@Suite("helpdesk sandbox")
struct SandboxCLITests {
    @Test("serves Connect's user API on loopback; botocore's client does its work against it")
    func botocoreAgainstTheCommand() async throws {
        let env = ProcessInfo.processInfo.environment
        let python = try #require([env["HELPDESK_BOTOCORE_PYTHON"], "python3", "/usr/bin/python3"].compactMap { $0 }
            .first { (try? Self.run($0, ["-c", "import botocore.session"]).0) == 0 },
            "No python3 with botocore: `pip install botocore`, or set HELPDESK_BOTOCORE_PYTHON.")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let server = Process()
        server.executableURL = URL(fileURLWithPath: CLITests.root + "/.build/debug/helpdesk")
        server.arguments = ["sandbox", "--path", folder.appendingPathComponent("dir.sqlite").path, "--port", "0"]
        server.environment = ["AWS_ACCESS_KEY_ID": "AKIDCLI", "AWS_SECRET_ACCESS_KEY": "cli/secret",
                              "HOME": folder.path, "PATH": env["PATH"] ?? "/usr/bin:/bin"]
        let out = Pipe()
        server.standardOutput = out
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { server.terminate(); server.waitUntilExit() }

        // The first line names the port.
        let firstLine = try await withCheckedThrowingContinuation { (c: CheckedContinuation<String, any Error>) in
            Thread {
                var bytes = Data()
                while !bytes.contains(UInt8(ascii: "\n")) {
                    let chunk = out.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    bytes += chunk
                }
                c.resume(returning: String(decoding: bytes, as: UTF8.self))
            }.start()
        }
        let port = try #require(firstLine.split(separator: " ").first { $0.hasPrefix("http://127.0.0.1:") }
            .flatMap { $0.split(separator: ":").last }, "\(firstLine)")
        #expect(firstLine.contains("for instance local in us-east-1"))

        let script = CLITests.root + "/scripts/sandbox-botocore-check.py"
        let (status, output) = try await withCheckedThrowingContinuation { c in
            Thread {
                c.resume(with: Result { try Self.run(python, [script, "http://127.0.0.1:\(port)", "local", "AKIDCLI",
                                                              "cli/secret"]) })
            }.start()
        }
        #expect(status == 0, "\(output)")
        #expect(output.split(separator: "\n").count == 13, "\(output)")
    }

    static func run(_ python: String, _ arguments: [String]) throws -> (Int32, String) {
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
