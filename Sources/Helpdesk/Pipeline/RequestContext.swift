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
    /// The ticket whose thread the request belongs to (the one it answers, else its own), for the loop guard.
    public var thread: Int64? = nil
    /// The fingerprint of the request's content (subject and new text), for the loop guard.
    public var fingerprint: String? = nil
    /// Whether the request looks like a loop (in a thread of ours, or the same content again): the replies to it
    /// count against the loop guard's caps. Nil (plans made before the loop guard) counts as no.
    public var looksLikeLoop: Bool? = nil
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
