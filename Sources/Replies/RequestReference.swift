public import Mail

/// What a reply needs of the request it answers: its Message-ID and References, for In-Reply-To and References.
public struct RequestReference: Sendable, Equatable {
    /// The request's Message-ID, when it had a usable one.
    public var messageID: MessageID?
    /// The request's References, oldest first (ids that could not be written safely are left out).
    public var references: [MessageID]

    /// Creates a reference from ids.
    public init(messageID: MessageID?, references: [MessageID] = []) {
        self.messageID = messageID
        self.references = references
    }

    /// The reference of a parsed request.
    public init(_ request: ParsedMessage) {
        messageID = request.messageID.flatMap(MessageID.init)
        references = request.references.compactMap(MessageID.init)
    }

    /// The most ids a reply's References keeps: the first (the thread's start) and the latest ones.
    public static let maxReferences = 20

    /// In-Reply-To for a reply: the request's id.
    var inReplyTo: [MessageID] { messageID.map { [$0] } ?? [] }

    /// References for a reply (RFC 5322 §3.6.4): the request's References then its id, each once, trimmed to the
    /// first and the latest `maxReferences - 1`.
    var replyReferences: [MessageID] {
        var seen: Set<MessageID> = []
        var ids = (references + inReplyTo).filter { seen.insert($0).inserted }
        if ids.count > Self.maxReferences { ids = [ids[0]] + ids.suffix(Self.maxReferences - 1) }
        return ids
    }
}
