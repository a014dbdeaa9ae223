import Foundation
import Testing

/// No `helpdesk` command prints a password: a known one planted through `directory import`, and the ones the bot
/// generates itself (from the system CSPRNG, so unknown to the test: nothing printed may look like one).
@Suite("helpdesk never prints a password", .serialized)
struct SecretsCLITests {
    static let planted = "Pl4ntedCliSecretQz7Wx9"

    /// A token shaped like a generated password: 20 to 64 of its characters, with upper and lower case, a digit and
    /// one of the symbols only a generated password has among the bot's output.
    static func looksLikeGeneratedPassword(_ text: String) -> String? {
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#%*+-=?@^_")
        for token in text.split(whereSeparator: { !alphabet.contains($0) }) where (20...64).contains(token.count) {
            let t = String(token)
            if t.contains(where: \.isUppercase), t.contains(where: \.isLowercase), t.contains(where: \.isNumber),
               t.contains(where: { "!#%*+=?^".contains($0) }) { return t }
        }
        return nil
    }

    @Test("import, run, tickets, show, directory list/show, quarantine, check: no password in any output")
    func noPasswordPrinted() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cli-secrets-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for d in ["inbox/new", "inbox/cur", "inbox/tmp", "outbox/new", "outbox/cur", "outbox/tmp"] {
            try FileManager.default.createDirectory(atPath: dir + "/" + d, withIntermediateDirectories: true)
        }
        let config = dir + "/helpdesk.yaml"
        try """
            mailbox:
              maildir: \(dir)/inbox
            outgoing:
              outbox_maildir: \(dir)/outbox
            store:
              path: \(dir)/helpdesk.sqlite
            directory:
              local_path: \(dir)/directory.sqlite
            rules:
              path: \(CLITests.root)/rules
            templates:
              path: \(CLITests.root)/templates
            admins: [admin@health.mo.gov]
            requesters: [gloria.mattingly@health.mo.gov]
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let csv = dir + "/users.csv"
        try """
            First Name,Last Name,Email Address,User Login,Password,Security Profile,Routing Profile,Phone Type,Agent Hierarchy
            Jane,Doe,jane.doe@health.mo.gov,Jane.Doe,\(Self.planted),Agent,Contact Tracers,Soft Phone,MO ACTS
            Bad,Row,bad.row@health.mo.gov,Bad.Row,\(Self.planted.lowercased()),Agent,Contact Tracers,Soft Phone,MO ACTS
            """.write(toFile: csv, atomically: true, encoding: .utf8)
        let fixed = """
            First Name,Last Name,Email Address,User Login,Password,Security Profile,Routing Profile,Phone Type,Agent Hierarchy
            Jane,Doe,jane.doe@health.mo.gov,Jane.Doe,\(Self.planted),Agent,Contact Tracers,Soft Phone,MO ACTS
            """
        try FileManager.default.copyItem(atPath: CLITests.root + "/Tests/Fixtures/corpus/dev/dev001.eml", toPath: dir + "/inbox/new/1.eml")
        try Data("\u{0}\u{0}not a message".utf8).write(to: URL(fileURLWithPath: dir + "/inbox/new/2.eml"))

        let env = ["HELPDESK_CONFIG": config, "HELPDESK_LOG_LEVEL": "trace"]
        var outputs: [(String, CLITests.Result)] = []
        func run(_ args: [String]) throws -> CLITests.Result {
            let r = try CLITests.helpdesk(args, environment: env)
            outputs.append((args.joined(separator: " "), r))
            return r
        }
        let refused = try run(["directory", "import", csv, "--path", dir + "/directory.sqlite"])
        #expect(refused.status != 0, "a row with a bad password refuses the whole file")
        #expect((refused.out + refused.err).contains("row 3"))
        try fixed.write(toFile: csv, atomically: true, encoding: .utf8)
        #expect(try run(["directory", "import", csv, "--path", dir + "/directory.sqlite"]).status == 0)
        #expect(try run(["run", "--once"]).status == 0)
        #expect(try run(["directory", "list", "--json"]).out.contains("Imani.Caldwell"), "the run created users")
        _ = try run(["directory", "list"])
        _ = try run(["directory", "show", "Jane.Doe", "--json"])
        _ = try run(["directory", "show", "Imani.Caldwell"])
        _ = try run(["tickets", "--json"])
        _ = try run(["tickets"])
        _ = try run(["show", "1000"])
        _ = try run(["quarantine", "list"])
        _ = try run(["check"])
        _ = try run(["resume-sending"])
        for (command, r) in outputs {
            for text in [r.out, r.err] {
                #expect(!text.contains(Self.planted), "helpdesk \(command) printed the planted password")
                #expect(!text.contains(Self.planted.lowercased()), "helpdesk \(command) printed the refused password")
                #expect(Self.looksLikeGeneratedPassword(text) == nil,
                        "helpdesk \(command) printed something shaped like a password: \(Self.looksLikeGeneratedPassword(text) ?? "")")
            }
        }
        #expect(outputs.contains { $0.1.err.contains("directory changed") }, "trace logs were captured too")
    }

    @Test("the password detector finds generated passwords", arguments: ["x Ab3!defghijklmnopqrstu y", "<Zq9#Wx8^Lm7*Pk6+Rt5=Vb4>"])
    func detector(text: String) {
        #expect(Self.looksLikeGeneratedPassword(text) != nil)
    }
}
