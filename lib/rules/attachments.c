/* ATT.*: the attachment checks (lib/attachments/check.c) as a rule group of oso_validate(). */
#include "rules/attachments.h"

#include "attachments/check.h"

static void check_document(struct oso_rules *r, const struct oso_node *n)
{
    if (!oso_att_is_document(n))
        return;
    struct oso_att_check c;
    oso_att_check_init(&c, r->report, r->attachment_limits, r->strict);
    oso_att_check_document(&c, n); /* a failure is reported as ATT.UNCHECKED */
    oso_att_check_done(&c);
}

const struct oso_rules_group oso_rules_group_attachments = {
    "attachments", OSO_RULES_ATTACHMENTS, check_document, NULL,
};
