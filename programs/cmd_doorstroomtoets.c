/* `oso doorstroomtoets`: the doorstroomtoets chain's JSON messages (oso/chain.h). */
#include "cli.h"

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
    "usage: oso doorstroomtoets check [--format text|json] [--type TYPE] [--lang nl|en]\n"
    "                                 [--max-bytes N] FILE.json...\n"
    "TYPE: Deelnemerslijst, Schooladviezenlijst, Leerlingresultaat, Ontvangstmelding\n"
    "      (default: recognised from the content). FILE may be '-' for standard input.\n"
    "Exit status: 0 all valid, 1 some message invalid, 2 usage or I/O error.\n";

static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static void print_text(const char *file, const oso_report *r, oso_lang lang)
{
    for (size_t i = 0; i < oso_report_count(r); i++) {
        const oso_diagnostic *g = oso_report_at(r, i);
        printf("%s:%lu:%lu: %s: %s", file, oso_diagnostic_line(g), oso_diagnostic_column(g),
               oso_diagnostic_rule(g), oso_diagnostic_message(g, lang));
        if (oso_diagnostic_path(g)[0])
            printf(" [%s]", oso_diagnostic_path(g));
        putchar('\n');
    }
    if (oso_report_omitted_count(r) > 0)
        printf(lang == OSO_LANG_EN ? "%s: %zu more diagnostic(s) not listed\n"
                                   : "%s: nog %zu melding(en) niet getoond\n",
               file, oso_report_omitted_count(r));
}

static void print_json(const char *file, oso_chain_message_type type, const oso_report *r,
                       oso_lang lang)
{
    fputs("{\"file\":", stdout);
    json_string(stdout, file);
    printf(",\"valid\":%s,\"type\":", oso_report_valid(r) ? "true" : "false");
    if (type == OSO_CHAIN_UNKNOWN)
        fputs("null", stdout);
    else
        json_string(stdout, oso_chain_message_type_name(type));
    fputs(",\"diagnostics\":[", stdout);
    for (size_t i = 0; i < oso_report_count(r); i++) {
        const oso_diagnostic *g = oso_report_at(r, i);
        fputs(i ? ",{\"rule\":" : "{\"rule\":", stdout);
        json_string(stdout, oso_diagnostic_rule(g));
        printf(",\"severity\":\"%s\",\"path\":", oso_severity_name(oso_diagnostic_severity(g)));
        json_string(stdout, oso_diagnostic_path(g));
        printf(",\"line\":%lu,\"column\":%lu,\"message\":", oso_diagnostic_line(g),
               oso_diagnostic_column(g));
        json_string(stdout, oso_diagnostic_message(g, lang));
        fputc('}', stdout);
    }
    fputc(']', stdout);
    if (oso_report_omitted_count(r) > 0)
        printf(",\"omitted\":%zu", oso_report_omitted_count(r));
    fputs("}\n", stdout);
}

static int cmd_check(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'}, {"type", required_argument, NULL, 't'},
        {"lang", required_argument, NULL, 'l'},   {"max-bytes", required_argument, NULL, 'm'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
    int json = 0;
    oso_lang lang = OSO_LANG_NL;
    oso_chain_check_options o = OSO_CHAIN_CHECK_OPTIONS_INIT;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (strcmp(optarg, "json") == 0)
                json = 1;
            else if (strcmp(optarg, "text") == 0)
                json = 0;
            else
                return cli_usage_error("doorstroomtoets", usage, "unknown format '%s'", optarg);
            break;
        case 't':
            if (oso_chain_message_type_from_name(&o.expect, optarg) != OSO_OK)
                return cli_usage_error("doorstroomtoets", usage, "unknown type '%s'", optarg);
            break;
        case 'l':
            if (strcmp(optarg, "nl") == 0)
                lang = OSO_LANG_NL;
            else if (strcmp(optarg, "en") == 0)
                lang = OSO_LANG_EN;
            else
                return cli_usage_error("doorstroomtoets", usage, "unknown language '%s'", optarg);
            break;
        case 'm': {
            char *end;
            unsigned long long n = strtoull(optarg, &end, 10);
            if (*optarg < '0' || *optarg > '9' || *end != '\0' || n == 0 || n > SIZE_MAX)
                return cli_usage_error("doorstroomtoets", usage, "bad --max-bytes '%s'", optarg);
            o.max_bytes = (size_t)n;
            break;
        }
        case 'h':
            fputs(usage, stdout);
            return EXIT_VALID;
        default:
            fputs(usage, stderr);
            return EXIT_TROUBLE;
        }
    }
    if (optind >= argc)
        return cli_usage_error("doorstroomtoets", usage, "no input files");
    int result = EXIT_VALID;
    size_t files = 0, invalid = 0, errors = 0;
    for (int i = optind; i < argc; i++) {
        const char *path = argv[i];
        oso_report *r = NULL;
        oso_chain_message_type type = OSO_CHAIN_UNKNOWN;
        oso_status st = strcmp(path, "-") == 0
                            ? oso_chain_check_fd(&r, &type, STDIN_FILENO, &o)
                            : oso_chain_check_file(&r, &type, path, &o);
        if (st != OSO_OK) {
            const char *detail = oso_error_last();
            fprintf(stderr, "oso doorstroomtoets: %s: %s\n", path,
                    detail[0] ? detail : oso_strerror(st));
            result = EXIT_TROUBLE;
            continue;
        }
        files++;
        if (!oso_report_valid(r)) {
            invalid++;
            if (result == EXIT_VALID)
                result = EXIT_INVALID;
        }
        errors += oso_report_error_count(r);
        if (json)
            print_json(path, type, r, lang);
        else
            print_text(path, r, lang);
        oso_report_free(r);
    }
    if (!json)
        printf(
               lang == OSO_LANG_EN ? "%zu message(s) checked, %zu invalid, %zu error(s)\n"
                                   : "%zu bericht(en) gecontroleerd, %zu ongeldig, %zu fout(en)\n",
               files, invalid, errors);
    return result;
}

int oso_cmd_doorstroomtoets(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return EXIT_TROUBLE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage, stdout);
        return EXIT_VALID;
    }
    if (strcmp(argv[1], "check") == 0)
        return cmd_check(argc - 1, argv + 1);
    return cli_usage_error("doorstroomtoets", usage, "unknown subcommand '%s'", argv[1]);
}
