// An arena allocator for libxml2's HTML parse (see the header).
//
// libxml2 takes its allocation functions from xmlMemSetup, for the whole process (its per-thread
// copies notwithstanding, Debian's build calls the functions last set from every thread). The
// arena's functions are installed once and stay: on a thread that is not parsing into an arena they
// are malloc, free, realloc and strdup, so every other use of libxml2 in the process (other threads,
// other documents, the sanitizer, XML feeds) works as before, and memory allocated before they were
// installed is freed as before. While a thread parses into an arena (`current`), what it allocates
// comes from the arena; a pointer that is not in the current arena is passed to free/realloc as it is.
//
// Blocks carry a 16-byte header holding their capacity. Blocks of up to 512 bytes freed during the
// parse go to a free list by size and are used again (libxml2 allocates and frees error messages and
// attribute value buffers throughout a parse: without reuse a hostile page of errors would grow the
// arena without bound); a larger block is given back only when it is the last one. Freeing the
// document frees nothing piece by piece: the whole arena is reset when it goes back to the pool, and
// the tree is walked (xmlFreeDoc) only to free what did not fit in the arena.
//
// Nothing of the document may be freed or reallocated outside finews_xml_arena_free_document: the
// document is never changed after the parse (nothing in Markup changes a tree), and the thread's
// record of the last error, which holds copies of the error's strings, is cleared before the parse
// returns.
#include "finews_xml_arena.h"

#include <libxml/HTMLparser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

enum { header = 16, smallLimit = 512, classes = smallLimit / 16 + 1, pooled = 4 };
/// Address space reserved per arena (not committed: pages are used as the bump pointer reaches them).
/// What does not fit goes to malloc.
static const size_t reservation = (size_t)128 << 20;
/// Memory an arena keeps when it goes back to the pool (so the next page does not fault it in again);
/// the rest is returned to the system.
static const size_t kept = (size_t)4 << 20;

struct finews_xml_arena {
    char *base, *top, *end, *peak;
    void *freeLists[classes];
    int spilled;
    struct finews_xml_arena *nextPooled;
};

static _Thread_local finews_xml_arena *current;
static _Thread_local int releasing;

static pthread_mutex_t poolLock = PTHREAD_MUTEX_INITIALIZER;
static finews_xml_arena *pool;
static int poolCount;

static inline int owns(const finews_xml_arena *arena, const void *pointer) {
    return (const char *)pointer >= arena->base && (const char *)pointer < arena->end;
}

static inline size_t capacityOf(const void *pointer) {
    return *(const size_t *)((const char *)pointer - header);
}

static void *arenaMalloc(size_t size) {
    finews_xml_arena *arena = current;
    if (arena == NULL || releasing || size > reservation) return malloc(size);
    size_t capacity = size == 0 ? 16 : (size + 15) & ~(size_t)15;
    if (capacity <= smallLimit) {
        void *reused = arena->freeLists[capacity / 16];
        if (reused != NULL) {
            arena->freeLists[capacity / 16] = *(void **)reused;
            return reused;
        }
    }
    if ((size_t)(arena->end - arena->top) < capacity + header) {
        arena->spilled = 1;
        return malloc(size);
    }
    char *block = arena->top;
    arena->top += capacity + header;
    if (arena->top > arena->peak) arena->peak = arena->top;
    *(size_t *)block = capacity;
    return block + header;
}

static void arenaFree(void *pointer) {
    finews_xml_arena *arena = current;
    if (pointer == NULL) return;
    if (arena == NULL || !owns(arena, pointer)) {
        free(pointer);
        return;
    }
    if (releasing) return;
    size_t capacity = capacityOf(pointer);
    if (capacity <= smallLimit) {
        *(void **)pointer = arena->freeLists[capacity / 16];
        arena->freeLists[capacity / 16] = pointer;
    } else if ((char *)pointer + capacity == arena->top) {
        arena->top = (char *)pointer - header;
    }
}

static void *arenaRealloc(void *pointer, size_t size) {
    finews_xml_arena *arena = current;
    if (pointer == NULL) return arenaMalloc(size);
    if (arena == NULL || !owns(arena, pointer)) return realloc(pointer, size);
    size_t capacity = capacityOf(pointer);
    if (size <= capacity) return pointer;
    if (size > reservation) return NULL;
    size_t wanted = (size + 15) & ~(size_t)15;
    // The last block grows in place (libxml2 grows its buffers and text nodes by reallocation), unless
    // a freed block of the size wanted waits: growing in place moves the block to another size, and
    // a pattern of allocate-then-grow (every error message is formatted so) would leave the freed
    // blocks of that size unused for ever.
    if (!releasing && (wanted > smallLimit || arena->freeLists[wanted / 16] == NULL)
        && (char *)pointer + capacity == arena->top && (size_t)(arena->end - (char *)pointer) >= wanted) {
        arena->top = (char *)pointer + wanted;
        if (arena->top > arena->peak) arena->peak = arena->top;
        *(size_t *)((char *)pointer - header) = wanted;
        return pointer;
    }
    void *moved = arenaMalloc(size);
    if (moved == NULL) return NULL;
    memcpy(moved, pointer, capacity);
    arenaFree(pointer);
    return moved;
}

static char *arenaStrdup(const char *string) {
    size_t length = strlen(string) + 1;
    char *copy = arenaMalloc(length);
    if (copy != NULL) memcpy(copy, string, length);
    return copy;
}

finews_xml_arena *finews_xml_arena_acquire(void) {
    pthread_mutex_lock(&poolLock);
    finews_xml_arena *arena = pool;
    if (arena != NULL) {
        pool = arena->nextPooled;
        poolCount -= 1;
    }
    pthread_mutex_unlock(&poolLock);
    if (arena != NULL) return arena;
    arena = calloc(1, sizeof *arena);
    if (arena == NULL) return NULL;
    void *memory = mmap(NULL, reservation, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (memory == MAP_FAILED) {
        free(arena);
        return NULL;
    }
    arena->base = arena->top = arena->peak = memory;
    arena->end = arena->base + reservation;
    return arena;
}

void finews_xml_arena_release(finews_xml_arena *arena) {
    if (arena == NULL) return;
    if ((size_t)(arena->peak - arena->base) > kept) {
        madvise(arena->base + kept, (size_t)(arena->peak - arena->base) - kept, MADV_DONTNEED);
    }
    arena->top = arena->peak = arena->base;
    memset(arena->freeLists, 0, sizeof arena->freeLists);
    arena->spilled = 0;
    pthread_mutex_lock(&poolLock);
    int keep = poolCount < pooled;
    if (keep) {
        arena->nextPooled = pool;
        pool = arena;
        poolCount += 1;
    }
    pthread_mutex_unlock(&poolLock);
    if (!keep) {
        munmap(arena->base, reservation);
        free(arena);
    }
}

static pthread_once_t installation = PTHREAD_ONCE_INIT;

static void install(void) {
    // libxml2's global tables must come from malloc: they outlive every arena.
    xmlInitParser();
    xmlMemSetup(arenaFree, arenaMalloc, arenaRealloc, arenaStrdup);
}

/// Whether libxml2 calls the arena's functions on this thread (installed on first use; installed
/// again should a build of libxml2 keep them per thread).
static int installed(void) {
    pthread_once(&installation, install);
    xmlFreeFunc freeFunction;
    xmlMallocFunc mallocFunction;
    xmlReallocFunc reallocFunction;
    xmlStrdupFunc strdupFunction;
    if (xmlMemGet(&freeFunction, &mallocFunction, &reallocFunction, &strdupFunction) != 0) return 0;
    if (freeFunction == arenaFree && mallocFunction == arenaMalloc) return 1;
    xmlMemSetup(arenaFree, arenaMalloc, arenaRealloc, arenaStrdup);
    return xmlMemGet(&freeFunction, &mallocFunction, &reallocFunction, &strdupFunction) == 0
        && freeFunction == arenaFree && mallocFunction == arenaMalloc;
}

void *finews_xml_arena_read_html(finews_xml_arena *arena, const char *bytes, int size, const char *url,
                                 const char *encoding, int options) {
    if (!installed()) {
        // The tree comes from malloc: freeing the document walks it.
        arena->spilled = 1;
        return htmlReadMemory(bytes, size, url, encoding, options);
    }
    finews_xml_arena *outer = current;
    current = arena;
    htmlDocPtr document = htmlReadMemory(bytes, size, url, encoding, options);
    // The thread's record of the last error would keep strings of the arena after it is reset.
    xmlResetLastError();
    current = outer;
    return document;
}

void finews_xml_arena_free_document(finews_xml_arena *arena, void *document) {
    // When every piece of the tree is in the arena, resetting the arena frees it all.
    if (!arena->spilled) {
        finews_xml_arena_release(arena);
        return;
    }
    if (!installed()) {
        // Never seen (xmlMemGet fails only for NULL arguments): without the arena's free, the
        // arena's part of the tree cannot be told apart. Arena and document are left as they are.
        return;
    }
    finews_xml_arena *outer = current;
    int outerReleasing = releasing;
    current = arena;
    releasing = 1;
    xmlFreeDoc(document);
    current = outer;
    releasing = outerReleasing;
    finews_xml_arena_release(arena);
}

size_t finews_xml_arena_peak(const finews_xml_arena *arena) { return (size_t)(arena->peak - arena->base); }
int finews_xml_arena_spilled(const finews_xml_arena *arena) { return arena->spilled; }
