/* OG.*: the general business rules (RULES.md c.2-c.6). */
#ifndef OSO_RULES_GENERAL_H
#define OSO_RULES_GENERAL_H

#include "rules/rules.h"

extern const struct oso_rules_group oso_rules_group_general;

#endif
