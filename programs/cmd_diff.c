/* `oso diff [--format text|json|summary] OLD NEW`: what changed between two versions of a
 * dossier (doc/diff.md). Exit status 0 same, 1 different, 2 error. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
    "usage: oso diff [--format text|json|summary] [--no-moves] OLD NEW\n"
    "Compares two dossiers element by element. Repeated items are matched by their identifying\n"
    "fields, attachments by their decoded content; layout and re-encoding are not changes.\n"
    "text: one line per change and a summary per release category; json: one object\n"
    "(doc/diff.md); summary: the summary line only. OLD or NEW may be '-' (standard input).\n"
    "Exit status: 0 the same, 1 different, 2 error.\n";

static oso_dossier *load(const char *file)
{
    oso_dossier *d = NULL;
    oso_report *r = NULL;
    oso_status st = strcmp(file, "-") == 0 ? oso_dossier_parse_fd(&d, &r, STDIN_FILENO, NULL)
                                           : oso_dossier_parse_file(&d, &r, file, NULL);
    if (d == NULL) {
        /* Not well-formed (or unreadable): show the first fatal diagnostic. */
        const oso_diagnostic *g = oso_report_count(r) ? oso_report_at(r, 0) : NULL;
        if (g != NULL)
            fprintf(stderr, "oso diff: %s:%lu:%lu: %s\n", file, oso_diagnostic_line(g),
                    oso_diagnostic_column(g), oso_diagnostic_message(g, OSO_LANG_EN));
        else
            cli_lib_error("diff", file, st);
    }
    oso_report_free(r);
    return d;
}

int oso_cmd_diff(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'}, {"no-moves", no_argument, NULL, 'm'},
        {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0},
    };
    oso_diff_format format = OSO_DIFF_TEXT;
    oso_diff_options options = OSO_DIFF_OPTIONS_INIT;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (strcmp(optarg, "text") == 0)
                format = OSO_DIFF_TEXT;
            else if (strcmp(optarg, "json") == 0)
                format = OSO_DIFF_JSON;
            else if (strcmp(optarg, "summary") == 0)
                format = OSO_DIFF_SUMMARY;
            else
                return cli_usage_error("diff", usage, "unknown format '%s'", optarg);
            break;
        case 'm': options.report_moves = 0; break;
        case 'h': fputs(usage, stdout); return EXIT_VALID;
        default: return cli_usage_error("diff", usage, "unknown option");
        }
    }
    if (argc - optind != 2)
        return cli_usage_error("diff", usage, "two files expected: OLD NEW");
    if (strcmp(argv[optind], "-") == 0 && strcmp(argv[optind + 1], "-") == 0)
        return cli_usage_error("diff", usage, "only one of OLD and NEW can be standard input");
    oso_dossier *old_dossier = load(argv[optind]);
    oso_dossier *new_dossier = old_dossier ? load(argv[optind + 1]) : NULL;
    int code = EXIT_TROUBLE;
    oso_diff *diff = NULL;
    char *text = NULL;
    size_t length = 0;
    if (new_dossier != NULL) {
        oso_status st = oso_dossier_diff(&diff, old_dossier, new_dossier, &options);
        if (st == OSO_OK)
            st = oso_diff_format_text(&text, &length, diff, format);
        if (st != OSO_OK)
            code = cli_lib_error("diff", "comparing", st);
        else if (fwrite(text, 1, length, stdout) != length || fflush(stdout) != 0)
            code = cli_lib_error("diff", "writing output", OSO_E_IO);
        else
            code = oso_diff_count(diff) == 0 ? EXIT_VALID : EXIT_INVALID;
    }
    oso_free(text);
    oso_diff_free(diff);
    oso_dossier_free(new_dossier);
    oso_dossier_free(old_dossier);
    return code;
}
