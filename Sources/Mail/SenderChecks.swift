/// The sender checks: whether a message's From can be believed, from the `Authentication-Results` fields (RFC 8601)
/// that the receiving mail server added. Only the topmost field whose authserv-id is one of `trustedServers` counts:
/// the receiving server adds its field above everything the sender wrote, so any field with a trusted id further
/// down may be a forgery (RFC 8601 §5: a sender can write any header, and not every verifier removes look-alikes of
/// its own). The From passes when, in that field, DMARC passed for the From's domain (a DMARC result, pass or not,
/// decides), or, in a field without DMARC, DKIM passed for the From's domain (`header.d`) or SPF passed for it
/// (`smtp.mailfrom`); and the message has exactly one From address. A verifier that writes one field
/// per method must write the deciding one on top (OpenDMARC after OpenDKIM does: its `dmarc=` field is the topmost).
public struct SenderChecks: Sendable, Equatable {
    /// The authserv-ids whose results are believed (the organisation's own receiving servers), lowercased.
    public var trustedServers: [String]

    /// Checks that believe `trustedServers`. With none, every message is `.notConfigured`.
    public init(trustedServers: [String]) { self.trustedServers = trustedServers.map { $0.lowercased() } }

    /// What the checks found.
    public struct Verdict: Sendable, Equatable, Codable {
        /// Whether the From can be believed.
        public var passed: Bool
        /// Whether checks are configured at all.
        public var configured: Bool
        /// One line for admins: `dmarc=pass (mx.health.mo.gov)`, or what failed.
        public var summary: String
        /// Each method's result from trusted servers: `dmarc=pass`, `spf=fail`.
        public var results: [String]

        /// A verdict.
        public init(passed: Bool, configured: Bool, summary: String, results: [String]) {
            self.passed = passed
            self.configured = configured
            self.summary = summary
            self.results = results
        }
    }

    /// The verdict on `message`.
    public func check(_ message: ParsedMessage) -> Verdict {
        let fromDomain = message.senderAddress.split(separator: "@").last.map { String($0).lowercased() } ?? ""
        guard !trustedServers.isEmpty else {
            return Verdict(passed: true, configured: false,
                           summary: "not checked: sender_checks.authserv_ids is not set", results: [])
        }
        if message.from.count != 1 || fromDomain.isEmpty {
            return Verdict(passed: false, configured: true, summary: "failed: the message has \(message.from.count) From addresses",
                           results: [])
        }
        var results: [String] = []
        var pass: String?
        // Header order is top to bottom: the first trusted field is the receiving server's; the rest are ignored.
        let topmost = message.headers.all("Authentication-Results").lazy.map(Self.parse)
            .first { trustedServers.contains($0.server) }
        if let field = topmost {
            results = field.results.map { "\($0.method)=\($0.result)" }
            if let dmarc = field.results.first(where: { $0.method == "dmarc" }) {
                // DMARC judged DKIM and SPF with their alignment already: its result decides.
                let d = dmarc.properties["header.from"] ?? fromDomain
                if dmarc.result == "pass", Self.aligned(d, fromDomain) { pass = "dmarc=pass (\(field.server))" }
            } else {
                for r in field.results where r.result == "pass" && pass == nil {
                    switch r.method {
                    case "dkim":
                        if let d = r.properties["header.d"] ?? r.properties["header.i"].map(Self.domain), Self.aligned(d, fromDomain) {
                            pass = "dkim=pass header.d=\(d) (\(field.server))"
                        }
                    case "spf":
                        if let d = (r.properties["smtp.mailfrom"] ?? r.properties["smtp.helo"]).map(Self.domain), Self.aligned(d, fromDomain) {
                            pass = "spf=pass smtp.mailfrom=\(d) (\(field.server))"
                        }
                    default: break
                    }
                }
            }
        }
        if let pass { return Verdict(passed: true, configured: true, summary: pass, results: results) }
        if results.isEmpty {
            return Verdict(passed: false, configured: true,
                           summary: "failed: no Authentication-Results from \(trustedServers.joined(separator: ", "))", results: [])
        }
        return Verdict(passed: false, configured: true,
                       summary: "failed: nothing passed for \(fromDomain) (\(results.joined(separator: ", ")))", results: results)
    }

    /// One `Authentication-Results` field: its authserv-id and each method's result with its properties.
    struct Field {
        var server: String
        var results: [(method: String, result: String, properties: [String: String])]
    }

    /// RFC 8601 §2.2: `authres-header = authserv-id [ CFWS authres-version ] ( no-result / 1*resinfo )`, where
    /// `resinfo = ";" methodspec [ reasonspec ] *propspec`. Comments are dropped; values are lowercased.
    static func parse(_ raw: String) -> Field {
        var text = ""
        var depth = 0
        var quoted = false
        for c in raw {
            if c == "\"" { quoted.toggle(); continue }
            if !quoted, c == "(" { depth += 1; continue }
            if !quoted, c == ")", depth > 0 { depth -= 1; continue }
            if depth == 0 { text.append(c == "\r" || c == "\n" || c == "\t" ? " " : c) }
        }
        let parts = text.split(separator: ";", omittingEmptySubsequences: false).map { $0.trimmingSpaces }
        let server = parts.first?.split(separator: " ").first.map { String($0).lowercased() } ?? ""
        var results: [(String, String, [String: String])] = []
        for part in parts.dropFirst() {
            let tokens = part.split(separator: " ").map(String.init)
            guard let spec = tokens.first, let eq = spec.firstIndex(of: "=") else { continue }
            let method = spec[..<eq].split(separator: "/").first.map { String($0).lowercased() } ?? ""
            let result = String(spec[spec.index(after: eq)...]).lowercased()
            var props: [String: String] = [:]
            for t in tokens.dropFirst() {
                guard let e = t.firstIndex(of: "=") else { continue }
                props[String(t[..<e]).lowercased()] = String(t[t.index(after: e)...]).lowercased()
            }
            results.append((method, result, props))
        }
        return Field(server: server, results: results.map { (method: $0.0, result: $0.1, properties: $0.2) })
    }

    /// `user@example.org` -> `example.org`; a bare domain as it is.
    static func domain(_ s: String) -> String { s.split(separator: "@").last.map(String.init) ?? s }

    /// Alignment, stricter than DMARC's relaxed mode (RFC 7489 §3.1) because there is no public suffix list here:
    /// the same domain, or one a subdomain of the other (`mail.health.mo.gov` and `health.mo.gov`). Sharing only the
    /// last two labels is not enough: `heaith.mo.gov` and `health.mo.gov` are different organisations under `mo.gov`.
    static func aligned(_ a: String, _ b: String) -> Bool {
        let x = a.lowercased(), y = b.lowercased()
        guard !x.isEmpty, !y.isEmpty else { return false }
        return x == y || x.hasSuffix("." + y) || y.hasSuffix("." + x)
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        var s = self[...]
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
