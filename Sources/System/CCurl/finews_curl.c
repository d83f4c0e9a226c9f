#include "finews_curl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

// The soname of Debian's libcurl4 (the OpenSSL build the package depends on, scripts/package).
static const char *const library = "libcurl.so.4";

static struct {
    CURLcode (*global_init)(long);
    const char *(*easy_strerror)(CURLcode);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_cleanup)(CURLM *);
    CURLMcode (*multi_add_handle)(CURLM *, CURL *);
    CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
    CURLMcode (*multi_perform)(CURLM *, int *);
    CURLMcode (*multi_poll)(CURLM *, struct curl_waitfd[], unsigned int, int, int *);
    CURLMcode (*multi_wakeup)(CURLM *);
    CURLMsg *(*multi_info_read)(CURLM *, int *);
    CURLMcode (*multi_setopt)(CURLM *, CURLMoption, ...);
} api;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static const char *failure = NULL;
static char message[512];

static int bind_symbol(void *handle, void **slot, const char *name) {
    *slot = dlsym(handle, name);
    if (*slot) return 1;
    const char *reason = dlerror();
    snprintf(message, sizeof message, "%s has no %s (%s)", library, name, reason ? reason : "not found");
    failure = message;
    return 0;
}

static void load(void) {
    void *handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char *reason = dlerror();
        snprintf(message, sizeof message, "cannot load %s: %s", library, reason ? reason : "unknown error");
        failure = message;
        return;
    }
#define BIND(field, name) if (!bind_symbol(handle, (void **)&api.field, name)) return
    BIND(global_init, "curl_global_init");
    BIND(easy_strerror, "curl_easy_strerror");
    BIND(easy_init, "curl_easy_init");
    BIND(easy_cleanup, "curl_easy_cleanup");
    BIND(easy_setopt, "curl_easy_setopt");
    BIND(easy_getinfo, "curl_easy_getinfo");
    BIND(slist_append, "curl_slist_append");
    BIND(slist_free_all, "curl_slist_free_all");
    BIND(multi_init, "curl_multi_init");
    BIND(multi_cleanup, "curl_multi_cleanup");
    BIND(multi_add_handle, "curl_multi_add_handle");
    BIND(multi_remove_handle, "curl_multi_remove_handle");
    BIND(multi_perform, "curl_multi_perform");
    BIND(multi_poll, "curl_multi_poll");
    BIND(multi_wakeup, "curl_multi_wakeup");
    BIND(multi_info_read, "curl_multi_info_read");
    BIND(multi_setopt, "curl_multi_setopt");
#undef BIND
}

const char *finews_curl_load(void) {
    pthread_once(&once, load);
    return failure;
}

CURLcode finews_curl_global_init(long flags) { return api.global_init(flags); }
const char *finews_curl_easy_strerror(CURLcode code) { return api.easy_strerror(code); }

CURL *finews_curl_easy_init(void) { return api.easy_init(); }
void finews_curl_easy_cleanup(CURL *handle) { api.easy_cleanup(handle); }
struct curl_slist *finews_curl_slist_append(struct curl_slist *list, const char *string) {
    return api.slist_append(list, string);
}
void finews_curl_slist_free_all(struct curl_slist *list) { api.slist_free_all(list); }

CURLM *finews_curl_multi_init(void) { return api.multi_init(); }
CURLMcode finews_curl_multi_cleanup(CURLM *multi) { return api.multi_cleanup(multi); }
CURLMcode finews_curl_multi_add_handle(CURLM *multi, CURL *handle) { return api.multi_add_handle(multi, handle); }
CURLMcode finews_curl_multi_remove_handle(CURLM *multi, CURL *handle) { return api.multi_remove_handle(multi, handle); }
CURLMcode finews_curl_multi_perform(CURLM *multi, int *running) { return api.multi_perform(multi, running); }
CURLMcode finews_curl_multi_poll(CURLM *multi, struct curl_waitfd extra[], unsigned int count, int timeout, int *ready) {
    return api.multi_poll(multi, extra, count, timeout, ready);
}
CURLMcode finews_curl_multi_wakeup(CURLM *multi) { return api.multi_wakeup(multi); }
CURLMsg *finews_curl_multi_info_read(CURLM *multi, int *queued) { return api.multi_info_read(multi, queued); }

CURLcode finews_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return api.easy_setopt(handle, option, value);
}
CURLcode finews_easy_setopt_offset(CURL *handle, CURLoption option, curl_off_t value) {
    return api.easy_setopt(handle, option, value);
}
CURLcode finews_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return api.easy_setopt(handle, option, value);
}
CURLcode finews_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return api.easy_setopt(handle, option, value);
}
CURLcode finews_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return api.easy_setopt(handle, option, value);
}
CURLcode finews_easy_setopt_data_callback(CURL *handle, CURLoption option, finews_data_callback callback) {
    return api.easy_setopt(handle, option, callback);
}
CURLcode finews_easy_setopt_xferinfo(CURL *handle, finews_xferinfo_callback callback) {
    return api.easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
}
CURLcode finews_easy_setopt_opensocket(CURL *handle, finews_opensocket_callback callback) {
    return api.easy_setopt(handle, CURLOPT_OPENSOCKETFUNCTION, callback);
}

CURLcode finews_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return api.easy_getinfo(handle, info, value);
}
CURLcode finews_easy_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return api.easy_getinfo(handle, info, value);
}
CURLcode finews_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value) {
    return api.easy_getinfo(handle, info, value);
}
CURLcode finews_easy_getinfo_offset(CURL *handle, CURLINFO info, curl_off_t *value) {
    return api.easy_getinfo(handle, info, value);
}

CURLMcode finews_multi_setopt_long(CURLM *handle, CURLMoption option, long value) {
    return api.multi_setopt(handle, option, value);
}
