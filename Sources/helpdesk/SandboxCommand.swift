import ArgumentParser
import AWSSigV4
import ConnectSandbox
import Directory
import Foundation

/// `helpdesk sandbox`: Amazon Connect's user API on loopback, over the local directory, for trying the Connect
/// client, botocore or the AWS CLI without an AWS account.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Serve Amazon Connect's user API on loopback, over the local directory.",
        discussion: """
            Requests must be signed (SigV4, service connect) with the key pair in AWS_ACCESS_KEY_ID and \
            AWS_SECRET_ACCESS_KEY (or the AWS profile), unless --any-signature is given. Try it with \
            `aws connect list-users --instance-id local --endpoint-url http://127.0.0.1:8443`.
            """)

    @OptionGroup var directory: DirectoryOptions

    @Option(help: "The loopback port to listen on (0 picks a free one).")
    var port: UInt16 = 8443

    @Option(help: "The IPv4 address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .customLong("instance-id"), help: "The instance id requests must name.")
    var instanceID = "local"

    @Option(help: "The region signatures must be scoped to.")
    var region = "us-east-1"

    @Flag(help: "Accept requests signed with any key (a signature is still required).")
    var anySignature = false

    @Option(name: .customLong("fault"), help: ArgumentHelp(
        "A fault to put in the way of requests (repeatable): KIND[:OPERATION[:COUNT]].",
        discussion: "KIND is throttle (429 ThrottlingException), a 5xx status (500, 503) or slow=SECONDS (carried "
            + "out, answered late); OPERATION a Connect operation (CreateUser, DeleteUser, ...) or any; COUNT the "
            + "next N matching requests (default 1) or everyN. E.g. --fault throttle:CreateUser:2 "
            + "--fault 503:any:every5 --fault slow=40:DeleteUser.",
        valueName: "fault"))
    var faults: [String] = []

    @Option(name: .customLong("reuse-delay"),
            help: "Seconds a deleted user's username stays unusable, as on Connect (default 0).")
    var reuseDelay: Double = 0

    func validate() throws {
        for f in faults {
            do { _ = try SandboxFault(parsing: f) } catch { throw ValidationError(error.description) }
        }
        guard reuseDelay >= 0 else { throw ValidationError("--reuse-delay must be 0 or more seconds.") }
    }

    func run() async throws {
        var credentials: AWSCredentials?
        if !anySignature {
            do {
                credentials = try AWSCredentialsLoader.system().credentials().0
            } catch {
                throw ValidationError("\(error.message) Or pass --any-signature.")
            }
        }
        let local = try directory.open(configuration: LocalDirectory.Configuration(usernameReuseDelay: reuseDelay))
        let parsed = try faults.map { try SandboxFault(parsing: $0) }   // checked in validate()
        let sandbox = ConnectSandbox(directory: local, instanceID: instanceID, region: region, credentials: credentials,
                                     faults: SandboxFaults(parsed))
        let server = SandboxServer(handler: sandbox, host: host)
        let chosen = try server.start(port: port)
        let signing = credentials.map { "requests must be signed with access key \($0.accessKeyID)" }
            ?? "requests signed with any key are accepted"
        // Written unbuffered, so that a script reading the port sees it at once.
        var banner = "Amazon Connect sandbox on http://\(host):\(chosen) for instance \(instanceID) in \(region); "
        banner += "users in \(local.path)\n\(signing)\n"
        if !parsed.isEmpty { banner += "faults: " + parsed.map(\.description).joined(separator: " ") + "\n" }
        if reuseDelay > 0 { banner += "a deleted username is unusable for \(reuseDelay) s\n" }
        FileHandle.standardOutput.write(Data(banner.utf8))
        while true { try await Task.sleep(nanoseconds: 3_600_000_000_000) }
    }
}
