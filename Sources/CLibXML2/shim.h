#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H
/* Debian's libxml2 is built with ICU; its headers then pull the system <unicode/*.h>, which
   clashes with Foundation's bundled _FoundationICU in any module that sees both (a clean build
   fails, a cached one passes). The ICU encoding fields are never used here. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlmemory.h>
#include <libxml/xmlerror.h>
/* xmlFree is a global function-pointer variable, which Swift 6 refuses to touch. */
static inline void clibxml2_free(void *p) { xmlFree(p); }
#endif
