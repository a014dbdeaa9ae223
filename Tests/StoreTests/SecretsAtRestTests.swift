import Foundation
import Store
import Testing

@Suite("Secrets never at rest")
struct SecretsAtRestTests {
    static let secret = "Plant3d-Pa55word-4242"

    @Test("a planted secret passed through no API is nowhere in the database file")
    func plantedSecret() throws {
        let f = try Fixture(.file)
        // The incoming message's body holds the secret: only its hash is recorded.
        let m = incoming(uid: 1, messageID: "p@x", body: "my new password is \(Self.secret)")
        _ = try f.store.record(m)
        let t = try f.store.createTicket(for: m.key, requester: "a@b", subject: "help")
        try f.store.apply(.classify(.accountReset), to: t.id, actor: "bot", why: "asked for a reset")
        let actions = try f.store.planActions([ActionPlan(kind: "reset_password", target: "pat.lee", details: #"{"notify":true}"#,
                                                          needsApproval: true)], for: t.id)
        // The approval token is a secret too: only its SHA-256 is stored.
        var g = SeededGenerator(state: 42)
        let tok = ApprovalToken.random(using: &g)
        _ = try f.store.requestApproval(for: t.id, action: actions[0].id, token: tok, expiresAt: f.clock.now.addingTimeInterval(60))
        _ = try f.store.saveSnapshot(login: "pat.lee", json: #"{"login":"pat.lee","email":"pat.lee@health.mo.gov"}"#,
                                     ticket: t.id, action: actions[0].id)
        // The outbox stores exactly the bytes it is given: the caller never passes the password.
        _ = try f.store.enqueue(OutboxMessage(messageID: "r@bot", sender: "bot@x", recipients: ["a@b"],
                                                raw: Array("Your reset link was sent.".utf8)), ticket: t.id)
        let bytes = try f.fileBytes()
        #expect(bytes.contains(bytes: Array("pat.lee".utf8)), "the scan does see stored text")
        #expect(bytes.contains(bytes: Array(tok.sha256Hex.utf8)))
        #expect(!bytes.contains(bytes: Array(Self.secret.utf8)))
        #expect(!bytes.contains(bytes: Array(tok.value.utf8)))
    }

    @Test("snapshots refuse fields that may hold a secret", arguments: [
        #"{"login":"x","password":"p"}"#,
        #"{"login":"x","settings":{"TempPassword":"p"}}"#,
        #"{"login":"x","keys":[{"secretKey":"p"}]}"#,
        #"{"login":"x","sessionToken":"p"}"#,
    ])
    func snapshotRefusesSecrets(json: String) throws {
        let f = try Fixture(.file)
        let e = #expect(throws: StoreError.self) { try f.store.saveSnapshot(login: "x", json: json, ticket: nil, action: nil) }
        #expect(e?.isSecretRefused == true)
        #expect(try f.store.latestSnapshot(login: "x") == nil)
    }

    @Test("snapshots round-trip; the latest wins", arguments: Backend.allCases)
    func snapshots(backend: Backend) throws {
        let f = try Fixture(backend)
        let first = try f.store.saveSnapshot(login: "pat.lee", json: #"{"email":"old@x"}"#, ticket: nil, action: nil)
        let second = try f.store.saveSnapshot(login: "pat.lee", json: #"{"email":"new@x","routing":"CT"}"#, ticket: nil, action: nil)
        #expect(try f.store.latestSnapshot(login: "pat.lee") == second)
        #expect(try f.store.snapshot(first.id)?.json == #"{"email":"old@x"}"#)
        #expect(throws: StoreError.self) { try f.store.saveSnapshot(login: "x", json: "{not json", ticket: nil, action: nil) }
    }
}
