/* Codelists, internal side: the embedded default lists every validation falls back on. */
#ifndef OSO_CODELISTS_CODELISTS_H
#define OSO_CODELISTS_CODELISTS_H

#include "oso/codelists.h"

/* The default codelists (the files in codelists/, built in), shared read-only by every thread. */
const oso_codelists *oso_codelists_default(void);

#endif
