public import Directory

/// Users' emails by user id, for finding a user by the sender's address: Connect's `SearchUsers` cannot search by
/// email. Kept in sync from `ListUsers` (cheap, 1,000 users a call) and `DescribeUser` (one call a user), and only
/// for users that are new or changed since they were last described. Pure and `Codable`, so it can be saved.
public struct EmailIndex: Sendable, Hashable, Codable {
    /// What the index knows of one user.
    public struct Entry: Sendable, Hashable, Codable {
        /// `Username`.
        public var username: String
        /// The email on file, lowercased; nil when none.
        public var email: String?
        /// `LastModifiedTime` from the listing the user was described after, when Connect gave one.
        public var lastModified: Double?
        /// When the user was described, in seconds since 1970.
        public var describedAt: Double
    }

    /// The entries by user id.
    public private(set) var entries: [UserID: Entry] = [:]
    /// Users listed but not described yet (new or changed), in listing order.
    public private(set) var pending: [UserID] = []

    /// An empty index.
    public init() {}

    /// Whether every listed user has been described since it last changed.
    public var isComplete: Bool { pending.isEmpty }

    /// Takes a full `ListUsers` listing: forgets deleted users and queues new and changed ones for `DescribeUser`.
    /// A user without `LastModifiedTime` is queued again once its entry is older than `maxAge` seconds.
    public mutating func update(listing: [UserSummary], now: Double, maxAge: Double = 86_400) {
        let listed = Set(listing.map(\.id))
        entries = entries.filter { listed.contains($0.key) }
        pending = listing.filter { s in
            guard let e = entries[s.id] else { return true }
            if let modified = s.lastModified { return e.lastModified != modified || e.username != s.username }
            return now - e.describedAt > maxAge || e.username != s.username
        }.map(\.id)
    }

    /// Records what `DescribeUser` returned for a user (and takes it off the pending list).
    public mutating func record(_ user: DirectoryUser, lastModified: Double?, now: Double) {
        entries[user.id] = Entry(username: user.username, email: user.identityInfo.email?.lowercased(),
                                 lastModified: lastModified, describedAt: now)
        pending.removeAll { $0 == user.id }
    }

    /// Forgets a user (deleted, or found gone when described).
    public mutating func remove(_ id: UserID) {
        entries[id] = nil
        pending.removeAll { $0 == id }
    }

    /// The users whose email on file is `email` (without regard to case or surrounding spaces), by username.
    public func candidates(email: String) -> [UserID] {
        let wanted = email.trimmingSpaces.lowercased()
        return entries.filter { $0.value.email == wanted }.sorted { $0.value.username < $1.value.username }.map(\.key)
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
