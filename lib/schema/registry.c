/* The standard versions liboso reads (see registry.h). */
#include "schema/registry.h"

#include "schema/oso_2019_1.h"

#include <string.h>

/* Every supported version, newest first. */
static const struct oso_schema *const versions[] = {
    &oso_schema_2019_1,
};

/* All versions of the standard share this prefix (2016, 2017, 2018 and later). */
#define OSO_NAMESPACE_PREFIX "http://www.edustandaard.nl/oso_gegevensset/"

const struct oso_schema *oso_schema_for_namespace(const char *uri, size_t len)
{
    for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++)
        if (strlen(versions[i]->namespace_uri) == len &&
            memcmp(versions[i]->namespace_uri, uri, len) == 0)
            return versions[i];
    return NULL;
}

int oso_schema_is_oso_namespace(const char *uri, size_t len)
{
    return len >= sizeof OSO_NAMESPACE_PREFIX - 1 &&
           memcmp(uri, OSO_NAMESPACE_PREFIX, sizeof OSO_NAMESPACE_PREFIX - 1) == 0;
}

const struct oso_schema *oso_schema_default(void) { return versions[0]; }
