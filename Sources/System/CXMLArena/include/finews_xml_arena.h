#ifndef FINEWS_XML_ARENA_H
#define FINEWS_XML_ARENA_H

#include <stddef.h>

/// Memory for one parsed HTML document: libxml2 allocates the tree from it, so building a page's tree
/// costs a pointer bump per piece instead of a malloc, and freeing it costs nothing per piece. The
/// first parse installs the arena's allocation functions in libxml2 for the process (outside an
/// arena's parse they are malloc, free, realloc and strdup); see finews_xml_arena.c.
typedef struct finews_xml_arena finews_xml_arena;

/// An arena from the pool, or a new one; NULL when no memory could be reserved.
finews_xml_arena *finews_xml_arena_acquire(void);

/// Parses with htmlReadMemory, libxml2 allocating from `arena` on this thread for the parse only.
/// Returns the xmlDocPtr (NULL when libxml2 gave none: then release the arena). The document must
/// never be changed afterwards, and must be freed with finews_xml_arena_free_document.
void *finews_xml_arena_read_html(finews_xml_arena *arena, const char *bytes, int size, const char *url,
                                 const char *encoding, int options);

/// Frees a document read in `arena` and gives the arena back to the pool.
void finews_xml_arena_free_document(finews_xml_arena *arena, void *document);

/// Gives an arena back to the pool (the parse handed back no document).
void finews_xml_arena_release(finews_xml_arena *arena);

/// Bytes of the arena used so far at most (headers included), and whether part of the tree is in
/// malloc's memory (an allocation did not fit): for tests.
size_t finews_xml_arena_peak(const finews_xml_arena *arena);
int finews_xml_arena_spilled(const finews_xml_arena *arena);

#endif
