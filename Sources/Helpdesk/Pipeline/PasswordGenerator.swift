/// Random passwords for CreateUser: at least 20 characters from a cryptographically secure generator, meeting Amazon
/// Connect's policy (upper case, lower case, a digit, a symbol). They are never stored, logged or sent: the new user
/// sets their own through "Forgot Password?", as the guide says.
public enum PasswordGenerator {
    static let upper = Array("ABCDEFGHJKLMNPQRSTUVWXYZ")
    static let lower = Array("abcdefghijkmnopqrstuvwxyz")
    static let digits = Array("23456789")
    static let symbols = Array("!#%*+-=?@^_")

    /// A password of `length` (at least 20) characters drawn with `generator` (the system CSPRNG in production).
    public static func generate(length: Int = 24, using generator: inout some RandomNumberGenerator) -> String {
        let n = max(20, min(64, length))
        let all = upper + lower + digits + symbols
        var chars: [Character] = [upper.randomElement(using: &generator)!, lower.randomElement(using: &generator)!,
                                  digits.randomElement(using: &generator)!, symbols.randomElement(using: &generator)!]
        while chars.count < n { chars.append(all.randomElement(using: &generator)!) }
        chars.shuffle(using: &generator)
        return String(chars)
    }
}
