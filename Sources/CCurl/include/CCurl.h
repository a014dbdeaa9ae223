#ifndef HELPDESK_CCURL_H
#define HELPDESK_CCURL_H
#include <curl/curl.h>

/// Non-variadic wrappers around curl_easy_setopt / curl_easy_getinfo, which Swift cannot call directly.
CURLcode hd_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode hd_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode hd_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode hd_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode hd_curl_setopt_write_function(CURL *handle, size_t (*fn)(char *, size_t, size_t, void *));
CURLcode hd_curl_setopt_read_function(CURL *handle, size_t (*fn)(char *, size_t, size_t, void *));
/// CURLOPT_HEADERFUNCTION: called once per received header line (status line and blank line included);
/// CURLOPT_HEADERDATA (set with hd_curl_setopt_pointer) is its last argument.
CURLcode hd_curl_setopt_header_function(CURL *handle, size_t (*fn)(char *, size_t, size_t, void *));
CURLcode hd_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode hd_curl_getinfo_socket(CURL *handle, curl_socket_t *value);
CURLcode hd_curl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
/// CURLOPT_DEBUGFUNCTION (only called while CURLOPT_VERBOSE is 1) and CURLOPT_DEBUGDATA, its last argument.
CURLcode hd_curl_setopt_debug_function(CURL *handle, int (*fn)(CURL *, curl_infotype, char *, size_t, void *));
CURLcode hd_curl_setopt_debug_data(CURL *handle, void *userdata);
/// CURLOPT_READDATA, the last argument of the read function.
CURLcode hd_curl_setopt_read_data(CURL *handle, void *userdata);
/// CURLOPT_ERRORBUFFER: a buffer of at least CURL_ERROR_SIZE bytes that lives as long as the handle uses it.
CURLcode hd_curl_setopt_error_buffer(CURL *handle, char *buffer);
/// Lets an SMTP transfer go on when some (not all) RCPT TO are refused: CURLOPT_MAIL_RCPT_ALLLOWFAILS (three L) in
/// libcurl 7.69-8.1, CURLOPT_MAIL_RCPT_ALLOWFAILS from 8.2.
CURLcode hd_curl_setopt_mail_rcpt_allowfails(CURL *handle, long value);
/// Appends a copy of `value` to `list` (NULL starts one); NULL when out of memory (the old list stays valid).
struct curl_slist *hd_curl_slist_append(struct curl_slist *list, const char *value);
/// Frees a list made by hd_curl_slist_append (NULL is fine).
void hd_curl_slist_free(struct curl_slist *list);
/// The libcurl version string, e.g. "7.88.1".
const char *hd_curl_version_number(void);
#endif
