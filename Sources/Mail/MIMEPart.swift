/// One MIME entity (RFC 2045 §2.4): its headers, its type, and either a body or child parts.
///
/// A `message/rfc822` part has one child: the root of the enclosed message, whose headers are that message's.
public struct MIMEPart: Sendable {
    /// The part's own header fields (for the root: the message's).
    public var headers: HeaderFields
    /// The media type and its parameters (text/plain; charset=us-ascii when absent).
    public var contentType: ContentType
    /// Content-Disposition, when present (RFC 2183).
    public var disposition: ContentType?
    /// The Content-Transfer-Encoding.
    public var transferEncoding: TransferEncoding
    /// The body as written (still transfer-encoded); empty for multiparts.
    public var rawBody: [UInt8]
    /// Child parts of a multipart, or the enclosed message of a message/rfc822 part.
    public var children: [MIMEPart]
    /// Text before the first boundary of a multipart (RFC 2046 §5.1.1), if any.
    public var preamble: [UInt8]?
    /// Text after the close delimiter of a multipart, if any.
    public var epilogue: [UInt8]?
    /// Problems found and worked around while parsing this part (e.g. a missing close delimiter).
    public var defects: [String]

    /// The body with its transfer encoding undone.
    public var decodedBody: [UInt8] { transferEncoding.decode(rawBody) }

    /// The body as text, decoded with its declared charset (defects become U+FFFD).
    public var text: String { Charset.decode(decodedBody, label: contentType.parameters["charset"]) }

    /// Whether this part is a multipart container.
    public var isMultipart: Bool { contentType.mainType == "multipart" }

    /// Whether the part is marked as an attachment (Content-Disposition: attachment).
    public var isAttachment: Bool { disposition?.value == "attachment" }

    /// The file name from Content-Disposition's filename or Content-Type's name (RFC 2231 decoded).
    public var filename: String? {
        if let f = disposition?.parameters["filename"], !f.isEmpty { return f }
        if let n = contentType.parameters["name"], !n.isEmpty { return n }
        return nil
    }

    /// Every part below and including this one, depth first.
    public var allParts: [MIMEPart] {
        var out: [MIMEPart] = [self]
        for c in children { out.append(contentsOf: c.allParts) }
        return out
    }
}

/// A file carried by a message: its name, media type and decoded bytes.
public struct Attachment: Sendable, Equatable {
    /// The file name, when the message gives one.
    public var filename: String?
    /// The lowercased media type, e.g. "text/csv".
    public var mediaType: String
    /// The decoded bytes.
    public var data: [UInt8]
    /// The charset parameter, if any.
    public var charset: String?

    /// Whether the attachment looks like comma- or tab-separated values (by type or by name).
    public var isCSV: Bool {
        let name = (filename ?? "").lowercased()
        return mediaType == "text/csv" || mediaType == "text/comma-separated-values"
            || name.hasSuffix(".csv") || mediaType == "text/tab-separated-values" || name.hasSuffix(".tsv")
    }

    /// The attachment as text in its charset (UTF-8 with a BOM removed by default).
    public var text: String {
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return Charset.decode(bytes, label: "utf-16")
        }
        return Charset.decode(bytes, label: charset ?? "utf-8")
    }

    /// Rows of a CSV (or TSV) attachment, quotes and embedded line breaks handled (RFC 4180).
    public var csvRows: [[String]] { CSVReader.rows(text) }
}
