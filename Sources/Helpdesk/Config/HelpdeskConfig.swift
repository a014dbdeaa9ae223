import Foundation
import Yams

/// The bot's configuration: `helpdesk.yaml` (path by `--config` or `HELPDESK_CONFIG`), every key overridable by an
/// environment variable `HELPDESK_SECTION_KEY`, secrets only from the environment or from files.
public struct HelpdeskConfig: Sendable, Equatable {
    /// The values by dotted key, after defaults, the file and the environment.
    public private(set) var values: [String: String]
    /// Where each value came from ("default", "helpdesk.yaml:12", "HELPDESK_STORE_PATH").
    public private(set) var sources: [String: String]
    /// The folder relative paths are resolved against (the config file's folder, or the working directory).
    public var baseDirectory: String

    /// A value, or nil when unset.
    public subscript(_ key: String) -> String? { values[key] }

    /// A text value (with its default).
    public func string(_ key: String) -> String? {
        guard let v = values[key], !v.isEmpty else { return nil }
        return v
    }

    /// A path value, resolved against `baseDirectory` when relative.
    public func path(_ key: String) -> String? {
        guard let v = string(key) else { return nil }
        return v.hasPrefix("/") ? v : (baseDirectory as NSString).appendingPathComponent(v)
    }

    /// A boolean value.
    public func bool(_ key: String) -> Bool { HelpdeskConfig.parseBool(values[key] ?? "") ?? false }

    /// An integer value.
    public func int(_ key: String) -> Int? { values[key].flatMap { Int($0) } }

    /// A list of addresses (lowercased).
    public func addresses(_ key: String) -> [String] {
        (values[key] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
    }

    /// Loads the configuration: defaults, then the file (if any), then the environment; then checks every value.
    /// Throws a `ConfigError` listing every problem with its key and fix.
    public static func load(path: String?, environment: [String: String]) throws(ConfigError) -> HelpdeskConfig {
        var values: [String: String] = [:]
        var sources: [String: String] = [:]
        var problems: [ConfigProblem] = []
        for key in ConfigSchema.keys {
            if let d = key.defaultValue { values[key.name] = d; sources[key.name] = "default" }
        }
        var base = FileManager.default.currentDirectoryPath
        let file = path ?? environment["HELPDESK_CONFIG"]
        if let file {
            base = (file as NSString).deletingLastPathComponent.isEmpty ? base : (file as NSString).deletingLastPathComponent
            if !base.hasPrefix("/") { base = (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(base) }
            let name = (file as NSString).lastPathComponent
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ConfigError(problems: [ConfigProblem(key: "config", source: file, problem: "the file cannot be read",
                    fix: "check the path given by --config or HELPDESK_CONFIG, or copy helpdesk.example.yaml")])
            }
            do {
                if let root = try Yams.compose(yaml: String(decoding: data, as: UTF8.self)) {
                    flatten(root, prefix: "", file: name, into: &values, sources: &sources, problems: &problems)
                }
            } catch {
                problems.append(ConfigProblem(key: "config", source: name, problem: "not valid YAML (\(error))",
                                              fix: "fix the YAML syntax at the line named"))
            }
        }
        for key in ConfigSchema.keys {
            if let v = environment[key.environmentName] {
                values[key.name] = v
                sources[key.name] = key.environmentName
            }
            if key.kind == .secret, let f = environment[key.environmentName + "_FILE"] ?? values[key.name + "_file"] {
                if let data = FileManager.default.contents(atPath: f) {
                    values[key.name] = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                    sources[key.name] = "file \(f)"
                } else {
                    problems.append(ConfigProblem(key: key.name + "_file", source: sources[key.name + "_file"] ?? key.environmentName + "_FILE",
                        problem: "the secret file \(f) cannot be read", fix: "point it at a readable file holding only the secret"))
                }
            }
        }
        values = values.filter { entry in
            !(entry.key.hasSuffix("_file") && ConfigSchema.key(String(entry.key.dropLast(5)))?.kind == .secret)
        }
        var config = HelpdeskConfig(values: values, sources: sources, baseDirectory: base)
        problems += config.validate()
        if !problems.isEmpty { throw ConfigError(problems: problems) }
        config.sources = sources
        return config
    }

    static func flatten(_ node: Node, prefix: String, file: String, into values: inout [String: String],
                        sources: inout [String: String], problems: inout [ConfigProblem]) {
        guard let map = node.mapping else {
            problems.append(ConfigProblem(key: prefix.isEmpty ? "config" : prefix, source: "\(file):\(node.mark?.line ?? 0)",
                problem: "expected a mapping of keys", fix: "write `key: value` lines (see helpdesk.example.yaml)"))
            return
        }
        for (k, v) in map {
            let name = prefix.isEmpty ? (k.string ?? "") : prefix + "." + (k.string ?? "")
            let line = "\(file):\(k.mark?.line ?? 0)"
            if v.mapping != nil {
                flatten(v, prefix: name, file: file, into: &values, sources: &sources, problems: &problems)
                continue
            }
            // `<secret>_file` names a file holding a secret; any other key is itself (ca_file is a plain key).
            var isSecretFile = false
            var found = ConfigSchema.key(name)
            if found == nil, name.hasSuffix("_file"), let k = ConfigSchema.key(String(name.dropLast(5))), k.kind == .secret {
                found = k
                isSecretFile = true
            }
            guard let key = found else {
                let suggestion = ConfigSchema.keys.map(\.name).min { distance($0, name) < distance($1, name) } ?? ""
                problems.append(ConfigProblem(key: name, source: line, problem: "unknown key",
                                              fix: "remove it, or did you mean `\(suggestion)`?"))
                continue
            }
            if key.kind == .secret && !isSecretFile {
                problems.append(ConfigProblem(key: name, source: line, problem: "a secret is written in the file",
                    fix: "remove it; set \(key.environmentName) or \(name)_file: /path/to/secret"))
                continue
            }
            if let seq = v.sequence {
                values[name] = seq.compactMap(\.string).joined(separator: ",")
            } else {
                values[name] = v.string ?? ""
            }
            sources[name] = line
        }
    }

    /// Checks every value's type and the combinations that must hold.
    func validate() -> [ConfigProblem] {
        var problems: [ConfigProblem] = []
        func problem(_ key: String, _ what: String, _ fix: String) {
            problems.append(ConfigProblem(key: key, source: sources[key] ?? "default", problem: what, fix: fix))
        }
        for key in ConfigSchema.keys {
            guard let v = values[key.name], !v.isEmpty else { continue }
            switch key.kind {
            case .bool where HelpdeskConfig.parseBool(v) == nil:
                problem(key.name, "`\(v)` is not true or false", "write true or false")
            case .int where Int(v) == nil || Int(v)! < 0:
                problem(key.name, "`\(v)` is not a whole number", "write a number such as \(key.defaultValue ?? "60")")
            case .address where !HelpdeskConfig.looksLikeAddress(v):
                problem(key.name, "`\(v)` is not an email address", "write an address such as MOACTS@health.mo.gov")
            case .addresses:
                for a in addresses(key.name) where !HelpdeskConfig.looksLikeAddress(a) {
                    problem(key.name, "`\(a)` is not an email address", "list addresses, e.g. [alice@health.mo.gov]")
                }
            default: break
            }
        }
        if string("mailbox.maildir") == nil && string("mailbox.imap_url") == nil {
            problem("mailbox.maildir", "no mailbox is configured", "set mailbox.maildir (a Maildir folder) or mailbox.imap_url")
        }
        if string("mailbox.maildir") != nil && string("mailbox.imap_url") != nil {
            problem("mailbox.imap_url", "both a Maildir and an IMAP mailbox are configured", "keep one of mailbox.maildir and mailbox.imap_url")
        }
        if string("outgoing.outbox_maildir") == nil && string("outgoing.smtp_url") == nil {
            problem("outgoing.outbox_maildir", "no way to send replies is configured", "set outgoing.outbox_maildir or outgoing.smtp_url")
        }
        if let url = string("outgoing.smtp_url"), !(url.hasPrefix("smtp://") || url.hasPrefix("smtps://")) {
            problem("outgoing.smtp_url", "`\(url)` is not an SMTP URL", "write smtp://host:587 (STARTTLS) or smtps://host:465 (implicit TLS)")
        }
        if string("outgoing.smtp_url") != nil, string("outgoing.smtp_user") != nil, !OAuth2Settings.usesXOAUTH2(self, section: "outgoing"),
           string("outgoing.smtp_password") == nil, string("outgoing.smtp_oauth_token") == nil {
            problem("outgoing.smtp_password", "an SMTP user is set but no password or token",
                    "set HELPDESK_OUTGOING_SMTP_PASSWORD, or outgoing.smtp_password_file: /path/to/secret (or outgoing.auth: xoauth2)")
        }
        if string("mailbox.imap_url") != nil, !OAuth2Settings.usesXOAUTH2(self, section: "mailbox"),
           string("mailbox.imap_password") == nil, string("mailbox.oauth_token") == nil {
            problem("mailbox.imap_password", "an IMAP mailbox is set but no password or token",
                    "set HELPDESK_MAILBOX_IMAP_PASSWORD, or mailbox.imap_password_file: /path/to/secret (or mailbox.auth: xoauth2)")
        }
        for section in OAuth2Settings.sections { problems += OAuth2Settings.problems(self, section: section) }
        if string("mailbox.imap_url") != nil, string("mailbox.imap_user") == nil {
            problem("mailbox.imap_user", "an IMAP mailbox is set but no login", "set mailbox.imap_user: MOACTS@health.mo.gov")
        }
        if let url = string("mailbox.imap_url"), !(url.hasPrefix("imap://") || url.hasPrefix("imaps://")) {
            problem("mailbox.imap_url", "`\(url)` is not an IMAP URL", "write imaps://host/INBOX (or imap://host:143/INBOX for STARTTLS)")
        }
        for key in ["outgoing.ca_file", "mailbox.ca_file"] {
            if let f = path(key), !FileManager.default.fileExists(atPath: f) {
                problem(key, "the CA file \(f) does not exist", "point it at a PEM file of the CA that signed the server's certificate")
            }
        }
        if let kind = string("directory.kind"), !["local", "connect"].contains(kind) {
            problem("directory.kind", "`\(kind)` is not a directory kind", "write local or connect")
        }
        if string("directory.kind") == "connect" {
            if string("directory.connect.instance_id") == nil {
                problem("directory.connect.instance_id", "directory.kind is connect but no instance is named",
                        "set directory.connect.instance_id to the instance id (a UUID) or ARN from the Connect console")
            }
            if let endpoint = string("directory.connect.endpoint") {
                let url = URL(string: endpoint)
                let host = url?.host?.lowercased() ?? ""
                let loopback = ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host)
                if url?.scheme == nil || host.isEmpty || !(url?.scheme == "https" || url?.scheme == "http") {
                    problem("directory.connect.endpoint", "`\(endpoint)` is not an http(s) URL",
                            "write https://HOST (or http://127.0.0.1:PORT for `helpdesk sandbox`), or remove it")
                } else if url?.scheme == "http" && !loopback {
                    problem("directory.connect.endpoint", "`\(endpoint)` is plain http to another machine",
                            "use https://, or http:// only on loopback (127.0.0.1) for `helpdesk sandbox`")
                }
            }
        }
        if let phone = string("new_user.phone_type"), !["SOFT_PHONE", "DESK_PHONE"].contains(phone) {
            problem("new_user.phone_type", "`\(phone)` is not a phone type", "write SOFT_PHONE or DESK_PHONE")
        }
        // Unsafe combinations: the bot would write to itself, spin, or open too many connections.
        if let shared = string("shared_mailbox.address")?.lowercased() {
            for key in ["admins", "requesters"] where addresses(key).contains(shared) {
                problem(key, "the shared mailbox \(shared) is listed: the bot would send its own mail to itself",
                        "remove \(shared) from \(key); list people's own addresses")
            }
        }
        if let n = int("poll_seconds"), !(1...3600).contains(n) {
            problem("poll_seconds", "\(n) is outside 1 to 3600", "write a number of seconds from 1 to 3600 (default 60)")
        }
        if let n = int("outgoing.in_doubt_grace_seconds"), !(0...3600).contains(n) {
            problem("outgoing.in_doubt_grace_seconds", "\(n) is outside 0 to 3600",
                    "write a number of seconds from 0 to 3600 (default 15)")
        }
        if let n = int("outgoing.smtp_connections"), !(1...16).contains(n) {
            problem("outgoing.smtp_connections", "\(n) is outside 1 to 16", "write a number from 1 to 16 (default 4)")
        }
        for (key, range) in [("loop_guard.per_correspondent_per_day", 1...20), ("loop_guard.per_ticket", 1...20),
                             ("loop_guard.breaker_per_10_minutes", 1...1000)] {
            if let n = int(key), !range.contains(n) {
                problem(key, "\(n) is outside \(range.lowerBound) to \(range.upperBound): \(n < range.lowerBound ? "the bot could never answer" : "too high to stop a mail loop")",
                        "write a number from \(range.lowerBound) to \(range.upperBound) (default \(ConfigSchema.key(key)?.defaultValue ?? ""))")
            }
        }
        if let url = string("login_url"), !url.hasPrefix("https://") {
            problem("login_url", "the login URL is not https", "write the Amazon Connect login URL, https://...")
        }
        return problems
    }

    static func parseBool(_ v: String) -> Bool? {
        switch v.lowercased() {
        case "true", "yes", "1", "on": return true
        case "false", "no", "0", "off", "": return false
        default: return nil
        }
    }

    static func looksLikeAddress(_ v: String) -> Bool {
        let parts = v.split(separator: "@")
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !v.contains(" ")
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        var row = Array(0...y.count)
        for i in 1...max(1, x.count) where !x.isEmpty {
            var prev = row[0]
            row[0] = i
            for j in 1...max(1, y.count) where !y.isEmpty {
                let tmp = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, prev + (x[i - 1] == y[j - 1] ? 0 : 1))
                prev = tmp
            }
        }
        return row[y.count]
    }
}
