import Foundation

/// One rule that fired: which, where, and what it added.
public struct RuleHit: Sendable, Equatable, Codable {
    /// The category the rule scores.
    public var category: Category
    /// The rule's name.
    public var rule: String
    /// Its file and line.
    public var location: String
    /// The weight it added.
    public var weight: Double
    /// The field it matched in.
    public var field: RuleField
    /// The phrase or pattern that matched.
    public var matched: String
}

/// The classifier's decision and why.
public struct Classification: Sendable, Equatable {
    /// The category chosen (`other` when nothing is confident enough).
    public var category: Category
    /// From 0 to 1: how clear the decision was (the winner's lead over the runner-up, squashed).
    public var confidence: Double
    /// Every category's score.
    public var scores: [Category: Double]
    /// The rules that fired.
    public var hits: [RuleHit]
    /// One sentence an admin can read: why this category.
    public var reason: String
}

/// Scores a message against the rule set: each category's score is the sum of the weights of its rules that hit.
/// The best category wins if it reaches its threshold and leads the runner-up by the margin; otherwise `other`.
public struct Classifier: Sendable {
    let rules: RuleSet
    let compiled: [[CompiledRule]]

    /// Prepares the rules (patterns compiled once).
    public init(rules: RuleSet) {
        self.rules = rules
        self.compiled = rules.categories.map { $0.rules.map(CompiledRule.init) }
    }

    /// Classifies prepared input.
    public func classify(_ input: TriageInput) -> Classification {
        var scores: [Category: Double] = [:]
        var hits: [RuleHit] = []
        for (ci, cat) in rules.categories.enumerated() {
            var score = 0.0
            for rule in compiled[ci] {
                if let hit = rule.match(input) {
                    score += rule.rule.weight
                    hits.append(RuleHit(category: cat.category, rule: rule.rule.name, location: rule.rule.location,
                                        weight: rule.rule.weight, field: hit.0, matched: hit.1))
                }
            }
            scores[cat.category] = score
        }
        let thresholds = Dictionary(uniqueKeysWithValues: rules.categories.map { ($0.category, $0.threshold) })
        let ranked = scores.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        // The best category that reached its threshold; the margin is measured against every other category.
        let eligible = ranked.filter { $0.value > 0 && $0.value >= (thresholds[$0.key] ?? 0) }
        let category: Category
        let reason: String
        var lead = 0.0
        var bestKey: Category = .other
        var bestValue = 0.0
        if let best = eligible.first {
            bestKey = best.key
            bestValue = best.value
            let runnerUp = ranked.first { $0.key != best.key }
            lead = best.value - max(0, runnerUp?.value ?? 0)
            let family = rules.families.firstIndex { $0.contains(best.key) }
            let otherRequest = eligible.dropFirst().first { e in
                guard let f = rules.families.firstIndex(where: { $0.contains(e.key) }) else { return false }
                return family != nil && f != family && e.value >= best.value * rules.mixedRatio
            }
            if let second = otherRequest {
                category = .other
                reason = "two requests in one message: \(best.key.rawValue) \(fmt(best.value)) and \(second.key.rawValue) \(fmt(second.value)) both reached their thresholds"
            } else if best.key != .other, let r = runnerUp, r.value > 0, lead < rules.margin {
                category = .other
                reason = "too close to call: \(best.key.rawValue) \(fmt(best.value)) vs \(r.key.rawValue) \(fmt(r.value)) (margin \(fmt(rules.margin)))"
            } else {
                category = best.key
                let top = hits.filter { $0.category == best.key && $0.weight > 0 }.sorted { $0.weight > $1.weight }.prefix(3)
                reason = "\(best.key.rawValue) scored \(fmt(best.value)) (threshold \(fmt(thresholds[best.key] ?? 0))), ahead by \(fmt(lead)): "
                    + top.map { "\($0.rule) (+\(fmt($0.weight)) on \"\($0.matched)\" in \($0.field.rawValue))" }.joined(separator: ", ")
            }
        } else {
            category = .other
            let best = ranked.first
            reason = "no category reached its threshold" + (best.map { " (best: \($0.key.rawValue) \(fmt($0.value)))" } ?? "")
            bestValue = best?.value ?? 0
            bestKey = best?.key ?? .other
        }
        let threshold = thresholds[bestKey] ?? 1
        let confidence: Double
        if category == bestKey {
            confidence = 1 - exp(-max(0, lead) / 2.5)
        } else {
            confidence = max(0.05, 1 - (max(0, bestValue) / max(threshold, 1)) * 0.5)
        }
        return Classification(category: category, confidence: (confidence * 1000).rounded() / 1000, scores: scores,
                              hits: hits, reason: reason)
    }

    func fmt(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String(format: "%.1f", v)
    }
}

/// A rule with its patterns compiled.
struct CompiledRule: Sendable {
    let rule: Rule
    let phrases: [CompiledPhrase]
    let groups: [[CompiledPhrase]]
    let regexes: [RegexBox]

    init(_ rule: Rule) {
        self.rule = rule
        self.phrases = rule.phrases.map(CompiledPhrase.init)
        self.groups = rule.groups.map { $0.map(CompiledPhrase.init) }
        self.regexes = rule.patterns.compactMap { p in
            (try? NSRegularExpression(pattern: p, options: [.caseInsensitive])).map { RegexBox(regex: $0, source: p) }
        }
    }

    /// The first field and phrase (or pattern) that matches, or nil.
    func match(_ input: TriageInput) -> (RuleField, String)? {
        for field in rule.fields {
            guard let text = input.fields[field], !text.isEmpty else { continue }
            let hit: String? = text.withUnsafeBufferPointer { buf in
                if rule.requireAll {
                    if !phrases.isEmpty, phrases.allSatisfy({ $0.firstIndex(in: buf, from: 0) != nil }) {
                        return rule.phrases.joined(separator: " + ")
                    }
                } else {
                    for (i, p) in phrases.enumerated() where p.firstIndex(in: buf, from: 0) != nil { return rule.phrases[i] }
                }
                if !groups.isEmpty { return matchGroups(buf) }
                return nil
            }
            if let hit { return (field, hit) }
            if !regexes.isEmpty {
                let s = String(decoding: text, as: UTF8.self)
                let range = NSRange(location: 0, length: (s as NSString).length)
                for r in regexes where r.regex.firstMatch(in: s, options: [], range: range) != nil { return (field, r.source) }
            }
        }
        return nil
    }
}

extension CompiledRule {
    /// One phrase of every group, all within `rule.within` bytes of each other when it is set.
    func matchGroups(_ text: UnsafeBufferPointer<UInt8>) -> String? {
        guard let window = rule.within else {
            // Anywhere: the first phrase of each group that occurs.
            var picks: [Int] = []
            for group in groups {
                guard let i = group.firstIndex(where: { $0.firstIndex(in: text, from: 0) != nil }) else { return nil }
                picks.append(i)
            }
            return zip(rule.groups, picks).map { $0[$1] }.joined(separator: " + ")
        }
        var occurrences: [[(start: Int, end: Int, phrase: Int)]] = []
        occurrences.reserveCapacity(groups.count)
        for group in groups {
            var found: [(start: Int, end: Int, phrase: Int)] = []
            for (pi, p) in group.enumerated() {
                var from = 0
                while found.count < 32, let at = p.firstIndex(in: text, from: from) {
                    found.append((at, at + p.bytes.count, pi))
                    from = at + 1
                }
            }
            if found.isEmpty { return nil }
            occurrences.append(found)
        }
        // Anchor on each occurrence of the first group; pick the nearest occurrence of every other group.
        for anchor in occurrences[0] {
            var picks = [anchor.phrase]
            var lo = anchor.start
            var hi = anchor.end
            for group in occurrences.dropFirst() {
                var best = group[0]
                for o in group where abs(o.start - anchor.start) < abs(best.start - anchor.start) { best = o }
                lo = min(lo, best.start)
                hi = max(hi, best.end)
                picks.append(best.phrase)
            }
            if hi - lo <= window { return zip(rule.groups, picks).map { $0[$1] }.joined(separator: " + ") }
        }
        return nil
    }
}

/// A phrase ready to match: its folded bytes (a trailing "*" removed), and which word boundaries it checks.
struct CompiledPhrase: Sendable {
    let bytes: [UInt8]
    let checkStart: Bool
    let checkEnd: Bool

    init(_ phrase: String) {
        var b = Array(phrase.utf8)
        let prefixOnly = b.last == 0x2A
        if prefixOnly { b.removeLast() }
        bytes = b
        checkStart = b.first.map(PhraseMatcher.isWordByte) ?? false
        checkEnd = !prefixOnly && (b.last.map(PhraseMatcher.isWordByte) ?? false)
    }

    /// The offset of the first occurrence at or after `from`, at word boundaries.
    func firstIndex(in t: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        let n = t.count
        let m = bytes.count
        guard m > 0, m <= n - from, let base = t.baseAddress else { return nil }
        return bytes.withUnsafeBufferPointer { p -> Int? in
            let first = Int32(p[0])
            var i = from
            let last = n - m
            while i <= last {
                guard let found = memchr(base + i, first, last - i + 1) else { return nil }
                let pos = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                // Cheap checks first: the word boundary before, the second byte, then the rest.
                if (!checkStart || pos == 0 || !PhraseMatcher.isWordByte(t[pos - 1])), m == 1 || t[pos + 1] == p[1],
                   memcmp(base + pos, p.baseAddress!, m) == 0,
                   !checkEnd || pos + m == n || !PhraseMatcher.isWordByte(t[pos + m]) {
                    return pos
                }
                i = pos + 1
            }
            return nil
        }
    }
}

/// NSRegularExpression is immutable once built and safe to share.
struct RegexBox: @unchecked Sendable {
    let regex: NSRegularExpression
    let source: String
}

/// Finds a folded phrase in folded text at word boundaries.
enum PhraseMatcher {
    static func contains(_ text: [UInt8], _ phrase: [UInt8]) -> Bool { firstIndex(text, phrase) != nil }

    /// How many bytes of text a phrase covers (a trailing "*" is a wildcard for the rest of the word).
    static func matchLength(_ phrase: [UInt8]) -> Int { phrase.last == 0x2A ? phrase.count - 1 : phrase.count }

    /// The offset of the first occurrence of `phrase` in `text` at or after `from`, at word boundaries. A phrase
    /// ending in "*" matches any word that starts with it ("reset*": reset, resets, resetting).
    static func firstIndex(_ text: [UInt8], _ phrase: [UInt8], from: Int = 0) -> Int? {
        var phrase = phrase
        var prefixOnly = false
        if phrase.last == 0x2A { phrase.removeLast(); prefixOnly = true }
        guard !phrase.isEmpty, phrase.count <= text.count - from else { return nil }
        let n = text.count
        let m = phrase.count
        let first = phrase[0]
        let checkStart = isWordByte(first)
        let checkEnd = !prefixOnly && isWordByte(phrase[m - 1])
        return text.withUnsafeBufferPointer { t in
            phrase.withUnsafeBufferPointer { p in
                var i = from
                let last = n - m
                while i <= last {
                    guard let found = memchr(t.baseAddress! + i, Int32(first), last - i + 1) else { return nil }
                    let pos = t.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    if memcmp(t.baseAddress! + pos, p.baseAddress!, m) == 0 {
                        let okStart = !checkStart || pos == 0 || !isWordByte(t[pos - 1])
                        let okEnd = !checkEnd || pos + m == n || !isWordByte(t[pos + m])
                        if okStart && okEnd { return pos }
                    }
                    i = pos + 1
                }
                return nil
            }
        }
    }

    @inline(__always) static func isWordByte(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || c >= 0x80
    }
}
