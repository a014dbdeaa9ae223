import Testing
@testable import Triage

@Suite("Finding people's names in text")
struct NameFinderTests {
    @Test("names with their first and last words", arguments: [
        ("My new tracer, Luis Ortega (Luis.Ortega@health.mo.gov), says he never got", ["Luis Ortega"]),
        ("Tonya Fields (Tonya.Fields@health.mo.gov) can log in", ["Tonya Fields"]),
        ("I'm Zoë Lindqvist and I started as a contact tracer. My supervisor (Wanda Ferris) told me", ["Zoë Lindqvist", "Wanda Ferris"]),
        ("Brianna Cole's Amazon Connect account was created", ["Brianna Cole"]),
        ("Please add the following staff to Amazon Connect:", []),
        ("Jalen Okafor - Jalen.Okafor@health.mo.gov", ["Jalen Okafor"]),
    ])
    func finds(line: String, expected: [String]) {
        #expect(NameFinder.names(in: line).map(\.full) == expected)
    }
}
