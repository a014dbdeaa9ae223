import Mail
import Testing
@testable import Triage

@Suite("The classifier: thresholds, margin, explanations")
struct ClassifierTests {
    let rules = RuleSet(categories: [
        CategoryRules(category: .resetFailed, threshold: 3, rules: [
            Rule(name: "forgot", fields: [.newText], phrases: ["Forgot Password"], weight: 3, location: "reset_failed.yaml:4"),
        ], file: "reset_failed.yaml"),
        CategoryRules(category: .accountReset, threshold: 3, rules: [
            Rule(name: "locked", fields: [.newText, .subject], phrases: ["locked out"], weight: 4, location: "account_reset.yaml:4"),
        ], file: "account_reset.yaml"),
        CategoryRules(category: .other, threshold: 3, rules: [], file: "other.yaml"),
    ], margin: 1.5)

    func classify(_ body: String, subject: String = "help") throws -> Classification {
        let m = try MessageParser().parse("From: a@b.org\nSubject: \(subject)\n\n\(body)\n")
        return Classifier(rules: rules).classify(TriageInput(message: m, signals: []))
    }

    @Test("a clear winner is chosen and explained")
    func winner() throws {
        let c = try classify("I'm LOCKED OUT of my account")
        #expect(c.category == .accountReset)
        #expect(c.hits.map(\.rule) == ["locked"])
        #expect(c.reason.contains("locked"))
        #expect(c.confidence > 0.5)
    }

    @Test("below every threshold means other")
    func threshold() throws {
        let c = try classify("My headset broke")
        #expect(c.category == .other)
        #expect(c.reason.contains("no category reached its threshold"))
    }

    @Test("too close to call means other")
    func margin() throws {
        let c = try classify("Forgot password failed and now I am locked out")
        #expect(c.scores[.accountReset] == 4)
        #expect(c.scores[.resetFailed] == 3)
        #expect(c.category == .other)
        #expect(c.reason.contains("too close"))
    }

    @Test("phrases match at word boundaries, folded (case, accents, typographic quotes)", arguments: [
        ("I can’t log in", "can't log in", true),
        ("NO RECIBÍ el correo", "no recibi", true),
        ("the preset value", "reset", false),
        ("reset.", "reset", true),
    ])
    func boundaries(text: String, phrase: String, matches: Bool) {
        let t = Array(TextNormalizer.fold(text).utf8)
        #expect(PhraseMatcher.contains(t, Array(TextNormalizer.fold(phrase).utf8)) == matches)
    }
}

@Suite("Approval decisions")
struct ApprovalExtractorTests {
    @Test("the first words decide", arguments: [
        ("APPROVE", ApprovalDecision.approve),
        ("Approved - go ahead", .approve),
        ("Yes, approved. Thanks!", .approve),
        ("approve", .approve),
        ("go ahead", .approve),
        ("Go for it, she is on my team", .approve),
        ("Go to the other form first and then I will look", nil),
        ("Reject - wrong person. Sam is not on my team", .reject),
        ("REJECT. Duplicate request - she already has an account (see #1051).", .reject),
        ("Denied", .reject),
        ("No", .reject),
        ("Who is this for?", nil),
        ("No idea who this person is, can you check with the district office before I decide anything", nil),
    ])
    func decisions(text: String, decision: ApprovalDecision?) throws {
        let m = try MessageParser().parse("From: a@b.org\nSubject: RE: [MOACTS #1042] Approval needed\n\n\(text)\n")
        #expect(ApprovalExtractor.decision(in: m) == decision)
        #expect(SubjectLine.ticketNumber(m.subject) == 1042)
    }
}

@Suite("Concept rules: all_of groups within a window, prefix wildcards, mixed requests")
struct ConceptRuleTests {
    func input(_ body: String) throws -> TriageInput {
        TriageInput(message: try MessageParser().parse("From: a@b.org\nSubject: x\n\n\(body)\n"), signals: [])
    }

    @Test("one phrase of each group, close enough", arguments: [
        ("I never got the email with my login", true),
        ("The email came on Monday with everything I needed to start the job. Later on, though, I never got a call back.", false),
        ("never got", false),
    ])
    func groups(text: String, matches: Bool) throws {
        let rule = CompiledRule(Rule(name: "r", fields: [.newText], weight: 1,
                                     groups: [["email", "login"], ["never got", "not received"]], within: 40))
        #expect((rule.match(try input(text)) != nil) == matches)
    }

    @Test("a trailing * matches the rest of a word")
    func wildcard() {
        let text = Array(TextNormalizer.fold("I tried resetting it").utf8)
        #expect(PhraseMatcher.contains(text, Array("reset*".utf8)))
        #expect(!PhraseMatcher.contains(text, Array("reset".utf8)))
    }

    @Test("two requests of different families both over threshold go to a human")
    func mixed() throws {
        let rules = RuleSet(categories: [
            CategoryRules(category: .newUser, threshold: 3, rules: [Rule(name: "n", fields: [.newText], phrases: ["new tracers"], weight: 4)], file: "n"),
            CategoryRules(category: .resetFailed, threshold: 3, rules: [Rule(name: "r", fields: [.newText], phrases: ["reset link"], weight: 6)], file: "r"),
        ], margin: 1, families: [[.newUser], [.resetFailed]])
        let c = Classifier(rules: rules).classify(try input("Two new tracers start Monday. Also my reset link is invalid."))
        #expect(c.category == .other)
        #expect(c.reason.contains("two requests"))
        let single = Classifier(rules: rules).classify(try input("My reset link is invalid."))
        #expect(single.category == .resetFailed)
    }
}
