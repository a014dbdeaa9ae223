import ArgumentParser
import Triage

/// `helpdesk rules check`: validates the rules files and reports `file:line` errors.
struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "Work with the classification rules.",
                                                    subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate the rules files; print file:line for each problem.")

        @OptionGroup var rulesOptions: RulesOptions

        func run() throws {
            let dir = rulesOptions.directory()
            do {
                let set = try RuleLoader.load(directory: dir)
                let count = set.categories.reduce(0) { $0 + $1.rules.count }
                print("\(dir): \(set.categories.count) categories, \(count) rules, margin \(set.margin): OK")
                let missing = Category.allCases.filter { c in !set.categories.contains { $0.category == c } }
                if !missing.isEmpty { print("note: no rules for \(missing.map(\.rawValue).joined(separator: ", "))") }
            } catch {
                for e in error.errors { print(e.description) }
                throw ExitCode(1)
            }
        }
    }
}
