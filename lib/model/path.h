/* Paths in the contract form "/dossier[1]/x[2]" (see path.c). */
#ifndef OSO_MODEL_PATH_H
#define OSO_MODEL_PATH_H

#include "model/model.h"

#include <stddef.h>

/* Path of a node in the contract form "/dossier[1]/x[2]", malloc'd (NULL on out of memory). */
char *oso_model_path(const struct oso_node *n);

/* One step of a path: element name (not NUL-terminated) and 1-based position. */
struct oso_path_step {
    const char *name;
    size_t len;
    unsigned long pos;
};

/* Read the next step of an absolute path at *p (advancing it); returns 1 for a step, 0 at the
 * end, -1 on a syntax error. */
int oso_path_next_step(const char **p, struct oso_path_step *step);

/* The child element of `parent` that `step` names; *count is set to how many children have
 * the step's name (when the position is past them, for creating the next one). */
struct oso_node *oso_path_child(const struct oso_node *parent, const struct oso_path_step *step,
                                unsigned long *count);

#endif
