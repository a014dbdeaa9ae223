/// RFC 4180 records: quoted fields, doubled quotes, separators and line breaks inside quotes, CRLF or LF.
///
/// Unlike `Mail.CSVReader` it keeps blank records, so that a record's position is its row number in the
/// spreadsheet the file came from. The separator is a comma, or a tab when the first line has more tabs than commas.
enum CSVRecords {
    /// The records of `text` (a leading byte-order mark is ignored), fields trimmed of surrounding spaces.
    static func parse(_ text: String) -> [[String]] {
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        let firstLine = scalars.prefix { $0 != "\n" && $0 != "\r" }
        let sep: Unicode.Scalar = firstLine.filter { $0 == "\t" }.count > firstLine.filter { $0 == "," }.count ? "\t" : ","
        var records: [[String]] = []
        var record: [String] = []
        var field = String.UnicodeScalarView()
        var inQuotes = false
        var pending = false   // something was read since the last record ended
        let s = Array(scalars)
        var i = 0
        func endField() {
            record.append(String(field).trimmed)
            field = String.UnicodeScalarView()
        }
        func endRecord() {
            endField()
            records.append(record)
            record = []
            pending = false
        }
        while i < s.count {
            let c = s[i]
            i += 1
            if inQuotes {
                if c == "\"" {
                    if i < s.count, s[i] == "\"" { field.append("\""); i += 1 } else { inQuotes = false }
                } else {
                    field.append(c)
                }
                continue
            }
            pending = true
            switch c {
            case "\"" where String(field).trimmed.isEmpty:
                field = String.UnicodeScalarView()
                inQuotes = true
            case sep:
                endField()
            case "\r":
                if i < s.count, s[i] == "\n" { i += 1 }
                endRecord()
            case "\n":
                endRecord()
            default:
                field.append(c)
            }
        }
        if pending || inQuotes || !field.isEmpty { endRecord() }
        return records
    }
}
