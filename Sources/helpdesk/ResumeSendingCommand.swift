import ArgumentParser
import Foundation
import Helpdesk

/// `helpdesk resume-sending`: after the send breaker paused sending (too many emails in 10 minutes), an admin
/// resumes it once the cause is understood; the waiting emails go out on the next run.
struct ResumeSending: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume-sending",
        abstract: "Resume sending after the loop guard's breaker paused it (loop_guard.breaker_per_10_minutes).")
    @OptionGroup var options: ConfigOptions

    func run() throws {
        let app = try options.app()
        if let since = try app.engine.sendingPausedSince() {
            try app.engine.resumeSending()
            print("sending resumed (it was paused since \(ISO8601DateFormatter().string(from: since))); the next run sends what waits")
        } else {
            print("sending is not paused")
        }
    }
}
