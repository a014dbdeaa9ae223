import Foundation
import Testing

/// The admin page in a real headless browser: `helpdesk serve` on a workspace with a pending account reset, driven
/// by `scripts/admin-page-browser.py` (Debian's chromium and chromium-driver through Selenium, installed by
/// `scripts/install-deps`): log in, see the reset, approve it, see the ticket's audit trail. Screenshots are saved in
/// `.build/test-output/admin-page/` (or `$HELPDESK_TEST_OUTPUT/admin-page/`). Then the service carries the approval out.
@Suite("The admin page in a headless browser", .serialized)
struct BrowserTests {
    static let password = "a browser test password"

    /// Reads the server's first line ("admin page on http://127.0.0.1:PORT/") without waiting for it to end.
    final class LineReader: @unchecked Sendable {
        private let lock = NSLock()
        private var text = ""
        init(_ handle: FileHandle) {
            handle.readabilityHandler = { [weak self] h in
                let data = h.availableData
                guard let self, !data.isEmpty else { return }
                self.lock.withLock { self.text += String(decoding: data, as: UTF8.self) }
            }
        }
        var value: String { lock.withLock { text } }
    }

    @Test("log in, see a pending reset, approve it, see the ticket's audit trail; screenshots saved")
    func approveInBrowser() async throws {
        let python = try #require(["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
            .map { _ in "python3" })
        let fm = FileManager.default
        let dir = try CLITests.maildirWorkspace("browser")
        let config = ["--config", dir + "/helpdesk.yaml"]
        try "First Name,Last Name,Email Address,User Login,Password,Security Profile,Routing Profile,Phone Type,Agent Hierarchy\nDolores,Quintero,dquintero55@yahoo.com,Dolores.Quintero,Xk3vQ9pLm2Rt7Wz8Yb4N,Agent,Case Investigator,Soft Phone,MO ACTS\n"
            .write(toFile: dir + "/users.csv", atomically: true, encoding: .utf8)
        #expect(try CLITests.helpdesk(["directory", "import", dir + "/users.csv"] + config).status == 0)
        try fm.copyItem(atPath: CLITests.root + "/Tests/Fixtures/corpus/dev/dev021.eml", toPath: dir + "/in/new/1.eml")
        #expect(try CLITests.helpdesk(["run", "--once"] + config).status == 0)
        #expect(try CLITests.helpdesk(["queue"] + config).out.contains("Ticket #1000"))
        let admin = try CLITests.helpdesk(["web-admin", "admin@health.mo.gov"] + config, stdin: Data((Self.password + "\n").utf8))
        #expect(admin.status == 0, "\(admin.err)")

        let server = Process()
        server.executableURL = URL(fileURLWithPath: CLITests.root + "/.build/debug/helpdesk")
        server.arguments = ["serve", "--port", "0"] + config
        let out = Pipe()
        server.standardOutput = out
        server.standardError = FileHandle.nullDevice
        let reader = LineReader(out.fileHandleForReading)
        try server.run()
        defer { server.terminate(); server.waitUntilExit() }
        var base: String?
        for _ in 0..<100 where base == nil {
            if let r = reader.value.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) { base = String(reader.value[r]) }
            else { try await Task.sleep(for: .milliseconds(100)) }
        }
        let url = try #require(base, "helpdesk serve did not say where it listens: \(reader.value)")

        let output = (ProcessInfo.processInfo.environment["HELPDESK_TEST_OUTPUT"] ?? CLITests.root + "/.build/test-output") + "/admin-page"
        try? fm.removeItem(atPath: output)
        let browser = Process()
        browser.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        browser.arguments = [python, CLITests.root + "/scripts/admin-page-browser.py", url, "admin@health.mo.gov", Self.password, "1000", output]
        let browserOut = Pipe()
        browser.standardOutput = browserOut
        browser.standardError = browserOut
        try browser.run()
        let transcript = String(decoding: browserOut.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        browser.waitUntilExit()
        #expect(browser.terminationStatus == 0, """
            the browser run failed (scripts/install-deps installs chromium, chromium-driver and selenium):
            \(transcript)
            """)
        print(transcript)
        for shot in ["admin-approvals.png", "admin-approved.png", "admin-ticket.png"] {
            let data = fm.contents(atPath: output + "/" + shot) ?? Data()
            #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(shot) is a PNG screenshot")
        }
        // The decision was only recorded; the service carries it out.
        #expect(try CLITests.helpdesk(["run", "--once"] + config).status == 0)
        let show = try CLITests.helpdesk(["show", "1000"] + config).out
        #expect(show.contains("approval_approved"))
        #expect(show.contains("approval_executed"))
        #expect(show.contains("web:admin@health.mo.gov"))
    }
}
