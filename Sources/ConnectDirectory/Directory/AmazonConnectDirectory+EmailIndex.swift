import Directory

extension AmazonConnectDirectory {
    /// Brings the email index up to date: lists every user, then describes at most `budget` of those that are new
    /// or changed. Returns how many are still to describe (0 when the index is complete).
    @discardableResult
    public func refreshEmailIndex(budget: Int) async throws -> Int {
        let listing = try await listUsers()
        let modified = Dictionary(listing.map { ($0.id, $0.lastModified) }) { a, _ in a }
        index.update(listing: listing, now: now)
        for id in index.pending.prefix(max(0, budget)) {
            do {
                let user = try await describeUser(id)
                index.record(user, lastModified: modified[id] ?? nil, now: now)
            } catch let e as DirectoryError where e.code == .notFound {
                index.remove(id)
            }
        }
        return index.pending.count
    }

    /// The index as it stands, to save and pass to a later `init`.
    public func emailIndex() -> EmailIndex { index }
}
