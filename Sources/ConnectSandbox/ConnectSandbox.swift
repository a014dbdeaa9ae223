public import AWSSigV4
import ConnectDirectory
public import CurlHTTP
public import Directory
import Foundation

/// Amazon Connect's REST API for users, answered from a local `UserDirectory` (a `LocalDirectory` for
/// `helpdesk sandbox`): the same routes, JSON shapes, pagination, error types and SigV4 checks, so that the Connect
/// client, botocore or the AWS CLI can be pointed at it.
///
/// It is itself an `HTTPTransport`: hand it to `ConnectClient` to run the real client in-process, or serve it over
/// HTTP with `SandboxServer`.
public struct ConnectSandbox: HTTPTransport {
    /// The instance id requests must name.
    public let instanceID: String
    let directory: any UserDirectory & UserSettingsAdministration
    let authenticator: SandboxAuthenticator?
    /// The faults in force: add and clear them while the sandbox serves.
    public let faults: SandboxFaults
    let sleep: @Sendable (Double) async throws -> Void

    /// Creates a sandbox.
    ///
    /// - Parameters:
    ///   - credentials: the key pair requests must be signed with; nil accepts any signature (but not none).
    ///   - region: the region signatures must be scoped to.
    ///   - faults: throttling, 5xx and slow answers to put in the way (the deleted-username delay is the
    ///     directory's `usernameReuseDelay`).
    ///   - sleep: how a slow answer waits; tests pass their clock's.
    public init(directory: any UserDirectory & UserSettingsAdministration, instanceID: String, region: String,
                credentials: AWSCredentials?, faults: SandboxFaults = SandboxFaults(),
                sleep: @escaping @Sendable (Double) async throws -> Void = { seconds in
                    try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
                }) {
        self.directory = directory
        self.instanceID = instanceID
        self.faults = faults
        self.sleep = sleep
        authenticator = credentials.map { SandboxAuthenticator(credentials: $0, region: region) }
    }

    /// Answers `request` as Connect would, with the faults in force. A slow answer longer than the request's
    /// timeout is carried out, then throws `HTTPError(.timedOut)` after the timeout, as a client would see it
    /// (`SandboxServer` passes requests with a timeout longer than any fault's, so over HTTP the answer really
    /// comes late).
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let response = await answer(request)
        guard let (fault, operation) = response.fault, case .slow(let seconds) = fault else { return response.http }
        let timeout = Double(request.timeout.components.seconds)
            + Double(request.timeout.components.attoseconds) / 1e18
        if seconds >= timeout {
            try await sleep(timeout)
            throw HTTPError(.timedOut, message: "The sandbox's slow answer to \(operation) (\(seconds) s) came "
                + "after the request's timeout (\(timeout) s); \(operation) was carried out.")
        }
        try await sleep(seconds)
        return response.http
    }

    /// The answer, and the fault that hit the request with its operation.
    func answer(_ request: HTTPRequest) async -> (http: HTTPResponse, fault: (SandboxFault.Kind, String)?) {
        let components = URLComponents(string: request.url)
        let segments = (components?.percentEncodedPath ?? "").split(separator: "/")
            .map { $0.removingPercentEncoding ?? String($0) }
        let query = Dictionary((components?.queryItems ?? []).map { ($0.name, $0.value ?? "") }) { a, _ in a }
        let host = request.headers["Host"] ?? components.map(Self.authority) ?? ""
        if request.headers["Authorization"] == nil {
            return (Self.error(403, "MissingAuthenticationTokenException", "Missing Authentication Token"), nil)
        }
        if let authenticator, let (type, message) = authenticator.problem(request, host: host) {
            return (Self.error(403, type, message), nil)
        }
        let body: [String: Any]
        if request.body.isEmpty {
            body = [:]
        } else if let object = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] {
            body = object
        } else {
            return (Self.error(400, "SerializationException", "The body is not a JSON object."), nil)
        }
        let (route, instance) = SandboxRoute.of(request.method, segments)
        if route == .unknown {
            return (Self.error(404, "UnknownOperationException", "No Connect operation at \(request.method) "
                + (components?.percentEncodedPath ?? "")), nil)
        }
        let named = instance ?? body["InstanceId"] as? String ?? ""
        if named != instanceID && !named.hasSuffix(":instance/\(instanceID)") {
            return (Self.error(404, "ResourceNotFoundException", "Instance \(named) not found."), nil)
        }
        let fault = faults.next(for: route.operation)
        switch fault {
        case .throttle?:
            return (Self.error(429, "ThrottlingException", "Rate exceeded"), (.throttle, route.operation))
        case .serverError(let status)?:
            return status == 503
                ? (Self.error(503, "ServiceUnavailableException", "Service unavailable (sandbox fault)."),
                   (.serverError(status), route.operation))
                : (Self.error(status, "InternalServiceException", "Internal service error (sandbox fault)."),
                   (.serverError(status), route.operation))
        case .slow?, nil:
            break
        }
        let answer: HTTPResponse
        do {
            answer = try await handle(route, query: query, body: body)
        } catch let e as DirectoryError {
            answer = Self.error(for: e)
        } catch {
            answer = Self.error(500, "InternalServiceException", "The sandbox failed: \(error)")
        }
        return (answer, fault.map { ($0, route.operation) })
    }

    func handle(_ route: SandboxRoute, query: [String: String], body: [String: Any]) async throws -> HTTPResponse {
        switch route {
        case .describeUser(let id):
            return Self.ok(["User": SandboxJSON.user(try await directory.describe(UserID(id)))])
        case .deleteUser(let id):
            try await directory.delete(UserID(id))
            return Self.ok(nil)
        case .createUser:
            guard let username = body["Username"] as? String, let password = body["Password"] as? String,
                  let routing = body["RoutingProfileId"] as? String,
                  let security = body["SecurityProfileIds"] as? [String] else {
                return Self.error(400, "InvalidParameterException", "Username, Password, RoutingProfileId and "
                    + "SecurityProfileIds are required (the sandbox manages identities itself).")
            }
            let user = try await directory.create(NewDirectoryUser(
                username: username, password: Password(password),
                identityInfo: SandboxJSON.identity(body["IdentityInfo"] as? [String: Any]),
                phoneConfig: SandboxJSON.phone(body["PhoneConfig"] as? [String: Any]), routingProfileId: routing,
                securityProfileIds: security, hierarchyGroupId: body["HierarchyGroupId"] as? String,
                tags: body["Tags"] as? [String: String] ?? [:]))
            return Self.ok(["UserId": user.id.rawValue, "UserArn": user.arn])
        case .updateUser(let id, let what):
            let user = UserID(id)
            switch what {
            case "identity-info":
                _ = try await directory.updateIdentity(user, SandboxJSON.identity(body["IdentityInfo"] as? [String: Any]))
            case "routing-profile":
                _ = try await directory.updateRoutingProfile(user, routingProfileId: body["RoutingProfileId"] as? String ?? "")
            case "security-profiles":
                _ = try await directory.updateSecurityProfiles(user, securityProfileIds: body["SecurityProfileIds"]
                    as? [String] ?? [])
            default:
                _ = try await directory.updatePhoneConfig(user, SandboxJSON.phone(body["PhoneConfig"] as? [String: Any]))
            }
            return Self.ok(nil)
        case .listUsers:
            let users = try await directory.allUsers().map { ["Id": $0.id.rawValue, "Arn": $0.arn, "Username": $0.username] }
            return Self.page(users, key: "UserSummaryList", token: query["nextToken"], size: query["maxResults"])
        case .listProfiles(let operation):
            let (list, key): ([ProfileSummary], String) = switch operation {
            case "ListRoutingProfiles": (try await directory.routingProfiles(), "RoutingProfileSummaryList")
            case "ListSecurityProfiles": (try await directory.securityProfiles(), "SecurityProfileSummaryList")
            default: (try await directory.hierarchyGroups(), "UserHierarchyGroupSummaryList")
            }
            return Self.page(list.map { ["Id": $0.id, "Arn": $0.arn, "Name": $0.name] }, key: key,
                             token: query["nextToken"], size: query["maxResults"])
        case .searchUsers:
            let found = try await search(body).map(SandboxJSON.user)
            var response = Self.page(found, key: "Users", token: body["NextToken"] as? String,
                                     size: (body["MaxResults"] as? Int).map(String.init))
            if var object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] {
                object["ApproximateTotalCount"] = found.count
                response.body = [UInt8](SandboxJSON.data(object))
            }
            return response
        case .getCurrentUserData:
            let agents = (body["Filters"] as? [String: Any])?["Agents"] as? [String] ?? []
            var list: [[String: Any]] = []
            for id in agents {
                guard let user = try? await directory.describe(UserID(id)),
                      try await directory.isLoggedIn(user.id) else { continue }
                list.append(["User": ["Id": user.id.rawValue, "Arn": user.arn],
                             "Status": ["StatusName": "Available"], "Contacts": [] as [Any]])
            }
            return Self.ok(["UserDataList": list, "ApproximateTotalCount": list.count])
        case .unknown:
            return Self.error(404, "UnknownOperationException", "No such operation.")
        }
    }

    /// `SearchUsers`: string conditions on Username, FirstName or LastName (EXACT, STARTS_WITH, CONTAINS; alone or
    /// in AndConditions), and a tag filter.
    func search(_ body: [String: Any]) async throws -> [DirectoryUser] {
        var users = try await directory.allUsers()
        if let criteria = body["SearchCriteria"] as? [String: Any] {
            let conditions = (criteria["AndConditions"] as? [[String: Any]] ?? [criteria])
                .compactMap { $0["StringCondition"] as? [String: Any] }
            for c in conditions {
                let value = (c["Value"] as? String ?? "").lowercased()
                let kind = c["ComparisonType"] as? String ?? "EXACT"
                let field: (DirectoryUser) -> String = switch c["FieldName"] as? String {
                case "Username": { $0.username }
                case "FirstName": { $0.identityInfo.firstName }
                case "LastName": { $0.identityInfo.lastName }
                default: { _ in "\u{0}" }
                }
                users = users.filter { u in
                    let v = field(u).lowercased()
                    return kind == "CONTAINS" ? v.contains(value) : kind == "STARTS_WITH" ? v.hasPrefix(value) : v == value
                }
            }
        }
        if let filter = (body["SearchFilter"] as? [String: Any])?["TagFilter"] as? [String: Any],
           let tag = filter["TagCondition"] as? [String: String] {
            users = users.filter { $0.tags[tag["TagKey"] ?? ""] == tag["TagValue"] }
        }
        return users
    }

    static func page(_ items: [[String: Any]], key: String, token: String?, size: String?) -> HTTPResponse {
        let start = token.flatMap { Int($0.dropFirst("sandbox-".count)) } ?? 0
        let pageSize = size.flatMap(Int.init) ?? 100
        var out: [String: Any] = [key: Array(items.dropFirst(start).prefix(pageSize))]
        if start + pageSize < items.count { out["NextToken"] = "sandbox-\(start + pageSize)" }
        return ok(out)
    }

    static func ok(_ object: [String: Any]?) -> HTTPResponse {
        HTTPResponse(status: 200, headers: ["Content-Type": "application/json",
                                            "x-amzn-RequestId": UUID().uuidString.lowercased()],
                     body: object.map { [UInt8](SandboxJSON.data($0)) } ?? [])
    }

    static func error(_ status: Int, _ type: String, _ message: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json", "x-amzn-ErrorType": type,
                                               "x-amzn-RequestId": UUID().uuidString.lowercased()],
                     body: [UInt8](SandboxJSON.data(["Message": message])))
    }

    /// Connect's error for a directory error.
    static func error(for e: DirectoryError) -> HTTPResponse {
        switch e.code {
        case .notFound: error(404, "ResourceNotFoundException", e.message)
        case .usernameTaken, .usernameNotReusableYet: error(409, "DuplicateResourceException", e.message)
        case .unknownRoutingProfile, .unknownSecurityProfile, .unknownHierarchyGroup:
            error(404, "ResourceNotFoundException", e.message)
        case .invalidUsername, .invalidPassword, .invalidIdentity, .invalidPhoneConfig:
            error(400, "InvalidParameterException", e.message)
        case .storage: error(500, "InternalServiceException", e.message)
        }
    }

    static func authority(_ url: URLComponents) -> String {
        guard let host = url.host else { return "" }
        guard let port = url.port, port != (url.scheme == "http" ? 80 : 443) else { return host }
        return "\(host):\(port)"
    }
}
