public import Mail

/// Finds the people a new-user request names: from a CSV attachment in the guide's bulk-upload columns, a table
/// pasted into the text (tabs, from Excel or an HTML table), lines that pair a name with an email, or prose.
public struct NewUserExtractor: Sendable {
    /// The profile names and their aliases.
    public var catalog: ProfileCatalog
    /// Addresses that are never a new user (the shared mailbox).
    public var ignoredAddresses: Set<String>

    /// Creates an extractor.
    public init(catalog: ProfileCatalog = .standard, ignoredAddresses: Set<String> = ["moacts@health.mo.gov"]) {
        self.catalog = catalog
        self.ignoredAddresses = Set(ignoredAddresses.map { $0.lowercased() })
    }

    /// The people named in `message`, in order.
    public func extract(_ message: ParsedMessage) -> [NewUser] {
        var users: [NewUser] = []
        for a in message.attachments where a.isCSV {
            users.append(contentsOf: fromRows(a.csvRows, source: "attachment \(a.filename ?? "csv")", headerRequired: true))
        }
        let texts = candidateTexts(message)
        // Without an address or a table there is nobody to list: skip the line-by-line work.
        if users.isEmpty, !texts.contains(where: { $0.0.utf8.contains(UInt8(ascii: "@")) || $0.0.utf8.contains(9) }) {
            return []
        }
        var source = message.content.newText
        if users.isEmpty {
            for (text, label) in texts {
                users = fromText(text, label: label, message: message)
                if !users.isEmpty { source = text; break }
            }
        }
        // Profiles stated once for everyone ("All three are contact tracers", "Agent security profile"): in the new
        // text, else in the text the people came from (a forwarded HR notice).
        applyGlobalProfiles(&users, text: message.content.newText)
        if source != message.content.newText { applyGlobalProfiles(&users, text: source) }
        return users
    }

    /// The new text first; then the forwarded or quoted request when the new text points at it.
    func candidateTexts(_ m: ParsedMessage) -> [(String, String)] {
        var out: [(String, String)] = [(m.content.newText, "text")]
        // A request written in the subject alone ("New user: Jane Doe, jane@x, Contact Tracers").
        if m.content.newText.trimmingCharacters(in: " \n\t").isEmpty { out.append((SubjectLine.topic(m.subject), "subject")) }
        if let f = m.content.forwarded, !f.isEmpty { out.append((f, "forwarded text")) }
        else if !m.content.quoted.isEmpty { out.append((m.content.quoted, "quoted text")) }
        return out
    }

    // MARK: rows (CSV attachment, pasted tables)

    enum Column { case first, last, fullName, email, login, security, routing }

    static func column(forHeader h: String) -> Column? {
        let f = TextNormalizer.fold(h).replacingOccurrences(of: "_", with: " ")
        if f.has("first") { return .first }
        if f.has("last") || f == "surname" { return .last }
        if f.has("mail") { return .email }
        if f.has("login") || f.has("username") || f.has("user id") || f == "user" { return .login }
        if f.has("security") || ["access", "access level", "level", "permission", "permissions"].contains(f) { return .security }
        if f.has("routing") || ["role", "position", "title", "team", "queue", "profile", "job", "job title"].contains(f) { return .routing }
        if f == "name" || f == "full name" || f == "employee" || f == "employee name" { return .fullName }
        return nil
    }

    func fromRows(_ rows: [[String]], source: String, headerRequired: Bool) -> [NewUser] {
        guard let headerIndex = rows.firstIndex(where: { row in
            let cols = row.compactMap(Self.column(forHeader:))
            return (cols.contains(.first) && cols.contains(.last)) || (cols.contains(.fullName) && cols.contains(.email))
        }) else { return [] }
        let header = rows[headerIndex].map(Self.column(forHeader:))
        var users: [NewUser] = []
        for (n, row) in rows.enumerated().dropFirst(headerIndex + 1) {
            func cell(_ c: Column) -> String? {
                guard let i = header.firstIndex(of: c), i < row.count else { return nil }
                let v = row[i].trimmingCharacters(in: " \t")
                return v.isEmpty ? nil : v
            }
            var first = cell(.first) ?? ""
            var last = cell(.last) ?? ""
            if first.isEmpty && last.isEmpty, let full = cell(.fullName), let split = PeopleText.splitDisplayName(full) {
                (first, last) = split
            }
            if first.isEmpty && last.isEmpty && cell(.email) == nil { continue }
            users.append(NewUser(first: first, last: last, email: cell(.email),
                                 routingProfile: cell(.routing).flatMap(catalog.routingName(forCell:)),
                                 securityProfile: cell(.security).flatMap(catalog.securityName(forCell:)),
                                 requestedLogin: cell(.login), source: "\(source) row \(n + 1)"))
        }
        return users
    }

    // MARK: text

    func fromText(_ text: String, label: String, message: ParsedMessage) -> [NewUser] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // A pasted table: a header row of tab-separated cells.
        let tabRows = lines.filter { $0.has("\t") }.map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        let fromTable = fromRows(tabRows, source: label + " table", headerRequired: true)
        if !fromTable.isEmpty { return fromTable }
        // A Markdown or ASCII table: cells between "|".
        let pipeRows = lines.filter { $0.filter({ $0 == "|" }).count >= 2 && !$0.allSatisfy({ "|-+: ".contains($0) }) }.map { line in
            Array(line.split(separator: "|", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: " \t") }
                .drop(while: \.isEmpty).reversed().drop(while: \.isEmpty).reversed())
        }
        let fromPipes = fromRows(pipeRows, source: label + " table", headerRequired: true)
        if !fromPipes.isEmpty { return fromPipes }

        let sender = message.senderAddress
        var users: [NewUser] = []
        for (n, line) in lines.enumerated() {
            let head = line.trimmingCharacters(in: " \t*>").lowercased()
            if ["from:", "to:", "cc:", "sent:", "reply-to:", "bcc:"].contains(where: { head.hasPrefix($0) }) { continue }
            for (email, offset) in PeopleText.emails(in: line) {
                let lower = email.lowercased()
                if ignoredAddresses.contains(lower) { continue }
                if users.contains(where: { $0.email?.lowercased() == lower }) { continue }
                guard let (first, last) = name(for: email, at: offset, line: line, text: text, message: message) else { continue }
                // What the line says about this person: from the end of the previous address to the start of
                // the next ("A (a@x) and B (b@x) will be CTs, and C (c@x) will be their supervisor").
                let all = PeopleText.emails(in: line)
                let index = all.firstIndex { $0.1 == offset } ?? 0
                let bytes = Array(line.utf8)
                let segStart = index > 0 ? all[index - 1].1 + all[index - 1].0.utf8.count : 0
                let segEnd = index + 1 < all.count ? all[index + 1].1 : bytes.count
                var segment = String(decoding: bytes[segStart..<max(segStart, segEnd)], as: UTF8.self)
                var whole = line
                for (e, _) in all {
                    segment = segment.replacingOccurrences(of: e, with: " ")
                    whole = whole.replacingOccurrences(of: e, with: " ")
                }
                let folded = Array(TextNormalizer.fold(segment).utf8)
                var routing = catalog.routingMentions(inFolded: folded)
                if routing.count != 1 {
                    let lineRouting = catalog.routingMentions(inFolded: Array(TextNormalizer.fold(whole).utf8))
                    if lineRouting.count == 1 { routing = lineRouting }
                }
                let security = catalog.securityMentions(inFolded: folded)
                let statesSecurity = segment.count < 120 || Self.isProfileStatement(TextNormalizer.fold(segment))
                users.append(NewUser(first: first, last: last, email: email,
                                     routingProfile: routing.count == 1 ? routing[0] : nil,
                                     securityProfile: security.count == 1 && statesSecurity ? security[0] : nil,
                                     requestedLogin: nil, source: "\(label) line \(n + 1)"))
            }
        }
        // The sender's own address is a new user only when it is the only one (a self-request).
        if users.count > 1 { users.removeAll { $0.email?.lowercased() == sender } }
        users += peopleWithoutAddress(lines: lines, listed: users, label: label)
        return users
    }

    /// In a list of "Name  address" lines, a line that starts with a name and gives no address is a person whose
    /// address is missing ("Rosalind Meeks (e-mail pending)"): listed with no email, so the reply can ask for it.
    func peopleWithoutAddress(lines: [String], listed: [NewUser], label: String) -> [NewUser] {
        let listedLines = listed.compactMap { u -> Int? in
            guard u.source.hasPrefix(label + " line ") else { return nil }
            return Int(u.source.dropFirst((label + " line ").count)).map { $0 - 1 }
        }
        guard listedLines.count >= 2, let lo = listedLines.min(), let hi = listedLines.max() else { return [] }
        var out: [NewUser] = []
        for n in max(0, lo - 1)...min(lines.count - 1, hi + 1) where !listedLines.contains(n) {
            let line = lines[n]
            guard !line.contains("@"), line.count < 90, let name = NameFinder.names(in: line).first,
                  line.prefix(name.offset).allSatisfy({ $0 == " " || $0 == "\t" || $0 == "-" || $0 == "*" || $0 == "•" }) else { continue }
            if listed.contains(where: { $0.first == name.first && $0.last == name.last }) { continue }
            out.append(NewUser(first: name.first, last: name.last, email: nil, routingProfile: nil, securityProfile: nil,
                               requestedLogin: nil, source: "\(label) line \(n + 1)"))
        }
        return out
    }

    /// The name that goes with `email` on `line`: the candidate that fits the local part, else the nearest before
    /// it, else one derived from "first.last", else the sender's display name for their own address.
    func name(for email: String, at offset: Int, line: String, text: String, message: ParsedMessage) -> (String, String)? {
        let found = NameFinder.names(in: PeopleText.blankingAddresses(line))
        let scored = found.map { ($0, PeopleText.fit($0.first, $0.last, email)) }
        if let best = scored.filter({ $0.1 > 0 }).max(by: { $0.1 < $1.1 }) { return (best.0.first, best.0.last) }
        if let before = found.filter({ $0.offset < offset }).last, offset - (before.offset + before.full.utf8.count) < 12 {
            return (before.first, before.last)
        }
        if let after = found.first(where: { $0.offset > offset }), after.offset - offset - email.utf8.count < 6 {
            return (after.first, after.last)
        }
        if let (f, l) = PeopleText.wordsBefore(offset, in: line) { return (f, l) }
        if let (f, l) = PeopleText.nameFromEmail(email) {
            // Prefer the text's own spelling ("Zoë" over "Zoe").
            for n in NameFinder.names(in: text) where PeopleText.fit(n.first, n.last, email) == 3 { return (n.first, n.last) }
            return (f, l)
        }
        if email.lowercased() == message.senderAddress, let display = message.from.first?.displayName,
           let split = PeopleText.splitDisplayName(display) {
            return split
        }
        // A name anywhere in the text that fits the address.
        for n in NameFinder.names(in: text) where PeopleText.fit(n.first, n.last, email) >= 2 { return (n.first, n.last) }
        return nil
    }

    /// Fills profiles nobody stated per person from statements about one person by first name ("Bettina needs the
    /// Supervisor profile"), then from statements about everyone ("All three are contact tracers").
    func applyGlobalProfiles(_ users: inout [NewUser], text: String) {
        guard !users.isEmpty else { return }
        let sentences = Self.sentences(text)
        let firstNames = users.map { Array(TextNormalizer.fold($0.first).utf8) }
        // Per person: the nearest security profile after their first name, before anyone else's name.
        for i in users.indices where users[i].securityProfile == nil {
            let first = firstNames[i]
            guard first.count >= 2 else { continue }
            for s in sentences where Self.isProfileStatement(s) {
                let bytes = Array(s.utf8)
                guard let at = PhraseMatcher.firstIndex(bytes, first) else { continue }
                let after = Array(bytes[(at + first.count)...].prefix(90))
                let othersAt = firstNames.enumerated().filter { $0.offset != i }.compactMap { PhraseMatcher.firstIndex(after, $0.element) }.min()
                let scope = Array(after.prefix(othersAt ?? after.count))
                if let sec = catalog.securityMentions(inFolded: scope).first {
                    users[i].securityProfile = sec
                    break
                }
            }
        }
        // Everyone: routing mentioned outside the person lines; security from a statement about the group.
        let withoutPeople = sentences.filter { s in !users.contains { u in u.email.map { s.has(TextNormalizer.fold($0)) } ?? false } }
        var routing: [String] = []
        for s in withoutPeople {
            for r in catalog.routingMentions(inFolded: Array(s.utf8)) where !routing.contains(r) { routing.append(r) }
        }
        var security: String?
        for s in withoutPeople where Self.isProfileStatement(s) && !Self.aboutOnePerson(s) {
            // "All four are regular agents except Bettina, who needs Supervisor": the first mention is everyone's.
            if let first = catalog.securityMentions(inFolded: Array(s.utf8)).first { security = first; break }
        }
        for i in users.indices {
            if users[i].routingProfile == nil, routing.count == 1 { users[i].routingProfile = routing[0] }
            if users[i].securityProfile == nil, let sec = security { users[i].securityProfile = sec }
        }
    }

    /// Folded sentences (split at line breaks, "!", "?", and "." followed by a space: not inside addresses).
    static func sentences(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var previous: Character = " "
        for ch in text {
            defer { previous = ch }
            if previous == ".", ch == " " || ch == "\t" {
                if !current.trimmingCharacters(in: " \t").isEmpty { out.append(TextNormalizer.fold(current)) }
                current = ""
                continue
            }
            if ch == "\n" || ch == "!" || ch == "?" {
                if !current.trimmingCharacters(in: " \t").isEmpty { out.append(TextNormalizer.fold(current)) }
                current = ""
            } else {
                current.append(ch)
            }
        }
        if !current.trimmingCharacters(in: " \t").isEmpty { out.append(TextNormalizer.fold(current)) }
        return out
    }

    /// Whether a folded sentence speaks of one person ("so she needs supervisor access"), not of the whole group.
    static func aboutOnePerson(_ s: String) -> Bool {
        let padded = " " + s + " "
        let singular = [" she ", " he ", " her ", " him ", " his ", " she's ", " he's "].contains { padded.has($0) }
        let plural = [" all ", " both ", " everyone", " they ", " each ", " these ", " the two ", " the three ", " them "]
            .contains { padded.has($0) }
        return singular && !plural
    }

    /// Whether a folded sentence says which security profile someone should get (not "my supervisor told me").
    static func isProfileStatement(_ s: String) -> Bool {
        let cues = ["profile", "security", "needs", "need", "should have", "should be", "permission", "access", "as a ", "level",
                    "regular", "perfil", "seran", "sera", "will be", "are all", "are both", "both are", "all are",
                    "as an ", "as the ", "role", "will be the", "lead", "give", "assign", "set as", "make"]
        // "my supervisor", "by the supervisor": a person, not a profile.
        let people = ["my supervisor", "your supervisor", "the supervisor", "their supervisor", "his supervisor", "her supervisor",
                      "our supervisor", "a supervisor told", "supervisor told", "supervisor said", "supervisor asked"]
        let namesProfile = s.has("profile") || s.has("security") || s.has("permission")
        return cues.contains { s.has($0) } && (namesProfile || !people.contains { s.has($0) })
    }
}
