#ifndef FINEWS_MALLOC_H
#define FINEWS_MALLOC_H

/// mallopt(M_ARENA_MAX, count): at most `count` glibc malloc arenas. Swift's Glibc module does not
/// export <malloc.h>. Returns 1 on success.
int finews_malloc_limit_arenas(int count);

#endif
