/* ATT.*: attachment checks (placeholder until the attachments module lands: checks nothing). */
#include "rules.h"

void oso_rules_attachments_element(struct oso_rules *r, const struct oso_node *n)
{
    (void)r;
    (void)n;
}
