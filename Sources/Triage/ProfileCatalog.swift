/// The configured routing and security profile names, and the words people use for them.
public struct ProfileCatalog: Sendable, Equatable {
    /// A profile name and its aliases (folded).
    public struct Profile: Sendable, Equatable {
        /// The name as configured in Amazon Connect, e.g. "Contact Tracers".
        public var name: String
        /// Words and abbreviations that mean it, e.g. "ct", "tracer".
        public var aliases: [String]

        /// Creates a profile with aliases (folded on creation; the name itself is always an alias).
        public init(name: String, aliases: [String]) {
            self.name = name
            self.aliases = Array(Set(([name] + aliases).map(TextNormalizer.fold))).sorted { $0.count > $1.count }
        }
    }

    /// Routing profiles.
    public var routing: [Profile]
    /// Security profiles.
    public var security: [Profile]

    /// Creates a catalog.
    public init(routing: [Profile], security: [Profile]) {
        self.routing = routing
        self.security = security
    }

    /// The guide's profiles (Appendix): routing Case Investigator, Contact Tracers, Resource Coordinator; security
    /// Agent, Supervisor, L1 Support, Admin, CallCenterManager. "CT" means Contact Tracers.
    public static let standard = ProfileCatalog(
        routing: [
            Profile(name: "Contact Tracers", aliases: ["contact tracer", "contact tracers", "tracer", "tracers", "ct", "cts",
                                                        "contact tracing agent", "doing contact tracing", "do contact tracing", "rastreador de contactos", "rastreadora de contactos",
                                                        "rastreadores de contactos", "rastreadoras de contactos", "rastreo de contactos"]),
            Profile(name: "Case Investigator", aliases: ["case investigator", "case investigators", "investigator", "ci",
                                                          "case investigation", "case investigations", "investigators", "cis",
                                                          "ci's", "investigadora", "investigador", "investigadores"]),
            Profile(name: "Resource Coordinator", aliases: ["resource coordinator", "resource coordinators", "rc",
                                                             "resource coordination", "coordinator"]),
        ],
        security: [
            Profile(name: "Agent", aliases: ["agent", "agents", "agente", "agentes", "regular agent", "agent level"]),
            Profile(name: "Supervisor", aliases: ["supervisor", "supervisors"]),
            Profile(name: "L1 Support", aliases: ["l1 support", "l1", "level 1 support"]),
            Profile(name: "Admin", aliases: ["admin", "administrator"]),
            Profile(name: "CallCenterManager", aliases: ["callcentermanager", "call center manager"]),
        ])

    /// The routing profile a whole cell names (alias match on the whole value), or the value itself when unknown.
    public func routingName(forCell cell: String) -> String? { name(forCell: cell, in: routing) }

    /// The security profile a whole cell names, or the value itself when unknown.
    public func securityName(forCell cell: String) -> String? { name(forCell: cell, in: security) }

    func name(forCell cell: String, in profiles: [Profile]) -> String? {
        let t = cell.trimmingCharacters(in: " \t.")
        if t.isEmpty { return nil }
        let f = TextNormalizer.fold(t)
        for p in profiles where p.aliases.contains(f) { return p.name }
        // Words that name a profile in a table cell though they are too loose for prose ("Contact Tracing").
        if let name = Self.cellAliases[f], profiles.contains(where: { $0.name == name }) { return name }
        return t
    }

    static let cellAliases: [String: String] = [
        "contact tracing": "Contact Tracers", "tracing": "Contact Tracers", "contact tracer": "Contact Tracers",
        "case investigation": "Case Investigator", "case investigations": "Case Investigator",
        "resource coordination": "Resource Coordinator", "regular": "Agent", "standard": "Agent", "user": "Agent",
        "basic": "Agent", "lead": "Supervisor", "team lead": "Supervisor", "supervisory": "Supervisor",
    ]

    /// Every routing profile mentioned in folded text, in order of first mention.
    public func routingMentions(inFolded text: [UInt8]) -> [String] { mentions(text, routing) }

    /// Every security profile mentioned in folded text, in order of first mention.
    public func securityMentions(inFolded text: [UInt8]) -> [String] { mentions(text, security) }

    func mentions(_ text: [UInt8], _ profiles: [Profile]) -> [String] {
        var found: [(Int, String)] = []
        for p in profiles {
            var best: Int?
            for a in p.aliases {
                if let pos = PhraseMatcher.firstIndex(text, Array(a.utf8)) { best = min(best ?? pos, pos) }
            }
            if let b = best { found.append((b, p.name)) }
        }
        return found.sorted { $0.0 < $1.0 }.map(\.1)
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
