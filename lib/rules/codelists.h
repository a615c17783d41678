/* CL<n>: codelist membership (RULES.md c.1). */
#ifndef OSO_RULES_CODELISTS_H
#define OSO_RULES_CODELISTS_H

#include "rules/rules.h"

extern const struct oso_rules_group oso_rules_group_codelists;

#endif
