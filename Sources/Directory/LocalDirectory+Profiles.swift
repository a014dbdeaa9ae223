import GRDB

extension LocalDirectory: ProfileListing {
    public func routingProfiles() async throws -> [ProfileSummary] { try await profiles("routing") }
    public func securityProfiles() async throws -> [ProfileSummary] { try await profiles("security") }
    public func hierarchyGroups() async throws -> [ProfileSummary] { try await profiles("hierarchy") }

    func profiles(_ kind: String) async throws -> [ProfileSummary] {
        try await read { db in
            try Row.fetchAll(try db.cachedStatement(sql: "SELECT id, arn, name FROM profiles WHERE kind = ? ORDER BY name COLLATE NOCASE"),
                             arguments: [kind])
                .map { ProfileSummary(id: $0["id"], arn: $0["arn"], name: $0["name"]) }
        }
    }
}
