import Foundation
import MailTransport
import Testing

/// What only a real Maildir has: folders, file names and flags, the uid list, junk.
@Suite("MaildirMailbox")
struct MaildirMailboxTests {
    private func withMaildir<T>(_ body: (MaildirFixture) async throws -> T) async throws -> T {
        try await withTemporaryFolder { folder in try await body(MaildirFixture(root: folder + "/Maildir")) }
    }

    @Test func createsTheFoldersWhenMissing() async throws {
        try await withMaildir { f in
            let fetched = try await f.maildir.fetchAll()
            #expect(fetched == [])
            for sub in ["new", "cur", "tmp"] {
                var isFolder: ObjCBool = false
                #expect(FileManager.default.fileExists(atPath: f.root + "/" + sub, isDirectory: &isFolder))
                #expect(isFolder.boolValue)
            }
        }
    }

    @Test func newMessagesAreNumberedByModificationTimeThenName() async throws {
        try await withMaildir { f in
            let base = Date(timeIntervalSince1970: 1_700_000_000)
            try f.put(message(1), in: "new", named: "zzz.1.test", modified: base)
            try f.put(message(2), in: "cur", named: "aaa.2.test:2,S", modified: base.addingTimeInterval(5))
            try f.put(message(3), in: "new", named: "bbb.3.test", modified: base.addingTimeInterval(5))
            try f.put(message(4), in: "new", named: "aaa.4.test", modified: base.addingTimeInterval(9))
            let fetched = try await f.maildir.fetchAll()
            #expect(fetched.map(\.raw) == [message(1), message(2), message(3), message(4)])
            #expect(fetched.map(\.uid) == [1, 2, 3, 4])
        }
    }

    @Test func fetchingMovesNoFileAndRenamesNothing() async throws {
        try await withMaildir { f in
            try f.deliver(message(1), seen: false)
            try f.deliver(message(2), seen: true)
            let new = f.files("new"), cur = f.files("cur")
            _ = try await f.maildir.fetchAll()
            _ = try await f.maildir.fetchAll()
            #expect(f.files("new") == new)
            #expect(f.files("cur") == cur)
        }
    }

    @Test func aMessageKeepsItsUIDWhenAMailProgramChangesItsFlagsOrFolder() async throws {
        try await withMaildir { f in
            try f.deliver(message(1), seen: false)
            try f.deliver(message(2), seen: true)
            let before = try await f.maildir.fetchAll()
            let one = f.files("new")[0], two = f.files("cur")[0]
            try FileManager.default.moveItem(atPath: f.root + "/new/" + one, toPath: f.root + "/cur/" + one + ":2,S")
            try FileManager.default.moveItem(atPath: f.root + "/cur/" + two,
                                             toPath: f.root + "/cur/" + MaildirNameForTests.basename(two) + ":2,FRS")
            f.restart()
            #expect(try await f.maildir.fetchAll() == before)
        }
    }

    @Test func theUIDListHasTheDocumentedFormatAndIsReplacedAtomically() async throws {
        try await withMaildir { f in
            try f.deliver(message(1), seen: false)
            try f.deliver(message(2), seen: true)
            let fetched = try await f.maildir.fetchAll()
            let text = try String(contentsOfFile: f.root + "/helpdesk-uidlist", encoding: .utf8)
            let names = (f.files("new") + f.files("cur")).map(MaildirNameForTests.basename).sorted()
            #expect(text == "1 V\(fetched[0].uidValidity) N3\n1 \(names[0])\n2 \(names[1])\n")
            #expect(!FileManager.default.fileExists(atPath: f.root + "/helpdesk-uidlist.tmp"))
            #expect(fetched[0].uidValidity == 1_700_000_000)   // the first value of the injected source
        }
    }

    @Test func aDamagedUIDListCountsAsLost() async throws {
        try await withMaildir { f in
            try f.deliver(message(1), seen: false)
            let before = try await f.maildir.fetchAll()
            try Data("1 V12 N1\n5 x\n".utf8).write(to: URL(fileURLWithPath: f.root + "/helpdesk-uidlist"))
            let after = try await f.maildir.fetchAll()
            #expect(after.map(\.raw) == before.map(\.raw))
            #expect(after[0].uidValidity != before[0].uidValidity)
            #expect(after[0].uidValidity != 12)
        }
    }

    @Test func processedMessagesGoToTheProcessedSubfolderWithTheirNameAndFlags() async throws {
        try await withMaildir { f in
            try f.put(message(1), in: "new", named: "1700000001.1_0.test", modified: Date(timeIntervalSince1970: 1))
            try f.put(message(2), in: "cur", named: "1700000002.2_0.test:2,RS", modified: Date(timeIntervalSince1970: 2))
            let fetched = try await f.maildir.fetchAll()
            for m in fetched { try await f.maildir.file(uid: m.uid, uidValidity: m.uidValidity, as: .processed) }
            #expect(f.files(".Processed/cur") == ["1700000001.1_0.test:2,", "1700000002.2_0.test:2,RS"])
            #expect(f.files(".Processed/new") == [])
            #expect(FileManager.default.fileExists(atPath: f.root + "/.Processed/maildirfolder"))
            #expect(f.files("new") == [] && f.files("cur") == [])
            // The subfolder is not part of the INBOX.
            #expect(try await f.maildir.fetchAll() == [])
        }
    }

    @Test func subfoldersAreNotPartOfTheInbox() async throws {
        try await withMaildir { f in
            try f.put(message(1), in: ".Other/new", named: "1.1.test")
            try f.put(message(2), in: ".Other/cur", named: "2.2.test:2,S")
            try f.deliver(message(3), seen: false)
            #expect(try await f.maildir.fetchAll().map(\.raw) == [message(3)])
        }
    }

    @Test func aDifferentMessageUnderTheSameProcessedNameIsNotOverwritten() async throws {
        try await withMaildir { f in
            try f.put(message(1), in: "new", named: "same.1.test")
            try f.put(message(9), in: ".Processed/cur", named: "same.1.test:2,")
            let m = try await f.maildir.fetchAll()[0]
            let error = await #expect(throws: MailTransportError.self) {
                try await f.maildir.file(uid: m.uid, uidValidity: m.uidValidity, as: .processed)
            }
            #expect(error?.code == .nameTaken)
            #expect(f.files("new") == ["same.1.test"])
            #expect(try f.processed() == [message(9)])
        }
    }

    @Test func theSameMessageAlreadyInProcessedIsJustRemovedFromTheInbox() async throws {
        try await withMaildir { f in
            try f.put(message(1), in: "new", named: "same.1.test")
            try f.put(message(1), in: ".Processed/cur", named: "same.1.test:2,")
            let m = try await f.maildir.fetchAll()[0]
            try await f.maildir.file(uid: m.uid, uidValidity: m.uidValidity, as: .processed)
            #expect(f.files("new") == [])
            #expect(try f.processed() == [message(1)])
        }
    }

    @Test func junkIsSkipped() async throws {
        try await withMaildir { f in
            try f.deliver(message(1), seen: false)
            try f.put(message(2), in: "new", named: ".hidden")
            try f.put([], in: "new", named: "empty.1.test")
            try f.put(message(3), in: "tmp", named: "inflight.1.test")
            try f.put(message(4), in: "cur/subfolder", named: "x.1.test")
            try f.put(message(5), in: "new", named: "line\nbreak.1.test")
            try f.put(message(6), in: "cur", named: ":2,S")
            try FileManager.default.createSymbolicLink(atPath: f.root + "/new/link.1.test",
                                                       withDestinationPath: f.root + "/nowhere")
            try f.put(message(7), in: "new", named: "unreadable.1.test")
            try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: f.root + "/new/unreadable.1.test")
            let fetched = try await f.maildir.fetchAll()
            // Root reads any file whatever its mode, so there the mode-0 file is an ordinary message.
            let expected = getuid() == 0 ? [message(1), message(7)] : [message(1)]
            #expect(Set(fetched.map(\.raw)) == Set(expected))
            #expect(fetched[0].raw == message(1))
            f.restart()
            #expect(try await f.maildir.fetchAll() == fetched)
        }
    }

    @Test func aLargeMessageIsReadWhole() async throws {
        try await withMaildir { f in
            let line = Array("0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\r\n".utf8)
            let raw = message(1) + Array(repeating: line, count: 100_000).flatMap { $0 }   // 7.4 MB
            try f.deliver(raw, seen: false)
            #expect(try await f.maildir.fetchAll().first?.raw == raw)
        }
    }

    @Test func theMailboxNameDefaultsToThePath() async throws {
        try await withTemporaryFolder { folder in
            try FileManager.default.createDirectory(atPath: folder + "/M/new", withIntermediateDirectories: true)
            try Data(message(1)).write(to: URL(fileURLWithPath: folder + "/M/new/1.1.test"))
            let mailbox = MaildirMailbox(path: folder + "/M/", newUIDValidity: { 0 })
            let fetched = try await mailbox.fetchAll()
            #expect(fetched.map(\.mailbox) == [folder + "/M"])
            #expect(fetched.map(\.uidValidity) == [1])   // 0 is not a UIDVALIDITY
        }
    }

    @Test func concurrentFetchesAgreeOnUIDs() async throws {
        try await withMaildir { f in
            for n in 1...20 { try f.deliver(message(n), seen: n % 3 == 0) }
            let a = MaildirMailbox(path: f.root, name: "INBOX", newUIDValidity: f.validity.function)
            let b = MaildirMailbox(path: f.root, name: "INBOX", newUIDValidity: f.validity.function)
            async let first = a.fetchAll()
            async let second = b.fetchAll()
            let (x, y) = try await (first, second)
            #expect(x == y)
            #expect(x.map(\.uid) == Array(1...20))
        }
    }
}

/// File-name helpers for the tests (the module's own are internal).
enum MaildirNameForTests {
    static func basename(_ name: String) -> String {
        name.range(of: ":2,").map { String(name[..<$0.lowerBound]) } ?? name
    }
}
