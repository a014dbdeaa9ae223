/// RFC 4180 reading of comma- or tab-separated text: quoted fields, doubled quotes, line breaks inside quotes.
///
/// The separator is guessed from the first line (tab when it has more tabs than commas). Blank rows are dropped.
public enum CSVReader {
    /// The rows of `text`, each a list of fields with surrounding white space trimmed.
    public static func rows(_ text: String) -> [[String]] {
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r" }
        let tabs = firstLine.filter { $0 == "\t" }.count
        let commas = firstLine.filter { $0 == "," }.count
        let semicolons = firstLine.filter { $0 == ";" }.count
        let sep: Unicode.Scalar = tabs > commas && tabs >= semicolons ? "\t" : (semicolons > commas ? ";" : ",")
        var rows: [[String]] = []
        var row: [String] = []
        var field = String.UnicodeScalarView()
        var inQuotes = false
        let s = Array(text.unicodeScalars)
        var i = 0
        func endField() {
            row.append(String(field).trimmingASCIIWhitespace())
            field = String.UnicodeScalarView()
        }
        func endRow() {
            endField()
            if row.contains(where: { !$0.isEmpty }) { rows.append(row) }
            row = []
        }
        while i < s.count {
            let c = s[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < s.count, s[i + 1] == "\"" { field.append("\""); i += 2; continue }
                    inQuotes = false
                } else {
                    field.append(c)
                }
            } else if c == "\"" && String(field).trimmingASCIIWhitespace().isEmpty {
                field = String.UnicodeScalarView()
                inQuotes = true
            } else if c == sep {
                endField()
            } else if c == "\r" {
                if i + 1 < s.count, s[i + 1] == "\n" { i += 1 }
                endRow()
            } else if c == "\n" {
                endRow()
            } else {
                field.append(c)
            }
            i += 1
        }
        if !field.isEmpty || !row.isEmpty { endRow() }
        return rows
    }
}
