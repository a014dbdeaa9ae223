import Foundation
import Mail
import Testing
@testable import Triage

/// The labelled corpora (real help-desk mail): the gates on accuracy, macro-F1, loops and extraction.
@Suite("Labelled corpora")
struct CorpusTests {
    struct Label: Decodable {
        var file: String
        var label: String
        var expect: Expect
    }
    struct Expect: Decodable {
        var users: [GoldUser]?
        var user: GoldPerson?
        var ticket: Int?
        var decision: String?
        var reply_allowed: Bool?
    }
    struct GoldUser: Decodable {
        var first: String?
        var last: String?
        var email: String?
        var routing_profile: String?
        var security_profile: String?
    }
    struct GoldPerson: Decodable {
        var name: String?
        var email: String?
        var login: String?
    }

    struct Score {
        var total = 0
        var correct = 0
        var loops: [String] = []
        var misclassified: [String] = []
        var fields: [String: (ok: Int, n: Int)] = [:]
        var confusion: [String: [String: Int]] = [:]

        mutating func field(_ name: String, _ ok: Bool) {
            var f = fields[name] ?? (0, 0)
            f.n += 1
            if ok { f.ok += 1 }
            fields[name] = f
        }

        var accuracy: Double { Double(correct) / Double(max(total, 1)) }

        var macroF1: Double {
            let labels = Set(confusion.keys)
            var f1s: [Double] = []
            for l in labels {
                let tp = Double(confusion[l]?[l] ?? 0)
                let support = Double(confusion[l]?.values.reduce(0, +) ?? 0)
                let predicted = Double(confusion.values.reduce(0) { $0 + ($1[l] ?? 0) })
                let p = predicted > 0 ? tp / predicted : 0
                let r = support > 0 ? tp / support : 0
                f1s.append(p + r > 0 ? 2 * p * r / (p + r) : 0)
            }
            return f1s.reduce(0, +) / Double(max(f1s.count, 1))
        }
    }

    static func fold(_ s: String?) -> String? {
        guard let s, !s.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return TextNormalizer.fold(s)
    }

    static func score(corpus: String) throws -> Score {
        let dir = TestPaths.fixtures + "/corpus/" + corpus
        let labels = try JSONDecoder().decode([Label].self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/labels.json")))
        let triage = Triage(rules: try RuleLoader.load(directory: TestPaths.rules))
        var s = Score()
        for l in labels {
            let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + l.file))
            let r = try triage.triage(MessageParser().parse(Array(data)))
            s.total += 1
            let predicted = r.category.rawValue
            s.confusion[l.label, default: [:]][predicted, default: 0] += 1
            if predicted == l.label { s.correct += 1 } else { s.misclassified.append("\(l.file): \(l.label) -> \(predicted) (\(r.classification.reason))") }
            let allowed = l.expect.reply_allowed ?? (l.label != "auto_reply" && l.label != "bounce")
            if r.reply && !allowed { s.loops.append(l.file) }
            if let gold = l.expect.users {
                s.field("users.count", gold.count == r.users.count)
                for g in gold {
                    let p = r.users.first { $0.email?.lowercased() == g.email?.lowercased() && g.email != nil }
                        ?? r.users.first { fold($0.first) == fold(g.first) && fold($0.last) == fold(g.last) }
                    s.field("users.first", fold(p?.first) == fold(g.first))
                    s.field("users.last", fold(p?.last) == fold(g.last))
                    s.field("users.email", p?.email?.lowercased() == g.email?.lowercased())
                    s.field("users.routing_profile", fold(p?.routingProfile) == fold(g.routing_profile))
                    s.field("users.security_profile", fold(p?.securityProfile) == fold(g.security_profile))
                }
            }
            if let g = l.expect.user {
                s.field("user.name", fold(r.user?.name) == fold(g.name))
                s.field("user.email", r.user?.email?.lowercased() == g.email?.lowercased())
                s.field("user.login", fold(r.user?.login) == fold(g.login))
            }
            if let t = l.expect.ticket { s.field("ticket", r.ticket == t) }
            if let d = l.expect.decision { s.field("decision", r.decision?.rawValue == d) }
        }
        return s
    }

    static func report(_ name: String, _ s: Score) -> String {
        var lines = ["\(name): accuracy \(s.correct)/\(s.total) = \(s.accuracy), macro-F1 \(s.macroF1), loops \(s.loops.count)"]
        for (k, v) in s.fields.sorted(by: { $0.key < $1.key }) { lines.append("  \(k): \(v.ok)/\(v.n)") }
        lines += s.misclassified.map { "  wrong: " + $0 }
        return lines.joined(separator: "\n")
    }

    @Test("dev corpus: accuracy >= 0.95, macro-F1 >= 0.93, no loops, extraction >= 0.9 per field")
    func dev() throws {
        let s = try Self.score(corpus: "dev")
        print(Self.report("dev", s))
        #expect(s.total == 72)
        #expect(s.accuracy >= 0.95)
        #expect(s.macroF1 >= 0.93)
        #expect(s.loops.isEmpty, "replies to mail that must not be answered: \(s.loops)")
        for (field, v) in s.fields {
            #expect(Double(v.ok) / Double(v.n) >= 0.9, "\(field): \(v.ok)/\(v.n)")
        }
    }

    @Test("the corpora written apart from the rules by other agents: never a loop; accuracy and extraction held",
          arguments: ["extra", "holdout", "third", "fourth"])
    func independent(corpus: String) throws {
        let s = try Self.score(corpus: corpus)
        print(Self.report(corpus, s))
        #expect(s.loops.isEmpty, "replies to mail that must not be answered: \(s.loops)")
        #expect(s.accuracy >= 0.95)
        #expect(s.macroF1 >= 0.93)
        for (field, v) in s.fields {
            #expect(Double(v.ok) / Double(v.n) >= 0.65, "\(field): \(v.ok)/\(v.n)")
        }
    }
}
