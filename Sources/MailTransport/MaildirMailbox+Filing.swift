import Foundation

extension MaildirMailbox {
    /// Files the INBOX message with `uid`:
    /// - `.processed` moves it to `.Processed/cur/` (the subfolder is created, with its Maildir++ `maildirfolder`
    ///   marker), keeping its basename and flags; a message from `new/` gets an empty info part (`:2,`), as every
    ///   file in `cur/` has. Its UID is then retired.
    /// - `.leaveForHuman` leaves it where it is and unread: a file in `new/` stays untouched; a file in `cur/` loses
    ///   its `S` (seen) flag if it has one.
    ///
    /// Idempotent: a UID that is unknown, already filed, or whose file has gone is a no-op. A `uidValidity` other
    /// than the mailbox's current one throws `MailTransportError` `.uidValidityChanged` and changes nothing, since
    /// the UID may name another message now. If `.Processed/cur/` already holds a file of the same name with the same
    /// bytes the INBOX copy is removed; with different bytes nothing moves and `.nameTaken` is thrown.
    public func file(uid: UInt32, uidValidity: UInt32, as disposition: Disposition) throws {
        try POSIXFile.withLock(lockPathEnsuringRoot()) {
            let list = try loadOrCreateUIDList()
            guard list.uidValidity == uidValidity else {
                throw MailTransportError.uidValidityChanged(given: uidValidity, current: list.uidValidity)
            }
            guard let basename = list.basename(of: uid), let entry = inbox.entry(basename: basename) else { return }
            switch disposition {
            case .processed:
                // The uid list is not rewritten here (that would make filing a backlog quadratic): the next fetch
                // retires the UIDs whose files have left the INBOX.
                try moveToProcessed(entry)
            case .leaveForHuman:
                guard entry.subfolder == "cur", let flags = MaildirName.flags(entry.fileName), flags.contains("S")
                else { return }
                let unread = MaildirName.withFlags(entry.fileName, flags.filter { $0 != "S" })
                _ = try POSIXFile.renameIfPresent(entry.path, inbox.cur + "/" + unread)
            }
        }
    }

    private func moveToProcessed(_ entry: MaildirFolder.Entry) throws {
        let target = processed
        try target.create(subfolder: true)
        let fileName = MaildirName.flags(entry.fileName) == nil ? entry.fileName + ":2," : entry.fileName
        let destination = target.cur + "/" + fileName
        let linked: Bool
        do {
            linked = try POSIXFile.link(entry.path, destination)
        } catch {
            // A file system without hard links: rename, having checked the name is free.
            guard !FileManager.default.fileExists(atPath: destination) else { throw error }
            _ = try POSIXFile.renameIfPresent(entry.path, destination)
            POSIXFile.syncFolder(of: destination)
            return
        }
        if !linked {
            let here = FileManager.default.contents(atPath: entry.path)
            let there = FileManager.default.contents(atPath: destination)
            guard here != nil, here == there else {
                throw MailTransportError(.nameTaken, "\(target.cur) already holds a different message named "
                    + "\(fileName), so \(entry.path) was left in the INBOX. Rename one of them and file it again.")
            }
        }
        POSIXFile.syncFolder(of: destination)
        try POSIXFile.unlinkIfPresent(entry.path)
        POSIXFile.syncFolder(of: entry.path)
    }
}
