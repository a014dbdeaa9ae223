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

        // Someone else, named with an address; or the sender's other address. An address the text calls new,
        // correct or "my work email" wins over one it calls old or wrong.
        var otherEmail: String?
        var otherName: (String, String)?
        var bestCue = Int.min
        for line in lines {
            for (email, offset) in PeopleText.emails(in: line) where !ignoredAddresses.contains(email.lowercased()) && email.lowercased() != sender {
                let cue = Self.addressCue(line, before: offset)
                // An address the text calls old or wrong is never where the answer goes.
                if cue < 0 { continue }
                let found = NameFinder.names(in: PeopleText.blankingAddresses(line))
                let fitting = found.filter { PeopleText.fit($0.first, $0.last, email) >= 2 }
                var name: (String, String)? = fitting.first.map { ($0.first, $0.last) }
                if name == nil, let before = found.last(where: { $0.offset < offset }), offset - before.offset - before.full.utf8.count < 4 {
                    name = (before.first, before.last)
                }
                if name == nil {
                    for n in NameFinder.names(in: text) where PeopleText.fit(n.first, n.last, email) == 3 { name = (n.first, n.last); break }
                }
                if otherEmail == nil || cue > bestCue {
                    otherEmail = email
                    otherName = name
                    bestCue = cue
                }
            }
        }
        var isThirdParty = false
        var name = senderName
        // Someone else named without an address: "my tracer Terrell Bishop", "for Ezra Olsen on my team".
        if otherEmail == nil, let other = Self.namedOther(in: text, subject: message.subject, sender: senderName) {
            return PersonConcerned(name: "\(other.0) \(other.1)", email: nil,
                                   login: PeopleText.login(first: other.0, last: other.1), isThirdParty: true)
        }
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
        // A login that fits the last name but not the first: the first name in the From line is a nickname.
        if let l = login, let n = name, !isThirdParty {
            let parts = l.split(separator: ".").map(String.init)
            if parts.count == 2, TextNormalizer.fold(parts[1]) == TextNormalizer.fold(n.1),
               TextNormalizer.fold(parts[0]) != TextNormalizer.fold(n.0), TextNormalizer.fold(parts[0]).hasPrefix(TextNormalizer.fold(n.0)) {
                name = (parts[0], n.1)
            }
        }
        if name == nil, let l = login {
            let parts = l.split(separator: ".")
            name = (String(parts[0]), String(parts[1]))
        }
        if login == nil, let n = name { login = PeopleText.login(first: n.0, last: n.1) }
        return PersonConcerned(name: name.map { "\($0.0) \($0.1)" }, email: email, login: login, isThirdParty: isThirdParty)
    }

    /// A person the text names as the one concerned (not the sender), by the words around the name.
    static func namedOther(in text: String, subject: String, sender: (String, String)?) -> (String, String)? {
        let before = ["my tracer", "tracers,", "tracer,", "tracer", "my investigator", "investigator", "account for",
                      "login for", "reset for", "for my", "for", "one of my", "staff member", "employee", "new hire"]
        let after = ["on my team", "on our team", "in my unit", "'s account", "'s login", "'s connect", "is locked",
                     "never got", "can't log", "cannot log", "has not received", "hasn't received"]
        let senderFolded = sender.map { TextNormalizer.fold("\($0.0) \($0.1)") }
        for source in [text, SubjectLine.topic(subject)] {
            let bytes = Array(source.utf8)
            for n in NameFinder.names(in: source) {
                let full = TextNormalizer.fold(n.first + " " + n.last)
                if full == senderFolded { continue }
                let pre = TextNormalizer.fold(String(decoding: bytes[max(0, n.offset - 24)..<n.offset], as: UTF8.self))
                let endOffset = min(bytes.count, n.offset + n.full.utf8.count)
                let post = TextNormalizer.fold(String(decoding: bytes[endOffset..<min(bytes.count, endOffset + 24)], as: UTF8.self))
                let supervisorLike = ["supervisor", "manager", "boss", "director", "lead "].contains { pre.has($0) }
                if supervisorLike { continue }
                if before.contains(where: { pre.hasSuffix($0) || pre.hasSuffix($0 + " ") || pre.hasSuffix($0 + ",") })
                    || after.contains(where: { post.hasPrefix($0) || post.hasPrefix(" " + $0) || post.hasPrefix(", " + $0) }) {
                    return (n.first, n.last)
                }
            }
        }
        return nil
    }

    /// How the words just before an address describe it: +2 for "new", "correct", "my work email"; -2 for "old",
    /// "wrong", "misspelled", "went to".
    static func addressCue(_ line: String, before offset: Int) -> Int {
        var raw = String(decoding: Array(line.utf8.prefix(offset)).suffix(60), as: UTF8.self)
        // Only the words since the previous address count.
        if let at = raw.lastIndex(of: "@") { raw = String(raw[at...].drop { $0 != " " }) }
        let window = TextNormalizer.fold(raw)
        var score = 0
        for good in ["new address", "correct", "my address is", "my work email", "my email is", "send it to", "my state email",
                     "work email is", "right address", "real address"] where window.has(good) { score += 2 }
        for bad in ["old", "wrong", "misspel", "went to", "sent to", "typo", "dead", "previous", "former"] where window.has(bad) { score -= 2 }
        return score
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
