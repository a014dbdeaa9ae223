/// A template problem found at start-up or while rendering: names the file, and the line and column or the
/// variable, and says what to do.
public struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as a value to compare against.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case unreadableDirectory, missingTemplate, unknownTemplate, parse, missingPragma, missingVariable, emptySubject
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The templates directory cannot be read.
        public static let unreadableDirectory = Code(.unreadableDirectory)
        /// A required template file is missing.
        public static let missingTemplate = Code(.missingTemplate)
        /// A `.mustache` file belongs to no email (a misspelt name).
        public static let unknownTemplate = Code(.unknownTemplate)
        /// A template does not parse.
        public static let parse = Code(.parse)
        /// A text or subject template does not start with `{{% CONTENT_TYPE: TEXT}}`.
        public static let missingPragma = Code(.missingPragma)
        /// A template uses a variable its view model does not provide.
        public static let missingVariable = Code(.missingVariable)
        /// A subject template renders to nothing.
        public static let emptySubject = Code(.emptySubject)

        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public let code: Code
    /// The template file (its name in the templates directory), or the directory.
    public let file: String
    /// The line, 1-based, for parse errors.
    public let line: Int?
    /// The column, 1-based, for parse errors.
    public let column: Int?
    /// The variable, for missing variables.
    public let variable: String?
    /// The explanation.
    public let message: String

    init(_ code: Code, file: String, line: Int? = nil, column: Int? = nil, variable: String? = nil, _ message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.variable = variable
        self.message = message
    }

    /// `file:line:column: message`, or `file: message`.
    public var description: String {
        if let line, let column { return "\(file):\(line):\(column): \(message)" }
        return "\(file): \(message)"
    }
}
