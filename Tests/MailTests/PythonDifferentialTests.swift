import Foundation
import Mail
import Testing

/// Differential test against CPython's `email` package (policy=default): for every message of CPython's own email
/// test data, our From, To, Subject, Date, Message-ID and plain text must equal Python's on at least 95% of them.
///
/// The reference values come from `scripts/email_reference.py`, run with Debian's `/usr/bin/python3` over
/// `/usr/lib/python3.11/test/test_email/data` (package libpython3.11-testsuite, installed by `make test`). The test
/// fails, never skips, when either is missing. See docs/differential-test.md.
@Suite struct PythonDifferentialTests {
    static let python = "/usr/bin/python3"
    static let dataDirectory = "/usr/lib/python3.11/test/test_email/data"
    static let requiredRate = 0.95

    /// The package root: this file is Tests/MailTests/PythonDifferentialTests.swift.
    static var repoRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    @Test func matchesPythonEmailPackage() throws {
        let fm = FileManager.default
        try #require(fm.isExecutableFile(atPath: Self.python),
                     "\(Self.python) is missing: install Debian's python3 (make test does)")
        var isDirectory: ObjCBool = false
        try #require(fm.fileExists(atPath: Self.dataDirectory, isDirectory: &isDirectory) && isDirectory.boolValue,
                     "\(Self.dataDirectory) is missing: install libpython3.11-testsuite (make test does)")
        let script = Self.repoRoot.appendingPathComponent("scripts/email_reference.py").path
        try #require(fm.fileExists(atPath: script), "\(script) is missing")

        let references = try Self.runReference(script: script)
        let messageFiles = try fm.contentsOfDirectory(atPath: Self.dataDirectory)
            .filter { $0.hasPrefix("msg_") && $0.hasSuffix(".txt") }.sorted()
        try #require(!messageFiles.isEmpty, "no msg_*.txt files in \(Self.dataDirectory)")
        #expect(references.map(\.file) == messageFiles, "the script must report every msg_*.txt file once, in order")

        var matched = 0
        var report: [String] = []
        var fieldMismatches: [String: Int] = [:]
        for reference in references {
            let path = Self.dataDirectory + "/" + reference.file
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            let problems = Self.compare(reference, bytes)
            if problems.isEmpty {
                matched += 1
            } else {
                report.append("  \(reference.file):")
                for p in problems {
                    fieldMismatches[p.field, default: 0] += 1
                    report.append("    \(p.field): python=\(Self.shorten(p.python)) swift=\(Self.shorten(p.swift))")
                }
            }
        }
        let total = references.count
        let rate = total == 0 ? 0 : Double(matched) / Double(total)
        var summary = "Python differential test: \(matched) of \(total) messages match on all fields"
        summary += " (\(String(format: "%.1f", rate * 100))%, required \(Int(Self.requiredRate * 100))%)"
        if !fieldMismatches.isEmpty {
            summary += "; mismatches by field: "
            summary += fieldMismatches.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        }
        print(([summary] + report).joined(separator: "\n"))
        #expect(total > 0)
        #expect(rate >= Self.requiredRate, "\(matched)/\(total) messages match; \(Self.requiredRate * 100)% required")
    }

    // MARK: - Reference values

    /// One line of the script's output.
    struct Reference {
        var file: String
        var error: String?
        var errors: [String: String]
        var from: [(String, String)]?
        var to: [(String, String)]?
        var subject: String?
        var date: Int64?
        var messageID: String?
        var plain: String?
    }

    static func runReference(script: String) throws -> [Reference] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        // -I: isolated mode, so no user site-packages or PYTHON* variable changes what the email package does.
        process.arguments = ["-I", script, dataDirectory]
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONIOENCODING"] = "utf-8"
        environment.removeValue(forKey: "PYTHONPATH")
        environment.removeValue(forKey: "PYTHONHOME")
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read stderr on another thread so neither pipe can fill up and block the child.
        let errorBox = DataBox()
        let errorReader = Thread { errorBox.set(err.fileHandleForReading.readDataToEndOfFile()) }
        errorReader.start()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderrText = String(decoding: errorBox.waitForValue(), as: UTF8.self)
        try #require(process.terminationStatus == 0,
                     "\(python) \(script) exited with \(process.terminationStatus): \(stderrText)")
        var result: [Reference] = []
        for line in output.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            let object = try JSONSerialization.jsonObject(with: Data(line))
            let dict = try #require(object as? [String: Any], "not a JSON object: \(String(decoding: line, as: UTF8.self))")
            result.append(Reference(
                file: try #require(dict["file"] as? String),
                error: dict["error"] as? String,
                errors: dict["errors"] as? [String: String] ?? [:],
                from: addressList(dict["from"]),
                to: addressList(dict["to"]),
                subject: dict["subject"] as? String,
                date: (dict["date"] as? NSNumber)?.int64Value,
                messageID: dict["message_id"] as? String,
                plain: dict["plain"] as? String))
        }
        return result
    }

    /// Python's pairs; its `addr_spec` renders the null address (empty local part and domain) as "<>", which
    /// `Address.address` holds as "".
    static func addressList(_ value: Any?) -> [(String, String)]? {
        guard let list = value as? [[String]] else { return nil }
        return list.map { pair in
            let spec = pair.count > 1 ? pair[1] : ""
            return (pair.first ?? "", spec == "<>" ? "" : spec)
        }
    }

    // MARK: - Comparison

    struct Mismatch {
        var field: String
        var python: String
        var swift: String
    }

    static func compare(_ reference: Reference, _ bytes: [UInt8]) -> [Mismatch] {
        if let error = reference.error {
            return [Mismatch(field: "message", python: "error \(error)", swift: "(not compared)")]
        }
        let message: ParsedMessage
        do {
            message = try MessageParser().parse(bytes)
        } catch {
            return [Mismatch(field: "message", python: "parsed", swift: "threw \(error)")]
        }
        var problems: [Mismatch] = []
        func check(_ field: String, _ python: String, _ swift: String) {
            if let error = reference.errors[field] {
                problems.append(Mismatch(field: field, python: "error \(error)", swift: swift))
            } else if python != swift {
                problems.append(Mismatch(field: field, python: python, swift: swift))
            }
        }
        // An absent From/To and an empty list are the same thing to us.
        check("from", addresses(reference.from ?? []), addresses(message.from.map { ($0.displayName, $0.address) }))
        check("to", addresses(reference.to ?? []), addresses(message.to.map { ($0.displayName, $0.address) }))
        // ParsedMessage.subject is "" when the header is absent.
        check("subject", (reference.subject ?? "").collapsingWhitespace, message.subject.collapsingWhitespace)
        check("date", reference.date.map(String.init) ?? "nil", message.date.map { String($0.secondsSince1970) } ?? "nil")
        check("message_id", reference.messageID?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "nil",
              message.messageID ?? "nil")
        check("plain", reference.plain.map(normalisedText) ?? "nil", message.plainBody.map(normalisedText) ?? "nil")
        return problems
    }

    /// Display names with white space collapsed, addresses lowercased, in order.
    static func addresses(_ list: [(String, String)]) -> String {
        "[" + list.map { "\"\($0.0.collapsingWhitespace)\" <\($0.1.lowercased())>" }.joined(separator: ", ") + "]"
    }

    /// Line breaks as LF, trailing white space of each line and of the whole text dropped.
    static func normalisedText(_ text: String) -> String {
        let unified = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var lines = unified.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            var l = line
            while let last = l.last, last == " " || last == "\t" { l = l.dropLast() }
            return l
        }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// At most 120 characters, control characters escaped, so one mismatch stays on one line.
    static func shorten(_ value: String) -> String {
        var escaped = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            default:
                if scalar.value < 0x20 { escaped += "\\u{\(String(scalar.value, radix: 16))}" } else { escaped.unicodeScalars.append(scalar) }
            }
        }
        let limit = 120
        guard escaped.count > limit else { return escaped }
        return String(escaped.prefix(limit)) + "… (\(value.count) chars)"
    }
}

/// Holds the data read from the child's stderr until the reading thread is done.
final class DataBox: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Data?

    func set(_ data: Data) {
        condition.lock()
        value = data
        condition.signal()
        condition.unlock()
    }

    func waitForValue() -> Data {
        condition.lock()
        defer { condition.unlock() }
        while value == nil { condition.wait() }
        return value ?? Data()
    }
}
