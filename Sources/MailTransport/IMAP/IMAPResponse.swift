/// One complete server response (RFC 9051 §7 and §9, RFC 3501 §7 and §9).
///
///     response = *(continue-req / response-data) response-done
public enum IMAPResponse: Sendable, Equatable {
    /// `continue-req = "+" SP (resp-text / base64) CRLF` (RFC 9051 §7.5, RFC 3501 §7.5): send the rest of the
    /// command (a literal) or, during IDLE, the server is idling (RFC 2177 §3).
    case continuation(String)
    /// `response-data = "*" SP (...) CRLF` (RFC 9051 §7.2-§7.5): data the server sends, asked for or not.
    case untagged(IMAPUntaggedResponse)
    /// `response-tagged = tag SP resp-cond-state CRLF` (RFC 9051 §7.1): the command with this tag is complete.
    case tagged(IMAPTag, IMAPStatusResponse)
}

/// The kind of a status response (RFC 9051 §7.1, RFC 3501 §7.1).
public enum IMAPStatus: String, Sendable, Equatable {
    /// `OK` (§7.1.1): success, or information.
    case ok = "OK"
    /// `NO` (§7.1.2): the command failed.
    case no = "NO"
    /// `BAD` (§7.1.3): a protocol error.
    case bad = "BAD"
    /// `PREAUTH` (§7.1.4): greeting of an already authenticated connection.
    case preauth = "PREAUTH"
    /// `BYE` (§7.1.5): the server is closing the connection.
    case bye = "BYE"
}

/// `resp-cond-state` / `resp-cond-bye` / `resp-cond-auth`: a status, an optional response code and human text.
public struct IMAPStatusResponse: Sendable, Equatable {
    /// OK, NO, BAD, PREAUTH or BYE.
    public var status: IMAPStatus
    /// The bracketed response code, if any.
    public var code: IMAPResponseCode?
    /// The human-readable text (bytes outside UTF-8 replaced).
    public var text: String

    /// A status response.
    public init(status: IMAPStatus, code: IMAPResponseCode? = nil, text: String) {
        self.status = status
        self.code = code
        self.text = text
    }
}

/// `resp-text-code` (RFC 9051 §7.1, RFC 3501 §7.1) and the codes of the extensions we use.
public enum IMAPResponseCode: Sendable, Equatable {
    /// `ALERT`: the text must be shown to a person.
    case alert
    /// `CAPABILITY` with the capabilities (§7.2.2).
    case capability([String])
    /// `PERMANENTFLAGS (flags)`: flags that can be changed permanently.
    case permanentFlags([String])
    /// `READ-ONLY`.
    case readOnly
    /// `READ-WRITE`.
    case readWrite
    /// `TRYCREATE`: the target mailbox does not exist; CREATE it and retry (RFC 9051 §7.1, §6.4.7).
    case tryCreate
    /// `UIDNEXT n`: the next UID the mailbox will give.
    case uidNext(UID)
    /// `UIDVALIDITY n`.
    case uidValidity(UIDValidity)
    /// `UNSEEN n` (RFC 3501): the first unseen message's sequence number.
    case unseen(UInt32)
    /// `APPENDUID validity uid-set` (RFC 4315 §3).
    case appendUID(UIDValidity, UIDSet)
    /// `COPYUID validity source-set destination-set` (RFC 4315 §3; also sent for MOVE, RFC 6851 §4.3).
    case copyUID(UIDValidity, source: UIDSet, destination: UIDSet)
    /// Any other code: its atom and the rest up to `]`.
    case other(String, String?)
}

/// `response-data` contents (RFC 9051 §7.2-§7.5; RFC 3501 §7.2-§7.4).
public enum IMAPUntaggedResponse: Sendable, Equatable {
    /// `* OK/NO/BAD/PREAUTH/BYE resp-text` (§7.1).
    case status(IMAPStatusResponse)
    /// `* CAPABILITY ...` (RFC 9051 §7.2.2, RFC 3501 §7.2.1).
    case capability([String])
    /// `* ENABLED ...` (RFC 5161 §3.2, RFC 9051 §7.2.1).
    case enabled([String])
    /// `* FLAGS (...)`: the flags defined in the mailbox (RFC 9051 §7.3.5, RFC 3501 §7.2.6).
    case flags([String])
    /// `* n EXISTS` (RFC 9051 §7.4.1, RFC 3501 §7.3.1).
    case exists(UInt32)
    /// `* n RECENT` (RFC 3501 §7.3.2; gone in RFC 9051).
    case recent(UInt32)
    /// `* n EXPUNGE`: sequence number `n` is gone (RFC 9051 §7.5.1, RFC 3501 §7.4.1).
    case expunge(UInt32)
    /// `* SEARCH n...` (RFC 3501 §7.2.5): the matching numbers (UIDs for UID SEARCH).
    case search([UInt32])
    /// `* ESEARCH ...` (RFC 4731 §3.2, RFC 9051 §7.3.4).
    case esearch(IMAPESearchResponse)
    /// `* n FETCH (...)` (RFC 9051 §7.5.2, RFC 3501 §7.4.2).
    case fetch(sequence: UInt32, attributes: [IMAPFetchAttribute])
    /// Any other response (LIST, STATUS, NAMESPACE, ...): its keyword and the raw bytes after it, literals included.
    case other(keyword: String, raw: [UInt8])
}

/// `* ESEARCH` data (RFC 4731 §3.2, RFC 9051 §7.3.4).
///
///     esearch-response  = "ESEARCH" [search-correlator] [SP "UID"] *(SP search-return-data)
///     search-correlator = SP "(" "TAG" SP tag-string ")"
///     search-return-data = "MIN" SP nz-number / "MAX" SP nz-number / "ALL" SP sequence-set / "COUNT" SP number
public struct IMAPESearchResponse: Sendable, Equatable {
    /// The tag of the command this answers.
    public var tag: IMAPTag?
    /// Whether the numbers are UIDs.
    public var uid: Bool
    /// `MIN`.
    public var min: UInt32?
    /// `MAX`.
    public var max: UInt32?
    /// `ALL` (absent when nothing matched).
    public var all: UIDSet?
    /// `COUNT`.
    public var count: UInt32?

    /// An ESEARCH response.
    public init(tag: IMAPTag? = nil, uid: Bool = false, min: UInt32? = nil, max: UInt32? = nil, all: UIDSet? = nil,
                count: UInt32? = nil) {
        self.tag = tag
        self.uid = uid
        self.min = min
        self.max = max
        self.all = all
        self.count = count
    }
}

/// One `msg-att` item of a FETCH response (RFC 9051 §7.5.2, RFC 3501 §7.4.2).
public enum IMAPFetchAttribute: Sendable, Equatable {
    /// `UID uniqueid`.
    case uid(UID)
    /// `FLAGS (flag-fetch ...)`.
    case flags([String])
    /// `RFC822.SIZE number64`.
    case rfc822Size(UInt64)
    /// `BODY[section]<origin> SP nstring` (also `BINARY[...]`, RFC 3516): the bytes, or nil for NIL.
    case body(section: String, origin: UInt32?, data: [UInt8]?)
    /// `INTERNALDATE date-time`, as the server wrote it.
    case internalDate(String)
    /// `MODSEQ (n)` (RFC 7162 §3.1.4.1).
    case modSeq(UInt64)
    /// Anything else (ENVELOPE, BODYSTRUCTURE, ...): the item's name and its raw value.
    case other(name: String, raw: [UInt8])
}

extension IMAPUntaggedResponse {
    /// The UID and whole-message bytes of a FETCH response with `UID` and `BODY[]`, if it is one.
    public var uidAndBody: (uid: UID, body: [UInt8])? {
        guard case .fetch(_, let attributes) = self else { return nil }
        var uid: UID?
        var body: [UInt8]?
        for attribute in attributes {
            switch attribute {
            case .uid(let u): uid = u
            case .body(let section, nil, let data?) where section.isEmpty: body = data
            default: break
            }
        }
        guard let uid, let body else { return nil }
        return (uid, body)
    }
}
