import Foundation

extension MaildirSender: DeliveryLedger {
    /// Whether the outbox holds a message with this Message-ID: reads only each file's header block.
    public func delivered(messageID: String) async throws -> Bool {
        let needle = Array("<\(messageID)>".lowercased().utf8)
        let fm = FileManager.default
        for folder in ["new", "cur"] {
            let dir = path + "/" + folder
            guard let names = try? fm.contentsOfDirectory(atPath: dir) else { continue }
            for name in names {
                guard let handle = FileHandle(forReadingAtPath: dir + "/" + name) else { continue }
                defer { try? handle.close() }
                let head = (try? handle.read(upToCount: 16_384)) ?? Data()
                if Self.header(Array(head), hasMessageID: needle) { return true }
            }
        }
        return false
    }

    /// Whether the header block of `bytes` has a Message-ID line holding `needle` (lowercased, with brackets).
    static func header(_ bytes: [UInt8], hasMessageID needle: [UInt8]) -> Bool {
        var lineStart = 0
        var i = 0
        while i < bytes.count {
            if bytes[i] == 10 {
                let line = bytes[lineStart..<i]
                if line.count <= 1 { return false }  // blank line: end of headers
                let lower = line.map { ($0 >= 65 && $0 <= 90) ? $0 | 0x20 : $0 }
                if lower.starts(with: Array("message-id:".utf8)), contains(lower, needle) { return true }
                lineStart = i + 1
            }
            i += 1
        }
        return false
    }

    static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= hay.count else { return false }
        for s in 0...(hay.count - needle.count) where hay[s] == needle[0] && Array(hay[s..<(s + needle.count)]) == needle { return true }
        return false
    }
}
