#include "finews_malloc.h"
#include <malloc.h>

int finews_malloc_limit_arenas(int count) {
    return mallopt(M_ARENA_MAX, count);
}
