import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// SIGINT and SIGTERM end `helpdesk run` cleanly: the first one calls `stop` (the loop finishes the step it is in
/// and returns), a second one exits at once with status 130. Nothing is lost either way: every step is committed
/// before the next begins, and a pass cut short is finished by the next run.
final class StopSignals: @unchecked Sendable {
    private var sources: [any DispatchSourceSignal] = []

    init(stop: @escaping @Sendable () -> Void) {
        let queue = DispatchQueue(label: "helpdesk.signals")
        var seen = 0
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                seen += 1
                if seen > 1 { exit(130) }
                stop()
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Stops listening and gives the signals back their default action.
    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
