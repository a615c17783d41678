/* Release values in effect for a dossier, for modules that show them (the renderer). */
#ifndef OSO_RELEASE_EFFECTIVE_H
#define OSO_RELEASE_EFFECTIVE_H

#include "model/model.h"

#include "oso/release.h"

#include <stdint.h>

/* The value of each category (1..16) that oso_dossier_redact() would apply: from `spec`
 * (NULL: none), else from the dossier's categorie_uitlevering, else the default. */
void oso_release_effective_values(const struct oso_dossier *d, const oso_release *spec,
                                  uint8_t values[OSO_CATEGORY_COUNT + 1]);

#endif
