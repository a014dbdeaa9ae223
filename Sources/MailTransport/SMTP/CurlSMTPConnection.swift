import CCurl

/// The libcurl side of `CurlSMTPSender`: one easy handle, kept for the sender's life so its connection (and TLS
/// session and login) is reused from one message to the next. Not thread-safe: the sender calls it from one
/// serial queue.
///
/// Per send it sets `CURLOPT_MAIL_FROM`, `CURLOPT_MAIL_RCPT` (a `curl_slist`) with `MAIL_RCPT_ALLLOWFAILS`, and
/// uploads the message through a read callback. Commands and replies are recorded through `CURLOPT_DEBUGFUNCTION`
/// (`CURLINFO_HEADER_OUT`/`HEADER_IN` only; message content and credentials are never kept).
final class CurlSMTPConnection: SMTPSession {
    private let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var upload: [UInt8] = []
    private var uploadOffset = 0
    fileprivate var transcript = SMTPTranscript()

    /// Opens no connection yet: the first `perform` connects.
    init(configuration: SMTPConfiguration) throws {
        if let problem = configuration.problem {
            throw SMTPError(.failed, curlCode: 0, serverReply: nil, message: problem)
        }
        guard let handle = curl_easy_init() else {
            throw SMTPError(.failed, curlCode: 27, serverReply: nil, message: "libcurl could not make a handle "
                + "(out of memory).")
        }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)

        var codes: [CURLcode] = []
        codes.append(hd_curl_setopt_string(handle, CURLOPT_URL, configuration.curlURL))
        codes.append(hd_curl_setopt_long(handle, CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue)))
        codes.append(hd_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1))
        codes.append(hd_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2))
        if let caFile = configuration.caFile { codes.append(hd_curl_setopt_string(handle, CURLOPT_CAINFO, caFile)) }
        if let user = configuration.user { codes.append(hd_curl_setopt_string(handle, CURLOPT_USERNAME, user)) }
        switch configuration.credential {
        case .password(let password):
            codes.append(hd_curl_setopt_string(handle, CURLOPT_PASSWORD, password))
        case .oauth2:
            codes.append(hd_curl_setopt_string(handle, CURLOPT_LOGIN_OPTIONS, "AUTH=XOAUTH2"))
        case nil:
            break
        }
        codes.append(hd_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(configuration.connectTimeout)))
        codes.append(hd_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Self.milliseconds(configuration.timeout)))
        codes.append(hd_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        codes.append(hd_curl_setopt_long(handle, CURLOPT_UPLOAD, 1))
        codes.append(hd_curl_setopt_mail_rcpt_allowfails(handle, 1))
        codes.append(hd_curl_setopt_error_buffer(handle, errorBuffer))
        // The debug function is only called in verbose mode; with it set, libcurl prints nothing itself.
        codes.append(hd_curl_setopt_long(handle, CURLOPT_VERBOSE, 1))
        codes.append(hd_curl_setopt_debug_function(handle, curlSMTPDebug))
        codes.append(hd_curl_setopt_read_function(handle, curlSMTPRead))
        let me = Unmanaged.passUnretained(self).toOpaque()
        codes.append(hd_curl_setopt_debug_data(handle, me))
        codes.append(hd_curl_setopt_read_data(handle, me))
        if let bad = codes.first(where: { $0 != CURLE_OK }) {
            curl_easy_cleanup(handle)
            errorBuffer.deallocate()
            throw SMTPError(.failed, curlCode: Int(bad.rawValue), serverReply: nil,
                            message: "libcurl refused an SMTP option (curl \(bad.rawValue): "
                                + String(cString: curl_easy_strerror(bad)) + "). Check the libcurl version and build.")
        }
    }

    deinit {
        curl_easy_cleanup(handle)   // closes the kept connection (QUIT)
        errorBuffer.deallocate()
    }

    func perform(_ envelope: SMTPEnvelope, freshConnection: Bool) -> SMTPAttempt {
        transcript = SMTPTranscript()
        upload = envelope.message
        uploadOffset = 0
        errorBuffer[0] = 0

        var list: UnsafeMutablePointer<curl_slist>?
        for recipient in envelope.recipients {
            guard let longer = hd_curl_slist_append(list, "<\(recipient)>") else {
                hd_curl_slist_free(list)
                return SMTPAttempt(curlCode: Int(CURLE_OUT_OF_MEMORY.rawValue), curlMessage: "out of memory",
                                   newConnection: false, transcript: transcript)
            }
            list = longer
        }
        defer {
            _ = hd_curl_setopt_slist(handle, CURLOPT_MAIL_RCPT, nil)
            hd_curl_slist_free(list)
            upload = []
            if envelope.bearerToken != nil { _ = hd_curl_setopt_string(handle, CURLOPT_XOAUTH2_BEARER, nil) }
        }
        _ = hd_curl_setopt_string(handle, CURLOPT_MAIL_FROM, "<\(envelope.sender)>")
        _ = hd_curl_setopt_slist(handle, CURLOPT_MAIL_RCPT, list)
        _ = hd_curl_setopt_off_t(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(envelope.message.count))
        _ = hd_curl_setopt_long(handle, CURLOPT_FRESH_CONNECT, freshConnection ? 1 : 0)
        if let token = envelope.bearerToken { _ = hd_curl_setopt_string(handle, CURLOPT_XOAUTH2_BEARER, token) }

        let code = curl_easy_perform(handle)
        var connects = 0
        _ = hd_curl_getinfo_long(handle, CURLINFO_NUM_CONNECTS, &connects)
        let message = code == CURLE_OK ? ""
            : errorBuffer[0] != 0 ? String(cString: errorBuffer) : String(cString: curl_easy_strerror(code))
        return SMTPAttempt(curlCode: Int(code.rawValue), curlMessage: message, newConnection: connects > 0,
                           transcript: transcript)
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }

    /// Copies the next piece of the message into curl's buffer; 0 ends the upload.
    fileprivate func read(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        let count = min(capacity, upload.count - uploadOffset)
        guard count > 0 else { return 0 }
        upload.withUnsafeBufferPointer { bytes in
            UnsafeMutableRawPointer(buffer).copyMemory(from: bytes.baseAddress! + uploadOffset, byteCount: count)
        }
        uploadOffset += count
        return count
    }
}

/// CURLOPT_READFUNCTION: `userdata` is the connection.
private func curlSMTPRead(_ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int,
                          _ userdata: UnsafeMutableRawPointer?) -> Int {
    guard let buffer, let userdata else { return 0 }
    let connection = Unmanaged<CurlSMTPConnection>.fromOpaque(userdata).takeUnretainedValue()
    return connection.read(into: buffer, capacity: size * count)
}

/// CURLOPT_DEBUGFUNCTION: keeps commands and replies, ignores curl's own text and every data byte.
private func curlSMTPDebug(_ handle: UnsafeMutableRawPointer?, _ type: curl_infotype,
                           _ data: UnsafeMutablePointer<CChar>?, _ size: Int,
                           _ userdata: UnsafeMutableRawPointer?) -> Int32 {
    guard let data, let userdata, type == CURLINFO_HEADER_IN || type == CURLINFO_HEADER_OUT else { return 0 }
    let connection = Unmanaged<CurlSMTPConnection>.fromOpaque(userdata).takeUnretainedValue()
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    if type == CURLINFO_HEADER_IN {
        connection.transcript.received(bytes)
    } else {
        connection.transcript.sent(bytes)
    }
    return 0
}
