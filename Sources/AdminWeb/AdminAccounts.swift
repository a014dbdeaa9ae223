import Foundation

/// The admins who may log in to the page: `web.users_file`, one `address pbkdf2-sha256$...` line each (written by
/// `helpdesk web-admin ADDRESS`). Only addresses also listed in `admins` can log in.
public struct AdminAccounts: Sendable {
    let hashes: [String: PasswordHash]

    /// Accounts from lines of text; `problems` lists each line that could not be read (by number, never its content).
    public init(text: String, admins: [String]) {
        var hashes: [String: PasswordHash] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].hasPrefix("#"), admins.contains(parts[0].lowercased()),
                  let hash = PasswordHash(stored: parts[1]) else { continue }
            hashes[parts[0].lowercased()] = hash
        }
        self.hashes = hashes
    }

    /// The admin's address when `password` is theirs. Unknown addresses cost a hash too, so timing tells nothing.
    public func authenticate(_ address: String, _ password: String) -> String? {
        let key = address.lowercased().trimmingCharacters(in: .whitespaces)
        guard let hash = hashes[key] else {
            _ = Self.decoy.verify(password)
            return nil
        }
        return hash.verify(password) ? key : nil
    }

    /// How many admins can log in.
    public var count: Int { hashes.count }

    /// The file text with `address`'s line set to `hash` (other lines kept).
    public static func setting(_ address: String, to hash: PasswordHash, in text: String) -> String {
        var lines = text.split(separator: "\n").map(String.init).filter {
            $0.split(separator: " ", maxSplits: 1).first.map { $0.lowercased() } != address.lowercased()
        }
        lines.append("\(address.lowercased()) \(hash)")
        return lines.joined(separator: "\n") + "\n"
    }

    static let decoy = PasswordHash(stored: "pbkdf2-sha256$210000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")!
}
