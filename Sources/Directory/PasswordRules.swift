/// Amazon Connect's rules for a password it manages: 8 to 64 characters, no white space, with at least one upper case
/// letter, one lower case letter and one digit (`^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)[a-zA-Z\d\S]{8,64}$`).
///
/// The guide asks for randomly generated passwords of at least 20 characters; that is the help desk's policy,
/// `guideMinimumLength`, not Connect's rule. No message here ever contains the password.
public enum PasswordRules {
    /// Connect's shortest password.
    public static let minimumLength = 8
    /// Connect's longest password.
    public static let maximumLength = 64
    /// The guide's shortest generated password.
    public static let guideMinimumLength = 20

    /// What is wrong with `password` by Connect's rules, or nil when it is valid. Never quotes the password.
    public static func problem(_ password: Password) -> String? {
        let s = password.revealed
        var missing: [String] = []
        if s.count < minimumLength || s.count > maximumLength {
            return "the password has \(s.count) characters; it needs \(minimumLength) to \(maximumLength)"
        }
        if s.unicodeScalars.contains(where: { $0.properties.isWhitespace }) { return "the password contains white space" }
        if !s.unicodeScalars.contains(where: { ("A"..."Z").contains($0) }) { missing.append("an upper case letter") }
        if !s.unicodeScalars.contains(where: { ("a"..."z").contains($0) }) { missing.append("a lower case letter") }
        if !s.unicodeScalars.contains(where: { ("0"..."9").contains($0) }) { missing.append("a digit") }
        if missing.isEmpty { return nil }
        return "the password needs " + missing.joined(separator: ", ")
    }

    /// Throws `DirectoryError.Code.invalidPassword` when `password` breaks Connect's rules.
    public static func check(_ password: Password) throws(DirectoryError) {
        if let p = problem(password) {
            throw DirectoryError(.invalidPassword, "Invalid password: \(p). Generate a random password of at least "
                + "\(guideMinimumLength) characters with upper and lower case letters and digits.")
        }
    }
}
