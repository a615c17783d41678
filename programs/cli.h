/* Shared pieces of the `oso` command-line tool. */
#ifndef OSO_CLI_H
#define OSO_CLI_H

#include "oso/oso.h"

#include <stdint.h>
#include <stdio.h>

enum { EXIT_VALID = 0, EXIT_INVALID = 1, EXIT_TROUBLE = 2 };

int oso_cmd_validate(int argc, char **argv);
int oso_cmd_convert(int argc, char **argv);
int oso_cmd_codelists(int argc, char **argv);
int oso_cmd_redact(int argc, char **argv);
int oso_cmd_attachments(int argc, char **argv);
int oso_cmd_render(int argc, char **argv);

/* Apply the comma-separated items of a --release SPEC in order: presets, 'metadata' (the
 * dossier's own values), CAT=VALUE pairs (in cmd_redact.c). */
oso_status cli_parse_release(oso_release *release, const char *spec);
int oso_cmd_doorstroomtoets(int argc, char **argv);
/* `oso doorstroomtoets serve` (doorstroomtoets_serve.c): the main function of the separate
 * executable oso-doorstroomtoets-serve (serve_main.c), which `oso` runs for it. */
int oso_doorstroomtoets_serve(int argc, char **argv);
int oso_cmd_diff(int argc, char **argv);
int oso_cmd_anonymize(int argc, char **argv);

#if defined(__GNUC__)
#define CLI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CLI_PRINTF(f, a)
#endif

/* ---- language (cli_text.c) ------------------------------------------------------------------ */

/* The one language of this run: --lang, else OSO_LANG, else LC_ALL / LC_MESSAGES / LANG (the
 * first one set) starting with "en" gives English, else Dutch. Set by main() from the
 * environment; a command's --lang replaces it (cli_set_lang). */
extern oso_lang cli_lang;
void cli_lang_from_environment(void);
/* Parse a --lang value ("nl" or "en"); 0 when it is neither. */
int cli_set_lang(const char *value);
/* The text in the run's language (format_arg: printf checks a translated format, using the
 * English one, which has the same conversions). */
const char *cli_text(const char *nl, const char *en)
#if defined(__GNUC__)
    __attribute__((format_arg(2)))
#endif
    ;
#define TR(nl, en) cli_text(nl, en)

/* Print text taken from a dossier or an archive with every control character (C0, DEL, C1 as
 * UTF-8) and the backslash escaped (\n, \t, \r, \e, \\, \xHH), so it can neither forge output
 * lines nor drive a terminal. `len` bytes of `s` (NULs included); (size_t)-1: up to the NUL. */
void cli_put_escaped(FILE *f, const char *s, size_t len);

/* Why a file cannot be read, from an errno value, in the run's language. */
const char *cli_errno_text(int err);

/* A status in the run's language (oso_strerror is English only). */
const char *cli_status_text(oso_status status);

/* Print "oso CMD: message" to stderr, then the usage text; returns EXIT_TROUBLE. */
int cli_usage_error(const char *cmd, const char *usage, const char *fmt, ...) CLI_PRINTF(3, 4);

/* The one message for an option getopt_long() did not accept (call with opterr = 0 and an
 * optstring that starts with ':'); returns EXIT_TROUBLE. */
int cli_option_error(const char *cmd, int c, char **argv);

/* Print "oso CMD: what: last liboso error" to stderr; returns EXIT_TROUBLE. */
int cli_lib_error(const char *cmd, const char *what, oso_status status);

/* Print a diagnostic as "FILE:LINE:COL: RULE: [severity: ]message" (file name and message
 * escaped), followed by the limit hint when the diagnostic is a limit refusal. */
void cli_print_diagnostic(FILE *f, const char *file, const oso_diagnostic *g);

/* ---- limits (cli_limits.c) ------------------------------------------------------------------ */

/* Every limit of oso_parse_options and oso_attachment_options, settable with
 * --limit NAME=VALUE. */
struct cli_limits {
    oso_parse_options parse;
    oso_attachment_options attachments;
    int input_given; /* --limit input=... given: streaming commands keep it, else no limit */
};
void cli_limits_init(struct cli_limits *l);
/* Apply one "NAME=VALUE" (VALUE: a number with an optional k, M or G suffix, powers of 1024);
 * returns 0 and prints a usage error for a bad spec. */
int cli_limit_set(struct cli_limits *l, const char *cmd, const char *usage, const char *spec);
/* The help text of --limit, in the run's language. */
void cli_limits_help(FILE *f);
/* When `g` is the refusal of a limit: " (limit NAME = VALUE; raise it with --limit NAME=N)" in
 * the run's language, else "". Uses the limits of the current run (cli_limits_active). */
const char *cli_limit_hint(const oso_diagnostic *g);
extern const struct cli_limits *cli_limits_active;

#endif
