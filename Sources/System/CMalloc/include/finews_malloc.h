#ifndef FINEWS_MALLOC_H
#define FINEWS_MALLOC_H

/// malloc_trim(3): gives the free pages of every glibc arena back to the system. Swift's Glibc module
/// does not export <malloc.h>. Returns 1 when memory was released.
int finews_malloc_trim(void);

/// mallopt(M_ARENA_MAX, count): at most `count` malloc arenas. Returns 1 on success.
int finews_malloc_limit_arenas(int count);

#endif
