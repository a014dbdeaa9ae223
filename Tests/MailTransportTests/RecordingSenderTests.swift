import HelpdeskTesting
import MailTransport
import Testing

@Suite("RecordingSender")
struct RecordingSenderTests {
    @Test func recordsEverySend() async throws {
        let sender = RecordingSender()
        #expect(try await sender.send(message(1), from: "bot@example.org", to: ["a@example.org", "b@example.org"]) == [])
        #expect(try await sender.send(message(2), from: "", to: ["c@example.org"]) == [])
        #expect(await sender.sent == [
            .init(raw: message(1), from: "bot@example.org", to: ["a@example.org", "b@example.org"], refused: []),
            .init(raw: message(2), from: "", to: ["c@example.org"], refused: []),
        ])
        #expect(await sender.attempts == 2)
    }

    @Test func refusesTheRecipientsItIsToldTo() async throws {
        let sender = RecordingSender()
        await sender.refuse(["Gone@Example.org"])
        let refused = try await sender.send(message(1), from: "bot@example.org", to: ["gone@example.org", "a@example.org"])
        #expect(refused == ["gone@example.org"])
        #expect(await sender.sent.map(\.to) == [["a@example.org"]])
        let error = await #expect(throws: MailTransportError.self) {
            _ = try await sender.send(message(2), from: "bot@example.org", to: ["GONE@example.org"])
        }
        #expect(error?.code == .notSent)
        #expect(await sender.sent.count == 1)
    }

    @Test func failsTheNextSendsItIsToldTo() async throws {
        let sender = RecordingSender()
        await sender.failNext(2)
        for _ in 0..<2 {
            await #expect(throws: MailTransportError.self) {
                _ = try await sender.send(message(1), from: "bot@example.org", to: ["a@example.org"])
            }
        }
        #expect(try await sender.send(message(1), from: "bot@example.org", to: ["a@example.org"]) == [])
        #expect(await sender.sent.count == 1)
        #expect(await sender.attempts == 3)
    }
}
