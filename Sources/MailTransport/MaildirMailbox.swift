import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The INBOX of a Maildir (`new/`, `cur/`, `tmp/`, created when missing) as a `Mailbox`: the embedded default,
/// with no mail server.
///
/// - UIDs: the Maildir root holds `helpdesk-uidlist` (format in docs/maildir.md): a header with the UIDVALIDITY and the
///   next UID, then one `uid basename` line per message, the basename being the file name up to `:2,`. A message
///   keeps its UID while it stays in the INBOX, whatever happens to its flags, across restarts. New messages get the
///   next UIDs, oldest (by modification time, then name) first. The list is rewritten atomically (temporary file,
///   fsync, rename) under an advisory lock (`helpdesk-uidlist.lock`, flock), so two processes do not race.
/// - UIDVALIDITY: made once from `newUIDValidity` (pass the current Unix time, as Dovecot does) and kept in the list.
///   When the list is deleted or damaged a new one is made, and every message gets a new UID; the caller then matches
///   messages by Message-ID and content hash.
/// - Reading never changes a flag or moves a file; only `file(uid:uidValidity:as:)` does.
/// - Junk is skipped, not an error: dot-files, subfolders, links, empty files, files that cannot be read, names with
///   line breaks. Messages are read whole.
/// - Subfolders (Maildir++ `.Name/`) are not part of the INBOX; processed mail goes to `.Processed/cur/`.
public actor MaildirMailbox: Mailbox {
    /// The Maildir's root folder.
    public nonisolated let path: String
    /// The name given to fetched messages' `mailbox` (the path unless told otherwise).
    public nonisolated let name: String
    /// The Maildir++ subfolder processed messages go to, without its leading dot.
    public nonisolated let processedFolder: String
    private let newUIDValidity: @Sendable () -> UInt32

    let inbox: MaildirFolder
    var processed: MaildirFolder { MaildirFolder(path: path + "/." + processedFolder) }
    var uidListPath: String { path + "/" + MaildirUIDList.fileName }
    var lockPath: String { uidListPath + ".lock" }
    /// The uid list as last read or written, with the file's size and change time then: reread only when the file
    /// changed (another process may share the Maildir), so filing a backlog does not parse the list every time.
    var cachedList: (list: MaildirUIDList, size: Int64, changed: Int64)?

    /// A mailbox over the Maildir at `path`. `newUIDValidity` is asked for a UIDVALIDITY when the uid list is
    /// created (first use, or after it was lost); pass the current Unix time, e.g.
    /// `{ UInt32(clamping: Int(Date().timeIntervalSince1970)) }`. A 0 is taken as 1.
    public init(path: String, name: String? = nil, processedFolder: String = "Processed",
                newUIDValidity: @escaping @Sendable () -> UInt32) {
        let root = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        self.path = root
        self.name = name ?? root
        self.processedFolder = processedFolder
        self.newUIDValidity = newUIDValidity
        inbox = MaildirFolder(path: root)
    }

    /// Every message in the INBOX's `new/` and `cur/`, in UID order (oldest first). Assigns UIDs to messages seen
    /// for the first time and forgets those that left; changes no flag and moves no file.
    public func fetchAll() throws -> [FetchedMessage] {
        try POSIXFile.withLock(lockPathEnsuringRoot()) {
            var list = try loadOrCreateUIDList()
            let entries = inbox.entries()

            var readable: [(entry: MaildirFolder.Entry, raw: [UInt8])] = []
            var taken: Set<String> = []
            for entry in entries where !taken.contains(entry.basename) {
                guard let data = FileManager.default.contents(atPath: entry.path), !data.isEmpty else { continue }
                taken.insert(entry.basename)
                readable.append((entry, [UInt8](data)))
            }

            let known = Set(list.entries.map(\.basename))
            let arrived = readable.map(\.entry).filter { !known.contains($0.basename) }
                .sorted { ($0.modified, $0.fileName) < ($1.modified, $1.fileName) }
                .map(\.basename)
            var updated = list
            guard updated.update(present: Set(entries.map(\.basename)), arrived: arrived) else {
                throw MailTransportError(.storage, "The mailbox \(path) has used every UID under UIDVALIDITY "
                    + "\(list.uidValidity). Delete \(uidListPath) to start a new UIDVALIDITY.")
            }
            if updated != list {
                try save(updated)
                list = updated
            }

            var uids: [String: UInt32] = [:]
            for entry in list.entries { uids[entry.basename] = entry.uid }
            return readable.compactMap { item -> FetchedMessage? in
                guard let uid = uids[item.entry.basename] else { return nil }
                return FetchedMessage(mailbox: name, uidValidity: list.uidValidity, uid: uid, raw: item.raw)
            }.sorted { $0.uid < $1.uid }
        }
    }

    // MARK: The uid list

    func lockPathEnsuringRoot() throws -> String {
        try inbox.create()
        return lockPath
    }

    /// The uid list on disk; a new one (new UIDVALIDITY, saved) when it is missing or malformed.
    func loadOrCreateUIDList() throws -> MaildirUIDList {
        let stamp = Self.stamp(uidListPath)
        if let cached = cachedList, let stamp, cached.size == stamp.size, cached.changed == stamp.changed {
            return cached.list
        }
        if let data = FileManager.default.contents(atPath: uidListPath),
           let text = String(data: data, encoding: .utf8),
           let list = MaildirUIDList(parsing: text) {
            if let stamp { cachedList = (list, stamp.size, stamp.changed) }
            return list
        }
        let list = MaildirUIDList(uidValidity: newUIDValidity())
        try save(list)
        return list
    }

    func save(_ list: MaildirUIDList) throws {
        try POSIXFile.replaceAtomically(uidListPath, with: Array(list.text.utf8))
        cachedList = Self.stamp(uidListPath).map { (list, $0.size, $0.changed) }
    }

    /// The file's size and change time in nanoseconds, or nil when it cannot be read.
    static func stamp(_ path: String) -> (size: Int64, changed: Int64)? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return (Int64(st.st_size), Int64(st.st_ctim.tv_sec) * 1_000_000_000 + Int64(st.st_ctim.tv_nsec))
    }
}
