import AdminWeb
import ArgumentParser
import Foundation
import Helpdesk
import Hummingbird
import Logging

/// `helpdesk serve`: the admin page on `web.host:web.port` (loopback by default). It records decisions; `helpdesk
/// run` (the service) carries them out.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the admin page: pending approvals, tickets and their audit trail, /metrics, /healthz.")

    @OptionGroup var options: ConfigOptions

    @Option(help: "The port (default: web.port, 8080; 0 picks a free one).")
    var port: Int?

    @Option(help: "The address to listen on (default: web.host, 127.0.0.1).")
    var host: String?

    func run() async throws {
        let app = try options.app()
        let usersFile = app.config.path("web.users_file")!
        let text = (try? String(contentsOfFile: usersFile, encoding: .utf8)) ?? ""
        let accounts = AdminAccounts(text: text, admins: app.policy.admins)
        if accounts.count == 0 {
            FileHandle.standardError.write(Data("helpdesk serve: no admin can log in yet; add one with `helpdesk web-admin ADDRESS` (an address in `admins`)\n".utf8))
        }
        let site = try AdminSite(store: app.store, accounts: accounts, clock: { Date() }, random: SecureRandom.bytes,
                                 secureCookies: app.config.bool("web.secure_cookies"),
                                 names: try await ApprovalQueue.names(in: app.directory))
        let h = host ?? app.config.string("web.host") ?? "127.0.0.1"
        let p = port ?? app.config.int("web.port") ?? 8080
        var logger = Logger(label: "helpdesk.web")
        logger.logLevel = .warning
        let router = site.router()
        let web = Application(router: router, configuration: .init(address: .hostname(h, port: p)),
                              onServerRunning: { channel in
                                  let bound = channel.localAddress?.port ?? p
                                  FileHandle.standardOutput.write(Data("admin page on http://\(h):\(bound)/\n".utf8))
                              }, logger: logger)
        try await web.runService()
    }
}

/// `helpdesk web-admin ADDRESS`: sets the admin page password of ADDRESS (read from standard input), stored as a
/// PBKDF2 hash in `web.users_file`.
struct WebAdmin: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "web-admin", abstract: "Set an admin's password for the admin page (read from standard input).")

    @OptionGroup var options: ConfigOptions

    @Argument(help: "The admin's address (must be in `admins`).")
    var address: String

    func run() throws {
        let config = try options.load()
        let policy = HelpdeskPolicy(config: config)
        guard policy.admins.contains(address.lowercased()) else {
            throw ValidationError("\(address) is not in `admins`; add it there first")
        }
        let password = (readLine(strippingNewline: true) ?? "")
        guard password.count >= 12 else { throw ValidationError("the password must have at least 12 characters") }
        let path = config.path("web.users_file")!
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let old = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let hash = try PasswordHash(password: password, random: SecureRandom.bytes)
        try AdminAccounts.setting(address, to: hash, in: old).write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        print("the admin page password of \(address.lowercased()) is set (stored as a PBKDF2 hash in \(path))")
    }
}
