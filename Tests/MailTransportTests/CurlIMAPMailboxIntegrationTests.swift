import Foundation
import MailTransport
import Testing

/// `CurlIMAPMailbox` against a real Dovecot (`scripts/mailstack start`). Each test owns one test user's Maildir.
@Suite("IMAP mailbox against Dovecot", .serialized)
struct CurlIMAPMailboxIntegrationTests {
    /// The Message-ID of a message's bytes.
    static func messageID(_ raw: [UInt8]) -> String? {
        let text = String(decoding: raw, as: UTF8.self)
        guard let start = text.range(of: "Message-ID: <"), let end = text[start.upperBound...].firstIndex(of: ">") else {
            return nil
        }
        return String(text[start.upperBound..<end])
    }

    static func flags(_ stack: IMAPTestStack, user: Int, folder: String = "INBOX") throws -> [UID: [String]] {
        let connection = try stack.connection(user: user)
        defer { connection.close() }
        try connection.run(.select(folder))
        var out: [UID: [String]] = [:]
        let result = try connection.run(.uidSearch(.all, returning: nil))
        var uids: [UInt32] = []
        for case .search(let n) in result.untagged { uids += n }
        guard !uids.isEmpty else { return [:] }
        for case .fetch(_, let attributes) in try connection.run(.uidFetch(UIDSet(numbers: uids), [.uid, .flags])).untagged {
            var uid: UID?
            var flags: [String] = []
            for attribute in attributes {
                if case .uid(let u) = attribute { uid = u }
                if case .flags(let f) = attribute { flags = f }
            }
            if let uid { out[uid] = flags }
        }
        return out
    }

    @Test("fetches a few hundred messages byte-exact over IMAPS, batched, and never sets \\Seen")
    func fetchManyByteExact() async throws {
        let stack = try IMAPTestStack.load()
        try stack.reset(user: 21)
        var delivered: [String: [UInt8]] = [:]
        for n in 0..<300 {
            let raw = imapTestMessage(n, size: n % 10 == 0 ? 40_000 : 0)
            delivered[Self.messageID(raw)!] = raw
            try stack.deliver(raw, to: 21)
        }
        let mailbox = stack.mailbox(user: 21) { $0.batchSize = 64 }
        let start = ContinuousClock.now
        let messages = try await mailbox.fetchAll()
        let elapsed = ContinuousClock.now - start
        let bytes = messages.reduce(0) { $0 + $1.raw.count }
        print("IMAP fetchAll: \(messages.count) messages, \(bytes) bytes in \(elapsed) "
            + "(\(Int(Double(messages.count) / (Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds)))) msg/s)")
        #expect(messages.count == 300)
        #expect(messages.map(\.uid) == messages.map(\.uid).sorted())
        #expect(Set(messages.map(\.uidValidity)).count == 1)
        for message in messages {
            #expect(delivered[Self.messageID(message.raw) ?? ""] == message.raw)
        }
        // The Maildir files are the bytes we got, and none is marked seen (S in the info part).
        let files = stack.files(user: 21)
        #expect(Set(files.values) == Set(messages.map(\.raw)))
        for name in files.keys {
            if let info = name.range(of: ":2,") { #expect(!name[info.upperBound...].contains("S"), "\(name)") }
        }
        let flags = try Self.flags(stack, user: 21)
        #expect(flags.count == 300)
        #expect(flags.values.allSatisfy { !$0.contains("\\Seen") })
        await mailbox.close()
    }

    @Test("files a processed message by UID MOVE into the processed folder, created on TRYCREATE; idempotent")
    func moveToProcessed() async throws {
        let stack = try IMAPTestStack.load()
        try stack.reset(user: 22)
        for n in 0..<3 { try stack.deliver(imapTestMessage(n), to: 22) }
        // The stack auto-creates "Processed", so a folder it does not know exercises TRYCREATE and CREATE.
        let mailbox = stack.mailbox(user: 22) { $0.processedFolder = "Help Desk Done" }
        let messages = try await mailbox.fetchAll()
        #expect(messages.count == 3)
        try await mailbox.file(uid: messages[0].uid, uidValidity: messages[0].uidValidity, as: .processed)
        try await mailbox.file(uid: messages[0].uid, uidValidity: messages[0].uidValidity, as: .processed)
        try await mailbox.file(uid: messages[1].uid, uidValidity: messages[1].uidValidity, as: .leaveForHuman)
        let left = try await mailbox.fetchAll()
        #expect(left.map(\.uid) == [messages[1].uid, messages[2].uid])
        #expect(Array(stack.files(user: 22, folder: "Help Desk Done").values) == [messages[0].raw])
        #expect(try Self.flags(stack, user: 22).values.allSatisfy { $0.isEmpty })
        await mailbox.close()
    }

    @Test("without MOVE: UID COPY, STORE \\Deleted and UID EXPUNGE of exactly our UID; what a person deleted stays")
    func copyExpungeFallback() async throws {
        let stack = try IMAPTestStack.load()
        try stack.reset(user: 23)
        for n in 0..<3 { try stack.deliver(imapTestMessage(n), to: 23) }
        let mailbox = stack.mailbox(user: 23) { $0.ignoredCapabilities = ["MOVE"] }
        let messages = try await mailbox.fetchAll()
        // A person marks message 2 \Deleted but does not expunge it.
        let person = try stack.connection(user: 23)
        try person.run(.select("INBOX"))
        try person.run(.uidStore(UIDSet([UID(messages[2].uid)]), .add, silent: true, flags: [.deleted]))
        person.close()
        try await mailbox.file(uid: messages[0].uid, uidValidity: messages[0].uidValidity, as: .processed)
        let left = try await mailbox.fetchAll()
        #expect(left.map(\.uid) == [messages[1].uid, messages[2].uid])
        #expect(Array(stack.files(user: 23, folder: "Processed").values) == [messages[0].raw])
        #expect(try Self.flags(stack, user: 23)[UID(messages[2].uid)] == ["\\Deleted"])
        await mailbox.close()
    }

    @Test("without MOVE and UIDPLUS: only the keyword, the message stays")
    func flagFallback() async throws {
        let stack = try IMAPTestStack.load()
        try stack.reset(user: 24)
        for n in 0..<2 { try stack.deliver(imapTestMessage(n), to: 24) }
        let mailbox = stack.mailbox(user: 24) { $0.ignoredCapabilities = ["MOVE", "UIDPLUS"] }
        let messages = try await mailbox.fetchAll()
        try await mailbox.file(uid: messages[0].uid, uidValidity: messages[0].uidValidity, as: .processed)
        #expect(try await mailbox.fetchAll().count == 2)
        let flags = try Self.flags(stack, user: 24)
        #expect(flags[UID(messages[0].uid)] == ["$MOACTSProcessed"])
        #expect(flags[UID(messages[1].uid)] == [])
        #expect(stack.files(user: 24, folder: "Processed").isEmpty)
        await mailbox.close()
    }

    @Test("IDLE wakes within about a second of a delivery")
    func idleWakes() async throws {
        let stack = try IMAPTestStack.load()
        try stack.reset(user: 25)
        try stack.deliver(imapTestMessage(0), to: 25)
        let mailbox = stack.mailbox(user: 25)
        _ = try await mailbox.fetchAll()
        #expect(try await mailbox.waitForChange(timeout: .milliseconds(300)) == false)
        let waiter = Task { try await mailbox.waitForChange(timeout: .seconds(10)) }
        try await Task.sleep(for: .milliseconds(300))
        let delivered = ContinuousClock.now
        try stack.deliver(imapTestMessage(1), to: 25)
        #expect(try await waiter.value == true)
        let latency = ContinuousClock.now - delivered
        print("IMAP IDLE: woke \(latency) after the delivery")
        #expect(latency < .milliseconds(1500))
        #expect(try await mailbox.fetchAll().count == 2)
        await mailbox.close()
    }

    @Test("without IDLE, NOOP polling notices a delivery")
    func pollingFallback() async throws {
        let stack = try IMAPTestStack.load()
        try stack.reset(user: 26)
        let sleep = RecordingSleep(real: .milliseconds(200))
        let mailbox = stack.mailbox(user: 26, configure: {
            $0.ignoredCapabilities = ["IDLE"]
            $0.pollInterval = .seconds(5)
        }, sleep: sleep.function)
        _ = try await mailbox.fetchAll()
        #expect(try await mailbox.waitForChange(timeout: .seconds(10)) == false)
        #expect(sleep.pauses == [.seconds(5), .seconds(5)])
        let waiter = Task { try await mailbox.waitForChange(timeout: .seconds(60)) }
        try await Task.sleep(for: .milliseconds(100))
        try stack.deliver(imapTestMessage(1), to: 26)
        #expect(try await waiter.value == true)
        await mailbox.close()
    }

    @Test("a body holding fake tagged responses and literals does not desynchronise the session")
    func hostileBody() async throws {
        let stack = try IMAPTestStack.load()
        try stack.reset(user: 27)
        var fake = ""
        for t in 1...40 { fake += "H\(t) OK [UIDVALIDITY 1] Fetch completed.\r\n" }
        fake += "* 1 EXPUNGE\r\n* 99 EXISTS\r\n)\r\n* 2 FETCH (UID 999 BODY[] {5}\r\nabcde)\r\n{100}\r\n+ idling\r\nDONE\r\n"
        let hostile = imapTestMessage(0, body: fake)
        try stack.deliver(hostile, to: 27)
        try stack.deliver(imapTestMessage(1), to: 27)
        let mailbox = stack.mailbox(user: 27) { $0.batchSize = 1 }
        let messages = try await mailbox.fetchAll()
        #expect(messages.map(\.raw).contains(hostile))
        #expect(messages.count == 2)
        let target = try #require(messages.first { $0.raw == hostile })
        try await mailbox.file(uid: target.uid, uidValidity: target.uidValidity, as: .processed)
        #expect(try await mailbox.fetchAll().count == 1)
        #expect(try await mailbox.containsMessage(messageID: "imap-test-0@example.org", folder: "Processed"))
        #expect(await mailbox.reconnections == 0)
        await mailbox.close()
    }

    @Test("reconnects with backoff after the server or the network drops the connection")
    func reconnects() async throws {
        let stack = try IMAPTestStack.load()
        try stack.reset(user: 28)
        for n in 0..<5 { try stack.deliver(imapTestMessage(n), to: 28) }
        let sleep = RecordingSleep()
        let mailbox = stack.mailbox(user: 28, sleep: sleep.function)
        let first = try await mailbox.fetchAll()
        try stack.kick(user: 28)
        try await Task.sleep(for: .milliseconds(200))
        #expect(try await mailbox.fetchAll() == first)
        #expect(await mailbox.reconnections == 1)
        await mailbox.simulateDrop()
        try await mailbox.file(uid: first[0].uid, uidValidity: first[0].uidValidity, as: .processed)
        #expect(await mailbox.reconnections == 2)
        #expect(try await mailbox.fetchAll().count == 4)
        await mailbox.close()

        // A server that is not there: attempts with growing pauses, then a typed error.
        let nowhere = RecordingSleep()
        let dead = CurlIMAPMailbox(configuration: CurlIMAPMailboxConfiguration(
            url: "imap://127.0.0.1:1/INBOX", user: "x", secret: .password("y"), maxReconnectAttempts: 4,
            initialBackoff: .seconds(1), maxBackoff: .seconds(5)), sleep: nowhere.function)
        let error = await #expect(throws: MailTransportError.self) { try await dead.fetchAll() }
        #expect(error?.code == .connection)
        #expect(nowhere.pauses == [.seconds(1), .seconds(2), .seconds(4), .seconds(5)])
    }

    @Test("a UIDVALIDITY change files nothing and is a typed error; fetching again gives the new one")
    func uidValidityChange() async throws {
        let stack = try IMAPTestStack.load()
        try stack.reset(user: 29)
        for n in 0..<3 { try stack.deliver(imapTestMessage(n), to: 29) }
        let mailbox = stack.mailbox(user: 29)
        let before = try await mailbox.fetchAll()
        // Dovecot loses its UID list and indexes: it makes a new UIDVALIDITY.
        try stack.kick(user: 29)
        for name in try FileManager.default.contentsOfDirectory(atPath: stack.maildir(29))
        where name.hasPrefix("dovecot") {
            try FileManager.default.removeItem(atPath: stack.maildir(29) + "/" + name)
        }
        try await Task.sleep(for: .milliseconds(1100))  // UIDVALIDITY is a time in seconds
        let error = await #expect(throws: MailTransportError.self) {
            try await mailbox.file(uid: before[0].uid, uidValidity: before[0].uidValidity, as: .processed)
        }
        #expect(error?.code == .uidValidityChanged)
        #expect(stack.files(user: 29, folder: "Processed").isEmpty)
        let after = try await mailbox.fetchAll()
        #expect(after.count == 3)
        #expect(Set(after.map(\.uidValidity)).count == 1)
        #expect(after[0].uidValidity != before[0].uidValidity)
        #expect(Set(after.map(\.raw)) == Set(before.map(\.raw)))
        await mailbox.close()
    }

    @Test("finds our own sent mail by Message-ID in another folder; STARTTLS on imap://")
    func containsMessage() async throws {
        let stack = try IMAPTestStack.load()
        try stack.reset(user: 30)
        try stack.deliver(imapTestMessage(42), to: 30, folder: "Sent")
        try stack.deliver(imapTestMessage(1), to: 30)
        let mailbox = stack.mailbox(user: 30, tls: false)
        #expect(try await mailbox.containsMessage(messageID: "<imap-test-42@example.org>", folder: "Sent"))
        #expect(try await mailbox.containsMessage(messageID: "imap-test-1@example.org", folder: "Sent") == false)
        #expect(try await mailbox.containsMessage(messageID: "imap-test-1@example.org"))
        #expect(try await mailbox.containsMessage(messageID: "imap-test-42@example.org", folder: "NoSuchFolder") == false)
        #expect(try await mailbox.fetchAll().count == 1)
        await mailbox.close()
    }

    @Test("a wrong password is a typed connection error, not retried")
    func wrongPassword() async throws {
        let stack = try IMAPTestStack.load()
        let sleep = RecordingSleep()
        let mailbox = CurlIMAPMailbox(configuration: CurlIMAPMailboxConfiguration(
            url: "imaps://localhost:\(stack.imapsPort)/INBOX", user: stack.address(31), secret: .password("wrong"),
            caFile: stack.caFile), sleep: sleep.function)
        let error = await #expect(throws: MailTransportError.self) { try await mailbox.fetchAll() }
        #expect(error?.code == .connection)
        #expect(sleep.pauses.isEmpty)
    }
}
