import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One Maildir folder on disk (`new/`, `cur/`, `tmp/`): creating it, and listing the messages in it.
struct MaildirFolder: Sendable {
    /// The folder's path (the INBOX is the Maildir root; a Maildir++ subfolder is `root/.Name`).
    let path: String

    var new: String { path + "/new" }
    var cur: String { path + "/cur" }
    var tmp: String { path + "/tmp" }

    /// Creates `new/`, `cur/` and `tmp/` (and the folder) where missing; `subfolder` also writes the Maildir++
    /// `maildirfolder` marker.
    func create(subfolder: Bool = false) throws {
        let files = FileManager.default
        for folder in [path, new, cur, tmp] {
            var isFolder: ObjCBool = false
            if files.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue { continue }
            do {
                try files.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                          attributes: [.posixPermissions: 0o700])
            } catch {
                throw MailTransportError(.storage, "Could not create the Maildir folder \(folder): "
                    + "\(error.localizedDescription). Check the path and its permissions.")
            }
        }
        if subfolder {
            let marker = path + "/maildirfolder"
            if !files.fileExists(atPath: marker) { _ = try POSIXFile.createExclusive(marker, writing: []) }
        }
    }

    /// A message file found in `new/` or `cur/`.
    struct Entry: Sendable {
        /// `new` or `cur`.
        var subfolder: String
        /// The file name, flags included.
        var fileName: String
        /// When the file was last modified (delivery time, for files nobody touched).
        var modified: Date
        /// The full path.
        var path: String
        /// The name without the `:2,` info part: the message's lasting identity in the folder.
        var basename: String { MaildirName.basename(fileName) }
    }

    /// Every plausible message file in `new/` then `cur/`: regular, non-empty files whose names do not start with a
    /// dot and can be written on one line. Junk (dot-files, subfolders, links, empty files) is skipped, not an error.
    func entries() -> [Entry] {
        var found: [Entry] = []
        let files = FileManager.default
        for subfolder in ["new", "cur"] {
            let folder = path + "/" + subfolder
            guard let names = try? files.contentsOfDirectory(atPath: folder) else { continue }
            for name in names.sorted() where MaildirName.isPlausible(name) {
                let full = folder + "/" + name
                guard let attributes = try? files.attributesOfItem(atPath: full),
                      attributes[.type] as? FileAttributeType == .typeRegular,
                      let size = attributes[.size] as? NSNumber, size.int64Value > 0
                else { continue }
                let modified = attributes[.modificationDate] as? Date ?? .distantPast
                found.append(Entry(subfolder: subfolder, fileName: name, modified: modified, path: full))
            }
        }
        return found
    }

    /// The file in `new/` or `cur/` whose basename is `basename`, if there is one.
    func entry(basename: String) -> Entry? {
        // Straight to the file when it is still in new/ (no folder scan: filing stays O(1) per message there).
        let inNew = path + "/new/" + basename
        var st = stat()
        if MaildirName.isPlausible(basename), stat(inNew, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size > 0 {
            return Entry(subfolder: "new", fileName: basename,
                         modified: Date(timeIntervalSince1970: TimeInterval(st.st_mtim.tv_sec)), path: inNew)
        }
        // In cur/ the name carries flags: match names only, then stat the one found.
        let cur = path + "/cur"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: cur) else { return nil }
        for name in names where MaildirName.basename(name) == basename && MaildirName.isPlausible(name) {
            let full = cur + "/" + name
            if stat(full, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size > 0 {
                return Entry(subfolder: "cur", fileName: name,
                             modified: Date(timeIntervalSince1970: TimeInterval(st.st_mtim.tv_sec)), path: full)
            }
        }
        return nil
    }
}

/// Maildir file names: `basename` or `basename:2,FLAGS` (flags are letters in ASCII order, `S` = seen).
enum MaildirName {
    /// The name up to `:2,` (the whole name when it has no info part).
    static func basename(_ fileName: String) -> String {
        if let range = fileName.range(of: ":2,") { return String(fileName[..<range.lowerBound]) }
        return fileName
    }

    /// The flags after `:2,`, or nil when the name has no info part.
    static func flags(_ fileName: String) -> String? {
        if let range = fileName.range(of: ":2,") { return String(fileName[range.upperBound...]) }
        return nil
    }

    /// The name with `flags` as its info part.
    static func withFlags(_ fileName: String, _ flags: String) -> String {
        basename(fileName) + ":2," + String(flags.sorted())
    }

    /// False for dot-files and names the uid list cannot hold (line breaks, empty).
    static func isPlausible(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && !name.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
            && !basename(name).isEmpty
    }
}
