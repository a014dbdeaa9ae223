/// A configuration problem: which key, where, what is wrong, and how to fix it.
public struct ConfigProblem: Sendable, Equatable, CustomStringConvertible {
    /// The dotted key (or the file, for problems with the file itself).
    public var key: String
    /// Where: "helpdesk.yaml:12", or the environment variable's name.
    public var source: String
    /// What is wrong.
    public var problem: String
    /// What to do.
    public var fix: String

    public var description: String { "\(source): \(key): \(problem). Fix: \(fix)" }
}

/// Every problem found in a configuration; the bot refuses to start while there is one.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    /// The problems.
    public var problems: [ConfigProblem]
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
