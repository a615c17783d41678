/* OS.cat01-16: the category release check (RULES.md d). */
#ifndef OSO_RULES_CATEGORIES_H
#define OSO_RULES_CATEGORIES_H

#include "rules/rules.h"

extern const struct oso_rules_group oso_rules_group_categories;

#endif
