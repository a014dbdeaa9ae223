import ArgumentParser
import Foundation
import Mail
import Triage

/// `helpdesk classify [--json] FILE...`: triage messages and print the decision with its explanation.
struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Classify messages with the rules in rules/ and show why.",
        discussion: "With --json, one JSON object per file on one line: category, confidence, reply, explanation, users, user, ticket, decision. A message that cannot be parsed prints {\"category\": \"other\", \"error\": ...}.")

    @OptionGroup var rulesOptions: RulesOptions

    @Flag(help: "One JSON object per file, on one line.")
    var json = false

    @Argument(help: "Message files (RFC 5322); - reads standard input.")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one message file, or - for standard input") }
    }

    func run() throws {
        let triage = try Triage(rules: rulesOptions.load())
        let parser = MessageParser()
        var unreadable = 0
        for file in files {
            let bytes: [UInt8]
            do {
                bytes = try MessageSource.read(file)
            } catch {
                // One unreadable file does not stop the others; the exit status says something was missed.
                FileHandle.standardError.write(Data("helpdesk classify: cannot read \(file): no such file, or not readable\n".utf8))
                unreadable += 1
                continue
            }
            let view: ClassifyView
            do {
                let message = try parser.parse(bytes)
                view = ClassifyView(triage.triage(message))
            } catch {
                view = ClassifyView(error: error.description)
            }
            if json {
                print(JSONLine.encode(view))
            } else {
                print(view.humanReadable(file: file))
            }
        }
        if unreadable > 0 { throw ExitCode(66) }
    }
}

/// Where the rules are: --rules, HELPDESK_RULES, ./rules, or the rules/ beside the built binary's package.
struct RulesOptions: ParsableArguments {
    @Option(name: .long, help: "The rules folder (default: $HELPDESK_RULES, ./rules, or the package's rules/).")
    var rules: String?

    func directory() -> String { Self.locate(rules) }

    /// --rules, $HELPDESK_RULES, ./rules, or the rules/ of the package the binary was built in.
    static func locate(_ explicit: String?) -> String {
        if let r = explicit { return r }
        if let env = ProcessInfo.processInfo.environment["HELPDESK_RULES"], !env.isEmpty { return env }
        let fm = FileManager.default
        if fm.fileExists(atPath: "rules") { return "rules" }
        // .build/<config>/helpdesk -> package root
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("rules").path
            if fm.fileExists(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return "rules"
    }

    func load() throws -> RuleSet {
        do {
            return try RuleLoader.load(directory: directory())
        } catch {
            throw ValidationError("the rules do not load:\n\(error.description)\nFix the files named above; `helpdesk rules check` lists every problem.")
        }
    }
}

/// The JSON shape of `classify --json` (see ../shared/corpus/README.md).
struct ClassifyView: Encodable {
    struct UserView: Encodable {
        var first: String
        var last: String
        var email: String?
        var routing_profile: String?
        var security_profile: String?
    }
    struct Explanation: Encodable {
        var reason: String
        var hits: [RuleHit]
        var scores: [String: Double]
        var signals: [String]
    }
    var category: String
    var confidence: Double?
    var reply: Bool
    var explanation: Explanation?
    var users: [UserView]?
    var user: PersonConcerned?
    var ticket: Int?
    var decision: String?
    var error: String?

    init(_ r: TriageResult) {
        category = r.category.rawValue
        confidence = r.confidence
        reply = r.reply
        explanation = Explanation(
            reason: r.classification.reason, hits: r.classification.hits,
            scores: Dictionary(uniqueKeysWithValues: r.classification.scores.filter { $0.value != 0 }.map { ($0.key.rawValue, $0.value) }),
            signals: r.signals.map(\.rawValue))
        users = r.category == .newUser ? r.users.map {
            UserView(first: $0.first, last: $0.last, email: $0.email, routing_profile: $0.routingProfile, security_profile: $0.securityProfile)
        } : nil
        user = r.user
        ticket = r.ticket
        decision = r.decision?.rawValue
    }

    init(error: String) {
        category = Category.other.rawValue
        reply = false
        self.error = error
    }

    func humanReadable(file: String) -> String {
        var s = "\(file): \(category)"
        if let c = confidence { s += " (confidence \(c))" }
        s += reply ? "" : " [no reply]"
        if let e = error { s += "\n  error: \(e)" }
        if let e = explanation { s += "\n  why: \(e.reason)" }
        for u in users ?? [] {
            s += "\n  user: \(u.first) \(u.last) <\(u.email ?? "no email")> \(u.routing_profile ?? "-") / \(u.security_profile ?? "-")"
        }
        if let u = user { s += "\n  person: \(u.name ?? "?") <\(u.email ?? "?")> login \(u.login ?? "?")" }
        if let t = ticket { s += "\n  ticket: #\(t)" }
        if let d = decision { s += "\n  decision: \(d)" }
        return s
    }
}
