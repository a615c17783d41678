/* The diff result, shared by the comparison (diff.c) and its renderings (format.c). */
#ifndef OSO_DIFF_CHANGES_H
#define OSO_DIFF_CHANGES_H

#include "oso/diff.h"

#include <stddef.h>

struct change {
    oso_change_kind kind;
    int is_attribute;
    int is_release;
    int category;
    int category_root; /* the element roots its category (e.g. the whole eindtoets) */
    char *name;
    char *old_path, *new_path;
    char *old_value, *new_value;
};

struct oso_diff {
    struct change *changes;
    size_t count, cap;
    int report_moves;
    size_t depth;      /* nesting of the elements being compared */
    oso_status status; /* first failure while comparing */
};

#endif
