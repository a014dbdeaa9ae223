import Foundation

/// A logged-in admin: who, the CSRF token their forms carry, and when the session ends.
struct Session: Sendable {
    var admin: String
    var csrf: String
    var expires: Date
}

/// Sessions in memory (a restart logs everyone out). Session ids and CSRF tokens are 256 random bits.
actor SessionStore {
    private var sessions: [String: Session] = [:]
    let lifetime: TimeInterval
    let clock: @Sendable () -> Date
    let random: @Sendable (Int) -> [UInt8]

    init(lifetime: TimeInterval, clock: @escaping @Sendable () -> Date, random: @escaping @Sendable (Int) -> [UInt8]) {
        self.lifetime = lifetime
        self.clock = clock
        self.random = random
    }

    /// A new session for `admin`; returns its id (the cookie value).
    func open(for admin: String) -> (id: String, session: Session) {
        let id = Self.token(random(32))
        let s = Session(admin: admin, csrf: Self.token(random(32)), expires: clock().addingTimeInterval(lifetime))
        sessions[id] = s
        return (id, s)
    }

    /// The live session with this id.
    func session(_ id: String?) -> Session? {
        guard let id, let s = sessions[id] else { return nil }
        if s.expires <= clock() {
            sessions[id] = nil
            return nil
        }
        return s
    }

    func close(_ id: String?) {
        if let id { sessions[id] = nil }
    }

    /// base64url without padding.
    static func token(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
