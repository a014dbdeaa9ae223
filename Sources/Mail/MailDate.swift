/// A date from a Date header (RFC 5322 §3.3), with the writer's zone offset kept.
public struct MailDate: Sendable, Equatable, Hashable, Comparable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var secondsSince1970: Int64
    /// The writer's offset from UTC in minutes (e.g. -300 for CDT).
    public var offsetMinutes: Int

    /// Creates a date.
    public init(secondsSince1970: Int64, offsetMinutes: Int = 0) {
        self.secondsSince1970 = secondsSince1970
        self.offsetMinutes = offsetMinutes
    }

    public static func < (a: MailDate, b: MailDate) -> Bool { a.secondsSince1970 < b.secondsSince1970 }

    /// ISO 8601 in UTC, e.g. "2020-09-08T14:03:09Z".
    public var iso8601: String {
        let (y, m, d) = MailDate.civil(fromDays: Int(floorDiv(secondsSince1970, 86_400)))
        let secs = Int(secondsSince1970 - floorDiv(secondsSince1970, 86_400) * 86_400)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(m))-\(two(d))T\(two(secs / 3600)):\(two(secs / 60 % 60)):\(two(secs % 60))Z"
    }

    /// Parses an RFC 5322 date-time, accepting obsolete forms: no weekday, two- or three-digit years, named zones
    /// (UT, GMT, EST ... PDT, military letters), no seconds, extra comments. Nil when no date can be read.
    public static func parse(_ raw: String) -> MailDate? {
        var tokens: [Substring] = []
        var stripped = ""
        var depth = 0
        for ch in raw {
            if ch == "(" { depth += 1; continue }
            if ch == ")" { depth = max(0, depth - 1); continue }
            if depth == 0 { stripped.append(ch == "," ? " " : ch) }
        }
        tokens = stripped.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" })
        if let first = tokens.first, first.count >= 3, Int(first) == nil, monthNumber(first) == nil { tokens.removeFirst() }
        guard tokens.count >= 4 else { return nil }
        var day: Int?
        var month: Int?
        var year: Int?
        var idx = 0
        // "8 Sep 2020" or "Sep 8 2020"
        if let d = Int(tokens[0]) {
            day = d
            month = monthNumber(tokens[1])
            year = Int(tokens[2])
        } else if let m = monthNumber(tokens[0]) {
            month = m
            day = Int(tokens[1])
            year = Int(tokens[2])
        }
        idx = 3
        guard var y = year, let mo = month, let d = day, (1...31).contains(d) else { return nil }
        if tokens[idx].contains(":") == false, idx + 1 < tokens.count, tokens[idx + 1].contains(":") { idx += 1 }
        if y < 50 { y += 2000 } else if y < 1000 { y += 1900 }
        // A year beyond four digits (or below zero) is garbage, and would overflow the day and second arithmetic below.
        guard (0...9999).contains(y) else { return nil }
        let timeParts = tokens[idx].split(separator: ":")
        guard timeParts.count >= 2, let h = Int(timeParts[0]), let mi = Int(timeParts[1]), (0...23).contains(h),
              (0...59).contains(mi) else { return nil }
        let s = timeParts.count > 2 ? (Int(timeParts[2].prefix(2)) ?? 0) : 0
        var offset = 0
        if idx + 1 < tokens.count {
            offset = zoneOffset(tokens[idx + 1]) ?? 0
        }
        let days = daysFromCivil(y, mo, d)
        let secs = Int64(days) * 86_400 + Int64(h * 3600 + mi * 60 + min(s, 60)) - Int64(offset * 60)
        return MailDate(secondsSince1970: secs, offsetMinutes: offset)
    }

    static func monthNumber(_ t: Substring) -> Int? {
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        guard t.count >= 3 else { return nil }
        let p = t.prefix(3).lowercased()
        return months.firstIndex(of: p).map { $0 + 1 }
    }

    static func zoneOffset(_ t: Substring) -> Int? {
        if let f = t.first, f == "+" || f == "-", t.count >= 5, let v = Int(t.dropFirst().prefix(4)) {
            let minutes = (v / 100) * 60 + v % 100
            return f == "-" ? -minutes : minutes
        }
        switch t.uppercased() {
        case "UT", "UTC", "GMT", "Z": return 0
        case "EST": return -300
        case "EDT": return -240
        case "CST": return -360
        case "CDT": return -300
        case "MST": return -420
        case "MDT": return -360
        case "PST": return -480
        case "PDT": return -420
        default: return nil
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp + (mp < 10 ? 3 : -9)
        return (m <= 2 ? y + 1 : y, m, d)
    }
}

@inline(__always) func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }
