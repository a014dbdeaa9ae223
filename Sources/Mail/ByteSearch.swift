#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension String {
    /// Whether `needle` occurs in the string, byte for byte (no locale, no normalisation), on the UTF-8 bytes.
    public func has(_ needle: String) -> Bool {
        if needle.isEmpty { return true }
        var hay = self
        var ndl = needle
        return hay.withUTF8 { h in
            ndl.withUTF8 { n in
                guard h.count >= n.count, let hb = h.baseAddress, let nb = n.baseAddress else { return false }
                let last = h.count - n.count
                var i = 0
                while i <= last {
                    guard let found = memchr(hb + i, Int32(nb[0]), last - i + 1) else { return false }
                    let pos = hb.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    if memcmp(hb + pos, nb, n.count) == 0 { return true }
                    i = pos + 1
                }
                return false
            }
        }
    }
}
