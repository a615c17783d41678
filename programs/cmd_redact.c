/* `oso redact [--release SPEC] FILE -o OUT`: apply selective release (agreement 4.3). */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const char usage[] =
    "usage: oso redact [--release metadata|PRESET|CAT=VALUE,...] [--profile auto|none|OV|PaO]\n"
    "                  [--codelists DIR] [--force] [--lang nl|en] FILE -o OUT\n"
    "PRESET: OV-BB, OV-POPO, OV-POVO, OV-VOVO, PaO-POSWV, PaO-VOSWV (add -opt-out to switch\n"
    "        every optional category off). CAT=VALUE pairs (cat_vve=OPT-UIT or vve=OPT-UIT)\n"
    "        override; categories not given keep the dossier's own value. 'metadata' (the\n"
    "        default) uses the dossier's categorie_uitlevering as it is.\n"
    "The result is validated; an invalid result is not written unless --force is given.\n";

/* Apply the comma-separated items of SPEC in order: presets, 'metadata', CAT=VALUE pairs. */
oso_status cli_parse_release(oso_release *rel, const char *spec)
{
    char *copy = strdup(spec), *save = NULL;
    if (copy == NULL)
        return OSO_E_NOMEM;
    oso_status st = OSO_OK;
    for (char *tok = strtok_r(copy, ",", &save); tok && st == OSO_OK; tok = strtok_r(NULL, ",", &save)) {
        if (strcmp(tok, "metadata") == 0)
            continue;
        if (strchr(tok, '=') != NULL) {
            st = oso_release_parse(rel, tok);
            continue;
        }
        oso_release *preset;
        st = oso_release_preset(&preset, tok);
        if (st == OSO_OK) {
            for (int c = 1; c <= OSO_CATEGORY_COUNT; c++)
                oso_release_set(rel, oso_release_category_field(c),
                                oso_release_get(preset, oso_release_category_field(c)));
            oso_release_free(preset);
        }
    }
    free(copy);
    return st;
}

static void print_report(const char *file, const oso_report *r, oso_lang lang)
{
    for (size_t i = 0; i < oso_report_count(r); i++) {
        const oso_diagnostic *g = oso_report_at(r, i);
        if (oso_diagnostic_severity(g) == OSO_SEVERITY_INFO)
            continue;
        fprintf(stderr, "%s:%lu:%lu: %s: %s%s\n", file, oso_diagnostic_line(g),
                oso_diagnostic_column(g), oso_diagnostic_rule(g),
                oso_diagnostic_severity(g) == OSO_SEVERITY_WARNING
                    ? (lang == OSO_LANG_EN ? "warning: " : "waarschuwing: ") : "",
                oso_diagnostic_message(g, lang));
    }
}

int oso_cmd_redact(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"release", required_argument, NULL, 'r'}, {"profile", required_argument, NULL, 'p'},
        {"codelists", required_argument, NULL, 'c'}, {"force", no_argument, NULL, 'f'},
        {"lang", required_argument, NULL, 'l'},    {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
    };
    const char *spec = "metadata", *out = NULL, *codelist_dir = NULL;
    int force = 0, c;
    oso_lang lang = OSO_LANG_NL;
    oso_validate_options vo = OSO_VALIDATE_OPTIONS_INIT;
    optind = 0;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'r': spec = optarg; break;
        case 'p':
            if (strcasecmp(optarg, "auto") == 0)
                vo.profile = OSO_PROFILE_AUTO;
            else if (strcasecmp(optarg, "none") == 0)
                vo.profile = OSO_PROFILE_NONE;
            else if (strcasecmp(optarg, "OV") == 0)
                vo.profile = OSO_PROFILE_OV;
            else if (strcasecmp(optarg, "PaO") == 0)
                vo.profile = OSO_PROFILE_PAO;
            else
                return cli_usage_error("redact", usage, "unknown profile '%s'", optarg);
            break;
        case 'c': codelist_dir = optarg; break;
        case 'f': force = 1; break;
        case 'l': lang = strcmp(optarg, "en") == 0 ? OSO_LANG_EN : OSO_LANG_NL; break;
        case 'o': out = optarg; break;
        case 'h': fputs(usage, stdout); return EXIT_VALID;
        default: return cli_usage_error("redact", usage, "unknown option");
        }
    }
    if (argc - optind != 1)
        return cli_usage_error("redact", usage, "exactly one FILE expected");
    if (out == NULL)
        return cli_usage_error("redact", usage, "-o OUT is required");
    const char *file = argv[optind];

    oso_release *rel;
    oso_status st = oso_release_new(&rel);
    if (st == OSO_OK && (st = cli_parse_release(rel, spec)) != OSO_OK) {
        oso_release_free(rel);
        return cli_usage_error("redact", usage, "%s", oso_error_last());
    }
    oso_codelists *lists = NULL;
    if (st == OSO_OK && codelist_dir != NULL &&
        ((st = oso_codelists_new(&lists)) != OSO_OK ||
         (st = oso_codelists_load_dir(lists, codelist_dir)) != OSO_OK)) {
        oso_release_free(rel);
        oso_codelists_free(lists);
        return cli_lib_error("redact", "--codelists", st);
    }
    vo.codelists = lists;
    oso_dossier *d = NULL, *redacted = NULL;
    oso_report *r = NULL;
    st = strcmp(file, "-") == 0 ? oso_dossier_parse_fd(&d, &r, STDIN_FILENO, NULL)
                                : oso_dossier_parse_file(&d, &r, file, NULL);
    int code = EXIT_VALID;
    if (d == NULL) {
        print_report(file, r, lang);
        code = st == OSO_E_IO || st == OSO_E_NOMEM ? cli_lib_error("redact", file, st) : EXIT_INVALID;
    } else {
        oso_report_free(r);
        r = NULL;
        st = oso_dossier_redact(&redacted, &r, d, rel, &vo);
        if (st == OSO_E_RELEASE) {
            print_report(file, r, lang);
            code = EXIT_INVALID;
        } else if (st != OSO_OK) {
            code = cli_lib_error("redact", file, st);
        } else {
            print_report(file, r, lang);
            if (!oso_report_valid(r) && !force) {
                fprintf(stderr, "oso redact: the result is not valid; %s not written (use --force)\n", out);
                code = EXIT_INVALID;
            } else {
                st = strcmp(out, "-") == 0 ? oso_dossier_write_xml(redacted, stdout, NULL)
                                           : oso_dossier_save_xml(redacted, out, NULL);
                if (st != OSO_OK)
                    code = cli_lib_error("redact", out, st);
                else if (!oso_report_valid(r))
                    code = EXIT_INVALID;
            }
        }
    }
    oso_report_free(r);
    oso_dossier_free(redacted);
    oso_dossier_free(d);
    oso_release_free(rel);
    oso_codelists_free(lists);
    return code;
}
