/* Shared pieces of the `oso` command-line tool. */
#ifndef OSO_CLI_H
#define OSO_CLI_H

#include "oso/oso.h"

enum { EXIT_VALID = 0, EXIT_INVALID = 1, EXIT_TROUBLE = 2 };

int oso_cmd_validate(int argc, char **argv);
int oso_cmd_convert(int argc, char **argv);
int oso_cmd_codelists(int argc, char **argv);
int oso_cmd_redact(int argc, char **argv);
int oso_cmd_attachments(int argc, char **argv);
int oso_cmd_diff(int argc, char **argv);
int oso_cmd_anonymize(int argc, char **argv);

/* Print "oso CMD: message" to stderr, then the usage text; returns EXIT_TROUBLE. */
int cli_usage_error(const char *cmd, const char *usage, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Print "oso CMD: what: last liboso error" to stderr; returns EXIT_TROUBLE. */
int cli_lib_error(const char *cmd, const char *what, oso_status status);

#endif
