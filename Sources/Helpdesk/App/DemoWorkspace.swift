import Directory
import Foundation
import Logging
import Store

/// A throwaway workspace for `helpdesk demo`: a configuration, a local directory of sample users, and a Maildir of
/// sample requests covering every category.
public struct DemoWorkspace: Sendable {
    /// The workspace folder.
    public let root: String
    /// Its configuration file.
    public var configPath: String { root + "/helpdesk.yaml" }
    /// The Maildir the bot reads.
    public var inbox: String { root + "/mail/inbox" }
    /// The Maildir the bot writes replies to.
    public var outbox: String { root + "/mail/outbox" }

    /// The sample users: people the sample requests are about.
    public static let sampleUsers: [(first: String, last: String, email: String?, routing: String, security: String)] = [
        ("Luis", "Ortega", "Luis.Ortega@health.mo.gov", "Contact Tracers", "Agent"),
        ("Alicia", "Vance", "avance@lphamo.net", "Contact Tracers", "Agent"),
        ("Dolores", "Quintero", "dquintero55@yahoo.com", "Case Investigator", "Agent"),
        ("Tonya", "Fields", "Tonya.Fields@health.mo.gov", "Contact Tracers", "Agent"),
        ("Gloria", "Mattingly", "Gloria.Mattingly@health.mo.gov", "Contact Tracers", "Supervisor"),
    ]

    /// Creates the workspace in `root` (made fresh), with rules and templates from `packageRoot`, and the sample
    /// requests of `requests` delivered into the inbox.
    public static func create(root: String, packageRoot: String, requests: String) async throws -> DemoWorkspace {
        let fm = FileManager.default
        if fm.fileExists(atPath: root) { try fm.removeItem(atPath: root) }
        let ws = DemoWorkspace(root: root)
        for dir in ["mail/inbox/new", "mail/inbox/cur", "mail/inbox/tmp", "mail/outbox/new", "mail/outbox/cur", "mail/outbox/tmp"] {
            try fm.createDirectory(atPath: root + "/" + dir, withIntermediateDirectories: true)
        }
        let yaml = """
            # The demo's configuration (helpdesk demo). Edit and run `helpdesk run --once --config \(ws.configPath)`.
            shared_mailbox:
              address: MOACTS@health.mo.gov
              name: MO ACTS Help Desk
            mailbox:
              maildir: mail/inbox
            outgoing:
              outbox_maildir: mail/outbox
            directory:
              kind: local
              local_path: directory.sqlite
            store:
              path: helpdesk.sqlite
            rules:
              path: \(packageRoot)/rules
            templates:
              path: \(packageRoot)/templates
            admins: [helpdesk.admin@health.mo.gov]
            requesters: [gloria.mattingly@health.mo.gov]

            """
        try yaml.write(toFile: ws.configPath, atomically: true, encoding: .utf8)
        let directory = try LocalDirectory(path: root + "/directory.sqlite", clock: { Date() }, ids: .random)
        let routing = try await directory.routingProfiles()
        let security = try await directory.securityProfiles()
        var rng = SystemRandomNumberGenerator()
        for u in sampleUsers {
            _ = try await directory.create(NewDirectoryUser(
                username: "\(u.first).\(u.last)", password: Password(PasswordGenerator.generate(using: &rng)),
                identityInfo: IdentityInfo(firstName: u.first, lastName: u.last, email: u.email),
                routingProfileId: routing.first { $0.name == u.routing }!.id,
                securityProfileIds: [security.first { $0.name == u.security }!.id]))
        }
        let names = try fm.contentsOfDirectory(atPath: requests).filter { $0.hasSuffix(".eml") }.sorted()
        for (i, name) in names.enumerated() {
            let data = try Data(contentsOf: URL(fileURLWithPath: requests + "/" + name))
            let file = "\(1_600_000_000 + i).demo\(i).localhost"
            try data.write(to: URL(fileURLWithPath: ws.inbox + "/new/" + file))
        }
        return ws
    }
}
