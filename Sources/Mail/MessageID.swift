/// A message identifier (RFC 5322 §3.6.4), kept without its angle brackets: `id-left@id-right`.
///
/// Written only into Message-ID, In-Reply-To and References, never RFC 2047-encoded and never broken inside.
public struct MessageID: Sendable, Hashable, CustomStringConvertible {
    /// The id without angle brackets.
    public let value: String

    /// The longest id accepted: with its brackets and a leading space it still fits one header line (998).
    public static let maxLength = 900

    /// Reads an id, with or without angle brackets. Nil unless it is printable ASCII without white space,
    /// brackets or controls, holds an "@" with text on both sides, and is at most `maxLength` long:
    /// an id that breaks these rules cannot be written safely and is better left out of a header.
    public init?(_ raw: String) {
        var text = Substring(raw.trimmingASCIIWhitespace())
        if text.hasPrefix("<"), text.hasSuffix(">"), text.count >= 2 { text = text.dropFirst().dropLast() }
        guard !text.isEmpty, text.utf8.count <= MessageID.maxLength else { return nil }
        guard text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") })
        else { return nil }
        guard let at = text.lastIndex(of: "@"), at != text.startIndex, text.index(after: at) != text.endIndex
        else { return nil }
        value = String(text)
    }

    /// The id as a header carries it: `<id-left@id-right>`.
    public var bracketed: String { "<\(value)>" }

    /// The id without brackets.
    public var description: String { value }

    /// A fresh id `moacts.<26 base32 characters>@domain` from 16 bytes of `random(16)`: 128 random bits, so ids
    /// never repeat. Randomness is injected (STYLE.md habit 4); `random(n)` should return `n` bytes. Characters
    /// not allowed in a domain are dropped from `domain` ("invalid" when nothing is left).
    public static func generate(domain: String, random: (Int) -> [UInt8]) -> MessageID {
        let bytes = random(16)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)
        var left = Array("moacts.".utf8)
        var acc: UInt32 = 0
        var bits = 0
        for b in bytes {
            acc = (acc << 8) | UInt32(b)
            bits += 8
            while bits >= 5 {
                left.append(alphabet[Int((acc >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
            acc &= (1 << UInt32(bits)) - 1
        }
        if bits > 0 { left.append(alphabet[Int((acc << UInt32(5 - bits)) & 31)]) }
        var right = String(domain.unicodeScalars.filter {
            ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || $0 == "." || $0 == "-"
        }.map(Character.init))
        if right.isEmpty { right = "invalid" }
        return MessageID(String(decoding: left, as: UTF8.self) + "@" + right)!
    }

    /// A fresh id with bytes drawn from `generator` (see `generate(domain:random:)`).
    public static func generate(domain: String, using generator: inout some RandomNumberGenerator) -> MessageID {
        generate(domain: domain) { n in (0..<n).map { _ in UInt8.random(in: 0...255, using: &generator) } }
    }
}
