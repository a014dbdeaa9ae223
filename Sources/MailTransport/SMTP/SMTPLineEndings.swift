/// The bytes of a message as they may go on the SMTP wire (RFC 5321 §2.3.8: lines end in CRLF, and a CR or LF
/// never appears alone).
///
/// libcurl dot-stuffs the upload (RFC 5321 §4.5.2) only where it sees CRLF: with a bare LF, a line holding a single
/// "." ends the message early and desynchronises the session while curl still reports success. So every message is
/// normalised here before it is handed to curl.
public enum SMTPLineEndings {
    /// `raw` with every bare LF and every lone CR made CRLF, and a final CRLF added when the last line has none.
    /// CRLF pairs and every other byte (8-bit ones included) are kept as they are; dot-stuffing is left to curl.
    public static func normalized(_ raw: [UInt8]) -> [UInt8] {
        let cr: UInt8 = 13, lf: UInt8 = 10
        var out: [UInt8] = []
        out.reserveCapacity(raw.count + raw.count / 32 + 2)
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            if byte == cr {
                out.append(cr)
                out.append(lf)
                // CRLF is one line ending; a CR not followed by LF is a line ending of its own.
                index += (index + 1 < raw.count && raw[index + 1] == lf) ? 2 : 1
            } else if byte == lf {
                out.append(cr)
                out.append(lf)
                index += 1
            } else {
                out.append(byte)
                index += 1
            }
        }
        if !out.isEmpty && out.last != lf { out.append(contentsOf: [cr, lf]) }
        return out
    }

    /// True when `raw` already has only CRLF line endings and ends with one (`normalized(raw) == raw`).
    public static func isNormalized(_ raw: [UInt8]) -> Bool {
        normalized(raw) == raw
    }
}
