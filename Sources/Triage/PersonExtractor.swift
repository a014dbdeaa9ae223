public import Mail

/// Finds the person an account problem is about: someone the message names with an address (a supervisor writing
/// for a tracer), else the sender, with the address the message gives for them ("my work email is ...") or the
/// sender's own; and their login, as the message gives it or as `Firstname.Lastname`.
public struct PersonExtractor: Sendable {
    /// Addresses that are never the person (the shared mailbox).
    public var ignoredAddresses: Set<String>

    /// Creates an extractor.
    public init(ignoredAddresses: Set<String> = ["moacts@health.mo.gov"]) {
        self.ignoredAddresses = Set(ignoredAddresses.map { $0.lowercased() })
    }

    /// The person concerned.
    public func extract(_ message: ParsedMessage) -> PersonConcerned {
        let text = message.content.newText
        let sender = message.senderAddress
        let senderName = self.senderName(message)
        let lines = text.split(separator: "\n").map(String.init)

        // Someone else, named with an address.
        var otherEmail: String?
        var otherName: (String, String)?
        for line in lines {
            for (email, offset) in PeopleText.emails(in: line) where !ignoredAddresses.contains(email.lowercased()) && email.lowercased() != sender {
                let found = NameFinder.names(in: line)
                let fitting = found.filter { PeopleText.fit($0.first, $0.last, email) >= 2 }
                var name: (String, String)? = fitting.first.map { ($0.first, $0.last) }
                if name == nil, let before = found.last(where: { $0.offset < offset }), offset - before.offset - before.full.utf8.count < 4 {
                    name = (before.first, before.last)
                }
                if name == nil {
                    for n in NameFinder.names(in: text) where PeopleText.fit(n.first, n.last, email) == 3 { name = (n.first, n.last); break }
                }
                if otherEmail == nil {
                    otherEmail = email
                    otherName = name
                }
            }
        }
        var isThirdParty = false
        var name = senderName
        var email: String? = message.from.first?.address
        if let oe = otherEmail {
            if let on = otherName, let sn = senderName, TextNormalizer.fold(on.0 + " " + on.1) != TextNormalizer.fold(sn.0 + " " + sn.1),
               PeopleText.fit(sn.0, sn.1, oe) < 2 {
                isThirdParty = true
                name = on
            } else if otherName == nil, let sn = senderName, PeopleText.fit(sn.0, sn.1, oe) == 0,
                      let derived = PeopleText.nameFromEmail(oe), PeopleText.fit(derived.0, derived.1, sender) == 0,
                      !TextNormalizer.fold(text).has("my ") {
                isThirdParty = true
                name = derived
            }
            email = oe
        }
        if name == nil, let e = email { name = PeopleText.nameFromEmail(e) }
        // The login the message gives, unless it says that login is wrong.
        var login: String?
        let folded = TextNormalizer.fold(text)
        let loginIsWrong = ["typo", "misspel", "wrong", "incorrect"].contains { folded.contains($0) }
        if !loginIsWrong {
            let tokens = PeopleText.loginTokens(in: text)
            if let n = name {
                login = tokens.first { tok in
                    let parts = tok.split(separator: ".")
                    return PeopleText.fit(String(parts[0]), String(parts[1]), n.0 + "." + n.1) >= 2
                        || TextNormalizer.fold(String(parts[1])) == TextNormalizer.fold(n.1)
                } ?? (isThirdParty ? nil : tokens.first)
            } else {
                login = tokens.first
            }
        }
        if name == nil, let l = login {
            let parts = l.split(separator: ".")
            name = (String(parts[0]), String(parts[1]))
        }
        if login == nil, let n = name { login = PeopleText.login(first: n.0, last: n.1) }
        return PersonConcerned(name: name.map { "\($0.0) \($0.1)" }, email: email, login: login, isThirdParty: isThirdParty)
    }

    /// The sender's name: display name ("Last, First" flipped), else a name in the text that fits the address,
    /// else one derived from "first.last@".
    func senderName(_ message: ParsedMessage) -> (String, String)? {
        if let d = message.from.first?.displayName, let split = PeopleText.splitDisplayName(d) { return split }
        let sender = message.senderAddress
        let all = message.content.newText + "\n" + message.content.signature
        for n in NameFinder.names(in: all) where PeopleText.fit(n.first, n.last, sender) >= 2 { return (n.first, n.last) }
        return PeopleText.nameFromEmail(sender)
    }
}
