/// A small pool of `CurlSMTPSender`s, each with its own kept connection: a send takes an idle sender (waiting
/// for one when all are busy) and gives it back afterwards. Useful when several messages go out at once; on
/// loopback Postfix four connections take roughly twice the messages per second of one (docs/smtp.md).
public actor SMTPSenderPool: MailSender {
    private var idle: [CurlSMTPSender]
    /// The number of connections: as many messages go out at once.
    public nonisolated let concurrentSends: Int
    private var waiting: [CheckedContinuation<CurlSMTPSender, Never>] = []

    /// `connections` senders for `configuration` (at least one); none connects before its first send.
    public init(configuration: SMTPConfiguration, connections: Int) throws {
        idle = try (0..<max(1, connections)).map { _ in try CurlSMTPSender(configuration: configuration) }
        concurrentSends = idle.count
    }

    /// A pool of the given senders (at least one).
    public init(senders: [CurlSMTPSender]) {
        precondition(!senders.isEmpty, "an SMTP sender pool needs at least one sender")
        idle = senders
        concurrentSends = senders.count
    }

    /// Sends through an idle sender; see `CurlSMTPSender.send`.
    public func send(_ raw: [UInt8], from sender: String, to recipients: [String]) async throws -> [String] {
        try await submit(raw, from: sender, to: recipients).refused.map(\.address)
    }

    /// Submits through an idle sender; see `CurlSMTPSender.submit`.
    public func submit(_ raw: [UInt8], from sender: String, to recipients: [String]) async throws -> SMTPSubmissionReport {
        let taken = await take()
        defer { give(taken) }
        return try await taken.submit(raw, from: sender, to: recipients)
    }

    private func take() async -> CurlSMTPSender {
        if let sender = idle.popLast() { return sender }
        return await withCheckedContinuation { waiting.append($0) }
    }

    private func give(_ sender: CurlSMTPSender) {
        if waiting.isEmpty { idle.append(sender) } else { waiting.removeFirst().resume(returning: sender) }
    }
}
