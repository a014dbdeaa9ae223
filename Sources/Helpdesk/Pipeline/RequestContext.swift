import Foundation

/// What a reply needs to know about the request it answers; saved with the plan so a reply written after an
/// approval, in a later run, still threads to the request.
public struct RequestContext: Sendable, Equatable, Codable {
    /// The requester's address (the From of the request).
    public var requester: String
    /// The requester's name, for the greeting.
    public var requesterName: String?
    /// The request's subject.
    public var subject: String
    /// The request's Message-ID, without angle brackets.
    public var messageID: String?
    /// The request's References.
    public var references: [String]
}

/// The notices of a plan, stored as an action so they survive until the ticket replies.
struct NoticeBundle: Codable, Equatable {
    var notices: [Notice]
    var humanReason: String?
    var context: RequestContext
    var summary: String
}

extension JSONEncoder {
    static let sorted: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }()
}

extension Encodable {
    var jsonText: String { String(decoding: (try? JSONEncoder.sorted.encode(self)) ?? Data("{}".utf8), as: UTF8.self) }
}
