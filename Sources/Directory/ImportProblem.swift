/// What is wrong with one row of an import file (or with the file itself, when `row` is nil).
public struct ImportProblem: Hashable, Sendable, CustomStringConvertible {
    /// The row as the spreadsheet numbers it: the header is row 1, the first user row 2. Nil for the whole file.
    public var row: Int?
    /// Each problem in the row, in column order, e.g. "Email Address is empty".
    public var problems: [String]

    /// Creates a problem report.
    public init(row: Int?, problems: [String]) {
        self.row = row
        self.problems = problems
    }

    /// "row 4: Email Address is empty; Password needs a digit", or "file: ..." for the whole file.
    public var description: String {
        (row.map { "row \($0)" } ?? "file") + ": " + problems.joined(separator: "; ")
    }
}

/// An import that was refused: nothing was imported. `problems` lists every bad row, not just the first.
public struct ImportFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// Every problem found, by row.
    public var problems: [ImportProblem]

    /// Creates a failure.
    public init(problems: [ImportProblem]) { self.problems = problems }

    /// One line per row, then what to do.
    public var description: String {
        (problems.map(\.description) + ["Nothing was imported. Fix these rows and import the whole file again."])
            .joined(separator: "\n")
    }
}
