#ifndef FINEWS_CURL_H
#define FINEWS_CURL_H

#include <curl/curl.h>
#include <sys/socket.h>

// libcurl is loaded on first use (dlopen), not linked: a process that never fetches (a refresh of
// folders, the server, most commands) does not map libcurl and the libraries it pulls in (TLS, Kerberos,
// LDAP, SSH: about 4 MiB of relocated pages per process). Call finews_curl_load() first; the other
// functions are libcurl's, under a finews_ prefix, and may only be called after it succeeded.

// NULL once libcurl is loaded and every function below is bound; otherwise why not (dlopen's or
// dlsym's message). Thread-safe; the library is loaded once per process and never unloaded.
const char *finews_curl_load(void);

CURLcode finews_curl_global_init(long flags);
const char *finews_curl_easy_strerror(CURLcode code);

CURL *finews_curl_easy_init(void);
void finews_curl_easy_cleanup(CURL *handle);
struct curl_slist *finews_curl_slist_append(struct curl_slist *list, const char *string);
void finews_curl_slist_free_all(struct curl_slist *list);

CURLM *finews_curl_multi_init(void);
CURLMcode finews_curl_multi_cleanup(CURLM *multi);
CURLMcode finews_curl_multi_add_handle(CURLM *multi, CURL *handle);
CURLMcode finews_curl_multi_remove_handle(CURLM *multi, CURL *handle);
CURLMcode finews_curl_multi_perform(CURLM *multi, int *running);
CURLMcode finews_curl_multi_poll(CURLM *multi, struct curl_waitfd extra[], unsigned int count, int timeout, int *ready);
CURLMcode finews_curl_multi_wakeup(CURLM *multi);
CURLMsg *finews_curl_multi_info_read(CURLM *multi, int *queued);

// curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt are variadic, which Swift cannot call.
// These typed wrappers pin the argument type per option kind.

typedef size_t (*finews_data_callback)(char *buffer, size_t size, size_t count, void *context);
typedef int (*finews_xferinfo_callback)(void *context, curl_off_t dltotal, curl_off_t dlnow,
                                        curl_off_t ultotal, curl_off_t ulnow);
typedef curl_socket_t (*finews_opensocket_callback)(void *context, curlsocktype purpose,
                                                    struct curl_sockaddr *address);

CURLcode finews_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode finews_easy_setopt_offset(CURL *handle, CURLoption option, curl_off_t value);
CURLcode finews_easy_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode finews_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode finews_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode finews_easy_setopt_data_callback(CURL *handle, CURLoption option, finews_data_callback callback);
CURLcode finews_easy_setopt_xferinfo(CURL *handle, finews_xferinfo_callback callback);
CURLcode finews_easy_setopt_opensocket(CURL *handle, finews_opensocket_callback callback);

CURLcode finews_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode finews_easy_getinfo_string(CURL *handle, CURLINFO info, char **value);
CURLcode finews_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value);
CURLcode finews_easy_getinfo_offset(CURL *handle, CURLINFO info, curl_off_t *value);

CURLMcode finews_multi_setopt_long(CURLM *handle, CURLMoption option, long value);

// CURL_SOCKET_BAD is a macro Swift does not import.
static inline curl_socket_t finews_socket_bad(void) { return CURL_SOCKET_BAD; }

#endif
