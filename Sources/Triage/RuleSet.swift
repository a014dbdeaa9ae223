/// Where a rule looks. Each field is folded (`TextNormalizer`) before matching.
public enum RuleField: String, Sendable, CaseIterable, Codable {
    /// The subject, without "Re:", "Fw:", "[External]" and ticket tags; empty for a reply to one of our emails
    /// (its subject is ours: match it through `headers`).
    case subject
    /// What the writer added: no quoted history, signature or disclaimers.
    case newText = "new_text"
    /// The quoted history and forwarded messages.
    case quoted
    /// Every header field, one "name: value" line each.
    case headers
    /// Attachment names and the first line of each text attachment (a CSV header row).
    case attachments
    /// Facts the code computes about the message (see `Signal`), as words: `auto:bounce`, `ticket_tag` ...
    case signals
}

/// One weighted rule: if any of its phrases or patterns occurs in any of its fields, its weight is added to its
/// category's score (a negative weight counts against it).
public struct Rule: Sendable, Equatable {
    /// A name unique within its file, shown in explanations.
    public var name: String
    /// The fields it looks in.
    public var fields: [RuleField]
    /// Plain phrases (folded), matched at word boundaries.
    public var phrases: [String]
    /// Regular expressions over the folded text.
    public var patterns: [String]
    /// What a hit adds to the score.
    public var weight: Double
    /// Whether every phrase must occur (all-of) instead of any one (any-of).
    public var requireAll: Bool
    /// Groups of phrases that must all occur, one phrase of each group (`all_of:`), e.g. [[email, user id],
    /// [never got, not received]]: "a word for the email" and "a word for it not arriving".
    public var groups: [[String]]
    /// With `groups`: the most bytes the matches may span (`within:`); nil for anywhere in the field.
    public var within: Int?
    /// Where the rule was written, "file:line", for errors and explanations.
    public var location: String

    /// Creates a rule.
    public init(name: String, fields: [RuleField], phrases: [String] = [], patterns: [String] = [], weight: Double,
                requireAll: Bool = false, groups: [[String]] = [], within: Int? = nil, location: String = "") {
        self.groups = groups.map { $0.map(TextNormalizer.fold) }
        self.within = within
        self.name = name
        self.fields = fields
        self.phrases = phrases.map(TextNormalizer.fold)
        self.patterns = patterns
        self.weight = weight
        self.requireAll = requireAll
        self.location = location
    }
}

/// The rules of one category, from one file of `rules/`.
public struct CategoryRules: Sendable, Equatable {
    /// The category these rules score.
    public var category: Category
    /// The least score that can win (below it the message goes to a human as `other`).
    public var threshold: Double
    /// The rules.
    public var rules: [Rule]
    /// The file they came from.
    public var file: String
}

/// Every category's rules and the global decision settings.
public struct RuleSet: Sendable, Equatable {
    /// The rules per category.
    public var categories: [CategoryRules]
    /// The least lead the winner must have over the runner-up; a closer call goes to a human as `other`.
    public var margin: Double
    /// Families of categories that are different kinds of work (`mixed:` in settings.yaml). When categories of two
    /// families both reach their thresholds, the message holds two requests and goes to a human.
    public var families: [[Category]]
    /// Two requests count as mixed only when the runner-up scores at least this share of the winner (`mixed_ratio:`).
    public var mixedRatio: Double
    /// Common misspellings and their fixes (`spelling:`), applied to folded words before matching.
    public var spelling: [String: String]

    /// Creates a rule set.
    public init(categories: [CategoryRules], margin: Double, families: [[Category]] = [], mixedRatio: Double = 0.6,
                spelling: [String: String] = [:]) {
        self.categories = categories
        self.margin = margin
        self.families = families
        self.mixedRatio = mixedRatio
        self.spelling = Dictionary(spelling.map { (TextNormalizer.fold($0.key), TextNormalizer.fold($0.value)) }, uniquingKeysWith: { a, _ in a })
    }
}
