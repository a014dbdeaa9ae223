import Foundation
import Mail
import MailTransport
import Testing

@Suite("MaildirSender")
struct MaildirSenderTests {
    private let clock: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_717_000_000) }

    private func files(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    private func read(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    private func built() throws -> [UInt8] {
        let outgoing = OutgoingMessage(
            from: Address(displayName: "MO ACTS Help Desk", address: "MOACTS@health.mo.gov"),
            to: [Address(displayName: "Jane Doe", address: "jane.doe@health.mo.gov")],
            subject: "Re: [MOACTS #1042] Password reset – done",
            messageID: try #require(MessageID("reply-1@health.mo.gov")),
            date: MailDate(secondsSince1970: 1_717_234_200, offsetMinutes: -300),
            text: "Hello Jane,\n\nYour password was reset.\n")
        return outgoing.render()
    }

    @Test func deliversOneCompleteFileIntoNewWithTheEnvelopePrepended() async throws {
        try await withTemporaryFolder { folder in
            let outbox = folder + "/outbox"
            let sender = MaildirSender(path: outbox, hostName: "bot.example", clock: clock)
            let raw = try built()
            let refused = try await sender.send(raw, from: "MOACTS@health.mo.gov",
                                                to: ["jane.doe@health.mo.gov", "boss@health.mo.gov"])
            #expect(refused == [])
            #expect(files(outbox + "/tmp") == [])
            #expect(files(outbox + "/cur") == [])
            let names = files(outbox + "/new")
            #expect(names.count == 1)
            let name = try #require(names.first)
            #expect(name.wholeMatch(of: /1717000000\.\d+_\d+\.bot\.example/) != nil)
            let envelope = Array(("X-Envelope-From: MOACTS@health.mo.gov\r\n"
                + "X-Envelope-To: jane.doe@health.mo.gov\r\nX-Envelope-To: boss@health.mo.gov\r\n").utf8)
            let stored = try read(outbox + "/new/" + name)
            #expect(Array(stored.prefix(envelope.count)) == envelope)
            #expect(Array(stored.dropFirst(envelope.count)) == raw)   // the rest byte for byte, CRLF kept
            #expect(raw.contains(13))
        }
    }

    @Test func theOutboxIsAMaildirTheMailboxCanRead() async throws {
        try await withTemporaryFolder { folder in
            let sender = MaildirSender(path: folder + "/outbox", hostName: "h", clock: clock)
            _ = try await sender.send(message(1), from: "", to: ["a@example.org"])
            let fetched = try await MaildirMailbox(path: folder + "/outbox", newUIDValidity: { 7 }).fetchAll()
            #expect(fetched.map(\.raw) == [Array("X-Envelope-From: <>\r\nX-Envelope-To: a@example.org\r\n".utf8)
                + message(1)])
        }
    }

    @Test func recipientsThatCannotBeWrittenAreRefused() async throws {
        try await withTemporaryFolder { folder in
            let outbox = folder + "/outbox"
            let sender = MaildirSender(path: outbox, hostName: "h", clock: clock)
            let refused = try await sender.send(message(1), from: "bot@example.org",
                                                to: ["ok@example.org", "bad\r\nBcc: x@evil.example", "", "a b@c"])
            #expect(refused == ["bad\r\nBcc: x@evil.example", "", "a b@c"])
            let stored = try read(outbox + "/new/" + files(outbox + "/new")[0])
            #expect(stored.starts(with: Array("X-Envelope-From: bot@example.org\r\nX-Envelope-To: ok@example.org\r\nFrom:".utf8)))
        }
    }

    @Test func nothingIsStoredWhenNoRecipientIsAccepted() async throws {
        try await withTemporaryFolder { folder in
            let outbox = folder + "/outbox"
            let sender = MaildirSender(path: outbox, hostName: "h", clock: clock)
            for (from, to) in [("bot@example.org", [String]()), ("bot@example.org", ["x\ny"]),
                               ("bot@example.org\r\nX: y", ["ok@example.org"])] {
                let error = await #expect(throws: MailTransportError.self) {
                    _ = try await sender.send(message(1), from: from, to: to)
                }
                #expect(error?.code == .notSent)
            }
            #expect(files(outbox + "/new") == [])
            #expect(files(outbox + "/tmp") == [])
        }
    }

    @Test func theHostNameIsEscaped() async throws {
        try await withTemporaryFolder { folder in
            let sender = MaildirSender(path: folder + "/o", hostName: "a/b:c", clock: clock)
            _ = try await sender.send(message(1), from: "x@y", to: ["z@y"])
            #expect(files(folder + "/o/new").first?.hasSuffix(".a\\057b\\072c") == true)
        }
    }

    @Test func concurrentSendsProduceDistinctCompleteFiles() async throws {
        try await withTemporaryFolder { folder in
            let outbox = folder + "/outbox"
            // Two senders on one outbox with a clock that never moves: only the sequence number tells them apart.
            let senders = [MaildirSender(path: outbox, hostName: "h", clock: clock),
                           MaildirSender(path: outbox, hostName: "h", clock: clock)]
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<60 {
                    group.addTask {
                        _ = try await senders[n % 2].send(message(n), from: "bot@example.org", to: ["u\(n)@example.org"])
                    }
                }
                try await group.waitForAll()
            }
            let names = files(outbox + "/new")
            #expect(names.count == 60)
            #expect(files(outbox + "/tmp") == [])
            var bodies: Set<[UInt8]> = []
            for name in names {
                let stored = try read(outbox + "/new/" + name)
                let text = String(decoding: stored, as: UTF8.self)
                let n = try #require(text.firstMatch(of: /X-Envelope-To: u(\d+)@example.org\r\n/).flatMap { Int($0.1) })
                #expect(stored == Array("X-Envelope-From: bot@example.org\r\nX-Envelope-To: u\(n)@example.org\r\n".utf8)
                    + message(n))
                bodies.insert(stored)
            }
            #expect(bodies.count == 60)
        }
    }

    @Test func aReaderOfNewNeverSeesAPartialFile() async throws {
        try await withTemporaryFolder { folder in
            let outbox = folder + "/outbox"
            let sender = MaildirSender(path: outbox, hostName: "h", clock: clock)
            let big = message(0) + [UInt8](repeating: UInt8(ascii: "x"), count: 2_000_000) + Array("\r\n".utf8)
            let expected = Array("X-Envelope-From: bot@example.org\r\nX-Envelope-To: u@example.org\r\n".utf8) + big
            let count = 12
            // A reader that looks at new/ over and over while the sends run, and reads every file it finds.
            let reader = Task.detached { () -> (looks: Int, partial: Int) in
                var looks = 0, partial = 0
                while !Task.isCancelled {
                    looks += 1
                    let names = (try? FileManager.default.contentsOfDirectory(atPath: outbox + "/new")) ?? []
                    for name in names {
                        if let data = FileManager.default.contents(atPath: outbox + "/new/" + name),
                           data.count != expected.count {
                            partial += 1
                        }
                    }
                    if names.count == count { break }
                    await Task.yield()
                }
                return (looks, partial)
            }
            for _ in 0..<count { _ = try await sender.send(big, from: "bot@example.org", to: ["u@example.org"]) }
            let (looks, partial) = await reader.value
            #expect(looks > 0)
            #expect(partial == 0)
            for name in files(outbox + "/new") { #expect(try read(outbox + "/new/" + name) == expected) }
        }
    }
}
