import ArgumentParser
import Helpdesk
import Directory
import Foundation

/// `helpdesk directory import|list|show`: the local user directory (a SQLite file). Never prints a password.
struct DirectoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "directory",
        abstract: "Work with the local user directory (SQLite).",
        subcommands: [Import.self, List.self, Show.self])

    /// `helpdesk directory import FILE.csv`: the guide's bulk upload, all rows or none.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import users from a CSV file in the guide's bulk-upload columns; nothing is imported if any row is bad.",
            discussion: "Columns: " + DirectoryImport.columns.joined(separator: ", ")
                + ". Every row is checked first and every problem is printed by row number.")

        @OptionGroup var options: DirectoryOptions

        @Argument(help: "The CSV file (RFC 4180, header row first).")
        var file: String

        func validate() throws {
            if !FileManager.default.isReadableFile(atPath: file) {
                throw ValidationError("cannot read \(file); give the path of a CSV file")
            }
        }

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8)
            else {
                throw ValidationError("\(file) is not UTF-8 text; save it from the spreadsheet as CSV UTF-8")
            }
            let directory = try options.open()
            do {
                let created = try await DirectoryImport.run(csv: text, into: directory)
                print("imported \(created.count) user\(created.count == 1 ? "" : "s") into \(directory.path):")
                for u in created { print("  \(u.username)  \(u.identityInfo.firstName) \(u.identityInfo.lastName)") }
            } catch let failure as ImportFailure {
                FileHandle.standardError.write(Data((failure.description + "\n").utf8))
                throw ExitCode(1)
            }
        }
    }

    /// `helpdesk directory list [--json]`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every user.")

        @OptionGroup var options: DirectoryOptions

        @Flag(help: "A JSON array of users with Amazon Connect's field names.")
        var json = false

        func run() async throws {
            let directory = try options.open()
            let users = try await directory.allUsers()
            if json {
                print(try DirectoryJSON.encode(users))
            } else if users.isEmpty {
                print("no users in \(directory.path)")
            } else {
                print(DirectoryUser.table(users, profiles: try await DirectoryProfiles(of: directory)))
            }
        }
    }

    /// `helpdesk directory show USERNAME [--json]`.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one user by username.")

        @OptionGroup var options: DirectoryOptions

        @Flag(help: "The user as JSON, with Amazon Connect's field names.")
        var json = false

        @Argument(help: "The username (login), e.g. Jane.Doe.")
        var username: String

        func run() async throws {
            let directory = try options.open()
            guard let user = try await directory.user(username: username) else {
                FileHandle.standardError.write(Data(("no user has the username \(username); "
                    + "`helpdesk directory list` shows them all\n").utf8))
                throw ExitCode(1)
            }
            if json {
                print(try DirectoryJSON.encode(user))
            } else {
                let loggedIn = try await directory.isLoggedIn(user.id)
                print(user.detailText(profiles: try await DirectoryProfiles(of: directory), loggedIn: loggedIn))
            }
        }
    }
}

/// Where the directory is: `--path`; else the configuration's `directory.local_path` (`--config`, $HELPDESK_CONFIG
/// or ./helpdesk.yaml), so the bot and the admin see the same users; else `helpdesk-directory.sqlite` here.
struct DirectoryOptions: ParsableArguments {
    @Option(name: .long, help: "The directory database file (default: directory.local_path of the configuration).")
    var path: String?

    @Option(name: .long, help: "The configuration file (default: $HELPDESK_CONFIG, else ./helpdesk.yaml).")
    var config: String?

    func resolvedPath() throws -> String {
        if let path { return path }
        let env = ProcessInfo.processInfo.environment
        var file = config ?? env["HELPDESK_CONFIG"]
        if file == nil, FileManager.default.fileExists(atPath: "helpdesk.yaml") { file = "helpdesk.yaml" }
        guard let file else { return "helpdesk-directory.sqlite" }
        do {
            let c = try HelpdeskConfig.load(path: file, environment: env)
            return c.path("directory.local_path") ?? "helpdesk-directory.sqlite"
        } catch {
            throw ValidationError("the configuration has problems:\n" + error.problems.map { "  " + $0.description }.joined(separator: "\n"))
        }
    }

    func open(configuration: LocalDirectory.Configuration = LocalDirectory.Configuration()) throws -> LocalDirectory {
        let p = try resolvedPath()
        try FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent.isEmpty ? "." : (p as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        return try LocalDirectory(path: p, configuration: configuration, clock: { Date() }, ids: .random)
    }
}

/// JSON with sorted keys, as Connect's field names.
enum DirectoryJSON {
    static func encode(_ value: some Encodable) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try e.encode(value), as: UTF8.self)
    }
}
