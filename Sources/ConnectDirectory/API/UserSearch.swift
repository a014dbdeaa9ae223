/// What `SearchUsers` looks for. Connect cannot search by email (see `EmailIndex`).
public enum UserSearch: Sendable, Hashable {
    /// The user whose `Username` is exactly this.
    case username(String)
    /// Users whose first and/or last name is exactly this; nil matches any.
    case name(first: String?, last: String?)
    /// Users carrying the tag `key` = `value` (how a `CreateUser` retried after a crash finds its earlier work).
    case tag(key: String, value: String)
}
