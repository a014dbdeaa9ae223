import Crypto

/// SHA-256 as lowercase hex, for message content hashes and approval tokens.
public enum ContentHash {
    /// The SHA-256 of `bytes`, 64 lowercase hex digits.
    public static func sha256Hex(of bytes: some Sequence<UInt8>) -> String {
        let digest = SHA256.hash(data: Array(bytes))
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in digest {
            out.append(hex[Int(b >> 4)])
            out.append(hex[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
