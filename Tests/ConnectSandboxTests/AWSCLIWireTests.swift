import ConnectSandbox
import Directory
import Foundation
import Testing

/// Wire compatibility with an independent client: the installed AWS CLI (`aws connect ...`), pointed at the sandbox
/// with `--endpoint-url` and test credentials, does the bot's work; with wrong credentials it is refused with AWS's
/// error. The CLI reads nothing but the environment given here (empty config and credentials files, a temporary
/// HOME) and talks only to loopback.
@Suite("The AWS CLI against the Connect sandbox")
struct AWSCLIWireTests {
    /// The `aws` executable on PATH (pyenv's shim is fine), or nil.
    static func awsCLI() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/aws" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs the AWS CLI with only the environment it needs; returns status, standard output, standard error.
    struct CLI {
        let executable: String
        let endpoint: String
        let home: URL
        var accessKey: String
        var secretKey: String
        var extraEnvironment: [String: String] = [:]

        func callAsFunction(_ arguments: [String]) async throws -> (status: Int32, out: String, err: String) {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: executable)
            p.arguments = ["connect"] + arguments + ["--endpoint-url", endpoint, "--region", "us-east-1",
                                                     "--output", "json"]
            let inherited = ProcessInfo.processInfo.environment
            var env = ["AWS_ACCESS_KEY_ID": accessKey, "AWS_SECRET_ACCESS_KEY": secretKey,
                       "AWS_CONFIG_FILE": home.appendingPathComponent("config").path,
                       "AWS_SHARED_CREDENTIALS_FILE": home.appendingPathComponent("credentials").path,
                       "AWS_EC2_METADATA_DISABLED": "true", "AWS_PAGER": "", "HOME": home.path,
                       "PATH": inherited["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
                       "NO_PROXY": "127.0.0.1,localhost"]
            for key in ["PYENV_ROOT", "PYENV_VERSION", "LANG", "LC_ALL"] { env[key] = inherited[key] }
            env.merge(extraEnvironment) { _, new in new }
            p.environment = env
            p.currentDirectoryURL = home
            let out = Pipe(), err = Pipe()
            p.standardOutput = out
            p.standardError = err
            p.standardInput = FileHandle.nullDevice
            // The CLI blocks; wait for it off the cooperative pool's threads.
            return try await withCheckedThrowingContinuation { c in
                Thread {
                    do {
                        try p.run()
                        let o = out.fileHandleForReading.readDataToEndOfFile()
                        let e = err.fileHandleForReading.readDataToEndOfFile()
                        p.waitUntilExit()
                        c.resume(returning: (p.terminationStatus, String(decoding: o, as: UTF8.self),
                                             String(decoding: e, as: UTF8.self)))
                    } catch {
                        c.resume(throwing: error)
                    }
                }.start()
            }
        }

        /// Runs and decodes the JSON answer (an empty answer is `[:]`), recording a failure with the CLI's words.
        func json(_ arguments: [String]) async throws -> [String: Any] {
            let r = try await self(arguments)
            #expect(r.status == 0, "aws connect \(arguments.first ?? ""): \(r.err)")
            let text = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { return [:] }
            return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(r.out)")
        }
    }

    /// A sandbox served on loopback over a fresh local directory, and the CLI pointed at it.
    func withCLI(_ body: (CLI, LocalDirectory, ConnectSandbox) async throws -> Void) async throws {
        let aws = try #require(Self.awsCLI(), "No `aws` on PATH: install the AWS CLI (`pip install awscli`) so that its `connect` commands can be run against the sandbox.")
        try await withSandbox(realTime: true) { _, local, sandbox in
            let server = SandboxServer(handler: sandbox)
            let port = try server.start(port: 0)
            defer { server.stop() }
            let home = FileManager.default.temporaryDirectory.appendingPathComponent("aws-cli-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: home) }
            for file in ["config", "credentials"] {
                try Data().write(to: home.appendingPathComponent(file))
            }
            try await body(CLI(executable: aws, endpoint: "http://127.0.0.1:\(port)", home: home,
                               accessKey: sandboxKeys.accessKeyID, secretKey: sandboxKeys.secretAccessKey), local, sandbox)
        }
    }

    @Test("create-user, search-users, describe-user, update-user-identity-info, delete-user, list-routing-profiles and list-security-profiles")
    func operations() async throws {
        try await withCLI { aws, local, _ in
            let instance = ["--instance-id", sandboxInstance]
            let routing = try await aws.json(["list-routing-profiles"] + instance)["RoutingProfileSummaryList"]
                as? [[String: Any]] ?? []
            #expect(Set(routing.compactMap { $0["Name"] as? String })
                == ["Case Investigator", "Contact Tracers", "Resource Coordinator"])
            let security = try await aws.json(["list-security-profiles"] + instance)["SecurityProfileSummaryList"]
                as? [[String: Any]] ?? []
            #expect(security.contains { $0["Name"] as? String == "Agent" })
            let routingID = try #require(routing.first { $0["Name"] as? String == "Contact Tracers" }?["Id"] as? String)
            let agentID = try #require(security.first { $0["Name"] as? String == "Agent" }?["Id"] as? String)

            let created = try await aws.json(["create-user"] + instance + [
                "--username", "Zoe.Obrien", "--password", "Xk3vQ9pLm2Rt7Wz8Yb4N",
                "--identity-info", #"{"FirstName": "Zoë", "LastName": "O'Brien", "Email": "zoe@health.mo.gov"}"#,
                "--phone-config", #"{"PhoneType": "SOFT_PHONE", "AutoAccept": false, "AfterContactWorkTimeLimit": 300}"#,
                "--security-profile-ids", agentID, "--routing-profile-id", routingID,
                "--tags", "helpdesk-request=ticket-1-action-1"])
            let id = try #require(created["UserId"] as? String, "\(created)")
            #expect((created["UserArn"] as? String)?.hasSuffix("/agent/" + id) == true)
            #expect(try await local.describe(UserID(id)).username == "Zoe.Obrien")

            let found = try await aws.json(["search-users"] + instance + ["--search-criteria",
                #"{"StringCondition": {"FieldName": "Username", "Value": "zoe.obrien", "ComparisonType": "EXACT"}}"#])
            #expect((found["Users"] as? [[String: Any]])?.compactMap { $0["Id"] as? String } == [id])
            #expect(found["ApproximateTotalCount"] as? Int == 1)
            let byTag = try await aws.json(["search-users"] + instance + ["--search-filter",
                #"{"TagFilter": {"TagCondition": {"TagKey": "helpdesk-request", "TagValue": "ticket-1-action-1"}}}"#])
            #expect((byTag["Users"] as? [[String: Any]])?.compactMap { $0["Id"] as? String } == [id])

            let user = try await aws.json(["describe-user"] + instance + ["--user-id", id])["User"] as? [String: Any]
            #expect(user?["Username"] as? String == "Zoe.Obrien")
            let identity = user?["IdentityInfo"] as? [String: Any]
            #expect(identity?["FirstName"] as? String == "Zoë")
            #expect(identity?["Email"] as? String == "zoe@health.mo.gov")
            #expect((user?["PhoneConfig"] as? [String: Any])?["AfterContactWorkTimeLimit"] as? Int == 300)
            #expect(user?["SecurityProfileIds"] as? [String] == [agentID])

            _ = try await aws.json(["update-user-identity-info"] + instance + ["--user-id", id, "--identity-info",
                #"{"FirstName": "Zoë", "LastName": "O'Brien", "Email": "zoe.obrien@health.mo.gov"}"#])
            #expect(try await local.describe(UserID(id)).identityInfo.email == "zoe.obrien@health.mo.gov")

            _ = try await aws.json(["delete-user"] + instance + ["--user-id", id])
            #expect(try await local.allUsers().isEmpty)
            let gone = try await aws(["describe-user"] + instance + ["--user-id", id])
            #expect(gone.status != 0)
            #expect(gone.err.contains("(ResourceNotFoundException)"), "\(gone.err)")
        }
    }

    @Test("wrong credentials are refused with AWS's error", arguments: [
        ("AKIDOTHER", sandboxKeys.secretAccessKey, "UnrecognizedClientException"),
        (sandboxKeys.accessKeyID, "wrong/secret", "InvalidSignatureException"),
    ])
    func refused(_ accessKey: String, _ secretKey: String, _ type: String) async throws {
        try await withCLI { aws, local, _ in
            var wrong = aws
            wrong.accessKey = accessKey
            wrong.secretKey = secretKey
            for operation in ["list-routing-profiles", "list-security-profiles"] {
                let r = try await wrong([operation, "--instance-id", sandboxInstance])
                #expect(r.status != 0)
                #expect(r.err.contains("An error occurred (\(type))"), "\(r.err)")
            }
            let r = try await wrong(["create-user", "--instance-id", sandboxInstance, "--username", "Eve.Intruder",
                                     "--password", "Xk3vQ9pLm2Rt7Wz8Yb4N", "--phone-config", "PhoneType=SOFT_PHONE",
                                     "--security-profile-ids", "x", "--routing-profile-id", "y"])
            #expect(r.err.contains("An error occurred (\(type))"), "\(r.err)")
            #expect(try await local.allUsers().isEmpty, "nothing was created")
        }
    }

    @Test("faults over HTTP: the CLI retries throttling; a 5xx and a slow answer fail it as AWS's would")
    func faults() async throws {
        try await withCLI { aws, _, sandbox in
            let instance = ["--instance-id", sandboxInstance]
            sandbox.faults.inject(SandboxFault(.throttle, operation: "ListRoutingProfiles", .next(2)))
            let routing = try await aws.json(["list-routing-profiles"] + instance)
            #expect((routing["RoutingProfileSummaryList"] as? [Any])?.count == 3)
            #expect(sandbox.faults.fired.count == 2, "the CLI was throttled twice, and retried")

            var once = aws
            once.extraEnvironment = ["AWS_MAX_ATTEMPTS": "1"]
            sandbox.faults.inject(SandboxFault(.serverError(503), operation: "ListSecurityProfiles"))
            let failed = try await once(["list-security-profiles"] + instance)
            #expect(failed.status != 0)
            #expect(failed.err.contains("(ServiceUnavailableException)"), "\(failed.err)")

            sandbox.faults.inject(SandboxFault(.slow(seconds: 3), operation: "ListUsers"))
            let slow = try await once(["list-users", "--cli-read-timeout", "1"] + instance)
            #expect(slow.status != 0)
            #expect(slow.err.lowercased().contains("timeout") || slow.err.lowercased().contains("timed out"),
                    "\(slow.err)")
        }
    }
}
