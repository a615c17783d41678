/* ATT.*: attachment checks of every `document` block (doc/attachments.md). */
#ifndef OSO_RULES_ATTACHMENTS_H
#define OSO_RULES_ATTACHMENTS_H

#include "rules/rules.h"

extern const struct oso_rules_group oso_rules_group_attachments;

#endif
