import CCurl
import Testing

@Suite("libcurl shim")
struct CCurlShimTests {
    @Test("links against the system libcurl and sets options through the shim")
    func setsOptions() throws {
        let handle = try #require(curl_easy_init())
        defer { curl_easy_cleanup(handle) }
        #expect(hd_curl_setopt_long(handle, CURLOPT_VERBOSE, 0) == CURLE_OK)
        #expect(hd_curl_setopt_string(handle, CURLOPT_URL, "imap://127.0.0.1/INBOX") == CURLE_OK)
        let version = String(cString: hd_curl_version_number())
        #expect(version.split(separator: ".").count == 3)
    }
}
