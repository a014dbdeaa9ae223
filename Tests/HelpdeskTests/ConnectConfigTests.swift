import AWSSigV4
import ConnectDirectory
import ConnectSandbox
import Directory
import Foundation
import Logging
import Testing
@testable import Helpdesk

/// `directory.kind: connect`: the keys, their checks, and `HelpdeskApp` building the Connect directory from them
/// (here against the sandbox in-process).
@Suite("Configuration: directory.kind connect")
struct ConnectConfigTests {
    static let base = "mailbox:\n  maildir: in\noutgoing:\n  outbox_maildir: out\n"

    func write(_ yaml: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-connect-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("helpdesk.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("the keys from the file and the environment")
    func keys() throws {
        let path = try write(Self.base + """
            directory:
              kind: connect
              connect:
                instance_id: 11111111-2222-3333-4444-555555555555
                region: us-east-1
                endpoint: http://127.0.0.1:8443
            """)
        let c = try HelpdeskConfig.load(path: path, environment: ["HELPDESK_DIRECTORY_CONNECT_PROFILE": "helpdesk"])
        #expect(c.string("directory.connect.instance_id") == "11111111-2222-3333-4444-555555555555")
        #expect(c.string("directory.connect.region") == "us-east-1")
        #expect(c.string("directory.connect.endpoint") == "http://127.0.0.1:8443")
        #expect(c.string("directory.connect.profile") == "helpdesk")
        #expect(c.sources["directory.connect.profile"] == "HELPDESK_DIRECTORY_CONNECT_PROFILE")
    }

    @Test("each mistake names the key and the fix", arguments: [
        ("directory:\n  kind: connect\n", "directory.connect.instance_id", "instance id"),
        ("directory:\n  kind: connect\n  connect:\n    instance_id: x\n    endpoint: http://connect.example.org\n",
         "directory.connect.endpoint", "only on loopback"),
        ("directory:\n  kind: connect\n  connect:\n    instance_id: x\n    endpoint: ftp://127.0.0.1\n",
         "directory.connect.endpoint", "https://HOST"),
        ("directory:\n  kind: connect\n  connect:\n    instance: x\n", "directory.connect.instance", "instance_id"),
    ])
    func problems(_ yaml: String, _ key: String, _ fix: String) throws {
        let path = try write(Self.base + yaml)
        do {
            _ = try HelpdeskConfig.load(path: path, environment: [:])
            Issue.record("expected a configuration error")
        } catch {
            let p = error.problems.first { $0.key == key }
            #expect(p != nil, "\(error.description)")
            #expect(p.map { ($0.fix + $0.problem).contains(fix) } == true, "\(error.description)")
        }
    }

    /// A workspace config for `directory.kind: connect` with the repository's rules and templates.
    func config(_ connect: String, environment: [String: String] = [:]) throws -> HelpdeskConfig {
        let repo = EngineHarness.repo
        let path = try write("""
            mailbox:
              maildir: inbox
            outgoing:
              outbox_maildir: outbox
            store:
              path: var/helpdesk.sqlite
            rules:
              path: \(repo)/rules
            templates:
              path: \(repo)/templates
            directory:
              kind: connect
              connect:
            \(connect)
            """)
        return try HelpdeskConfig.load(path: path, environment: environment)
    }

    func loader(_ env: [String: String], files: [String: String] = [:]) -> AWSCredentialsLoader {
        AWSCredentialsLoader(environment: env.merging(["HOME": "/nonexistent"]) { a, _ in a }) { files[$0] }
    }

    @Test("HelpdeskApp builds AmazonConnectDirectory; its requests reach the sandbox signed with the profile's keys")
    func app() async throws {
        let local = try LocalDirectory(path: NSTemporaryDirectory() + "cc-\(UUID().uuidString).sqlite", clock: { Date() },
                                       ids: .sequential())
        let keys = AWSCredentials(accessKeyID: "AKIDPROFILE", secretAccessKey: "profile/secret")
        let sandbox = ConnectSandbox(directory: local, instanceID: "inst-1", region: "us-west-2", credentials: keys)
        let c = try config("""
                instance_id: inst-1
                region: us-west-2
                endpoint: http://127.0.0.1:8443
                profile: helpdesk
            """)
        let files = ["/aws/credentials": "[helpdesk]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile/secret\n"
                                         + "[default]\naws_access_key_id = AKIDWRONG\naws_secret_access_key = wrong\n"]
        let app = try HelpdeskApp(config: c, logger: Logger(label: "test"), connect: ConnectDependencies(
            transport: sandbox, credentials: loader(["AWS_SHARED_CREDENTIALS_FILE": "/aws/credentials"], files: files),
            environment: .system))
        #expect(app.directory is AmazonConnectDirectory)
        let profiles = try await app.directory.routingProfiles()
        #expect(profiles.map(\.name).sorted() == ["Case Investigator", "Contact Tracers", "Resource Coordinator"])
    }

    @Test("no credentials, no region: errors that name what to set", arguments: [
        ("    instance_id: inst-1\n    region: us-east-1", [String: String](), "AWS_ACCESS_KEY_ID"),
        ("    instance_id: inst-1", ["AWS_ACCESS_KEY_ID": "A", "AWS_SECRET_ACCESS_KEY": "B"], "directory.connect.region"),
        ("    instance_id: inst-1\n    region: us-east-1\n    profile: nosuch", [:], "nosuch"),
    ])
    func missing(_ connect: String, _ env: [String: String], _ named: String) throws {
        let c = try config(connect)
        #expect {
            _ = try HelpdeskApp(config: c, logger: Logger(label: "test"), connect: ConnectDependencies(
                transport: nil, credentials: loader(env), environment: .system))
        } throws: { error in
            "\(error)".contains(named)
        }
    }

    @Test("the region falls back to AWS_REGION")
    func regionFromEnvironment() throws {
        let c = try config("    instance_id: inst-1")
        let local = try LocalDirectory(path: NSTemporaryDirectory() + "cc-\(UUID().uuidString).sqlite", clock: { Date() },
                                       ids: .sequential())
        let sandbox = ConnectSandbox(directory: local, instanceID: "inst-1", region: "eu-west-2", credentials: nil)
        let app = try HelpdeskApp(config: c, logger: Logger(label: "test"), connect: ConnectDependencies(
            transport: sandbox, credentials: loader(["AWS_ACCESS_KEY_ID": "A", "AWS_SECRET_ACCESS_KEY": "B",
                                                     "AWS_REGION": "eu-west-2"]), environment: .system))
        #expect(app.directory is AmazonConnectDirectory)
    }
}
