/// An incremental parser of the server's byte stream (RFC 9051 §2.2.2 and §4.3, RFC 3501 §2.2.2 and §4.3): feed it
/// chunks of any size with `append(_:)`, then call `next()` until it says `.needMoreBytes`.
///
/// Framing: a response is a line ending in CRLF, except that a line ending in a literal's size (`{n}` CRLF) is
/// followed by exactly n bytes and then more of the same response. The literal's bytes are counted, never scanned,
/// so a message body holding `H3 OK`, `* OK`, `)` or `{999}` lines cannot end or confuse a response. Continuation
/// requests and status responses (`+ ...`, `* OK ...`, `tag NO ...`) are one line: their text is never a literal.
///
/// Sizes are capped (`Limits`); exceeding one is a typed error as soon as it is known. After a framing error
/// (`lineTooLong`, `literalTooLarge`, `responseTooLarge`, a bare LF, a first byte that starts no response) the
/// stream is out of step and every later call throws again: drop the connection. A `malformed` or `tooDeep` error
/// in one complete response consumes it, so the caller may go on with the next.
public struct IMAPResponseParser: Sendable {
    /// Caps on what one response may hold.
    public struct Limits: Sendable, Equatable {
        /// The longest line, CRLF and literals not counted.
        public var maxLineLength: Int
        /// The largest literal.
        public var maxLiteralSize: Int
        /// The largest response, literals included.
        public var maxResponseSize: Int
        /// The deepest nesting of parentheses.
        public var maxDepth: Int

        /// Limits; the defaults fit a SEARCH of a million UIDs and a 64 MiB message.
        public init(maxLineLength: Int = 8 << 20, maxLiteralSize: Int = 64 << 20, maxResponseSize: Int = 80 << 20,
                    maxDepth: Int = 32) {
            self.maxLineLength = maxLineLength
            self.maxLiteralSize = maxLiteralSize
            self.maxResponseSize = maxResponseSize
            self.maxDepth = maxDepth
        }
    }

    /// The caps in force.
    public let limits: Limits

    private var buffer: [UInt8] = []
    /// Where the response being framed starts.
    private var start = 0
    /// Where the current line (after the last literal) starts.
    private var lineStart = 0
    /// How far the current line has been searched for LF.
    private var scan = 0
    /// Literal bytes still to skip.
    private var pendingLiteral = 0
    /// Whether the response being framed is a one-line status or continuation (decided at its first line).
    private var firstLineDone = false
    private var failure: IMAPParseError?

    /// A parser with these limits.
    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// How many received bytes are not yet returned as responses.
    public var bufferedByteCount: Int { buffer.count - start }

    /// Adds bytes read from the connection.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// The next complete response, or `.needMoreBytes`.
    public mutating func next() throws(IMAPParseError) -> IMAPParseResult {
        if let failure { throw failure }
        let end: Int?
        do {
            end = try frame()
        } catch {
            failure = error
            throw error
        }
        guard let end else { return .needMoreBytes }
        let frameStart = start
        start = end
        lineStart = end
        scan = end
        firstLineDone = false
        // A grammar error leaves the stream in step: the response is consumed and the next can be read.
        let result: Result<IMAPResponse, IMAPParseError>
        do {
            result = .success(try IMAPGrammar.parse(buffer[frameStart..<end], maxDepth: limits.maxDepth))
        } catch {
            result = .failure(error)
        }
        compact()
        return .response(try result.get())
    }

    /// Parses bytes holding exactly one complete response (for tests and tools).
    public static func parse(_ bytes: [UInt8], limits: Limits = Limits()) throws(IMAPParseError) -> IMAPResponse {
        var parser = IMAPResponseParser(limits: limits)
        parser.append(bytes)
        guard case .response(let response) = try parser.next() else {
            throw IMAPParseError(.malformed, "The bytes end before the response does.")
        }
        guard parser.bufferedByteCount == 0 else {
            throw IMAPParseError(.malformed, "Bytes follow the response.")
        }
        return response
    }

    /// Finds the end (one past the final LF) of the response starting at `start`, or nil when it is incomplete.
    private mutating func frame() throws(IMAPParseError) -> Int? {
        if start < buffer.count, scan == start {
            let first = buffer[start]
            guard first == UInt8(ascii: "*") || first == UInt8(ascii: "+") || IMAPGrammar.isTagChar(first) else {
                throw framing("a response cannot start with byte \(first)")
            }
        }
        while true {
            if pendingLiteral > 0 {
                let available = buffer.count - scan
                if available < pendingLiteral {
                    pendingLiteral -= available
                    scan = buffer.count
                    return nil
                }
                scan += pendingLiteral
                pendingLiteral = 0
                lineStart = scan
            }
            guard let lf = buffer[scan...].firstIndex(of: IMAPGrammar.lf) else {
                scan = buffer.count
                try checkLine(length: buffer.count - lineStart)
                return nil
            }
            try checkLine(length: lf - lineStart)
            guard lf > lineStart, buffer[lf - 1] == IMAPGrammar.cr else { throw framing("a line ends in LF without CR") }
            let line = buffer[lineStart..<(lf - 1)]
            scan = lf + 1
            if !firstLineDone {
                firstLineDone = true
                if IMAPGrammar.isTextOnlyLine(line) { return lf + 1 }
            }
            guard let size = try literalSize(at: line) else { return lf + 1 }
            guard size <= limits.maxLiteralSize else {
                throw IMAPParseError(.literalTooLarge, "The server announced a literal of \(size) bytes; the limit "
                    + "is \(limits.maxLiteralSize).")
            }
            guard lf + 1 - start + size <= limits.maxResponseSize else {
                throw IMAPParseError(.responseTooLarge, "An IMAP response is larger than \(limits.maxResponseSize) "
                    + "bytes.")
            }
            pendingLiteral = size
            lineStart = scan
        }
    }

    private func checkLine(length: Int) throws(IMAPParseError) {
        if length > limits.maxLineLength + 1 {
            throw IMAPParseError(.lineTooLong, "The server sent a line longer than \(limits.maxLineLength) bytes.")
        }
        if scan - start > limits.maxResponseSize {
            throw IMAPParseError(.responseTooLarge, "An IMAP response is larger than \(limits.maxResponseSize) bytes.")
        }
    }

    /// The n of a line ending in `{n}` or `{n+}` (also `~{n}`), or nil.
    private func literalSize(at line: ArraySlice<UInt8>) throws(IMAPParseError) -> Int? {
        guard line.last == UInt8(ascii: "}") else { return nil }
        var i = line.endIndex - 1
        if i > line.startIndex, line[i - 1] == UInt8(ascii: "+") { i -= 1 }
        let digitsEnd = i
        while i > line.startIndex, IMAPGrammar.isDigit(line[i - 1]) { i -= 1 }
        guard i < digitsEnd, i > line.startIndex, line[i - 1] == UInt8(ascii: "{") else { return nil }
        let digits = line[i..<digitsEnd]
        guard digits.count <= 18, let size = Int(String(decoding: digits, as: UTF8.self)) else {
            throw IMAPParseError(.literalTooLarge, "The server announced a literal of \(digits.count) digits; the "
                + "limit is \(limits.maxLiteralSize) bytes.")
        }
        return size
    }

    private func framing(_ what: String) -> IMAPParseError {
        IMAPParseError(.malformed, "Malformed IMAP response stream at byte \(scan - start) of a response: \(what).")
    }

    /// Drops consumed bytes once they are most of the buffer.
    private mutating func compact() {
        guard start > 0, start >= buffer.count / 2 || start > 1 << 20 else { return }
        buffer.removeSubrange(0..<start)
        scan -= start
        lineStart -= start
        start = 0
    }
}
