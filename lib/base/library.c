/* Library-wide entry points: the version, and freeing what the library hands out. */
#include "oso/common.h"
#include "oso/version.h"

#include <stdlib.h>

void oso_free(void *p) { free(p); }

const char *oso_version(void) { return OSO_VERSION_STRING; }
