import ArgumentParser
import Foundation
import Helpdesk
import Logging

/// `--config PATH` (default: $HELPDESK_CONFIG, else ./helpdesk.yaml).
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "The configuration file (default: $HELPDESK_CONFIG, else ./helpdesk.yaml).")
    var config: String?

    func load() throws -> HelpdeskConfig {
        let env = ProcessInfo.processInfo.environment
        var path = config ?? env["HELPDESK_CONFIG"]
        if path == nil, FileManager.default.fileExists(atPath: "helpdesk.yaml") { path = "helpdesk.yaml" }
        do {
            return try HelpdeskConfig.load(path: path, environment: env)
        } catch {
            throw ValidationError("the configuration has problems:\n" + error.problems.map { "  " + $0.description }.joined(separator: "\n"))
        }
    }

    func app(checkpoint: @escaping @Sendable (Checkpoint) throws -> Void = { _ in }) throws -> HelpdeskApp {
        let c = try load()
        do {
            return try HelpdeskApp(config: c, logger: Logger(label: "helpdesk"), checkpoint: checkpoint)
        } catch {
            throw ValidationError("cannot start: \(error)")
        }
    }
}
