/// Amazon Connect's rules for a `Username` (CreateUser): 1 to 64 characters from `A-Z a-z 0-9 _ - . @`, and `@`
/// only in an email form (`testuser@example.com` is valid, `testuser@example` is not).
///
/// Connect's documentation also mentions 20 characters for instances that manage their own identities; the console
/// accepts longer logins today, so the limit here is 64. The guide's own convention (`Firstname.Lastname`) is
/// checked separately by `UsernameRules.guideProblem(_:)`.
public enum UsernameRules {
    /// The longest username accepted.
    public static let maximumLength = 64

    /// What is wrong with `username` by Connect's rules, or nil when it is valid.
    public static func problem(_ username: String) -> String? {
        if username.isEmpty { return "the username is empty" }
        if username.count > maximumLength {
            return "the username has \(username.count) characters; the most is \(maximumLength)"
        }
        let bad = username.unicodeScalars.filter { !isAllowed($0) }
        if let first = bad.first {
            let shown = first == " " ? "a space" : "'\(first)'"
            return "the username contains \(shown); use only letters A-Z, digits, '.', '_', '-' (and '@' in an email)"
        }
        if username.contains("@") && !isEmailForm(username) {
            return "the username contains '@' but is not an email address (name@example.com)"
        }
        return nil
    }

    /// Throws `DirectoryError.Code.invalidUsername` when `username` breaks Connect's rules.
    public static func check(_ username: String) throws(DirectoryError) {
        if let p = problem(username) {
            throw DirectoryError(.invalidUsername, "Invalid username: \(p). Use a login such as Jane.Doe.")
        }
    }

    /// What is wrong with `username` by the guide's convention (`Firstname.Lastname`), or nil when it follows it:
    /// two or more parts separated by dots, each starting with a letter, no `@`.
    public static func guideProblem(_ username: String) -> String? {
        let parts = username.split(separator: ".", omittingEmptySubsequences: false)
        let ok = parts.count >= 2 && !username.contains("@") && parts.allSatisfy { part in
            guard let first = part.unicodeScalars.first else { return false }
            return isLetter(first)
        }
        return ok ? nil : "'\(username)' is not in the form Firstname.Lastname"
    }

    static func isAllowed(_ c: Unicode.Scalar) -> Bool {
        isLetter(c) || ("0"..."9").contains(c) || c == "_" || c == "-" || c == "." || c == "@"
    }

    static func isLetter(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) }

    static func isEmailForm(_ s: String) -> Bool {
        let halves = s.split(separator: "@", omittingEmptySubsequences: false)
        guard halves.count == 2, !halves[0].isEmpty else { return false }
        let labels = halves[1].split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty }
    }
}
