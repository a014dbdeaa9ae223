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
CURLcode hd_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode hd_curl_getinfo_socket(CURL *handle, curl_socket_t *value);
/// The libcurl version string, e.g. "7.88.1".
const char *hd_curl_version_number(void);
#endif
