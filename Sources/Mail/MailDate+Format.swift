extension MailDate {
    /// The date as an RFC 5322 §3.3 date-time in the writer's zone, e.g. "Tue, 08 Sep 2020 09:03:09 -0500".
    public var rfc5322: String {
        let local = secondsSince1970 + Int64(offsetMinutes) * 60
        let days = floorDiv(local, 86_400)
        let secs = Int(local - days * 86_400)
        let (y, m, d) = MailDate.civil(fromDays: Int(days))
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let weekday = weekdays[Int(((days + 4) % 7 + 7) % 7)]  // 1970-01-01 was a Thursday
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let sign = offsetMinutes < 0 ? "-" : "+"
        let off = abs(offsetMinutes)
        let zone = sign + two(off / 60) + two(off % 60)
        return "\(weekday), \(two(d)) \(months[m - 1]) \(y) \(two(secs / 3600)):\(two(secs / 60 % 60)):\(two(secs % 60)) \(zone)"
    }
}
