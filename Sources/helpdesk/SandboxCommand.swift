import ArgumentParser
import AWSSigV4
import ConnectSandbox
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

    func run() async throws {
        var credentials: AWSCredentials?
        if !anySignature {
            do {
                credentials = try AWSCredentialsLoader.system().credentials().0
            } catch {
                throw ValidationError("\(error.message) Or pass --any-signature.")
            }
        }
        let local = try directory.open()
        let sandbox = ConnectSandbox(directory: local, instanceID: instanceID, region: region, credentials: credentials)
        let server = SandboxServer(handler: sandbox, host: host)
        let chosen = try server.start(port: port)
        let signing = credentials.map { "requests must be signed with access key \($0.accessKeyID)" }
            ?? "requests signed with any key are accepted"
        // Written unbuffered, so that a script reading the port sees it at once.
        FileHandle.standardOutput.write(Data(("Amazon Connect sandbox on http://\(host):\(chosen) for instance "
            + "\(instanceID) in \(region); users in \(local.path)\n\(signing)\n").utf8))
        while true { try await Task.sleep(nanoseconds: 3_600_000_000_000) }
    }
}
