import Foundation
import Mustache

/// Every email template, loaded and checked once at start-up (STYLE.md habit 11): each required file is present,
/// parses, text and subject templates start with `{{% CONTENT_TYPE: TEXT}}`, and every variable each template uses
/// is one its view model provides (checked by rendering every template with the model's probes). After that,
/// `render(_:)` turns a typed model into a subject, a text and an optional HTML alternative.
///
/// Files are `<kind>.subject.mustache`, `<kind>.text.mustache` and, for kinds with HTML, `<kind>.html.mustache`
/// (`ReplyKind.templateFiles`). The subject template's output is put on one line and tagged `[MOACTS #N]`
/// (`ReplySubject.tagged`).
public struct TemplateSet: Sendable {
    /// The pragma that must open every text and subject template, so nothing is HTML-escaped.
    public static let textPragma = "{{% CONTENT_TYPE: TEXT}}"

    private let templates: [String: MustacheTemplate]

    /// Loads and checks `directory/*.mustache`.
    public static func load(directory: String) throws(TemplateError) -> TemplateSet {
        let fm = FileManager.default
        let names: [String]
        do {
            names = try fm.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".mustache") }
        } catch {
            throw TemplateError(.unreadableDirectory, file: directory,
                                "cannot read the templates directory: \(error.localizedDescription); check the path")
        }
        var sources: [String: String] = [:]
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = fm.contents(atPath: path) else {
                throw TemplateError(.unreadableDirectory, file: name, "cannot read the file; check its permissions")
            }
            sources[name] = String(decoding: data, as: UTF8.self)
        }
        return try TemplateSet(sources: sources)
    }

    /// Checks templates given as text, keyed by file name (`credentials.text.mustache` ...).
    public init(sources: [String: String]) throws(TemplateError) {
        let known = Set(ReplyKind.allCases.flatMap(\.templateFiles))
        for name in sources.keys.sorted() where !known.contains(name) {
            throw TemplateError(.unknownTemplate, file: name,
                                "no email uses this file; the files are \(known.sorted().joined(separator: ", "))")
        }
        var parsed: [String: MustacheTemplate] = [:]
        for kind in ReplyKind.allCases {
            for file in kind.templateFiles {
                guard let text = sources[file] else {
                    throw TemplateError(.missingTemplate, file: file, "the template is missing; the \(kind.rawValue) email needs it")
                }
                if !file.hasSuffix(".html.mustache"), !text.hasPrefix(Self.textPragma) {
                    throw TemplateError(.missingPragma, file: file, line: 1, column: 1,
                                        "a text template must start with \(Self.textPragma) so nothing is HTML-escaped")
                }
                do {
                    parsed[file] = try MustacheTemplate(string: text)
                } catch let e as MustacheTemplate.ParserError {
                    throw TemplateError(.parse, file: file, line: e.context.lineNumber, column: e.context.columnNumber,
                                        "\(e.error) in \"\(e.context.line)\"; fix the tag there")
                } catch {
                    throw TemplateError(.parse, file: file, "\(error)")
                }
            }
        }
        templates = parsed
        for kind in ReplyKind.allCases { try check(kind.modelType) }
    }

    /// Renders every template of `M` with each of its probes: a missing variable or an empty subject is an error.
    private func check<M: ReplyModel>(_ type: M.Type) throws(TemplateError) {
        for probe in M.probes { _ = try render(probe) }
    }

    /// Renders `model`'s email. Throws only when a template uses a variable the model lacks (which `load` has
    /// already ruled out for the probes).
    public func render<M: ReplyModel>(_ model: M) throws(TemplateError) -> RenderedReply<M> {
        let files = M.kind.templateFiles
        let subject = try renderPart(files[0], model)
        let tagged = ReplySubject.tagged(subject, ticket: model.subjectTicket)
        if ReplySubject.tagged(subject, ticket: nil).isEmpty {
            throw TemplateError(.emptySubject, file: files[0], "the subject renders to nothing; write a subject")
        }
        let text = try renderPart(files[1], model)
        let html = M.kind.hasHTML ? try renderPart(files[2], model) : nil
        return RenderedReply(subject: tagged, text: text, html: html, ticket: model.subjectTicket)
    }

    private func renderPart<M: ReplyModel>(_ file: String, _ model: M) throws(TemplateError) -> String {
        guard let template = templates[file] else {
            throw TemplateError(.missingTemplate, file: file, "the template is missing")
        }
        let missing = MissingVariables()
        let output = template.render(StrictContext(value: model, missing: missing))
        if let name = missing.names.first {
            throw TemplateError(.missingVariable, file: file, variable: name,
                                "uses {{\(name)}}, which \(M.self) does not provide; remove it or use one of: "
                                    + Mirror(reflecting: model).children.compactMap(\.label).joined(separator: ", "))
        }
        return output
    }
}
