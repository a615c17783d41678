/* Business rules (RULES.md): the context every rule group works in, the group descriptor, and
 * the helpers groups share. The driver (rules/driver.c) runs the groups; a group includes only
 * this header and the model, schema and value helpers below it. */
#ifndef OSO_RULES_H
#define OSO_RULES_H

#include "base/report.h"
#include "model/findings.h"
#include "model/model.h"
#include "model/navigate.h"

#include "oso/validate.h"

enum oso_resolved_profile { OSO_RP_NONE, OSO_RP_OV, OSO_RP_PAO };

struct oso_rules {
    const struct oso_dossier *d;
    const struct oso_schema *schema;  /* the dossier's standard version */
    oso_report *report;
    const oso_codelists *lists;
    const oso_attachment_options *attachment_limits; /* NULL: defaults */
    unsigned groups;
    int strict;
    enum oso_resolved_profile profile;
    /* Document facts used as gates (NULL when the element is absent). */
    const struct oso_node *dossier, *metadata, *leerling;
    const char *type;      /* string value of D/overdrachtsoort */
    const char *overstap;  /* string value of M/overstap */
    /* First element of each row in document order (0 when absent). */
    uint32_t *first;
    /* Fields of external tables that are not loaded, per table (rules_codelists.c order). */
    uint32_t unchecked_external[5];
    int deeldossier_coded;  /* some deeldossier holds a list-33 code (a document-wide check) */
    /* Scratch for string values of elements with element children (freed at the end). */
    char **scratch;
    size_t scratch_count, scratch_cap;
};

/* Report at `node` (NULL: document level) as an error. Formats take the same arguments. */
void oso_rule_error(struct oso_rules *r, const char *rule, const struct oso_node *node,
                    const char *fmt_nl, const char *fmt_en, ...) OSO_PRINTF(4, 6);
/* Report a finding the official validation does not make: warning, or error when strict. */
void oso_rule_warning(struct oso_rules *r, const char *rule, const struct oso_node *node,
                      const char *fmt_nl, const char *fmt_en, ...) OSO_PRINTF(4, 6);

/* Report ready-made messages: as an error, or (warning != 0) as a stricter-than-official
 * warning. */
void oso_rule_text(struct oso_rules *r, const char *rule, int warning, const struct oso_node *node,
                   const char *nl, const char *en);

/* The first element of a row anywhere in the document. */
const struct oso_node *oso_rule_first(const struct oso_rules *r, uint16_t row);
/* The string value of an element: all its descendant text (XPath string()). Never NULL. */
const char *oso_rule_string(struct oso_rules *r, const struct oso_node *n);
/* XPath bool(xs:boolean(string(e))) as the stylesheets use it: 1 only for true/1. */
int oso_rule_true(struct oso_rules *r, const struct oso_node *n);
/* 1 when some text node directly inside the element equals `value` (codelist semantics). */
int oso_rule_text_node_equals(const struct oso_node *n, const char *value, size_t len);

/* Free the scratch strings oso_rule_string() handed out. */
void oso_rules_context_release(struct oso_rules *r);

/* The profile `auto` picks (RULES.md b.1). */
enum oso_resolved_profile oso_rules_pick_profile(const struct oso_rules *r, oso_profile asked);

/*
 * A rule group: the option flag that enables it (OSO_RULES_*), a check offered every element
 * of the dossier once in document order, and a check run once after that pass (when the root
 * is an OSO dossier). Either function may be NULL. One group per file, e.g. rules/general.c
 * defines oso_rules_group_general; the driver's table lists them.
 */
struct oso_rules_group {
    const char *name;
    unsigned flag;
    void (*element)(struct oso_rules *r, const struct oso_node *n);
    void (*document)(struct oso_rules *r);
};

#endif
