/// The guide's bulk upload ("Add New Users - Bulk Upload"): a CSV file in the template's columns, checked row by row
/// as the Connect console's "Upload and verify" does, then imported all or nothing.
public enum DirectoryImport {
    /// The template's columns, in its order. All must be in the header row; more columns are ignored.
    public static let columns = ["First Name", "Last Name", "Email Address", "User Login", "Password",
                                 "Security Profile", "Routing Profile", "Phone Type", "Agent Hierarchy"]
    /// An optional column, needed for rows whose Phone Type is Desk Phone.
    public static let deskPhoneColumn = "Desk Phone Number"

    /// Checks every row of `csv` and imports all of its users into `directory` in one step, or none.
    ///
    /// - Returns: the users created, in the file's order.
    /// - Throws: `ImportFailure` listing every bad row (nothing imported); a `DirectoryError` from the directory.
    public static func run(csv: String, into directory: some UserLookup & UserAdministration & ProfileListing)
        async throws -> [DirectoryUser] {
        let profiles = try await DirectoryProfiles(of: directory)
        let checked = check(csv: csv, profiles: profiles)
        var problems = checked.problems
        for (row, user) in checked.users {
            if let existing = try await directory.user(username: user.username) {
                let p = "User Login \(user.username) is already taken (by \(existing.identityInfo.firstName) "
                    + "\(existing.identityInfo.lastName)); choose another login"
                add(p, row: row, to: &problems)
            }
        }
        if !problems.isEmpty { throw ImportFailure(problems: problems.sorted { ($0.row ?? 0) < ($1.row ?? 0) }) }
        do {
            return try await directory.createAll(checked.users.map(\.user))
        } catch let e as DirectoryError {
            throw ImportFailure(problems: [ImportProblem(row: nil, problems: [e.message])])
        }
    }

    /// The pure part: parses `csv` and checks every row against Connect's rules, the guide's conventions and
    /// `profiles`, without asking any directory. Returns the good rows' users with their row numbers, and the
    /// problems of the bad ones; nothing should be imported unless `problems` is empty.
    public static func check(csv: String, profiles: DirectoryProfiles) -> (users: [(row: Int, user: NewDirectoryUser)],
                                                                 problems: [ImportProblem]) {
        let records = CSVRecords.parse(csv)
        guard let header = records.first, header.contains(where: { !$0.isEmpty }) else {
            return ([], [ImportProblem(row: nil, problems: ["the file is empty; start from the guide's template, "
                + "whose header row is: " + columns.joined(separator: ", ")])])
        }
        var index: [String: Int] = [:]
        for (i, name) in header.enumerated() where index[name.lowercased()] == nil { index[name.lowercased()] = i }
        let missing = columns.filter { index[$0.lowercased()] == nil }
        if !missing.isEmpty {
            return ([], [ImportProblem(row: 1, problems: ["the header row lacks "
                + missing.joined(separator: ", ") + "; the template's columns are " + columns.joined(separator: ", ")])])
        }
        var users: [(row: Int, user: NewDirectoryUser)] = []
        var problems: [ImportProblem] = []
        var firstRowOfLogin: [String: Int] = [:]
        for (offset, record) in records.enumerated().dropFirst() where record.contains(where: { !$0.isEmpty }) {
            let row = offset + 1
            let cell = { (column: String) -> String in
                guard let i = index[column.lowercased()], i < record.count else { return "" }
                return record[i]
            }
            var rowProblems: [String] = []
            let login = cell("User Login")
            if !login.isEmpty {
                if let first = firstRowOfLogin[login.lowercased()] {
                    rowProblems.append("User Login \(login) repeats row \(first)")
                } else {
                    firstRowOfLogin[login.lowercased()] = row
                }
            }
            let user = RowChecker(cell: cell, profiles: profiles).check(into: &rowProblems)
            if rowProblems.isEmpty, let user {
                users.append((row, user))
            } else {
                problems.append(ImportProblem(row: row, problems: rowProblems))
            }
        }
        if users.isEmpty && problems.isEmpty {
            problems.append(ImportProblem(row: nil, problems: ["the file has no users after its header row"]))
        }
        return (users, problems)
    }

    static func add(_ problem: String, row: Int, to problems: inout [ImportProblem]) {
        if let i = problems.firstIndex(where: { $0.row == row }) {
            problems[i].problems.append(problem)
        } else {
            problems.append(ImportProblem(row: row, problems: [problem]))
        }
    }
}
