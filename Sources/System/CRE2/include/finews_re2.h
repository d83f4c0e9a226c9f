#ifndef FINEWS_RE2_H
#define FINEWS_RE2_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// A compiled RE2 expression. RE2 matches in time linear in the text (no backtracking), so a hostile
/// pattern cannot make a match run away; `max_memory` bounds the compiled program.
typedef struct finews_re2 finews_re2;

/// Compiles UTF-8 `pattern`. On failure returns NULL and writes RE2's message (truncated, NUL-terminated)
/// into `error`.
finews_re2 *finews_re2_compile(const char *pattern, size_t length, int case_sensitive, int64_t max_memory,
                               char *error, size_t error_size);

/// 1 when the expression matches somewhere in the UTF-8 text, else 0. Safe to call from many threads.
int finews_re2_search(const finews_re2 *expression, const char *text, size_t length);

void finews_re2_free(finews_re2 *expression);

#ifdef __cplusplus
}
#endif

#endif
