/// The uid list kept in the Maildir root (file `helpdesk-uidlist`), like Dovecot's `dovecot-uidlist`: it gives each
/// message a UID that lasts across restarts, and the mailbox a UIDVALIDITY.
///
/// ```
/// 1 V1717000000 N4        version 1, UIDVALIDITY, the next UID to assign
/// 1 1717000000.123_0.host basename (the file name up to ":2,") of the message with UID 1
/// 3 1717000042.456_0.host
/// ```
///
/// A file that does not follow this format exactly counts as lost: the mailbox starts a new UIDVALIDITY, as a real
/// server does when its index is damaged, rather than risk giving a UID to two different messages.
struct MaildirUIDList: Equatable, Sendable {
    /// The file's name in the Maildir root (not Dovecot's, so a Dovecot serving the same Maildir is not confused).
    static let fileName = "helpdesk-uidlist"

    /// UIDVALIDITY (RFC 3501 §2.3.1.1); never 0.
    var uidValidity: UInt32
    /// The UID the next new message gets; larger than every UID ever assigned under this UIDVALIDITY.
    var nextUID: UInt32
    /// (uid, basename), in increasing UID order.
    var entries: [(uid: UInt32, basename: String)]

    static func == (a: MaildirUIDList, b: MaildirUIDList) -> Bool {
        a.uidValidity == b.uidValidity && a.nextUID == b.nextUID
            && a.entries.map(\.uid) == b.entries.map(\.uid) && a.entries.map(\.basename) == b.entries.map(\.basename)
    }

    /// An empty list starting at UID 1.
    init(uidValidity: UInt32) {
        self.uidValidity = max(uidValidity, 1)
        nextUID = 1
        entries = []
    }

    /// Parses the file's text; nil when it is malformed in any way (then the caller treats the list as lost).
    init?(parsing text: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard let header = lines.first else { return nil }
        let fields = header.split(separator: " ", omittingEmptySubsequences: false)
        guard fields.count == 3, fields[0] == "1",
              fields[1].first == "V", let validity = UInt32(fields[1].dropFirst()), validity > 0,
              fields[2].first == "N", let next = UInt32(fields[2].dropFirst()), next > 0
        else { return nil }
        var entries: [(uid: UInt32, basename: String)] = []
        var previous: UInt32 = 0
        var seen: Set<String> = []
        for line in lines.dropFirst() {
            guard let space = line.firstIndex(of: " "), let uid = UInt32(line[..<space]),
                  uid > previous, uid < next
            else { return nil }
            let basename = String(line[line.index(after: space)...])
            guard !basename.isEmpty, seen.insert(basename).inserted else { return nil }
            entries.append((uid, basename))
            previous = uid
        }
        uidValidity = validity
        nextUID = next
        self.entries = entries
    }

    /// The file's text.
    var text: String {
        var out = "1 V\(uidValidity) N\(nextUID)\n"
        for entry in entries { out += "\(entry.uid) \(entry.basename)\n" }
        return out
    }

    /// The UID of `basename`, if it has one.
    func uid(of basename: String) -> UInt32? {
        entries.first { $0.basename == basename }?.uid
    }

    /// The basename with `uid`, if it is still listed.
    func basename(of uid: UInt32) -> String? {
        entries.first { $0.uid == uid }?.basename
    }

    /// Keeps the entries of `present` basenames (a message gone from the folder loses its UID for good) and gives
    /// each basename of `arrived` without one the next UID, in the order given. False when UIDs ran out (2^32 - 1).
    mutating func update(present: Set<String>, arrived: [String]) -> Bool {
        entries.removeAll { !present.contains($0.basename) }
        var known = Set(entries.map(\.basename))
        for basename in arrived where !known.contains(basename) {
            guard nextUID < UInt32.max else { return false }
            entries.append((nextUID, basename))
            known.insert(basename)
            nextUID += 1
        }
        return true
    }
}
