/* validate.c — import side: validate OSO dossiers and print what is wrong with them.
 *
 *   validate [--lang nl|en] [--codelists DIR] [--strict] FILE...
 *
 * For each file: one line per diagnostic (FILE:LINE:COLUMN: severity RULE: message at PATH)
 * and a verdict line. Exit status: 0 when every file is valid, 1 when some file is invalid,
 * 2 on a usage or I/O error.
 *
 * Build: cc validate.c $(pkg-config --cflags --libs oso) -o validate
 */
#include <oso/oso.h>

#include <stdio.h>
#include <string.h>

static int usage(void)
{
    fputs("usage: validate [--lang nl|en] [--codelists DIR] [--strict] FILE...\n", stderr);
    return 2;
}

int main(int argc, char **argv)
{
    oso_lang lang = OSO_LANG_NL;
    const char *codelist_dir = NULL;
    oso_validate_options options = OSO_VALIDATE_OPTIONS_INIT;
    int first = 1;

    for (; first < argc && strncmp(argv[first], "--", 2) == 0; first++) {
        if (strcmp(argv[first], "--strict") == 0) {
            options.strict = 1;
        } else if (strcmp(argv[first], "--lang") == 0 && first + 1 < argc) {
            const char *value = argv[++first];
            if (strcmp(value, "en") == 0)
                lang = OSO_LANG_EN;
            else if (strcmp(value, "nl") != 0)
                return usage();
        } else if (strcmp(argv[first], "--codelists") == 0 && first + 1 < argc) {
            codelist_dir = argv[++first];
        } else {
            return usage();
        }
    }
    if (first == argc)
        return usage();

    /* Codelists: the embedded defaults, optionally overlaid with newer lists from a directory.
     * Loaded once and shared by every validation (also across threads). */
    oso_codelists *lists = NULL;
    if (codelist_dir != NULL) {
        oso_status st = oso_codelists_new(&lists);
        if (st == OSO_OK)
            st = oso_codelists_load_dir(lists, codelist_dir);
        if (st != OSO_OK) {
            fprintf(stderr, "validate: %s: %s\n", codelist_dir, oso_error_last());
            oso_codelists_free(lists);
            return 2;
        }
        options.codelists = lists;
    }

    int exit_code = 0;
    for (int i = first; i < argc; i++) {
        oso_report *report = NULL;
        /* Parse and validate in one call. A document that is not even well-formed XML still
         * gives OSO_OK, with an `XML` diagnostic in the report. */
        oso_status st = oso_validate_file(&report, argv[i], &options, NULL);
        if (st != OSO_OK) {
            fprintf(stderr, "validate: %s: %s\n", argv[i], oso_error_last());
            exit_code = 2;
            continue;
        }
        for (size_t k = 0; k < oso_report_count(report); k++) {
            const oso_diagnostic *d = oso_report_at(report, k);
            const char *path = oso_diagnostic_path(d);
            printf("%s:%lu:%lu: %s %s: %s%s%s\n", argv[i], oso_diagnostic_line(d),
                   oso_diagnostic_column(d), oso_severity_name(oso_diagnostic_severity(d)),
                   oso_diagnostic_rule(d), oso_diagnostic_message(d, lang),
                   path[0] ? " at " : "", path);
        }
        const char *profile = oso_report_profile(report);
        int valid = oso_report_valid(report);
        printf("%s: %s (profile %s; %zu error(s), %zu warning(s))\n", argv[i],
               valid ? "valid" : "INVALID", profile ? profile : "none",
               oso_report_error_count(report), oso_report_warning_count(report));
        if (!valid && exit_code == 0)
            exit_code = 1;
        oso_report_free(report);
    }
    oso_codelists_free(lists);
    return exit_code;
}
