#include "CCurl.h"

CURLcode hd_curl_setopt_long(CURL *handle, CURLoption option, long value) { return curl_easy_setopt(handle, option, value); }
CURLcode hd_curl_setopt_string(CURL *handle, CURLoption option, const char *value) { return curl_easy_setopt(handle, option, value); }
CURLcode hd_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) { return curl_easy_setopt(handle, option, value); }
CURLcode hd_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) { return curl_easy_setopt(handle, option, value); }
CURLcode hd_curl_setopt_write_function(CURL *handle, size_t (*fn)(char *, size_t, size_t, void *)) { return curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, fn); }
CURLcode hd_curl_setopt_read_function(CURL *handle, size_t (*fn)(char *, size_t, size_t, void *)) { return curl_easy_setopt(handle, CURLOPT_READFUNCTION, fn); }
CURLcode hd_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) { return curl_easy_getinfo(handle, info, value); }
CURLcode hd_curl_getinfo_socket(CURL *handle, curl_socket_t *value) { return curl_easy_getinfo(handle, CURLINFO_ACTIVESOCKET, value); }
CURLcode hd_curl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) { return curl_easy_setopt(handle, option, value); }
CURLcode hd_curl_setopt_debug_function(CURL *handle, int (*fn)(CURL *, curl_infotype, char *, size_t, void *)) { return curl_easy_setopt(handle, CURLOPT_DEBUGFUNCTION, fn); }
CURLcode hd_curl_setopt_debug_data(CURL *handle, void *userdata) { return curl_easy_setopt(handle, CURLOPT_DEBUGDATA, userdata); }
CURLcode hd_curl_setopt_read_data(CURL *handle, void *userdata) { return curl_easy_setopt(handle, CURLOPT_READDATA, userdata); }
CURLcode hd_curl_setopt_error_buffer(CURL *handle, char *buffer) { return curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, buffer); }
CURLcode hd_curl_setopt_mail_rcpt_allowfails(CURL *handle, long value) {
#if LIBCURL_VERSION_NUM >= 0x080200
    return curl_easy_setopt(handle, CURLOPT_MAIL_RCPT_ALLOWFAILS, value);
#else
    return curl_easy_setopt(handle, CURLOPT_MAIL_RCPT_ALLLOWFAILS, value);
#endif
}
CURLcode hd_curl_setopt_header_function(CURL *handle, size_t (*fn)(char *, size_t, size_t, void *)) { return curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, fn); }
struct curl_slist *hd_curl_slist_append(struct curl_slist *list, const char *value) { return curl_slist_append(list, value); }
void hd_curl_slist_free(struct curl_slist *list) { curl_slist_free_all(list); }
const char *hd_curl_version_number(void) { return curl_version_info(CURLVERSION_NOW)->version; }
