/// The checks every directory makes on a `CreateUser` request before looking at its own data: username, password,
/// identity and phone configuration. Profiles and uniqueness are checked by the directory itself.
public enum NewUserValidation {
    /// Throws the first problem with `user`, as Connect would.
    public static func check(_ user: NewDirectoryUser) throws(DirectoryError) {
        try UsernameRules.check(user.username)
        try PasswordRules.check(user.password)
        try checkIdentity(user.identityInfo)
        try checkPhone(user.phoneConfig)
        if user.securityProfileIds.isEmpty {
            throw DirectoryError(.unknownSecurityProfile, "A user needs at least one security profile; the guide's "
                + "usual one is Agent.")
        }
    }

    /// Throws `.invalidIdentity` when a name is empty or the email is not an address.
    public static func checkIdentity(_ info: IdentityInfo) throws(DirectoryError) {
        if info.firstName.trimmed.isEmpty || info.lastName.trimmed.isEmpty {
            throw DirectoryError(.invalidIdentity, "A user needs a first name and a last name; fill in both.")
        }
        if info.firstName.count > 100 || info.lastName.count > 100 {
            throw DirectoryError(.invalidIdentity, "A first or last name is longer than 100 characters; shorten it.")
        }
        if let e = info.email, !isEmailAddress(e) {
            throw DirectoryError(.invalidIdentity, "'\(e)' is not an email address; write it as name@example.com.")
        }
    }

    /// Throws `.invalidPhoneConfig` for a desk phone without a number or a negative after-contact-work limit.
    public static func checkPhone(_ phone: PhoneConfig) throws(DirectoryError) {
        if phone.afterContactWorkTimeLimit < 0 {
            throw DirectoryError(.invalidPhoneConfig, "The after-contact work limit cannot be negative; the guide's "
                + "default is 300 seconds.")
        }
        if phone.phoneType == .deskPhone && (phone.deskPhoneNumber ?? "").isEmpty {
            throw DirectoryError(.invalidPhoneConfig, "A desk phone needs its number (E.164, e.g. +15735551234); give "
                + "the number or choose Soft Phone.")
        }
    }

    /// A plain check that `s` looks like `local@domain.tld` with no spaces.
    public static func isEmailAddress(_ s: String) -> Bool {
        if s.contains(where: { $0 == " " || $0 == "\t" || $0 == "," || $0 == "<" || $0 == ">" }) { return false }
        return UsernameRules.isEmailForm(s)
    }
}

extension String {
    var trimmed: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
