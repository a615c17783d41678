/* The inputs of a batch command (`oso validate`): see inputs.c. */
#ifndef OSO_CLI_INPUTS_H
#define OSO_CLI_INPUTS_H

#include "cli.h"

#include <stddef.h>

struct cli_input {
    char *path;    /* as given, or joined below a directory argument */
    char *problem; /* NULL, or why it cannot be validated (in the run's language) */
    char *output;  /* the command's output file for it (meldingen -o DIR), or NULL */
};

struct cli_inputs {
    struct cli_input *items;
    size_t count, cap;
};

/* Add one argument: a file (or '-') as it is; a directory without `recursive` as an input
 * that cannot be read; with `recursive` every regular file below it whose name ends in .xml
 * (any case), following symbolic links, each directory once (device + inode), skipping
 * entries whose name starts with '.', each directory's entries in byte order of their names.
 * A dangling link named *.xml and a directory that cannot be opened become inputs that cannot
 * be read. Returns 0 when out of memory. */
int cli_inputs_add(struct cli_inputs *inputs, const char *arg, int recursive);

void cli_inputs_free(struct cli_inputs *inputs);

#endif
