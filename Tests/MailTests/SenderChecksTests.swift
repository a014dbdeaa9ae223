import Mail
import Testing

/// The sender checks read the receiving server's Authentication-Results (RFC 8601) and believe only trusted servers.
@Suite("Sender checks")
struct SenderChecksTests {
    static func message(from: String = "Jane Doe <jane.doe@health.mo.gov>", _ results: [String]) throws -> ParsedMessage {
        let headers = results.map { "Authentication-Results: \($0)\r\n" }.joined()
        let raw = "\(headers)From: \(from)\r\nTo: moacts@health.mo.gov\r\nSubject: hi\r\n\r\nbody\r\n"
        return try MessageParser().parse(Array(raw.utf8))
    }

    static let checks = SenderChecks(trustedServers: ["mx.health.mo.gov"])

    @Test("a verdict for each kind of Authentication-Results", arguments: [
        (["mx.health.mo.gov; dmarc=pass (p=reject) header.from=health.mo.gov"], true, "dmarc=pass"),
        (["mx.health.mo.gov; dkim=pass header.d=health.mo.gov header.s=s1"], true, "dkim=pass"),
        (["mx.health.mo.gov; spf=pass smtp.mailfrom=jane.doe@health.mo.gov"], true, "spf=pass"),
        (["mx.health.mo.gov 1; spf=pass smtp.mailfrom=bounce@mail.health.mo.gov"], true, "spf=pass"),
        (["mx.health.mo.gov; spf=pass smtp.mailfrom=evil@example.com; dkim=pass header.d=example.com"], false, "nothing passed"),
        (["mx.health.mo.gov; dmarc=fail header.from=health.mo.gov; spf=softfail"], false, "dmarc=fail"),
        (["evil.example.com; dmarc=pass header.from=health.mo.gov"], false, "no Authentication-Results from mx.health.mo.gov"),
        ([], false, "no Authentication-Results"),
        (["mx.health.mo.gov; none"], false, "no Authentication-Results"),
        (["MX.Health.MO.gov; (a comment; with a semicolon) DMARC=PASS header.from=HEALTH.MO.GOV"], true, "dmarc=pass"),
        // Only the topmost trusted field counts. Hand-written: OpenDKIM removes a field with a DKIM result that claims
        // its own authserv-id, so the real verifier of the mail stack never delivers these exact layouts
        // (Tests/HelpdeskTests/SpoofEndToEndTests.swift covers the forgeries that it does let through).
        (["mx.health.mo.gov; dmarc=fail header.from=health.mo.gov",
          "mx.health.mo.gov; dkim=pass header.d=health.mo.gov; dmarc=pass header.from=health.mo.gov"], false, "dmarc=fail"),
        (["mx.health.mo.gov; dmarc=none header.from=health.mo.gov",
          "mx.health.mo.gov; spf=pass smtp.mailfrom=health.mo.gov"], false, "dmarc=none"),
        (["mx.health.mo.gov; dmarc=pass header.from=health.mo.gov",
          "mx.health.mo.gov; dkim=fail header.d=health.mo.gov"], true, "dmarc=pass"),
        // A DMARC result decides; DKIM and SPF alone must be for the From's domain or a subdomain, not a neighbour.
        (["mx.health.mo.gov; spf=pass smtp.mailfrom=jane@health.mo.gov; dmarc=fail header.from=health.mo.gov"], false, "dmarc=fail"),
        (["mx.health.mo.gov; spf=pass smtp.mailfrom=jane@heaith.mo.gov"], false, "nothing passed"),
        (["mx.health.mo.gov; dkim=pass header.d=evil.mo.gov"], false, "nothing passed"),
        (["evil.example.com; dmarc=fail header.from=health.mo.gov",
          "mx.health.mo.gov; dmarc=pass header.from=health.mo.gov"], true, "dmarc=pass"),
    ])
    func verdicts(results: [String], passed: Bool, summary: String) throws {
        let v = Self.checks.check(try Self.message(results))
        #expect(v.passed == passed, "\(v)")
        #expect(v.configured)
        #expect(v.summary.contains(summary), "\(v.summary)")
    }

    @Test("two From addresses never pass")
    func twoFroms() throws {
        let m = try Self.message(from: "a@health.mo.gov, b@health.mo.gov", ["mx.health.mo.gov; dmarc=pass header.from=health.mo.gov"])
        #expect(Self.checks.check(m).passed == false)
    }

    @Test("with no trusted server nothing is checked, and the verdict says so")
    func notConfigured() throws {
        let v = SenderChecks(trustedServers: []).check(try Self.message([]))
        #expect(v.configured == false)
        #expect(v.passed)
        #expect(v.summary.contains("not checked"))
    }
}
