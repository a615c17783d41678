/* `oso anonymize [--seed S] [--key-file F] FILE -o OUT`: an anonymised copy of a dossier for
 * test data and support cases (doc/anonymize.md). */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
    "usage: oso anonymize [--seed S] [--key-file F] FILE -o OUT\n"
    "Replaces every personal value (names, numbers, addresses, contact data, dates, free text,\n"
    "attachments) by a realistic fake of the same kind; the result is valid exactly when FILE\n"
    "is. The same FILE and seed give the same output. With --key-file, the file's bytes are\n"
    "the secret key of the keyed mapping: the same original value gets the same fake in every\n"
    "dossier anonymised with that key (the seed is then not used). FILE and OUT may be '-'.\n"
    "Exit status: 0 written, 1 written but FILE (and so OUT) is not valid, 2 error.\n";

/* Read a whole key file (at most 1 MiB). */
static int read_key(const char *path, unsigned char **key, size_t *length)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "oso anonymize: %s: %s\n", path, strerror(errno));
        return 0;
    }
    size_t cap = 1024 * 1024;
    unsigned char *buf = malloc(cap);
    size_t n = buf ? fread(buf, 1, cap, f) : 0;
    int ok = buf != NULL && !ferror(f) && n > 0 && fgetc(f) == EOF;
    fclose(f);
    if (!ok) {
        fprintf(stderr, "oso anonymize: %s: %s\n", path,
                buf == NULL ? "out of memory" : n == 0 ? "empty or unreadable key file"
                                                       : "key file larger than 1 MiB");
        free(buf);
        return 0;
    }
    *key = buf;
    *length = n;
    return 1;
}

int oso_cmd_anonymize(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"seed", required_argument, NULL, 's'}, {"key-file", required_argument, NULL, 'k'},
        {"output", required_argument, NULL, 'o'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    oso_anonymize_options options = OSO_ANONYMIZE_OPTIONS_INIT;
    const char *out = NULL, *key_file = NULL;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 's': {
            char *end;
            errno = 0;
            uintmax_t v = strtoumax(optarg, &end, 10);
            if (errno != 0 || *end != '\0' || end == optarg || optarg[0] == '-' || v > UINT64_MAX)
                return cli_usage_error("anonymize", usage, "--seed needs a number, not '%s'", optarg);
            options.seed = (uint64_t)v;
            break;
        }
        case 'k': key_file = optarg; break;
        case 'o': out = optarg; break;
        case 'h': fputs(usage, stdout); return EXIT_VALID;
        default: return cli_usage_error("anonymize", usage, "unknown option");
        }
    }
    if (argc - optind != 1)
        return cli_usage_error("anonymize", usage, "exactly one FILE expected");
    if (out == NULL)
        return cli_usage_error("anonymize", usage, "-o OUT is required");
    const char *file = argv[optind];
    unsigned char *key = NULL;
    if (key_file != NULL) {
        if (!read_key(key_file, &key, &options.key_length))
            return EXIT_TROUBLE;
        options.key = key;
    }
    oso_dossier *d = NULL, *anonymized = NULL;
    oso_report *r = NULL;
    oso_status st = strcmp(file, "-") == 0 ? oso_dossier_parse_fd(&d, &r, STDIN_FILENO, NULL)
                                           : oso_dossier_parse_file(&d, &r, file, NULL);
    int code = EXIT_VALID;
    if (d == NULL) {
        const oso_diagnostic *g = oso_report_count(r) ? oso_report_at(r, 0) : NULL;
        if (g != NULL)
            fprintf(stderr, "oso anonymize: %s:%lu:%lu: %s\n", file, oso_diagnostic_line(g),
                    oso_diagnostic_column(g), oso_diagnostic_message(g, OSO_LANG_EN));
        else
            cli_lib_error("anonymize", file, st);
        code = EXIT_TROUBLE;
    } else if ((st = oso_dossier_anonymize(&anonymized, d, &options)) != OSO_OK) {
        code = cli_lib_error("anonymize", file, st);
    } else {
        st = strcmp(out, "-") == 0 ? oso_dossier_write_xml(anonymized, stdout, NULL)
                                   : oso_dossier_save_xml(anonymized, out, NULL);
        oso_report *verdict = NULL;
        if (st != OSO_OK)
            code = cli_lib_error("anonymize", out, st);
        else if ((st = oso_validate(&verdict, anonymized, NULL)) != OSO_OK)
            code = cli_lib_error("anonymize", "validating the result", st);
        else if (!oso_report_valid(verdict))
            code = EXIT_INVALID; /* written all the same: it is as (in)valid as FILE */
        oso_report_free(verdict);
    }
    oso_report_free(r);
    oso_dossier_free(anonymized);
    oso_dossier_free(d);
    free(key);
    return code;
}
