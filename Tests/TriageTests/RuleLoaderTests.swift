import Testing
@testable import Triage

@Suite("Rules files: loading and file:line errors")
struct RuleLoaderTests {
    @Test("the repository's rules load, one file per category")
    func repositoryRules() throws {
        let set = try RuleLoader.load(directory: TestPaths.rules)
        #expect(Set(set.categories.map(\.category)) == Set(Category.allCases))
        #expect(set.margin > 0)
    }

    @Test("each problem is reported with its file and line and what to do", arguments: [
        ("category: nope\nrules: []\n", 1, "unknown category `nope`"),
        ("category: bounce\nthreshold: high\n", 2, "`threshold` must be a number"),
        ("category: bounce\nrules:\n  - name: a\n    in: [subject]\n    phrases: [x]\n", 3, "needs a numeric `weight:`"),
        ("category: bounce\nrules:\n  - name: a\n    in: [body]\n    weight: 1\n    phrases: [x]\n", 4, "unknown field `body`"),
        ("category: bounce\nrules:\n  - name: a\n    in: [subject]\n    weight: 1\n    patterns: ['(unclosed']\n", 6, "not a valid regular expression"),
        ("category: bounce\nrules:\n  - name: a\n    in: [subject]\n    weight: 1\n", 3, "needs `phrases:`, `patterns:` or `all_of:`"),
        ("category: bounce\nrulez: []\n", 2, "unknown key `rulez`"),
        ("category: bounce\nrules:\n  - name: a\n    in: [subject]\n    weight: 1\n    all_of: [[x], []]\n", 6, "every group of `all_of`"),
        ("category: bounce\nrules:\n  - name: a\n    in: [subject]\n    weight: 1\n    phrases: [x]\n    within: 10\n", 7, "only applies to `all_of`"),
        ("category: bounce\nrules: [\n", 3, "not valid YAML"),
        ("category: bounce\nrules:\n  - name: a\n    in: [subject]\n    weight: 1\n    phrases: [x]\n  - name: a\n    in: [subject]\n    weight: 1\n    phrases: [y]\n", 7, "used twice"),
    ])
    func errors(yaml: String, line: Int, message: String) {
        do {
            _ = try RuleLoader.parse(sources: [("rules/bounce.yaml", yaml)])
            Issue.record("expected an error")
        } catch {
            let e = error.errors.first
            #expect(e?.file == "rules/bounce.yaml")
            #expect(e?.line == line)
            #expect(e?.message.contains(message) == true, "\(e?.message ?? "")")
        }
    }

    @Test("two files for one category are refused")
    func duplicateCategory() {
        let yaml = "category: bounce\nrules: []\n"
        #expect(throws: RuleLoadErrors.self) {
            try RuleLoader.parse(sources: [("a.yaml", yaml), ("b.yaml", yaml)])
        }
    }
}

enum TestPaths {
    static let root: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()
    static let rules = root + "/rules"
    static let fixtures = root + "/Tests/Fixtures"
}
