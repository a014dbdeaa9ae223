import ConnectDirectory
import CurlHTTP
import Directory
import Foundation

/// An in-memory Amazon Connect instance behind `HTTPTransport`: it routes each request by method and path as
/// Connect's REST API does, keeps users and profiles, and answers with Connect's JSON shapes and error headers.
/// Faults can be queued per operation, including "carry it out, then lose the answer" (a crash or a timeout at the
/// worst moment).
actor FakeConnect: HTTPTransport {
    struct StoredUser {
        var id: String
        var username: String
        var first: String
        var last: String
        var email: String?
        var phone: [String: Any]
        var routing: String
        var security: [String]
        var hierarchy: String?
        var tags: [String: String]
        var modified: Double
    }

    enum Fault {
        /// Answer with this status and error type, without carrying the request out.
        case error(Int, String)
        /// Throw a transport timeout without carrying the request out.
        case timeout
        /// Carry the request out, then throw a timeout instead of the answer.
        case loseAnswer
        /// Carry the request out, then answer 500.
        case applyThen500
        /// Throw this `HTTPError` (CurlHTTPClient's) without carrying the request out.
        case transport(HTTPError.Code)
    }

    let instance: String
    let arnBase: String
    var users: [String: StoredUser] = [:]
    var order: [String] = []
    var routing: [(String, String)] = []
    var security: [(String, String)] = []
    var hierarchy: [(String, String)] = []
    var loggedIn: Set<String> = []
    var recentlyDeleted: Set<String> = []
    var faults: [String: [Fault]] = [:]
    /// When set, SearchUsers does not see users yet (Connect's search index lagging), and compares case-sensitively.
    var searchLags = false
    private(set) var log: [String] = []
    private(set) var requests: [HTTPRequest] = []
    let pageSize: Int
    var clock: Double = 1_795_611_600
    private var nextID = 1

    init(instance: String = "11111111-2222-3333-4444-555555555555", pageSize: Int = 2) {
        self.instance = instance
        self.arnBase = "arn:aws:connect:us-east-1:123456789012:instance/\(instance)"
        self.pageSize = pageSize
        var n = 0
        func id() -> String { n += 1; return String(format: "00000000-0000-4000-9000-%012d", n) }
        routing = GuideProfiles.routing.map { (id(), $0) }
        security = GuideProfiles.security.map { (id(), $0) }
        hierarchy = GuideProfiles.hierarchy.map { (id(), $0) }
    }

    private func newID() -> String {
        defer { nextID += 1 }
        return String(format: "00000000-0000-4000-8000-%012d", nextID)
    }

    func queue(_ operation: String, _ fault: Fault) { faults[operation, default: []].append(fault) }
    func setLoggedIn(_ id: UserID) { loggedIn.insert(id.rawValue) }
    func setSearchLags(_ value: Bool) { searchLags = value }
    func count(_ operation: String) -> Int { log.filter { $0 == operation }.count }
    func resetLog() { log = [] }
    func userCount() -> Int { users.count }
    func profileID(_ name: String) -> String? { (routing + security + hierarchy).first { $0.1 == name }?.0 }
    func hierarchyID() -> String { hierarchy[0].0 }

    /// Changes a user's email behind the client's back (an admin in the console), bumping LastModifiedTime.
    func consoleSetEmail(_ id: UserID, _ email: String?) {
        users[id.rawValue]?.email = email
        clock += 1
        users[id.rawValue]?.modified = clock
    }

    /// Adds a user directly, as if created in the console.
    @discardableResult
    func seed(_ username: String, first: String, last: String, email: String?) -> UserID {
        let id = newID()
        clock += 1
        users[id] = StoredUser(id: id, username: username, first: first, last: last, email: email,
                               phone: ["PhoneType": "SOFT_PHONE", "AutoAccept": false, "AfterContactWorkTimeLimit": 300],
                               routing: routing[0].0, security: [security[0].0], hierarchy: nil, tags: [:],
                               modified: clock)
        order.append(id)
        return UserID(id)
    }

    // MARK: HTTPTransport

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        requests.append(request)
        guard request.headers["Authorization"]?.hasPrefix("AWS4-HMAC-SHA256 Credential=") == true,
              request.headers["X-Amz-Date"] != nil else {
            return error(403, "MissingAuthenticationTokenException", "Missing Authentication Token")
        }
        let components = URLComponents(string: request.url)!
        let segments = components.percentEncodedPath.split(separator: "/").map { $0.removingPercentEncoding ?? "" }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }) { a, _ in a }
        let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
        let operation = Self.operation(request.method, segments)
        log.append(operation)
        var fault: Fault?
        if var queued = faults[operation], !queued.isEmpty {
            fault = queued.removeFirst()
            faults[operation] = queued
        }
        switch fault {
        case .error(let status, let type)?: return error(status, type, "injected")
        case .timeout?: throw HTTPError(.timedOut, curlCode: 28, message: "Operation timed out after 30000 milliseconds")
        case .transport(let code)?: throw HTTPError(code, message: "injected \(code)")
        default: break
        }
        let response = handle(operation, segments, query, body)
        switch fault {
        case .loseAnswer?: throw HTTPError(.timedOut, curlCode: 28, message: "Operation timed out after 30000 milliseconds")
        case .applyThen500?: return error(500, "InternalServiceException", "injected after applying")
        default: return response
        }
    }

    static func operation(_ method: String, _ s: [String]) -> String {
        switch (method, s.first ?? "", s.count) {
        case ("GET", "users", 3): "DescribeUser"
        case ("DELETE", "users", 3): "DeleteUser"
        case ("PUT", "users", 2): "CreateUser"
        case ("POST", "users", 4):
            ["identity-info": "UpdateUserIdentityInfo", "routing-profile": "UpdateUserRoutingProfile",
             "security-profiles": "UpdateUserSecurityProfiles", "phone-config": "UpdateUserPhoneConfig"][s[3]] ?? "?"
        case ("GET", "users-summary", 2): "ListUsers"
        case ("GET", "routing-profiles-summary", 2): "ListRoutingProfiles"
        case ("GET", "security-profiles-summary", 2): "ListSecurityProfiles"
        case ("GET", "user-hierarchy-groups-summary", 2): "ListUserHierarchyGroups"
        case ("POST", "search-users", 1): "SearchUsers"
        case ("POST", "metrics", 3): "GetCurrentUserData"
        default: "?"
        }
    }

    private func handle(_ op: String, _ s: [String], _ query: [String: String], _ body: [String: Any]) -> HTTPResponse {
        let instanceInPath = s.count > 1 ? s[op == "GetCurrentUserData" ? 2 : 1] : ""
        if op != "SearchUsers" && instanceInPath != instance || op == "SearchUsers" && body["InstanceId"] as? String != instance {
            return error(404, "ResourceNotFoundException", "Instance not found")
        }
        switch op {
        case "DescribeUser":
            guard let u = users[s[2]] else { return error(404, "ResourceNotFoundException", "User not found") }
            return ok(["User": json(u)])
        case "DeleteUser":
            guard let u = users.removeValue(forKey: s[2]) else {
                return error(404, "ResourceNotFoundException", "User not found")
            }
            order.removeAll { $0 == u.id }
            recentlyDeleted.insert(u.username.lowercased())
            return ok(nil)
        case "CreateUser":
            let username = body["Username"] as? String ?? ""
            if users.values.contains(where: { $0.username.lowercased() == username.lowercased() })
                || recentlyDeleted.contains(username.lowercased()) {
                return error(409, "DuplicateResourceException", "User with username \(username) already exists")
            }
            let identity = body["IdentityInfo"] as? [String: Any] ?? [:]
            let id = newID()
            clock += 1
            users[id] = StoredUser(id: id, username: username, first: identity["FirstName"] as? String ?? "",
                                   last: identity["LastName"] as? String ?? "", email: identity["Email"] as? String,
                                   phone: body["PhoneConfig"] as? [String: Any] ?? [:],
                                   routing: body["RoutingProfileId"] as? String ?? "",
                                   security: body["SecurityProfileIds"] as? [String] ?? [],
                                   hierarchy: body["HierarchyGroupId"] as? String,
                                   tags: body["Tags"] as? [String: String] ?? [:], modified: clock)
            order.append(id)
            return ok(["UserId": id, "UserArn": "\(arnBase)/agent/\(id)"])
        case "UpdateUserIdentityInfo", "UpdateUserRoutingProfile", "UpdateUserSecurityProfiles", "UpdateUserPhoneConfig":
            guard var u = users[s[2]] else { return error(404, "ResourceNotFoundException", "User not found") }
            if let i = body["IdentityInfo"] as? [String: Any] {
                u.first = i["FirstName"] as? String ?? ""
                u.last = i["LastName"] as? String ?? ""
                u.email = i["Email"] as? String
            }
            if let r = body["RoutingProfileId"] as? String { u.routing = r }
            if let sp = body["SecurityProfileIds"] as? [String] { u.security = sp }
            if let p = body["PhoneConfig"] as? [String: Any] { u.phone = p }
            clock += 1
            u.modified = clock
            users[u.id] = u
            return ok(nil)
        case "ListUsers":
            let all = order.compactMap { users[$0] }.map { u -> [String: Any] in
                ["Id": u.id, "Arn": "\(arnBase)/agent/\(u.id)", "Username": u.username, "LastModifiedTime": u.modified,
                 "LastModifiedRegion": "us-east-1"]
            }
            return page(all, "UserSummaryList", query["nextToken"])
        case "ListRoutingProfiles", "ListSecurityProfiles", "ListUserHierarchyGroups":
            let (list, key, kind) = op == "ListRoutingProfiles" ? (routing, "RoutingProfileSummaryList", "routing-profile")
                : op == "ListSecurityProfiles" ? (security, "SecurityProfileSummaryList", "security-profile")
                : (hierarchy, "UserHierarchyGroupSummaryList", "agent-group")
            return page(list.map { ["Id": $0.0, "Arn": "\(arnBase)/\(kind)/\($0.0)", "Name": $0.1,
                                    "LastModifiedTime": 1_700_000_000.5] }, key, query["nextToken"])
        case "SearchUsers":
            var found = searchLags ? [] : order.compactMap { users[$0] }
            if let c = body["SearchCriteria"] as? [String: Any] {
                let conditions = (c["AndConditions"] as? [[String: Any]] ?? [c]).compactMap {
                    $0["StringCondition"] as? [String: Any]
                }
                for cond in conditions {
                    let value = cond["Value"] as? String ?? ""
                    switch cond["FieldName"] as? String {
                    case "Username": found = found.filter { $0.username.lowercased() == value.lowercased() }
                    case "FirstName": found = found.filter { $0.first.lowercased() == value.lowercased() }
                    case "LastName": found = found.filter { $0.last.lowercased() == value.lowercased() }
                    default: return error(400, "InvalidParameterException", "Unsupported field")
                    }
                }
            }
            if let f = body["SearchFilter"] as? [String: Any], let t = f["TagFilter"] as? [String: Any],
               let tc = t["TagCondition"] as? [String: String] {
                found = found.filter { $0.tags[tc["TagKey"] ?? ""] == tc["TagValue"] }
            }
            let summaries = found.map { u -> [String: Any] in
                var j = json(u)
                // SearchUsers reports AfterContactWorkTimeLimit in milliseconds.
                var p = j["PhoneConfig"] as? [String: Any] ?? [:]
                p["AfterContactWorkTimeLimit"] = (p["AfterContactWorkTimeLimit"] as? Int ?? 0) * 1000
                j["PhoneConfig"] = p
                return j
            }
            var r = page(summaries, "Users", body["NextToken"] as? String)
            if var obj = try? JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any] {
                obj["ApproximateTotalCount"] = found.count
                r.body = [UInt8](try! JSONSerialization.data(withJSONObject: obj))
            }
            return r
        case "GetCurrentUserData":
            let agents = (body["Filters"] as? [String: Any])?["Agents"] as? [String] ?? []
            let list = agents.filter { loggedIn.contains($0) }.map { id -> [String: Any] in
                ["User": ["Id": id, "Arn": "\(arnBase)/agent/\(id)"],
                 "Status": ["StatusName": "Available", "StatusStartTimestamp": clock],
                 "AvailableSlotsByChannel": ["VOICE": 1], "Contacts": []]
            }
            return ok(["UserDataList": list, "ApproximateTotalCount": list.count])
        default:
            return error(404, "UnknownOperationException", "No such operation")
        }
    }

    private func json(_ u: StoredUser) -> [String: Any] {
        var identity: [String: Any] = ["FirstName": u.first, "LastName": u.last]
        if let e = u.email { identity["Email"] = e }
        var j: [String: Any] = [
            "Id": u.id, "Arn": "\(arnBase)/agent/\(u.id)", "Username": u.username, "IdentityInfo": identity,
            "PhoneConfig": u.phone, "RoutingProfileId": u.routing, "SecurityProfileIds": u.security,
            "LastModifiedTime": u.modified, "LastModifiedRegion": "us-east-1",
            "AutoAcceptConfigs": [["Channel": "VOICE", "AutoAccept": false]],
        ]
        if let h = u.hierarchy { j["HierarchyGroupId"] = h }
        if !u.tags.isEmpty { j["Tags"] = u.tags }
        return j
    }

    private func page(_ items: [[String: Any]], _ key: String, _ token: String?) -> HTTPResponse {
        let start = token.flatMap { Int($0.dropFirst(5)) } ?? 0
        let slice = Array(items.dropFirst(start).prefix(pageSize))
        var out: [String: Any] = [key: slice]
        if start + pageSize < items.count { out["NextToken"] = "page:\(start + pageSize)" }
        return ok(out)
    }

    private func ok(_ object: [String: Any]?) -> HTTPResponse {
        HTTPResponse(status: 200, headers: ["Content-Type": "application/json", "x-amzn-RequestId": UUID().uuidString],
                     body: object.map { [UInt8](try! JSONSerialization.data(withJSONObject: $0)) } ?? [])
    }

    private func error(_ status: Int, _ type: String, _ message: String) -> HTTPResponse {
        HTTPResponse(status: status,
                     headers: ["x-amzn-ErrorType": "\(type):http://internal.amazon.com/coral/com.amazonaws.connect/",
                               "Content-Type": "application/json"],
                     body: [UInt8](try! JSONSerialization.data(withJSONObject: ["Message": message])))
    }
}
