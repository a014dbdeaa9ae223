public import Foundation
import Yams

/// A problem in a rules file: where it is and what to do about it.
public struct RuleFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file.
    public var file: String
    /// The 1-based line, when known.
    public var line: Int?
    /// What is wrong and how to fix it.
    public var message: String

    public var description: String { "\(file):\(line.map(String.init) ?? "?"): \(message)" }
}

/// Reads `rules/*.yaml`: one file per category, plus optional `settings.yaml` for the margin.
///
/// A category file:
/// ```yaml
/// category: reset_failed
/// threshold: 3
/// rules:
///   - name: forgot-password-tried
///     in: [subject, new_text]
///     weight: 2.5
///     phrases: [forgot password, recover password]
///     patterns: ['reset (link|email) .{0,30}(expired|invalid)']
///     all: false
/// ```
public enum RuleLoader {
    /// Loads and checks every rules file in `directory`. All problems are collected; any problem throws them all.
    public static func load(directory: String) throws(RuleLoadErrors) -> RuleSet {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: directory) else {
            throw RuleLoadErrors(errors: [RuleFileError(file: directory, line: nil,
                message: "cannot read the rules folder; set rules.path in helpdesk.yaml or pass --rules DIR")])
        }
        var sources: [(String, String)] = []
        for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = fm.contents(atPath: path) else { continue }
            sources.append((path, String(decoding: data, as: UTF8.self)))
        }
        return try parse(sources: sources)
    }

    /// Parses rules from (file name, YAML text) pairs.
    public static func parse(sources: [(String, String)]) throws(RuleLoadErrors) -> RuleSet {
        var errors: [RuleFileError] = []
        var categories: [CategoryRules] = []
        var margin = 1.0
        var families: [[Category]] = []
        var mixedRatio = 0.6
        var spelling: [String: String] = [:]
        for (file, text) in sources {
            let node: Node?
            do {
                node = try Yams.compose(yaml: text)
            } catch let e as YamlError {
                errors.append(RuleFileError(file: file, line: yamlLine(e), message: "not valid YAML: \(yamlProblem(e))"))
                continue
            } catch {
                errors.append(RuleFileError(file: file, line: nil, message: "not valid YAML: \(error)"))
                continue
            }
            guard let root = node, let map = root.mapping else {
                errors.append(RuleFileError(file: file, line: node?.mark?.line, message: "expected a mapping with `category:` and `rules:`"))
                continue
            }
            if (file as NSString).lastPathComponent.hasPrefix("settings.") {
                if let m = map["margin"] {
                    if let v = m.float { margin = v } else {
                        errors.append(RuleFileError(file: file, line: m.mark?.line, message: "`margin` must be a number, e.g. margin: 1.0"))
                    }
                }
                if let f = map["mixed"] {
                    for group in f.sequence.map(Array.init) ?? [] {
                        var family: [Category] = []
                        for item in group.sequence.map(Array.init) ?? [group] {
                            if let name = item.string, let c = Category(rawValue: name) { family.append(c) } else {
                                errors.append(RuleFileError(file: file, line: item.mark?.line,
                                    message: "`mixed` lists families of categories, e.g. - [new_user]; `\(item.string ?? "?")` is not a category"))
                            }
                        }
                        families.append(family)
                    }
                }
                if let r = map["mixed_ratio"] {
                    if let v = r.float, v > 0, v <= 1 { mixedRatio = v } else {
                        errors.append(RuleFileError(file: file, line: r.mark?.line, message: "`mixed_ratio` must be a number above 0 and at most 1, e.g. mixed_ratio: 0.6"))
                    }
                }
                if let sp = map["spelling"] {
                    if let m = sp.mapping {
                        for (k, v) in m {
                            if let from = k.string, let to = v.string, !from.isEmpty { spelling[from] = to } else {
                                errors.append(RuleFileError(file: file, line: k.mark?.line, message: "`spelling` maps a misspelled word to its fix, e.g. recieved: received"))
                            }
                        }
                    } else {
                        errors.append(RuleFileError(file: file, line: sp.mark?.line, message: "`spelling` must be a mapping, e.g. spelling: {recieved: received}"))
                    }
                }
                for (k, _) in map where !["margin", "mixed", "mixed_ratio", "spelling"].contains(k.string ?? "") {
                    errors.append(RuleFileError(file: file, line: k.mark?.line, message: "unknown key `\(k.string ?? "?")`; settings.yaml takes margin, mixed, mixed_ratio and spelling"))
                }
                continue
            }
            if let c = parseCategory(file: file, map: map, errors: &errors) {
                if categories.contains(where: { $0.category == c.category }) {
                    errors.append(RuleFileError(file: file, line: map["category"]?.mark?.line,
                        message: "category `\(c.category.rawValue)` is defined in another file too; keep one file per category"))
                } else {
                    categories.append(c)
                }
            }
        }
        if errors.isEmpty && categories.isEmpty {
            errors.append(RuleFileError(file: "rules", line: nil, message: "no rules files (*.yaml) found"))
        }
        if !errors.isEmpty { throw RuleLoadErrors(errors: errors) }
        return RuleSet(categories: categories.sorted { $0.category < $1.category }, margin: margin, families: families,
                       mixedRatio: mixedRatio, spelling: spelling)
    }

    static func parseCategory(file: String, map: Node.Mapping, errors: inout [RuleFileError]) -> CategoryRules? {
        let known: Set<String> = ["category", "threshold", "description", "rules"]
        for (k, _) in map where !known.contains(k.string ?? "") {
            errors.append(RuleFileError(file: file, line: k.mark?.line,
                message: "unknown key `\(k.string ?? "?")`; a category file takes category, description, threshold, rules"))
        }
        guard let catNode = map["category"], let catName = catNode.string else {
            errors.append(RuleFileError(file: file, line: 1, message: "missing `category:`; name one of \(Category.allCases.map(\.rawValue).joined(separator: ", "))"))
            return nil
        }
        guard let category = Category(rawValue: catName) else {
            errors.append(RuleFileError(file: file, line: catNode.mark?.line,
                message: "unknown category `\(catName)`; use one of \(Category.allCases.map(\.rawValue).joined(separator: ", "))"))
            return nil
        }
        var threshold = 1.0
        if let t = map["threshold"] {
            if let v = t.float { threshold = v } else {
                errors.append(RuleFileError(file: file, line: t.mark?.line, message: "`threshold` must be a number, e.g. threshold: 3"))
            }
        }
        var rules: [Rule] = []
        if let rs = map["rules"] {
            guard let seq = rs.sequence else {
                errors.append(RuleFileError(file: file, line: rs.mark?.line, message: "`rules` must be a list of rules (lines starting with `- name:`)"))
                return nil
            }
            var names = Set<String>()
            for item in seq {
                if let r = parseRule(file: file, node: item, errors: &errors) {
                    if !names.insert(r.name).inserted {
                        errors.append(RuleFileError(file: file, line: item.mark?.line, message: "rule name `\(r.name)` is used twice in this file"))
                    }
                    rules.append(r)
                }
            }
        }
        return CategoryRules(category: category, threshold: threshold, rules: rules, file: file)
    }

    static func parseRule(file: String, node: Node, errors: inout [RuleFileError]) -> Rule? {
        let line = node.mark?.line
        guard let m = node.mapping else {
            errors.append(RuleFileError(file: file, line: line, message: "a rule must be a mapping with name, in, weight and phrases or patterns"))
            return nil
        }
        let known: Set<String> = ["name", "in", "weight", "phrases", "patterns", "all", "all_of", "within", "note"]
        for (k, _) in m where !known.contains(k.string ?? "") {
            errors.append(RuleFileError(file: file, line: k.mark?.line,
                message: "unknown key `\(k.string ?? "?")` in a rule; use name, in, weight, phrases, patterns, all, all_of, within, note"))
        }
        guard let name = m["name"]?.string, !name.isEmpty else {
            errors.append(RuleFileError(file: file, line: line, message: "a rule needs `name:`"))
            return nil
        }
        guard let weight = m["weight"]?.float else {
            errors.append(RuleFileError(file: file, line: m["weight"]?.mark?.line ?? line, message: "rule `\(name)` needs a numeric `weight:`"))
            return nil
        }
        var fields: [RuleField] = []
        if let inNode = m["in"] {
            let items: [Node] = inNode.sequence.map(Array.init) ?? [inNode]
            for f in items {
                guard let s = f.string, let field = RuleField(rawValue: s) else {
                    errors.append(RuleFileError(file: file, line: f.mark?.line,
                        message: "rule `\(name)`: unknown field `\(f.string ?? "?")`; use \(RuleField.allCases.map(\.rawValue).joined(separator: ", "))"))
                    continue
                }
                fields.append(field)
            }
        } else {
            errors.append(RuleFileError(file: file, line: line, message: "rule `\(name)` needs `in:` (the fields to look in)"))
            return nil
        }
        let phrases = strings(m["phrases"], file: file, rule: name, key: "phrases", errors: &errors)
        let patterns = strings(m["patterns"], file: file, rule: name, key: "patterns", errors: &errors)
        for p in patterns {
            do { _ = try NSRegularExpression(pattern: p, options: [.caseInsensitive]) } catch {
                errors.append(RuleFileError(file: file, line: m["patterns"]?.mark?.line,
                    message: "rule `\(name)`: the pattern `\(p)` is not a valid regular expression"))
            }
        }
        var groups: [[String]] = []
        if let g = m["all_of"] {
            if let seq = g.sequence, !seq.isEmpty {
                for item in seq {
                    let group = strings(item, file: file, rule: name, key: "all_of", errors: &errors)
                    if group.isEmpty {
                        errors.append(RuleFileError(file: file, line: item.mark?.line, message: "rule `\(name)`: every group of `all_of` must be a non-empty list of phrases, e.g. - [email, user id]"))
                    }
                    groups.append(group)
                }
            } else {
                errors.append(RuleFileError(file: file, line: g.mark?.line, message: "rule `\(name)`: `all_of` must be a list of phrase lists, e.g. all_of: [[email, login], [never got, not received]]"))
            }
        }
        var within: Int?
        if let w = m["within"] {
            if let v = w.int, v > 0 { within = v } else {
                errors.append(RuleFileError(file: file, line: w.mark?.line, message: "rule `\(name)`: `within` must be a positive whole number of characters, e.g. within: 80"))
            }
            if groups.isEmpty {
                errors.append(RuleFileError(file: file, line: w.mark?.line, message: "rule `\(name)`: `within` only applies to `all_of`"))
            }
        }
        if phrases.isEmpty && patterns.isEmpty && groups.isEmpty {
            errors.append(RuleFileError(file: file, line: line, message: "rule `\(name)` needs `phrases:`, `patterns:` or `all_of:`"))
            return nil
        }
        let all = m["all"]?.bool ?? false
        return Rule(name: name, fields: fields, phrases: phrases, patterns: patterns, weight: weight, requireAll: all,
                    groups: groups, within: within, location: "\((file as NSString).lastPathComponent):\(line ?? 0)")
    }

    static func strings(_ node: Node?, file: String, rule: String, key: String, errors: inout [RuleFileError]) -> [String] {
        guard let node else { return [] }
        guard let seq = node.sequence else {
            if let s = node.string { return [s] }
            errors.append(RuleFileError(file: file, line: node.mark?.line, message: "rule `\(rule)`: `\(key)` must be a list of strings"))
            return []
        }
        var out: [String] = []
        for item in seq {
            if let s = item.string, !s.isEmpty { out.append(s) } else {
                errors.append(RuleFileError(file: file, line: item.mark?.line, message: "rule `\(rule)`: every item of `\(key)` must be a non-empty string"))
            }
        }
        return out
    }

    static func yamlLine(_ e: YamlError) -> Int? {
        switch e {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }

    static func yamlProblem(_ e: YamlError) -> String {
        switch e {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): return problem
        default: return "\(e)"
        }
    }
}

/// Every problem found in the rules files.
public struct RuleLoadErrors: Error, Sendable, CustomStringConvertible {
    /// The problems, each with file and line.
    public var errors: [RuleFileError]
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
