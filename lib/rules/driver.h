/* The rule driver: runs the enabled rule groups of the table in rules/driver.c over a dossier. */
#ifndef OSO_RULES_DRIVER_H
#define OSO_RULES_DRIVER_H

#include "base/report.h"
#include "model/model.h"

#include "oso/validate.h"

/* Run the groups enabled in `o` (its codelists must be set) over `d` into `report`, and set the
 * report's profile. Returns 0 on out of memory. */
int oso_rules_run(const struct oso_dossier *d, oso_report *report, const oso_validate_options *o);

#endif
