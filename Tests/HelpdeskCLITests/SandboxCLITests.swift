import Foundation
import HelpdeskTesting
import Testing

/// `helpdesk sandbox` as a user starts it, driven by botocore's `connect` client.
@Suite("helpdesk sandbox")
struct SandboxCLITests {
    @Test("serves Connect's user API on loopback; botocore's client does its work against it")
    func botocoreAgainstTheCommand() async throws {
        let python = try #require(BotocorePython.path, "\(BotocorePython.missing)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let server = Process()
        server.executableURL = URL(fileURLWithPath: CLITests.root + "/.build/debug/helpdesk")
        server.arguments = ["sandbox", "--path", folder.appendingPathComponent("dir.sqlite").path, "--port", "0"]
        server.environment = ["AWS_ACCESS_KEY_ID": "AKIDCLI", "AWS_SECRET_ACCESS_KEY": "cli/secret",
                              "HOME": folder.path, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
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
                c.resume(with: Result { try BotocorePython.run(python, [script, "http://127.0.0.1:\(port)", "local", "AKIDCLI",
                                                              "cli/secret"]) })
            }.start()
        }
        #expect(status == 0, "\(output)")
        #expect(output.split(separator: "\n").count == 13, "\(output)")
    }

    @Test("--fault and --reuse-delay: throttling the CLI retries, a 503, and a deleted username refused for a while")
    func faultFlags() async throws {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let aws = try #require(path.split(separator: ":").map { "\($0)/aws" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }, "No `aws` on PATH: install the AWS CLI.")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-faults-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for f in ["config", "credentials"] { try Data().write(to: folder.appendingPathComponent(f)) }

        let server = Process()
        server.executableURL = URL(fileURLWithPath: CLITests.root + "/.build/debug/helpdesk")
        server.arguments = ["sandbox", "--path", folder.appendingPathComponent("dir.sqlite").path, "--port", "0",
                            "--any-signature", "--fault", "throttle:ListRoutingProfiles:2",
                            "--fault", "503:ListSecurityProfiles:every1", "--reuse-delay", "600"]
        server.environment = ["HOME": folder.path, "PATH": path]
        let out = Pipe()
        server.standardOutput = out
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { server.terminate(); server.waitUntilExit() }
        let head = try await withCheckedThrowingContinuation { (c: CheckedContinuation<String, any Error>) in
            Thread {
                var bytes = Data()
                while String(decoding: bytes, as: UTF8.self).components(separatedBy: "\n").count < 5 {
                    let chunk = out.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    bytes += chunk
                }
                c.resume(returning: String(decoding: bytes, as: UTF8.self))
            }.start()
        }
        #expect(head.contains("faults: throttle:ListRoutingProfiles:2 503:ListSecurityProfiles:every1"), "\(head)")
        #expect(head.contains("a deleted username is unusable for 600.0 s"), "\(head)")
        let port = try #require(head.split(separator: " ").first { $0.hasPrefix("http://127.0.0.1:") }
            .flatMap { $0.split(separator: ":").last }, "\(head)")

        func cli(_ args: [String]) async throws -> (Int32, String, String) {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: aws)
            p.arguments = ["connect"] + args + ["--instance-id", "local", "--endpoint-url", "http://127.0.0.1:\(port)",
                                                "--region", "us-east-1", "--output", "json"]
            p.environment = ["AWS_ACCESS_KEY_ID": "AKIDANY", "AWS_SECRET_ACCESS_KEY": "any",
                             "AWS_CONFIG_FILE": folder.appendingPathComponent("config").path,
                             "AWS_SHARED_CREDENTIALS_FILE": folder.appendingPathComponent("credentials").path,
                             "AWS_EC2_METADATA_DISABLED": "true", "AWS_MAX_ATTEMPTS": "3", "HOME": folder.path,
                             "PATH": path]
            let o = Pipe(), e = Pipe()
            p.standardOutput = o
            p.standardError = e
            return try await withCheckedThrowingContinuation { c in
                Thread {
                    do {
                        try p.run()
                        let od = o.fileHandleForReading.readDataToEndOfFile()
                        let ed = e.fileHandleForReading.readDataToEndOfFile()
                        p.waitUntilExit()
                        c.resume(returning: (p.terminationStatus, String(decoding: od, as: UTF8.self),
                                             String(decoding: ed, as: UTF8.self)))
                    } catch { c.resume(throwing: error) }
                }.start()
            }
        }
        let routing = try await cli(["list-routing-profiles"])
        #expect(routing.0 == 0, "throttled twice, then answered: \(routing.2)")
        let profiles = (try JSONSerialization.jsonObject(with: Data(routing.1.utf8)) as? [String: Any])?[
            "RoutingProfileSummaryList"] as? [[String: Any]] ?? []
        #expect(profiles.count == 3)
        let security = try await cli(["list-security-profiles"])
        #expect(security.0 != 0)
        #expect(security.2.contains("(ServiceUnavailableException)"), "\(security.2)")

        // The reuse delay, with a user made directly in the directory file through the command line.
        let dir = folder.appendingPathComponent("dir.sqlite").path
        let csv = folder.appendingPathComponent("users.csv")
        try Data("""
            First Name,Last Name,Email Address,User Login,Password,Security Profile,Routing Profile,Phone Type,Agent Hierarchy
            Zoe,Obrien,zoe@health.mo.gov,Zoe.Obrien,Xk3vQ9pLm2Rt7Wz8Yb4N,Agent,Contact Tracers,Soft Phone,MO ACTS
            """.utf8).write(to: csv)
        let imported = try CLITests.helpdesk(["directory", "import", csv.path, "--path", dir])
        #expect(imported.status == 0, "\(imported.out)\(imported.err)")
        let found = try await cli(["search-users", "--search-criteria",
            #"{"StringCondition": {"FieldName": "Username", "Value": "Zoe.Obrien", "ComparisonType": "EXACT"}}"#])
        let user = ((try JSONSerialization.jsonObject(with: Data(found.1.utf8)) as? [String: Any])?["Users"]
            as? [[String: Any]])?.first
        let id = try #require(user?["Id"] as? String, "\(found.1)\(found.2)")
        #expect(try await cli(["delete-user", "--user-id", id]).0 == 0)
        let again = try await cli(["create-user", "--username", "Zoe.Obrien", "--password", "Xk3vQ9pLm2Rt7Wz8Yb4N",
                                   "--phone-config", "PhoneType=SOFT_PHONE,AfterContactWorkTimeLimit=0",
                                   "--identity-info", "FirstName=Zoe,LastName=Obrien",
                                   "--security-profile-ids"] + (user?["SecurityProfileIds"] as? [String] ?? [])
                                   + ["--routing-profile-id", user?["RoutingProfileId"] as? String ?? ""])
        #expect(again.0 != 0)
        #expect(again.2.contains("(DuplicateResourceException)"), "\(again.2)")
    }

    @Test("helpdesk run --once with directory.kind: connect against helpdesk sandbox with faults: the users are created once")
    func runAgainstTheSandbox() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-run-\(UUID().uuidString)")
        for d in ["inbox/new", "inbox/cur", "inbox/tmp", "outbox/new", "outbox/cur", "outbox/tmp"] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(d), withIntermediateDirectories: true)
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let keys = ["AWS_ACCESS_KEY_ID": "AKIDRUN", "AWS_SECRET_ACCESS_KEY": "run/secret",
                    "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null"]
        let dir = folder.appendingPathComponent("connect.sqlite").path
        let server = Process()
        server.executableURL = URL(fileURLWithPath: CLITests.root + "/.build/debug/helpdesk")
        server.arguments = ["sandbox", "--path", dir, "--port", "0", "--fault", "throttle:any:every4",
                            "--fault", "503:CreateUser:1"]
        server.environment = keys.merging(["HOME": folder.path, "PATH": "/usr/bin:/bin"]) { $1 }
        let out = Pipe()
        server.standardOutput = out
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { server.terminate(); server.waitUntilExit() }
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
        let config = folder.appendingPathComponent("helpdesk.yaml").path
        try """
            mailbox:
              maildir: inbox
            outgoing:
              outbox_maildir: outbox
            store:
              path: helpdesk.sqlite
            rules:
              path: \(CLITests.root)/rules
            templates:
              path: \(CLITests.root)/templates
            requesters: [gloria.mattingly@health.mo.gov]
            directory:
              kind: connect
              connect:
                instance_id: local
                region: us-east-1
                endpoint: http://127.0.0.1:\(port)
            """.write(toFile: config, atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: CLITests.root + "/Tests/Fixtures/corpus/dev/dev001.eml",
                                         toPath: folder.appendingPathComponent("inbox/new/1").path)
        let check = try CLITests.helpdesk(["check", "--config", config], environment: keys)
        #expect(check.status == 0, "\(check.err)")
        let run = try CLITests.helpdesk(["run", "--once", "--config", config], environment: keys)
        #expect(run.status == 0, "\(run.err)")
        let list = try CLITests.helpdesk(["directory", "list", "--json", "--path", dir])
        let users = try JSONSerialization.jsonObject(with: Data(list.out.utf8)) as? [[String: Any]] ?? []
        #expect(users.compactMap { $0["Username"] as? String }.sorted()
            == ["Imani.Caldwell", "Rachel.Steinberg", "Victor.Dumas"], "\(list.out)")
        let sent = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("outbox/new").path)
        #expect(sent.count == 4, "three credential emails and the outcome to the requester")
        let tickets = try CLITests.helpdesk(["tickets", "--json", "--config", config], environment: keys)
        #expect(tickets.out.contains("closed"), "\(tickets.out)\(tickets.err)")
    }

    @Test("a --fault that cannot be read is a usage error naming the syntax")
    func badFault() throws {
        let r = try CLITests.helpdesk(["sandbox", "--any-signature", "--port", "0", "--fault", "404:any"])
        #expect(r.status == 64)
        #expect(r.err.contains("KIND[:OPERATION[:COUNT]]"), "\(r.err)")
    }

}
