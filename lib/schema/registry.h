/* The standard versions liboso reads, selected by a document's namespace. To add a version,
 * generate its table (lib/schema/oso_<version>.c) and add its descriptor to the list in
 * registry.c; its rule groups are registered in lib/rules/driver.c. */
#ifndef OSO_SCHEMA_REGISTRY_H
#define OSO_SCHEMA_REGISTRY_H

#include "schema/schema.h"

#include <stddef.h>

/* The schema of namespace `uri` (`len` bytes), or NULL when no supported version has it. */
const struct oso_schema *oso_schema_for_namespace(const char *uri, size_t len);

/* Whether `uri` is the namespace of some version of the OSO Gegevensset, supported or not
 * (another version is refused as unsupported rather than read as a foreign document). */
int oso_schema_is_oso_namespace(const char *uri, size_t len);

/* The newest supported version: the schema of dossiers built from code. */
const struct oso_schema *oso_schema_default(void);

#endif
