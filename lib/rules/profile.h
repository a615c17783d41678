/* OVa/OVb/PaO: the profile rules (RULES.md e). */
#ifndef OSO_RULES_PROFILE_H
#define OSO_RULES_PROFILE_H

#include "rules/rules.h"

extern const struct oso_rules_group oso_rules_group_profile;

#endif
