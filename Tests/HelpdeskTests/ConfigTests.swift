import Foundation
import Testing
@testable import Helpdesk

@Suite("Configuration: file, environment, secrets, and errors that name the key and the fix")
struct ConfigTests {
    func write(_ yaml: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("helpdesk.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("defaults, file values, and environment overrides")
    func layering() throws {
        let path = try write("""
            mailbox:
              maildir: var/inbox
            outgoing:
              outbox_maildir: var/outbox
            admins: [alice@health.mo.gov, Bob@Health.mo.gov]
            store:
              path: var/store.sqlite
            """)
        let c = try HelpdeskConfig.load(path: path, environment: ["HELPDESK_STORE_PATH": "/tmp/other.sqlite", "HELPDESK_DRY_RUN": "yes"])
        #expect(c.string("shared_mailbox.address") == "MOACTS@health.mo.gov")
        #expect(c.path("store.path") == "/tmp/other.sqlite")
        #expect(c.sources["store.path"] == "HELPDESK_STORE_PATH")
        #expect(c.path("mailbox.maildir")?.hasSuffix("/var/inbox") == true)
        #expect(c.addresses("admins") == ["alice@health.mo.gov", "bob@health.mo.gov"])
        #expect(c.bool("dry_run"))
        #expect(c.int("new_user.after_contact_work_seconds") == 300)
    }

    @Test("each mistake names the key, where it is, and the fix", arguments: [
        ("mailbox:\n  maildir: in\noutgoing:\n  outbox_maildir: out\nstore:\n  pth: x\n", "store.pth", "did you mean `store.path`"),
        ("mailbox:\n  maildir: in\noutgoing:\n  outbox_maildir: out\ndry_run: maybe\n", "dry_run", "write true or false"),
        ("mailbox:\n  maildir: in\noutgoing:\n  outbox_maildir: out\nadmins: [not-an-address]\n", "admins", "list addresses"),
        ("mailbox:\n  maildir: in\n  imap_password: hunter2\noutgoing:\n  outbox_maildir: out\n", "mailbox.imap_password", "HELPDESK_MAILBOX_IMAP_PASSWORD"),
        ("outgoing:\n  outbox_maildir: out\n", "mailbox.maildir", "set mailbox.maildir"),
        ("mailbox:\n  maildir: in\n", "outgoing.outbox_maildir", "set outgoing.outbox_maildir"),
        ("mailbox:\n  maildir: in\noutgoing:\n  outbox_maildir: out\nnew_user:\n  phone_type: CELL\n", "new_user.phone_type", "SOFT_PHONE"),
        ("mailbox:\n  maildir: in\noutgoing:\n  outbox_maildir: out\nloop_guard:\n  per_correspondent_per_day: 0\n",
         "loop_guard.per_correspondent_per_day", "write a number from 1 to 20"),
        ("mailbox:\n  maildir: in\noutgoing:\n  outbox_maildir: out\nloop_guard:\n  per_ticket: 500\n",
         "loop_guard.per_ticket", "too high to stop a mail loop"),
        ("mailbox:\n  maildir: in\noutgoing:\n  outbox_maildir: out\nloop_guard:\n  breaker_per_10_minutes: lots\n",
         "loop_guard.breaker_per_10_minutes", "not a whole number"),
        ("mailbox:\n  maildir: in\noutgoing:\n  outbox_maildir: out\nadmins: [MOACTS@health.mo.gov]\n",
         "admins", "remove moacts@health.mo.gov from admins"),
        ("mailbox:\n  maildir: in\noutgoing:\n  outbox_maildir: out\nrequesters: [moacts@health.mo.gov]\n",
         "requesters", "send its own mail to itself"),
        ("mailbox:\n  maildir: in\noutgoing:\n  outbox_maildir: out\npoll_seconds: 0\n", "poll_seconds", "from 1 to 3600"),
        ("mailbox:\n  maildir: in\noutgoing:\n  outbox_maildir: out\n  smtp_connections: 64\n",
         "outgoing.smtp_connections", "from 1 to 16"),
        ("mailbox:\n  maildir: in\noutgoing:\n  outbox_maildir: out\n  in_doubt_grace_seconds: 7200\n",
         "outgoing.in_doubt_grace_seconds", "from 0 to 3600"),
        ("mailbox:\n  maildir: in\noutgoing:\n  outbox_maildir: out\nloop_guard:\n  breaker_per_10_minute: 5\n",
         "loop_guard.breaker_per_10_minute", "did you mean `loop_guard.breaker_per_10_minutes`"),
    ])
    func problems(yaml: String, key: String, fix: String) throws {
        let path = try write(yaml)
        do {
            _ = try HelpdeskConfig.load(path: path, environment: [:])
            Issue.record("expected a configuration error")
        } catch {
            let p = error.problems.first { $0.key == key }
            #expect(p != nil, "\(error.description)")
            #expect(p.map { ($0.fix + $0.problem).contains(fix) } == true, "\(error.description)")
        }
    }

    @Test("the in-doubt grace reaches the policy: 15 s by default")
    func inDoubtGrace() throws {
        let path = try write("mailbox:\n  maildir: in\noutgoing:\n  outbox_maildir: out\n")
        #expect(HelpdeskPolicy(config: try HelpdeskConfig.load(path: path, environment: [:])).inDoubtGrace == 15)
        let set = try HelpdeskConfig.load(path: path, environment: ["HELPDESK_OUTGOING_IN_DOUBT_GRACE_SECONDS": "40"])
        #expect(HelpdeskPolicy(config: set).inDoubtGrace == 40)
    }

    @Test("the loop guard's keys reach the policy")
    func loopGuardKeys() throws {
        let path = try write("mailbox:\n  maildir: in\noutgoing:\n  outbox_maildir: out\nloop_guard:\n  per_ticket: 2\n")
        let c = try HelpdeskConfig.load(path: path, environment: ["HELPDESK_LOOP_GUARD_BREAKER_PER_10_MINUTES": "25"])
        let p = HelpdeskPolicy(config: c)
        #expect(p.loopGuard == LoopGuardLimits(perCorrespondentPerDay: 3, perTicket: 2, breakerPer10Minutes: 25))
    }

    @Test("a secret comes from the environment or a file, never from helpdesk.yaml, and is not echoed in errors")
    func secrets() throws {
        let secretFile = FileManager.default.temporaryDirectory.appendingPathComponent("pw-\(UUID().uuidString)").path
        try "s3cret-from-file\n".write(toFile: secretFile, atomically: true, encoding: .utf8)
        let path = try write("mailbox:\n  maildir: in\n  imap_password_file: \(secretFile)\noutgoing:\n  outbox_maildir: out\n")
        let c = try HelpdeskConfig.load(path: path, environment: [:])
        #expect(c["mailbox.imap_password"] == "s3cret-from-file")
        let inline = try write("mailbox:\n  maildir: in\n  imap_password: hunter2\noutgoing:\n  outbox_maildir: out\n")
        do {
            _ = try HelpdeskConfig.load(path: inline, environment: [:])
        } catch {
            #expect(!error.description.contains("hunter2"))
        }
    }
}

@Suite("The example configuration")
struct ExampleConfigTests {
    @Test("helpdesk.example.yaml loads and documents every key")
    func example() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent("helpdesk.example.yaml").path
        let c = try HelpdeskConfig.load(path: path, environment: [:])
        #expect(c.string("directory.kind") == "local")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for key in ConfigSchema.keys {
            let last = String(key.name.split(separator: ".").last!)
            #expect(text.contains(last), "helpdesk.example.yaml does not mention \(key.name)")
        }
    }
}

@Suite("Configuration keys that end in _file")
struct ConfigFileKeyTests {
    @Test("ca_file is a plain key; imap_password_file names a secret")
    func caFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let ca = dir.appendingPathComponent("ca.pem").path
        try "-----BEGIN CERTIFICATE-----\n".write(toFile: ca, atomically: true, encoding: .utf8)
        let secret = dir.appendingPathComponent("pw").path
        try "pw-from-file".write(toFile: secret, atomically: true, encoding: .utf8)
        let path = dir.appendingPathComponent("helpdesk.yaml").path
        try """
            mailbox:
              imap_url: imaps://localhost:993/INBOX
              imap_user: moacts@health.mo.gov
              imap_password_file: \(secret)
              ca_file: \(ca)
            outgoing:
              outbox_maildir: out
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let c = try HelpdeskConfig.load(path: path, environment: [:])
        #expect(c.path("mailbox.ca_file") == ca)
        #expect(c["mailbox.imap_password"] == "pw-from-file")
    }
}
