/* Codelists, internal side: the embedded default lists every validation falls back on. */
#ifndef OSO_CODELISTS_CODELISTS_H
#define OSO_CODELISTS_CODELISTS_H

#include "oso/codelists.h"

/* The embedded codelists, loaded once per process and shared read-only by every thread (NULL
 * when out of memory). */
const oso_codelists *oso_codelists_default(void);

#endif
