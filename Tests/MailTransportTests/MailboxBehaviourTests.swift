import Foundation
import MailTransport
import Testing

/// The mailbox's behaviour, run against a real Maildir in a temporary folder and the InMemoryMailbox double alike.
@Suite("Mailbox behaviour, Maildir and in memory")
struct MailboxBehaviourTests {
    @Test(arguments: MailboxKind.allCases)
    func anEmptyMailboxFetchesNothing(_ kind: MailboxKind) async throws {
        try await withMailbox(kind) { f in
            let fetched = try await f.mailbox.fetchAll()
            #expect(fetched == [])
        }
    }

    @Test(arguments: MailboxKind.allCases)
    func fetchReturnsOldestFirstWithIncreasingUIDs(_ kind: MailboxKind) async throws {
        try await withMailbox(kind) { f in
            for n in 1...3 { try await f.deliver(message(n), seen: n == 2) }
            let fetched = try await f.mailbox.fetchAll()
            #expect(fetched.map(\.raw) == [message(1), message(2), message(3)])
            #expect(fetched.map(\.uid) == [1, 2, 3])
            #expect(Set(fetched.map(\.uidValidity)).count == 1)
            #expect(fetched.allSatisfy { $0.mailbox == "INBOX" })
        }
    }

    @Test(arguments: MailboxKind.allCases)
    func fetchingChangesNoFlag(_ kind: MailboxKind) async throws {
        try await withMailbox(kind) { f in
            try await f.deliver(message(1))
            try await f.deliver(message(2), seen: true)
            let first = try await f.mailbox.fetchAll()
            let second = try await f.mailbox.fetchAll()
            #expect(first == second)
            let inbox = try await f.inbox()
            #expect(inbox.map(\.raw) == [message(1), message(2)])
            #expect(inbox.map(\.unread) == [true, false])
        }
    }

    @Test(arguments: MailboxKind.allCases)
    func uidsLastAcrossRestartsAndNewMessagesGetNewOnes(_ kind: MailboxKind) async throws {
        try await withMailbox(kind) { f in
            try await f.deliver(message(1))
            try await f.deliver(message(2))
            let before = try await f.mailbox.fetchAll()
            await f.restart()
            #expect(try await f.mailbox.fetchAll() == before)
            try await f.deliver(message(3))
            await f.restart()
            let after = try await f.mailbox.fetchAll()
            #expect(Array(after.prefix(2)) == before)
            #expect(after.last?.uid == 3)
            #expect(after.last?.raw == message(3))
            #expect(after.last?.uidValidity == before[0].uidValidity)
        }
    }

    @Test(arguments: MailboxKind.allCases)
    func processedMessagesLeaveTheInboxAndFilingIsIdempotent(_ kind: MailboxKind) async throws {
        try await withMailbox(kind) { f in
            for n in 1...3 { try await f.deliver(message(n)) }
            let fetched = try await f.mailbox.fetchAll()
            let validity = fetched[0].uidValidity
            try await f.mailbox.file(uid: 2, uidValidity: validity, as: .processed)
            try await f.mailbox.file(uid: 2, uidValidity: validity, as: .processed)        // again: no error
            try await f.mailbox.file(uid: 2, uidValidity: validity, as: .leaveForHuman)    // gone: no error
            try await f.mailbox.file(uid: 99, uidValidity: validity, as: .processed)       // unknown: no error
            #expect(try await f.processed() == [message(2)])
            #expect(try await f.inbox().map(\.raw) == [message(1), message(3)])
            let after = try await f.mailbox.fetchAll()
            #expect(after.map(\.uid) == [1, 3])
            #expect(after.map(\.raw) == [message(1), message(3)])
        }
    }

    @Test(arguments: MailboxKind.allCases)
    func aUIDIsNeverGivenAgain(_ kind: MailboxKind) async throws {
        try await withMailbox(kind) { f in
            try await f.deliver(message(1))
            try await f.deliver(message(2))
            let validity = try await f.mailbox.fetchAll()[0].uidValidity
            try await f.mailbox.file(uid: 2, uidValidity: validity, as: .processed)
            try await f.deliver(message(3))
            #expect(try await f.mailbox.fetchAll().map(\.uid) == [1, 3])
        }
    }

    @Test(arguments: MailboxKind.allCases)
    func leaveForHumanLeavesTheMessageUnreadInTheInbox(_ kind: MailboxKind) async throws {
        try await withMailbox(kind) { f in
            try await f.deliver(message(1))
            try await f.deliver(message(2), seen: true)
            let before = try await f.mailbox.fetchAll()
            try await f.mailbox.file(uid: 1, uidValidity: before[0].uidValidity, as: .leaveForHuman)
            try await f.mailbox.file(uid: 2, uidValidity: before[0].uidValidity, as: .leaveForHuman)
            try await f.mailbox.file(uid: 1, uidValidity: before[0].uidValidity, as: .leaveForHuman)
            let inbox = try await f.inbox()
            #expect(inbox.map(\.raw) == [message(1), message(2)])
            #expect(inbox.map(\.unread) == [true, true])
            #expect(try await f.processed() == [])
            #expect(try await f.mailbox.fetchAll() == before)
        }
    }

    @Test(arguments: MailboxKind.allCases)
    func aStaleUIDValidityFilesNothing(_ kind: MailboxKind) async throws {
        try await withMailbox(kind) { f in
            try await f.deliver(message(1))
            let validity = try await f.mailbox.fetchAll()[0].uidValidity
            for disposition in [Disposition.processed, .leaveForHuman] {
                let error = await #expect(throws: MailTransportError.self) {
                    try await f.mailbox.file(uid: 1, uidValidity: validity &+ 1, as: disposition)
                }
                #expect(error?.code == .uidValidityChanged)
            }
            #expect(try await f.inbox().map(\.raw) == [message(1)])
            #expect(try await f.processed() == [])
        }
    }

    @Test(arguments: MailboxKind.allCases)
    func losingTheUIDListStartsANewUIDValidity(_ kind: MailboxKind) async throws {
        try await withMailbox(kind) { f in
            try await f.deliver(message(1))
            try await f.deliver(message(2))
            let before = try await f.mailbox.fetchAll()
            try await f.loseUIDList()
            await f.restart()
            let after = try await f.mailbox.fetchAll()
            #expect(after.map(\.raw) == before.map(\.raw))
            #expect(after.map(\.uid) == [1, 2])
            #expect(after[0].uidValidity != before[0].uidValidity)
            #expect(Set(after.map(\.uidValidity)).count == 1)
            // The old numbering no longer files anything; the new one does.
            await #expect(throws: MailTransportError.self) {
                try await f.mailbox.file(uid: 1, uidValidity: before[0].uidValidity, as: .processed)
            }
            try await f.mailbox.file(uid: 1, uidValidity: after[0].uidValidity, as: .processed)
            #expect(try await f.processed() == [message(1)])
            await f.restart()
            #expect(try await f.mailbox.fetchAll().map(\.uidValidity) == [after[0].uidValidity])
        }
    }

    @Test(arguments: MailboxKind.allCases)
    func bytesArePreservedExactly(_ kind: MailboxKind) async throws {
        // CRLF, a lone CR, a lone LF, 8-bit and NUL bytes, no final line break.
        let raw: [UInt8] = Array("Subject: bytes\r\nX-A: b\rc\n\r\n".utf8) + [0xE9, 0x00, 0xFF, 0x0D, 0x0A, 0x0D]
            + Array("end".utf8)
        try await withMailbox(kind) { f in
            try await f.deliver(raw)
            try await f.mailbox.file(uid: 1, uidValidity: try await f.mailbox.fetchAll()[0].uidValidity,
                                     as: .leaveForHuman)
            #expect(try await f.mailbox.fetchAll().map(\.raw) == [raw])
            try await f.mailbox.file(uid: 1, uidValidity: try await f.mailbox.fetchAll()[0].uidValidity,
                                     as: .processed)
            #expect(try await f.processed() == [raw])
        }
    }

    @Test(arguments: MailboxKind.allCases)
    func anEmptyMessageIsSkipped(_ kind: MailboxKind) async throws {
        try await withMailbox(kind) { f in
            try await f.deliver([])
            try await f.deliver(message(2))
            #expect(try await f.mailbox.fetchAll().map(\.raw) == [message(2)])
        }
    }
}
