import Foundation
import Mail
@testable import Replies
import Testing

/// The package root: this file is Tests/RepliesTests/TemplateSetTests.swift.
let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let templatesDirectory = repoRoot.appendingPathComponent("templates").path

/// The real templates, as text keyed by file name.
func templateSources() throws -> [String: String] {
    var out: [String: String] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: templatesDirectory) where name.hasSuffix(".mustache") {
        out[name] = try String(contentsOfFile: templatesDirectory + "/" + name, encoding: .utf8)
    }
    return out
}

/// The error `body` throws, as a `TemplateError`.
func templateError(_ body: () throws -> Void) -> TemplateError? {
    do { try body() } catch { return error as? TemplateError }
    return nil
}

@Suite struct TemplateSetTests {
    @Test func realTemplatesLoad() throws {
        _ = try TemplateSet.load(directory: templatesDirectory)
    }

    @Test func everyRequiredFileIsThere() throws {
        let names = Set(try templateSources().keys)
        for kind in ReplyKind.allCases {
            for file in kind.templateFiles { #expect(names.contains(file), "missing \(file)") }
        }
    }

    @Test(arguments: ReplyKind.allCases) func everyKindRendersItsProbes(_ kind: ReplyKind) throws {
        let set = try TemplateSet.load(directory: templatesDirectory)
        func renderAll<M: ReplyModel>(_ type: M.Type) throws {
            for probe in M.probes {
                let r = try set.render(probe)
                #expect(!r.subject.isEmpty)
                #expect(!r.text.isEmpty)
                #expect(!r.text.hasPrefix("\n"), "the pragma line must not leave a blank first line")
                #expect(!r.text.contains("{{"))
                #expect((r.html != nil) == kind.hasHTML)
                if let t = probe.subjectTicket { #expect(r.subject.hasSuffix(t.tag)) }
            }
        }
        try renderAll(kind.modelType)
    }

    @Test func credentialEmailKeepsTheGuidesWords() throws {
        let set = try TemplateSet.load(directory: templatesDirectory)
        let r = try set.render(CredentialEmail(ticket: TicketNumber(42), userID: "Jane.Doe"))
        let fixture = try String(contentsOf: repoRoot.appendingPathComponent("Tests/RepliesTests/Fixtures/guide-credential-email.txt"),
                                 encoding: .utf8)
        var guide = fixture.split(separator: "\n").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        #expect(guide.removeFirst() == "Subject: Your MO ACTS Amazon Connect Credentials")
        let mine = r.text.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        #expect(mine.count == guide.count)
        for (m, g) in zip(mine, guide) {
            if g == "User ID (case sensitive):" {
                #expect(m == "User ID (case sensitive): Jane.Doe")
            } else {
                #expect(m == g)
            }
        }
        #expect(r.subject == "Your MO ACTS Amazon Connect Credentials [MOACTS #42]")
        #expect(r.subject.hasPrefix("Your MO ACTS Amazon Connect Credentials"))
        #expect(r.html?.contains("User ID (case sensitive): <strong>Jane.Doe</strong>") == true)
        #expect(r.html?.contains("https://moprodconnect.awsapps.com/connect/login") == true)
    }

    @Test func loginURLIsAVariable() throws {
        let set = try TemplateSet.load(directory: templatesDirectory)
        let r = try set.render(CredentialEmail(ticket: TicketNumber(1), userID: "A.B", loginURL: "https://example.test/login"))
        #expect(r.text.contains("Login URL: https://example.test/login\n"))
    }

    @Test func textIsNotEscapedButHTMLIs() throws {
        let set = try TemplateSet.load(directory: templatesDirectory)
        let r = try set.render(CredentialEmail(ticket: TicketNumber(1), userID: "O'Brien<&>"))
        #expect(r.text.contains("User ID (case sensitive): O'Brien<&>\n"))
        #expect(r.html?.contains("O&#39;Brien&lt;&amp;&gt;") == true || r.html?.contains("O'Brien&lt;&amp;&gt;") == true)
    }

    @Test func resetStepsFollowTheGuide() throws {
        let set = try TemplateSet.load(directory: templatesDirectory)
        let r = try set.render(ResetSteps(ticket: TicketNumber(5), requestSubject: "Can't log in", requesterName: "Jane", userID: "Jane.Doe"))
        for phrase in ["Forgot Password?", "Recover Password", "Return to Login Page", "Reset Password Request",
                       "Reset Password", "password requirements", "dial pad", "https://moprodconnect.awsapps.com/connect/login",
                       "Jane.Doe", "Hello Jane,"] {
            #expect(r.text.contains(phrase), "missing \(phrase)")
        }
        #expect(r.subject == "Re: Can't log in [MOACTS #5]")
    }

    @Test func newUserOutcomeListsEachPerson() throws {
        let set = try TemplateSet.load(directory: templatesDirectory)
        let model = NewUserOutcome(ticket: TicketNumber(9), requestSubject: "New users", requesterName: nil, people: [
            .init(name: "Ann Lee", email: "ann.lee@health.mo.gov", outcome: .created(login: "Ann.Lee")),
            .init(name: "Bo Chen", email: nil, outcome: .alreadyExisted(login: "Bo.Chen")),
            .init(name: "Cy Diaz", email: "cy@x.org", outcome: .needsHuman(reason: "two accounts match")),
            .init(name: "Di Eng", email: nil, outcome: .missingFields(["email address"])),
        ])
        let r = try set.render(model)
        #expect(r.text.hasPrefix("Hello,\n"))
        #expect(r.text.contains("* Ann Lee <ann.lee@health.mo.gov>\n  Created. Login (User ID, case sensitive): Ann.Lee."))
        #expect(r.text.contains("* Bo Chen\n  Already had an account, login Bo.Chen."))
        #expect(r.text.contains("* Cy Diaz <cy@x.org>\n  Not created yet: a member of the MO ACTS team will look at it (two accounts match)."))
        #expect(r.text.contains("* Di Eng\n  Not created: please reply with their email address."))
        #expect(r.html?.contains("<td>Ann Lee</td>") == true)
        let empty = try set.render(NewUserOutcome(ticket: TicketNumber(9), requestSubject: "x", requesterName: "Jo", people: []))
        #expect(empty.text.contains("We could not find anyone"))
    }

    @Test func digestHasNoSingleTag() throws {
        let set = try TemplateSet.load(directory: templatesDirectory)
        let r = try set.render(NeedsHumanDigest(day: "2020-09-08", items: [
            .init(ticket: TicketNumber(3), subject: "Help", from: "a@b.c", received: "2020-09-08 09:03", reason: "no rule matched"),
        ]))
        #expect(r.subject == "MO ACTS help desk: 1 requests need a person (2020-09-08)")
        #expect(r.text.contains("[MOACTS #3] Help"))
        #expect(r.ticket == nil)
    }

    // MARK: - Checks at start-up

    @Test func missingVariableNamesFileAndVariable() throws {
        var sources = try templateSources()
        sources["credentials.text.mustache"]! += "Your name: {{userName}}\n"
        let error = templateError { _ = try TemplateSet(sources: sources) }
        #expect(error?.code == .missingVariable)
        #expect(error?.file == "credentials.text.mustache")
        #expect(error?.variable == "userName")
        #expect(error?.description.contains("credentials.text.mustache") == true)
        #expect(error?.description.contains("userName") == true)
    }

    @Test func missingVariableInsideASectionIsFound() throws {
        var sources = try templateSources()
        sources["new-user-outcome.text.mustache"]! += "{{#people}}{{phone}}{{/people}}\n"
        let error = templateError { _ = try TemplateSet(sources: sources) }
        #expect(error?.code == .missingVariable)
        #expect(error?.file == "new-user-outcome.text.mustache")
        #expect(error?.variable == "phone")
    }

    @Test func missingVariableInAnInvertedSectionIsFound() throws {
        var sources = try templateSources()
        sources["reset-steps.html.mustache"]! += "{{^userID}}{{username}}{{/userID}}\n"
        let error = templateError { _ = try TemplateSet(sources: sources) }
        #expect(error?.file == "reset-steps.html.mustache")
        #expect(error?.variable == "username")
    }

    @Test func missingVariableInSubjectIsFound() throws {
        var sources = try templateSources()
        sources["acknowledgement.subject.mustache"] = "{{% CONTENT_TYPE: TEXT}}\nRe: {{subject}}\n"
        let error = templateError { _ = try TemplateSet(sources: sources) }
        #expect(error?.file == "acknowledgement.subject.mustache")
        #expect(error?.variable == "subject")
    }

    @Test func malformedTemplateReportsLineAndColumn() throws {
        var sources = try templateSources()
        sources["human-handoff.text.mustache"] = "{{% CONTENT_TYPE: TEXT}}\nHello,\n\nWe will {{#soon}}answer.\n"
        let error = templateError { _ = try TemplateSet(sources: sources) }
        #expect(error?.code == .parse)
        #expect(error?.file == "human-handoff.text.mustache")
        #expect(error?.line != nil && error?.column != nil)
        if let e = error, let line = e.line, let column = e.column {
            #expect(e.description.hasPrefix("human-handoff.text.mustache:\(line):\(column): "))
        }

        sources["human-handoff.text.mustache"] = "{{% CONTENT_TYPE: TEXT}}\nHello,\nDear {{requesterName\nthanks\n"
        let unfinished = templateError { _ = try TemplateSet(sources: sources) }
        #expect(unfinished?.code == .parse)
        // The tag opens on line 3; the parser reports where it gave up looking for "}}", the next line.
        #expect(unfinished?.line.map { (3...4).contains($0) } == true)
        #expect(unfinished?.column != nil)
    }

    @Test func missingFileIsAnError() throws {
        var sources = try templateSources()
        sources["credentials.html.mustache"] = nil
        let error = templateError { _ = try TemplateSet(sources: sources) }
        #expect(error?.code == .missingTemplate)
        #expect(error?.file == "credentials.html.mustache")
    }

    @Test func misspeltFileIsAnError() throws {
        var sources = try templateSources()
        sources["acknowledgment.text.mustache"] = "{{% CONTENT_TYPE: TEXT}}\nhi\n"
        let error = templateError { _ = try TemplateSet(sources: sources) }
        #expect(error?.code == .unknownTemplate)
        #expect(error?.file == "acknowledgment.text.mustache")
    }

    @Test func textTemplateWithoutPragmaIsAnError() throws {
        var sources = try templateSources()
        sources["no-account.text.mustache"] = "Hello {{personName}}\n"
        let error = templateError { _ = try TemplateSet(sources: sources) }
        #expect(error?.code == .missingPragma)
        #expect(error?.file == "no-account.text.mustache")
    }

    @Test func emptySubjectIsAnError() throws {
        var sources = try templateSources()
        sources["human-handoff.subject.mustache"] = "{{% CONTENT_TYPE: TEXT}}\n[MOACTS #1]\n"
        let error = templateError { _ = try TemplateSet(sources: sources) }
        #expect(error?.code == .emptySubject)
    }

    @Test func unreadableDirectoryIsAnError() {
        let error = templateError { _ = try TemplateSet.load(directory: "/nonexistent/templates") }
        #expect(error?.code == .unreadableDirectory)
    }

    // MARK: - Subjects

    @Test(arguments: [
        ("Re: Help", 7, "Re: Help [MOACTS #7]"),
        ("Re: Re: Help [MOACTS #7]", 7, "Re: Help [MOACTS #7]"),
        ("Re: RE: Help [moacts #3] again", 7, "Re: Help again [MOACTS #7]"),
        ("Line\r\nbreak", 1, "Line break [MOACTS #1]"),
        ("Your MO ACTS Amazon Connect Credentials", 12, "Your MO ACTS Amazon Connect Credentials [MOACTS #12]"),
    ]) func subjectsAreTagged(_ raw: String, _ ticket: Int, _ expected: String) {
        #expect(ReplySubject.tagged(raw, ticket: TicketNumber(ticket)) == expected)
    }
}
