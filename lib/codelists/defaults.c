/* The default codelists: a set of the lists the build parsed from the files in codelists/. */
#include "codelists/codelists.h"
#include "codelists/codelists_internal.h"

#include "base/error.h"

#include <stdlib.h>
#include <string.h>

oso_status oso_codelists_new(oso_codelists **out)
{
    if (out == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_codelists_new: NULL argument");
    *out = NULL;
    const oso_codelists *defaults = &oso_prebuilt_codelists;
    oso_codelists *set = calloc(1, sizeof *set);
    if (set == NULL ||
        (set->lists = malloc((defaults->count ? defaults->count : 1) * sizeof *set->lists)) ==
            NULL) {
        free(set);
        return oso_fail(OSO_E_NOMEM, "out of memory creating codelists");
    }
    /* The lists themselves are shared: loading a list with the same id replaces it in this
     * set only, and freeing the set leaves them alone. */
    memcpy(set->lists, defaults->lists, defaults->count * sizeof *set->lists);
    set->count = set->cap = defaults->count;
    *out = set;
    return OSO_OK;
}

const oso_codelists *oso_codelists_default(void) { return &oso_prebuilt_codelists; }
