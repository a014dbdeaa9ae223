import ArgumentParser
import Foundation
import Helpdesk

/// `helpdesk check`: validates the configuration, the rules and the templates, naming the key and the fix.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Validate the configuration, rules and templates.")

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let config = try options.load()
        do {
            _ = try HelpdeskApp(config: config, logger: .init(label: "helpdesk.check"))
        } catch {
            throw ValidationError("\(error)")
        }
        for key in ConfigSchema.keys where config[key.name] != nil {
            let shown = key.kind == .secret ? "(set)" : (config[key.name] ?? "")
            print("\(key.name) = \(shown)   [\(config.sources[key.name] ?? "default")]")
        }
        print("OK: configuration, rules and templates are valid.")
    }
}
