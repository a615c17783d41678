/* `oso`: the command-line tool of liboso (DESIGN.md section 5). */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: oso validate [--format text|json|meldingen] [--profile auto|none|OV|PaO]\n"
    "                    [--codelists DIR] [--attachments] [--strict] [--rules +GROUP,...]\n"
    "                    [--lang nl|en] [-j N] [--recursive] [-o DIR] FILE...\n"
    "       oso convert --to xml|json [--compact] FILE [-o OUT]\n"
    "       oso redact [--release metadata|PRESET|CAT=VALUE,...] FILE -o OUT\n"
    "       oso attachments list|verify|extract [--dir DIR] [--force] FILE...\n"
    "       oso diff [--format text|json|summary] OLD NEW\n"
    "       oso anonymize [--seed S] [--key-file F] FILE -o OUT\n"
    "       oso codelists list|show N|lookup N CODE [--codelists DIR]\n"
    "       oso version\n"
    "FILE may be '-' for standard input. 'oso COMMAND --help' explains a command.\n"
    "Exit status: 0 success / all valid, 1 some input invalid, 2 usage, I/O or internal error.\n";

int cli_usage_error(const char *cmd, const char *usage_text, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "oso %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    fputs(usage_text, stderr);
    return EXIT_TROUBLE;
}

int cli_lib_error(const char *cmd, const char *what, oso_status status)
{
    const char *detail = oso_error_last();
    fprintf(stderr, "oso %s: %s: %s\n", cmd, what, detail[0] ? detail : oso_strerror(status));
    return EXIT_TROUBLE;
}

static int cmd_version(int argc, char **argv)
{
    (void)argv;
    if (argc > 1)
        return cli_usage_error("version", "usage: oso version\n", "no arguments expected");
    printf("oso %s (liboso %s; OSO Gegevensset 2019.1, validatieversie 2019.1.1)\n",
           OSO_VERSION_STRING, oso_version());
    return EXIT_VALID;
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*run)(int, char **);
    } commands[] = {
        {"validate", oso_cmd_validate},
        {"convert", oso_cmd_convert},
        {"codelists", oso_cmd_codelists},
        {"redact", oso_cmd_redact},
        {"attachments", oso_cmd_attachments},
        {"diff", oso_cmd_diff},
        {"anonymize", oso_cmd_anonymize},
        {"version", cmd_version},
    };
    if (argc < 2) {
        fputs(usage, stderr);
        return EXIT_TROUBLE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        fputs(usage, stdout);
        return EXIT_VALID;
    }
    if (strcmp(argv[1], "--version") == 0)
        return cmd_version(1, argv + 1);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "oso: unknown command '%s'\n", argv[1]);
    fputs(usage, stderr);
    return EXIT_TROUBLE;
}
