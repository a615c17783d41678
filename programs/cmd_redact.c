/* `oso redact [--release SPEC] FILE -o OUT`: apply selective release (agreement 4.3). */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const char usage_nl[] =
    "gebruik: oso redact [--release metadata|PRESET|CAT=WAARDE,...] [--profile auto|none|OV|PaO]\n"
    "                    [--codelists DIR] [--force] [--lang nl|en] [--limit NAAM=WAARDE]...\n"
    "                    BESTAND -o UIT\n"
    "PRESET: OV-BB, OV-POPO, OV-POVO, OV-VOVO, PaO-POSWV, PaO-VOSWV (met -opt-out: elke\n"
    "        optionele categorie uit). CAT=WAARDE-paren (cat_vve=OPT-UIT of vve=OPT-UIT)\n"
    "        gaan voor; niet genoemde categorieën houden de waarde uit het dossier. 'metadata'\n"
    "        (standaard) gebruikt categorie_uitlevering van het dossier zoals het is.\n"
    "Het resultaat wordt gevalideerd; een ongeldig resultaat wordt alleen met --force geschreven.\n"
    "--profile (standaard auto), --codelists, --lang (standaard: OSO_LANG, anders\n"
    "LC_ALL/LC_MESSAGES/LANG) en --limit (herhaalbaar; k, M, G = 1024-machten) als bij validate:\n";
static const char usage_en[] =
    "usage: oso redact [--release metadata|PRESET|CAT=VALUE,...] [--profile auto|none|OV|PaO]\n"
    "                  [--codelists DIR] [--force] [--lang nl|en] [--limit NAME=VALUE]...\n"
    "                  FILE -o OUT\n"
    "PRESET: OV-BB, OV-POPO, OV-POVO, OV-VOVO, PaO-POSWV, PaO-VOSWV (add -opt-out to switch\n"
    "        every optional category off). CAT=VALUE pairs (cat_vve=OPT-UIT or vve=OPT-UIT)\n"
    "        override; categories not given keep the dossier's own value. 'metadata' (the\n"
    "        default) uses the dossier's categorie_uitlevering as it is.\n"
    "The result is validated; an invalid result is not written unless --force is given.\n"
    "--profile (default auto), --codelists, --lang (default: OSO_LANG, else\n"
    "LC_ALL/LC_MESSAGES/LANG) and --limit (repeatable; k, M, G = powers of 1024) as for validate:\n";
#define USAGE TR(usage_nl, usage_en)

static void help(void)
{
    fputs(USAGE, stdout);
    cli_limits_help(stdout);
    fputs(TR("\nVoorbeeld:\n  oso redact --release OV-POVO-opt-out dossier.xml -o uit.xml\n",
             "\nExample:\n  oso redact --release OV-POVO-opt-out dossier.xml -o out.xml\n"), stdout);
}

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

static void print_report(const char *file, const oso_report *r)
{
    for (size_t i = 0; i < oso_report_count(r); i++) {
        const oso_diagnostic *g = oso_report_at(r, i);
        if (oso_diagnostic_severity(g) != OSO_SEVERITY_INFO)
            cli_print_diagnostic(stderr, file, g);
    }
}

int oso_cmd_redact(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"release", required_argument, NULL, 'r'}, {"profile", required_argument, NULL, 'p'},
        {"codelists", required_argument, NULL, 'c'}, {"force", no_argument, NULL, 'f'},
        {"lang", required_argument, NULL, 'l'},    {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},          {"limit", required_argument, NULL, 'L'},
        {NULL, 0, NULL, 0},
    };
    struct cli_limits limits;
    cli_limits_init(&limits);
    cli_limits_active = &limits;
    const char *spec = "metadata", *out = NULL, *codelist_dir = NULL;
    int force = 0, c;
    oso_validate_options vo = OSO_VALIDATE_OPTIONS_INIT;
    for (int i = 1; i + 1 < argc; i++) /* --lang first: every message in the run's language */
        if (strcmp(argv[i], "--lang") == 0)
            cli_set_lang(argv[i + 1]);
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
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
                return cli_usage_error("redact", USAGE, TR("onbekend profiel '%s'", "unknown profile '%s'"), optarg);
            break;
        case 'c': codelist_dir = optarg; break;
        case 'f': force = 1; break;
        case 'l':
            if (!cli_set_lang(optarg))
                return cli_usage_error("redact", USAGE, TR("onbekende taal '%s'", "unknown language '%s'"), optarg);
            break;
        case 'L':
            if (!cli_limit_set(&limits, "redact", USAGE, optarg))
                return EXIT_TROUBLE;
            break;
        case 'o': out = optarg; break;
        case 'h': help(); return EXIT_VALID;
        default: return cli_option_error("redact", c, argv);
        }
    }
    if (argc - optind != 1)
        return cli_usage_error("redact", USAGE, TR("precies één BESTAND verwacht", "exactly one FILE expected"));
    if (out == NULL)
        return cli_usage_error("redact", USAGE, TR("-o UIT is verplicht", "-o OUT is required"));
    const char *file = argv[optind];

    oso_release *rel;
    oso_status st = oso_release_new(&rel);
    if (st == OSO_OK && (st = cli_parse_release(rel, spec)) != OSO_OK) {
        oso_release_free(rel);
        return cli_usage_error("redact", USAGE, "%s", oso_error_last());
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
    st = strcmp(file, "-") == 0 ? oso_dossier_parse_fd(&d, &r, STDIN_FILENO, &limits.parse)
                                : oso_dossier_parse_file(&d, &r, file, &limits.parse);
    int code = EXIT_VALID;
    if (d == NULL) {
        print_report(file, r);
        code = st == OSO_E_IO || st == OSO_E_NOMEM ? cli_lib_error("redact", file, st) : EXIT_INVALID;
    } else {
        oso_report_free(r);
        r = NULL;
        st = oso_dossier_redact(&redacted, &r, d, rel, &vo);
        if (st == OSO_E_RELEASE) {
            print_report(file, r);
            code = EXIT_INVALID;
        } else if (st != OSO_OK) {
            code = cli_lib_error("redact", file, st);
        } else {
            print_report(file, r);
            if (!oso_report_valid(r) && !force) {
                fputs("oso redact: ", stderr);
                fprintf(stderr, TR("het resultaat is ongeldig; %s niet geschreven (gebruik --force)\n",
                                   "the result is not valid; %s not written (use --force)\n"), out);
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
