/// Renders rows as an aligned text table (cells longer than 52 characters are shortened).
enum Table {
    static func render(_ rows: [[String]]) -> String {
        guard let header = rows.first else { return "" }
        var widths = header.map(\.count)
        for row in rows { for (i, c) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], min(c.count, 52)) } }
        func line(_ row: [String]) -> String {
            row.enumerated().map { i, c in
                let cell = c.count > 52 ? String(c.prefix(49)) + "..." : c
                return i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        var out = [line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        out += rows.dropFirst().map(line)
        return out.joined(separator: "\n")
    }
}
