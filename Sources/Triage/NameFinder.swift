/// Finds people's names in text: runs of two or three capitalised words that are not common words of this domain.
public enum NameFinder {
    /// A name found in text, with where it stands (offset in characters of its line).
    public struct Found: Sendable, Equatable {
        /// The words, as written.
        public var words: [String]
        /// The UTF-8 offset of the first word in the searched string.
        public var offset: Int
        /// "First Last" (middle words dropped into the first name only when there are three).
        public var first: String { words.count == 3 && words[1].count == 1 ? words[0] : words[0] }
        /// The last word.
        public var last: String { words[words.count - 1] }
        /// The full name.
        public var full: String { words.joined(separator: " ") }
    }

    /// Every candidate name in `line`.
    public static func names(in line: String) -> [Found] {
        var out: [Found] = []
        var run: [(String, Int)] = []
        var offset = 0
        func flush() {
            if run.count >= 2 {
                let words = Array(run.prefix(3))
                out.append(Found(words: words.map(\.0), offset: words[0].1))
            }
            run.removeAll()
        }
        var word = ""
        var wordStart = 0
        var previousBreak: Character = " "
        func endWord(_ breaker: Character) {
            defer {
                word = ""
                previousBreak = breaker
                // Punctuation other than a space ends a name.
                if breaker != " " { flush() }
            }
            guard !word.isEmpty else { return }
            var w = Substring(word)
            var possessive = false
            if w.hasSuffix("'s") || w.hasSuffix("’s") { w = w.dropLast(2); possessive = true }
            if isNameWord(w) {
                run.append((String(w), wordStart))
                if possessive { flush() }
            } else {
                flush()
            }
        }
        for u in line.unicodeScalars {
            let v = u.value
            let isWordScalar: Bool
            if v < 0x80 {
                isWordScalar = (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || v == 0x27 || v == 0x2D
            } else {
                isWordScalar = u == "’" || u.properties.isAlphabetic || u.properties.generalCategory == .nonspacingMark
            }
            if isWordScalar {
                if word.isEmpty { wordStart = offset }
                word.unicodeScalars.append(u)
            } else {
                endWord(Character(u))
                _ = previousBreak
            }
            offset += v < 0x80 ? 1 : (v < 0x800 ? 2 : (v < 0x10000 ? 3 : 4))
        }
        endWord(".")
        flush()
        return out
    }

    /// A capitalised word that is not a stop word (a greeting, a product, a role, a place, a month ...).
    static func isNameWord(_ w: Substring) -> Bool {
        guard let f = w.first, f.isUppercase, w.count >= 2 else { return false }
        // ALL CAPS words longer than 3 letters are shouting, not names; allow "McX", "O'X".
        let letters = w.filter(\.isLetter)
        if letters.count > 1, letters.allSatisfy(\.isUppercase) { return false }
        return !stopWords.contains(TextNormalizer.fold(String(w)))
    }

    static let stopWords: Set<String> = [
        "amazon", "connect", "contact", "contacts", "tracer", "tracers", "tracing", "case", "investigator", "investigators",
        "resource", "coordinator", "coordinators", "salesforce", "please", "hello", "hi", "hey", "dear", "thanks", "thank",
        "good", "morning", "afternoon", "evening", "regards", "best", "sincerely", "cheers", "team", "mo", "acts",
        "missouri", "department", "health", "senior", "services", "division", "community", "public", "county", "city",
        "district", "region", "office", "bureau", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
        "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "agent", "supervisor", "admin", "security", "routing", "profile", "profiles", "user",
        "users", "login", "email", "e-mail", "mail", "password", "reset", "account", "accounts", "new", "the", "and",
        "for", "can", "could", "would", "will", "she", "he", "they", "we", "i", "my", "our", "their", "this", "that",
        "these", "also", "both", "all", "three", "two", "four", "five", "one", "first", "last", "name", "phone",
        "softphone", "ccp", "aws", "directory", "service", "support", "help", "desk", "helpdesk", "it", "hr",
        "human", "resources", "specialist", "lead", "manager", "program", "epidemiology", "regional", "central",
        "northeast", "northwest", "southeast", "southwest", "north", "south", "east", "west", "drive", "street",
        "jefferson", "wildwood", "sent", "from", "to", "subject", "cc", "date", "forwarded", "message", "original",
        "fw", "re", "fwd", "external", "caution", "notice", "confidentiality", "iphone", "android", "outlook",
        "microsoft", "google", "gmail", "yahoo", "windows", "chrome", "edge", "firefox", "safari", "lpha", "dhss",
        "cdc", "state", "school", "hospital", "clinic", "attached", "attachment", "file", "upload", "template",
        "cohort", "group", "shift", "training", "start", "starting", "started", "staff", "employee", "employees",
        "hire", "hires", "volunteer", "volunteers", "nurse", "rn", "bsn", "mph", "md", "phd", "jr", "sr",
        "buenos", "dias", "gracias", "hola", "soy", "nuevo", "nueva", "correo", "usuario", "when", "what", "how",
        "where", "why", "who", "is", "are", "was", "were", "has", "have", "had", "not", "no", "yes", "ok", "okay",
        "if", "but", "so", "as", "at", "in", "on", "of", "by", "with", "an", "a", "any", "each", "every", "let",
        "know", "need", "needs", "add", "create", "set", "up", "remove", "delete", "fix", "just", "still", "again",
        "kansas", "springfield", "louis", "st", "greene", "cass", "pike", "jackson", "lincoln", "randolph", "boone",
        "heartland", "solutions", "tracestaff", "welcome", "reminder", "tip", "week", "weekly", "update", "issue",
        "policy", "policies", "call", "center", "centers", "queue", "queues", "hierarchy", "type", "soft",
        "unit", "units", "section", "services", "operations", "coordinating", "assistant", "director", "deputy",
        "chief", "i'm", "i've", "i'll", "i'd", "we're", "we'll", "administrator", "officer", "analyst", "associate", "coordinating", "lab", "laboratory",
    ]
}
