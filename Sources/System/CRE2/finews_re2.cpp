#include "finews_re2.h"

#include <re2/re2.h>

#include <cstring>
#include <new>

struct finews_re2 {
    re2::RE2 expression;
    finews_re2(const re2::StringPiece &pattern, const re2::RE2::Options &options) : expression(pattern, options) {}
};

extern "C" finews_re2 *finews_re2_compile(const char *pattern, size_t length, int case_sensitive, int64_t max_memory,
                                          char *error, size_t error_size) {
    re2::RE2::Options options;
    options.set_encoding(re2::RE2::Options::EncodingUTF8);
    options.set_case_sensitive(case_sensitive != 0);
    options.set_max_mem(max_memory);
    options.set_log_errors(false);
    options.set_never_capture(true);
    finews_re2 *compiled = new (std::nothrow) finews_re2(re2::StringPiece(pattern, length), options);
    if (compiled == nullptr) {
        if (error_size > 0) std::strncpy(error, "out of memory", error_size - 1), error[error_size - 1] = 0;
        return nullptr;
    }
    if (!compiled->expression.ok()) {
        if (error_size > 0) {
            std::strncpy(error, compiled->expression.error().c_str(), error_size - 1);
            error[error_size - 1] = 0;
        }
        delete compiled;
        return nullptr;
    }
    return compiled;
}

extern "C" int finews_re2_search(const finews_re2 *expression, const char *text, size_t length) {
    return re2::RE2::PartialMatch(re2::StringPiece(text, length), expression->expression) ? 1 : 0;
}

extern "C" void finews_re2_free(finews_re2 *expression) { delete expression; }
