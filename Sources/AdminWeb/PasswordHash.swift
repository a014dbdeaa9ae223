import _CryptoExtras
import Crypto
import Foundation

/// An admin's password as stored: PBKDF2-HMAC-SHA256 with a random salt and many rounds (a slow key derivation
/// function), written `pbkdf2-sha256$ROUNDS$SALT$HASH` (salt and hash in base64). The password itself is never stored.
public struct PasswordHash: Sendable, Equatable, CustomStringConvertible {
    /// Rounds for new hashes (OWASP's 2023 figure for PBKDF2-HMAC-SHA256).
    public static let defaultRounds = 600_000
    /// The fewest rounds accepted when reading a hash.
    public static let minimumRounds = 210_000

    let rounds: Int
    let salt: [UInt8]
    let hash: [UInt8]

    /// Hashes `password` with a fresh 16-byte salt from `random`.
    public init(password: String, rounds: Int = PasswordHash.defaultRounds, random: (Int) -> [UInt8]) throws {
        self.rounds = rounds
        salt = random(16)
        hash = try Self.derive(password, salt: salt, rounds: rounds)
    }

    /// Reads a stored hash; nil when it is not in the format or has too few rounds.
    public init?(stored: String) {
        let parts = stored.split(separator: "$").map(String.init)
        guard parts.count == 4, parts[0] == "pbkdf2-sha256", let rounds = Int(parts[1]), rounds >= Self.minimumRounds,
              let salt = Data(base64Encoded: parts[2]), let hash = Data(base64Encoded: parts[3]), hash.count == 32 else { return nil }
        self.rounds = rounds
        self.salt = Array(salt)
        self.hash = Array(hash)
    }

    /// Whether `password` is the one hashed (compared in constant time).
    public func verify(_ password: String) -> Bool {
        guard let candidate = try? Self.derive(password, salt: salt, rounds: rounds) else { return false }
        return ConstantTime.equal(candidate, hash)
    }

    /// The stored form.
    public var description: String {
        "pbkdf2-sha256$\(rounds)$\(Data(salt).base64EncodedString())$\(Data(hash).base64EncodedString())"
    }

    static func derive(_ password: String, salt: [UInt8], rounds: Int) throws -> [UInt8] {
        let key = try KDF.Insecure.PBKDF2.deriveKey(from: Array(password.utf8), salt: salt, using: .sha256, outputByteCount: 32,
                                                     unsafeUncheckedRounds: rounds)
        return key.withUnsafeBytes { Array($0) }
    }
}

/// Comparisons that take the same time whatever the inputs.
enum ConstantTime {
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for i in a.indices { diff |= a[i] ^ b[i] }
        return diff == 0
    }

    static func equal(_ a: String, _ b: String) -> Bool { equal(Array(a.utf8), Array(b.utf8)) }
}
