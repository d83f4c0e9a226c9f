#include <libxml/xmlversion.h>
// Debian builds libxml2 with ICU; its headers would then pull in ICU's, which clash with Foundation's
// own copy of ICU. finews never touches libxml2's ICU converters, so hide them.
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlsave.h>
#include <libxml/uri.h>

// xmlFree is a global function pointer, which Swift 6 treats as shared mutable state.
static inline void finews_xml_free(void *pointer) { xmlFree(pointer); }
