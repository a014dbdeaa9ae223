import GRDB

extension Database {
    /// Runs one SQL statement through the connection's statement cache: prepared once per connection, then reused,
    /// so the hot path neither parses SQL again nor runs GRDB's authorizer on every call. One statement only, with
    /// its values as arguments (never interpolated into `sql`).
    func executeCached(sql: String, arguments: StatementArguments = StatementArguments()) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }
}
