import Foundation
import Testing

/// The command line as a user runs it: the built `helpdesk` binary, its output and exit status.
@Suite("helpdesk on the command line")
struct CLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    struct Result {
        var status: Int32
        var out: String
        var err: String
    }

    static func helpdesk(_ args: [String], stdin: Data? = nil, environment: [String: String] = [:]) throws -> Result {
        let binary = root + "/.build/debug/helpdesk"
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: binary + " (run `swift build` first)"])
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        if !environment.isEmpty {
            p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        p.currentDirectoryURL = URL(fileURLWithPath: root)
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self))
    }

    /// A workspace on the embedded default for commands run by hand: Maildirs `in` and `out`, `helpdesk.yaml` with
    /// the repository's rules and templates, the store and directory under `var/`, admin@health.mo.gov as admin.
    static func maildirWorkspace(_ prefix: String) throws -> String {
        let dir = NSTemporaryDirectory() + "\(prefix)-\(UUID().uuidString)"
        for d in ["in/new", "in/cur", "in/tmp", "out/new", "out/cur", "out/tmp"] {
            try FileManager.default.createDirectory(atPath: dir + "/" + d, withIntermediateDirectories: true)
        }
        try """
            mailbox:
              maildir: in
            outgoing:
              outbox_maildir: out
            directory:
              local_path: var/directory.sqlite
            store:
              path: var/helpdesk.sqlite
            rules:
              path: \(root)/rules
            templates:
              path: \(root)/templates
            admins: [admin@health.mo.gov]
            """.write(toFile: dir + "/helpdesk.yaml", atomically: true, encoding: .utf8)
        return dir
    }

    static func json(_ line: Substring) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test("classify --json prints one object per file, on one line, with the extraction")
    func classifyJSON() throws {
        let r = try Self.helpdesk(["classify", "--json", "Tests/Fixtures/corpus/dev/dev001.eml", "Tests/Fixtures/corpus/dev/dev020.eml"])
        #expect(r.status == 0)
        let lines = r.out.split(separator: "\n")
        #expect(lines.count == 2)
        let first = try Self.json(lines[0])
        #expect(first["category"] as? String == "new_user")
        #expect(first["reply"] as? Bool == true)
        #expect((first["users"] as? [Any])?.count == 3)
        #expect((first["explanation"] as? [String: Any])?["reason"] != nil)
        let second = try Self.json(lines[1])
        #expect(second["category"] as? String == "approval")
        #expect(second["ticket"] as? Int == 1042)
        #expect(second["decision"] as? String == "approve")
    }

    @Test("- reads standard input; an unparseable message is other with an error; an unreadable file exits 66")
    func inputs() throws {
        let message = try Data(contentsOf: URL(fileURLWithPath: Self.root + "/Tests/Fixtures/corpus/dev/dev033.eml"))
        let stdin = try Self.helpdesk(["classify", "--json", "-"], stdin: message)
        #expect(try Self.json(stdin.out.split(separator: "\n")[0])["category"] as? String == "auto_reply")
        #expect(try Self.json(stdin.out.split(separator: "\n")[0])["reply"] as? Bool == false)
        let garbage = try Self.helpdesk(["classify", "--json", "-"], stdin: Data([0, 1, 2, 3, 255]))
        let g = try Self.json(garbage.out.split(separator: "\n")[0])
        #expect(g["category"] as? String == "other")
        #expect((g["error"] as? String)?.isEmpty == false)
        #expect(garbage.status == 0)
        let missing = try Self.helpdesk(["classify", "--json", "/nonexistent/x.eml"])
        #expect(missing.status == 66)
        #expect(missing.err.contains("cannot read /nonexistent/x.eml"))
        let usage = try Self.helpdesk(["classify"])
        #expect(usage.status == 64)
    }

    @Test("rules check: OK for the repository's rules; file:line for a broken file")
    func rulesCheck() throws {
        let ok = try Self.helpdesk(["rules", "check"])
        #expect(ok.status == 0)
        #expect(ok.out.contains("OK"))
        let dir = NSTemporaryDirectory() + "rules-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "category: bounce\nrules:\n  - name: x\n    in: [subject]\n    phrases: [y]\n".write(toFile: dir + "/bounce.yaml", atomically: true, encoding: .utf8)
        let bad = try Self.helpdesk(["rules", "check", "--rules", dir])
        #expect(bad.status == 1)
        #expect(bad.out.contains("bounce.yaml:3"))
        #expect(bad.out.contains("weight"))
    }

    @Test("check names the key and the fix")
    func check() throws {
        let dir = NSTemporaryDirectory() + "cfg-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "mailbox:\n  maildir: in\noutgoing:\n  outbox_maildir: out\ndry_run: perhaps\n".write(toFile: dir + "/helpdesk.yaml", atomically: true, encoding: .utf8)
        let r = try Self.helpdesk(["check", "--config", dir + "/helpdesk.yaml"])
        #expect(r.status != 0)
        #expect(r.err.contains("dry_run"))
        #expect(r.err.contains("write true or false"))
    }
}

@Suite("helpdesk directory and the configuration")
struct DirectoryCLITests {
    @Test("directory commands use the configuration's directory.local_path unless --path is given")
    func usesConfig() throws {
        let dir = NSTemporaryDirectory() + "dircfg-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "mailbox:\n  maildir: in\noutgoing:\n  outbox_maildir: out\ndirectory:\n  local_path: var/dir.sqlite\n"
            .write(toFile: dir + "/helpdesk.yaml", atomically: true, encoding: .utf8)
        let r = try CLITests.helpdesk(["directory", "list", "--config", dir + "/helpdesk.yaml"])
        #expect(r.status == 0)
        #expect(r.out.contains(dir + "/var/dir.sqlite"))
        #expect(FileManager.default.fileExists(atPath: dir + "/var/dir.sqlite"))
    }
}
