import ArgumentParser
import Foundation

/// Reads a message file, or standard input for "-".
enum MessageSource {
    static func read(_ path: String) throws -> [UInt8] {
        if path == "-" {
            return Array(FileHandle.standardInput.readDataToEndOfFile())
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read \(path): no such file, or not readable")
        }
        return Array(data)
    }
}

/// Encodes a value as one line of JSON with sorted keys.
enum JSONLine {
    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{\"category\":\"other\",\"error\":\"could not encode\"}" }
        return String(decoding: data, as: UTF8.self)
    }
}
