import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few POSIX file calls the Maildir code needs and Foundation does not give: exclusive create, fsync, link,
/// and an advisory lock.
enum POSIXFile {
    /// The errno of the last failed call, as text.
    static func lastError() -> String { String(cString: strerror(errno)) }

    /// Creates `path` (it must not exist), writes every byte of `chunks` and fsyncs it. Returns false when the
    /// file already exists; throws on any other failure (and removes what it created).
    static func createExclusive(_ path: String, writing chunks: [[UInt8]]) throws -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if fd < 0 {
            if errno == EEXIST { return false }
            throw storageError("create", path)
        }
        do {
            for chunk in chunks { try writeAll(fd, chunk, path) }
            if fsync(fd) != 0 { throw storageError("fsync", path) }
        } catch {
            close(fd)
            unlink(path)
            throw error
        }
        if close(fd) != 0 {
            unlink(path)
            throw storageError("close", path)
        }
        return true
    }

    /// Replaces `path` atomically: writes `bytes` to `path.tmp`, fsyncs it, renames it over `path`, fsyncs the folder.
    static func replaceAtomically(_ path: String, with bytes: [UInt8]) throws {
        let temporary = path + ".tmp"
        unlink(temporary)   // left over from a crash between create and rename
        guard try createExclusive(temporary, writing: [bytes]) else { throw storageError("create", temporary) }
        if rename(temporary, path) != 0 {
            let error = storageError("rename", temporary)
            unlink(temporary)
            throw error
        }
        syncFolder(of: path)
    }

    /// Makes `to` a second name of `from`; false when `to` already exists.
    static func link(_ from: String, _ to: String) throws -> Bool {
        #if canImport(Glibc)
        let result = Glibc.link(from, to)
        #else
        let result = Darwin.link(from, to)
        #endif
        if result == 0 { return true }
        if errno == EEXIST { return false }
        throw storageError("link", to)
    }

    /// Removes a file name; a name already gone is not an error.
    static func unlinkIfPresent(_ path: String) throws {
        if unlink(path) != 0 && errno != ENOENT { throw storageError("remove", path) }
    }

    /// Renames a file; false when `from` no longer exists.
    static func renameIfPresent(_ from: String, _ to: String) throws -> Bool {
        #if canImport(Glibc)
        let result = Glibc.rename(from, to)
        #else
        let result = Darwin.rename(from, to)
        #endif
        if result == 0 { return true }
        if errno == ENOENT { return false }
        throw storageError("rename", from)
    }

    /// Fsyncs the folder holding `path`, so a rename or link in it survives a crash. Best effort.
    static func syncFolder(of path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        let fd = open(folder.isEmpty ? "." : folder, O_RDONLY)
        if fd >= 0 {
            _ = fsync(fd)
            close(fd)
        }
    }

    /// Runs `body` holding an exclusive advisory lock (flock) on `path`, created when missing.
    static func withLock<T>(_ path: String, _ body: () throws -> T) throws -> T {
        let fd = open(path, O_RDWR | O_CREAT, 0o600)
        if fd < 0 { throw storageError("open the lock file", path) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR { throw storageError("lock", path) }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], _ path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw storageError("write", path)
            }
            offset += written
        }
    }

    static func storageError(_ what: String, _ path: String) -> MailTransportError {
        MailTransportError(.storage, "Could not \(what) \(path): \(lastError()). Check that the folder exists, "
            + "is writable by this user and that the disk is not full.")
    }
}
