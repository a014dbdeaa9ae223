import ArgumentParser

/// The `helpdesk` command: the MO ACTS help desk bot and its admin tools.
@main
struct Helpdesk: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "helpdesk",
        abstract: "The MO ACTS Amazon Connect help desk bot.",
        subcommands: [Run.self, Tickets.self, Show.self, Approve.self, Reject.self, Check.self, Demo.self, Classify.self, Inspect.self, Rules.self, DirectoryCommand.self]
    )
}
