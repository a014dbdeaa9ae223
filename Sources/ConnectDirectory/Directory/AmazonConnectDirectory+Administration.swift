public import Directory
import Foundation

extension AmazonConnectDirectory: UserAdministration {
    /// How long, in seconds, to tell the caller to wait when Connect refuses a username that nobody has (a user of
    /// that name was deleted recently).
    static let reuseWait: Double = 300

    /// Creates the user, at most once per request id: when `user.tags[requestTagKey]` is set, a user already
    /// carrying that tag (from an attempt before a crash or a lost answer) is returned instead of a second one.
    public func create(_ user: NewDirectoryUser) async throws -> DirectoryUser {
        try NewUserValidation.check(user)
        try await checkProfiles(user)
        let requestID = user.tags[requestTagKey]
        if let requestID, let earlier = try await createdEarlier(requestID: requestID, username: user.username) {
            return earlier
        }
        let request = ConnectAPI.createUser(instance: instance, user)
        var unclear = 0
        while true {
            do {
                let out = try await client.call(request, as: ConnectResponses.CreateUser.self, idempotent: false) { e in
                    e.type == "DuplicateResourceException" ? DuplicateUsername() : nil
                }
                guard let id = out.UserId else {
                    throw ConnectError(.malformedResponse, "Connect created \(user.username) but did not say its id. "
                        + "Look the user up by login.")
                }
                return try await describeUser(UserID(id))
            } catch is DuplicateUsername {
                if let existing = try await self.user(username: user.username) {
                    if let requestID, existing.tags[requestTagKey] == requestID { return existing }
                    throw DirectoryError.usernameTaken(user.username)
                }
                throw DirectoryError.notReusableYet(user.username, until: client.environment.now()
                    .addingTimeInterval(Self.reuseWait))
            } catch let e as ConnectError where e.code == .outcomeUnknown {
                // The user may exist now. Only the request-id tag can tell ours from someone else's.
                guard let requestID else { throw e }
                if let earlier = try await createdEarlier(requestID: requestID, username: user.username) {
                    return earlier
                }
                unclear += 1
                guard case .retry(let after) = client.retry.decide(afterAttempt: unclear, retryable: true,
                                                                   unit: client.environment.random()) else { throw e }
                try await client.environment.sleep(after)
            }
        }
    }

    /// Creates every user or none: after a failure, the users already created are deleted again.
    public func createAll(_ users: [NewDirectoryUser]) async throws -> [DirectoryUser] {
        for u in users { try NewUserValidation.check(u) }
        var created: [DirectoryUser] = []
        do {
            for u in users { created.append(try await create(u)) }
            return created
        } catch {
            for u in created.reversed() { try? await delete(u.id) }
            throw error
        }
    }

    /// Deletes the user. A user that vanished between the check and the delete (a retried delete whose first
    /// answer was lost) counts as deleted.
    public func delete(_ id: UserID) async throws {
        _ = try await describeUser(id)
        switch try await client.send(ConnectAPI.deleteUser(instance: instance, user: id)) {
        case .success:
            index.remove(id)
        case .failure(let e) where e.type == "ResourceNotFoundException":
            index.remove(id)
        case .failure(let e):
            throw ConnectClient.error(for: e, operation: "DeleteUser")
        }
    }

    public func updateIdentity(_ id: UserID, _ info: IdentityInfo) async throws -> DirectoryUser {
        try NewUserValidation.checkIdentity(info)
        try await update(ConnectAPI.updateUserIdentityInfo(instance: instance, user: id, info), id)
        let user = try await describeUser(id)
        index.record(user, lastModified: nil, now: now)
        return user
    }

    /// Gives the user the routing profile named `name` (`UpdateUserRoutingProfile`).
    public func updateRoutingProfile(_ id: UserID, named name: String) async throws -> DirectoryUser {
        try await updateRoutingProfile(id, routingProfileId: try await profileID(.routing, named: name))
    }

    /// Replaces the user's security profiles with those named (`UpdateUserSecurityProfiles`).
    public func updateSecurityProfiles(_ id: UserID, named names: [String]) async throws -> DirectoryUser {
        guard !names.isEmpty else {
            throw DirectoryError(.unknownSecurityProfile, "A user needs at least one security profile; the guide's "
                + "usual one is Agent.")
        }
        var ids: [String] = []
        for n in names { ids.append(try await profileID(.security, named: n)) }
        return try await updateSecurityProfiles(id, securityProfileIds: ids)
    }

    /// Replaces the user's phone settings (`UpdateUserPhoneConfig`).
    public func updatePhoneConfig(_ id: UserID, _ phone: PhoneConfig) async throws -> DirectoryUser {
        try NewUserValidation.checkPhone(phone)
        try await update(ConnectAPI.updateUserPhoneConfig(instance: instance, user: id, phone), id)
        return try await describeUser(id)
    }

    /// Sends an update (safe to repeat), mapping `ResourceNotFoundException` to `.notFound`.
    func update(_ request: ConnectRequest, _ id: UserID) async throws {
        switch try await client.send(request) {
        case .success: return
        case .failure(let e): throw notFound(id)(e) ?? ConnectClient.error(for: e, operation: request.operation)
        }
    }

    /// The user an earlier attempt with `requestID` created, if any: by tag (`SearchUsers` with a tag filter), and
    /// by username in case the search index has not caught up with a very recent creation.
    func createdEarlier(requestID: String, username: String) async throws -> DirectoryUser? {
        let tagged = try await describeEach(try await search(.tag(key: requestTagKey, value: requestID)))
        if let u = tagged.first(where: { $0.tags[requestTagKey] == requestID }) { return u }
        if let u = try await user(username: username), u.tags[requestTagKey] == requestID { return u }
        return nil
    }

    /// Throws the directory's error for a profile id Connect does not have, as `LocalDirectory` does.
    private func checkProfiles(_ user: NewDirectoryUser) async throws {
        if try await routingProfiles().withID(user.routingProfileId) == nil {
            throw DirectoryError.unknownRoutingProfile(user.routingProfileId)
        }
        let security = try await securityProfiles()
        for s in user.securityProfileIds where security.withID(s) == nil {
            throw DirectoryError.unknownSecurityProfile(s)
        }
        if let h = user.hierarchyGroupId, !h.isEmpty, try await hierarchyGroups().withID(h) == nil {
            throw DirectoryError.unknownHierarchyGroup(h)
        }
    }
}

/// Connect's `DuplicateResourceException` on `CreateUser`, before it is told apart (taken, or not reusable yet).
private struct DuplicateUsername: Error {}

extension AmazonConnectDirectory: UserSettingsAdministration {
    public func updateRoutingProfile(_ id: UserID, routingProfileId: String) async throws -> DirectoryUser {
        try await update(ConnectAPI.updateUserRoutingProfile(instance: instance, user: id,
                                                             routingProfileID: routingProfileId), id)
        return try await describeUser(id)
    }

    public func updateSecurityProfiles(_ id: UserID, securityProfileIds: [String]) async throws -> DirectoryUser {
        try await update(ConnectAPI.updateUserSecurityProfiles(instance: instance, user: id,
                                                               securityProfileIDs: securityProfileIds), id)
        return try await describeUser(id)
    }
}
