import Foundation
import Helpdesk
import HelpdeskTesting
import Mail
import MailTransport
import Testing

/// A stop between the mail server's 250 and our record of it leaves an email in doubt. The next pass asks the
/// ledger (the shared mailbox, which sees the Cc copies) before sending again; an email the ledger cannot see (an
/// approval request to the admins is never Cc'd there) is sent again and noted `resent_in_doubt`, never silently.
@Suite("Emails left in doubt by a stop")
struct InDoubtSendTests {
    /// The shared mailbox as a ledger: it finds what the sender delivered, but only the emails Cc'd to it.
    struct SharedMailboxLedger: DeliveryLedger {
        let sender: RecordingSender
        let address: String

        func delivered(messageID: String) async throws -> Bool {
            await sender.sent.contains { sent in
                sent.to.contains(address) && String(decoding: sent.raw, as: UTF8.self).contains("<\(messageID)>")
            }
        }

        func canFind(recipients: [String]) -> Bool { recipients.contains(address) }
    }

    @Test("stopped after the 250 of the n-th email: a Cc'd email is never sent twice, an unseen one is sent again and noted",
          arguments: [1, 2])
    func stopAfterAccepted(hit: Int) async throws {
        let h = try EngineHarness()
        try await h.addUser("Dolores", "Quintero", email: "dquintero55@yahoo.com")
        try h.deliver(corpus: "dev/dev021.eml")   // an account reset: an acknowledgement and an approval request
        let sender = RecordingSender()
        let ledger = SharedMailboxLedger(sender: sender, address: h.policy.sharedMailbox)
        await #expect(throws: Interruption.self) {
            try await h.engine(stopAt: .sent, after: hit, sender: sender, ledger: ledger).runOnce()
        }
        try await h.engine(sender: sender, ledger: ledger).runOnce()

        var copies: [String: Int] = [:]
        var ccd: Set<String> = []
        for sent in await sender.sent {
            let id = try #require(try MessageParser().parse(sent.raw).messageID)
            copies[id, default: 0] += 1
            if sent.to.contains(h.policy.sharedMailbox) { ccd.insert(id) }
        }
        #expect(copies.count == 2, "the acknowledgement and the approval request: \(copies)")
        let notes = try h.store.tickets(limit: 10).flatMap { try h.store.detail($0.id).events }
        for (id, n) in copies {
            if ccd.contains(id) {
                #expect(n == 1, "\(id) was Cc'd to the shared mailbox and sent \(n) times")
            } else if n > 1 {
                #expect(notes.contains { $0.what == "resent_in_doubt" && ($0.why ?? "").contains(id) },
                        "\(id) was sent again without a note")
            }
        }
        #expect(notes.contains { $0.what == "duplicate_avoided" || $0.what == "resent_in_doubt" },
                "the email in doubt was looked up or noted")
    }
}
