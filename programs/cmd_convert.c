/* `oso convert --to xml|json [--compact] FILE [-o OUT]`. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char usage[] = "usage: oso convert --to xml|json [--compact] [--omit-attachments] "
                            "FILE [-o OUT]\n";

int oso_cmd_convert(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"to", required_argument, NULL, 't'},
        {"compact", no_argument, NULL, 'c'},
        {"omit-attachments", no_argument, NULL, 'a'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *to = NULL, *out = NULL;
    oso_write_options wo = OSO_WRITE_OPTIONS_INIT;
    int c;
    optind = 0; /* GNU getopt permutes, so options may also follow FILE */
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 't': to = optarg; break;
        case 'c': wo.compact = 1; break;
        case 'a': wo.omit_attachment_content = 1; break;
        case 'o': out = optarg; break;
        case 'h': fputs(usage, stdout); return EXIT_VALID;
        default: return cli_usage_error("convert", usage, "unknown option");
        }
    }
    if (argc - optind > 1)
        return cli_usage_error("convert", usage, "exactly one FILE expected");
    const char *file = optind < argc ? argv[optind] : NULL;
    if (to == NULL || (strcmp(to, "xml") != 0 && strcmp(to, "json") != 0))
        return cli_usage_error("convert", usage, "--to xml or --to json is required");
    if (file == NULL)
        return cli_usage_error("convert", usage, "FILE is required");
    oso_dossier *d;
    oso_report *r;
    oso_status st = strcmp(file, "-") == 0 ? oso_dossier_parse_fd(&d, &r, STDIN_FILENO, NULL)
                                           : oso_dossier_parse_file(&d, &r, file, NULL);
    for (size_t i = 0; i < oso_report_count(r); i++) {
        const oso_diagnostic *g = oso_report_at(r, i);
        fprintf(stderr, "%s:%lu:%lu: %s: %s\n", file, oso_diagnostic_line(g),
                oso_diagnostic_column(g), oso_diagnostic_rule(g),
                oso_diagnostic_message(g, OSO_LANG_EN));
    }
    oso_report_free(r);
    if (d == NULL)
        return st == OSO_E_XML || st == OSO_E_LIMIT || st == OSO_E_UNSUPPORTED_STANDARD
                   ? EXIT_INVALID
                   : cli_lib_error("convert", file, st);
    int json = strcmp(to, "json") == 0;
    if (out == NULL || strcmp(out, "-") == 0)
        st = json ? oso_dossier_write_json(d, stdout, &wo) : oso_dossier_write_xml(d, stdout, &wo);
    else
        st = json ? oso_dossier_save_json(d, out, &wo) : oso_dossier_save_xml(d, out, &wo);
    oso_dossier_free(d);
    if (st != OSO_OK)
        return cli_lib_error("convert", out ? out : "standard output", st);
    return EXIT_VALID;
}
