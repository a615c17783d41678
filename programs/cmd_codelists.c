/* `oso codelists list|show N|lookup N CODE [--codelists DIR]`. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const int external_ids[] = {
    OSO_CODELIST_GBA_NATIONALITEITEN, OSO_CODELIST_GBA_LANDEN, OSO_CODELIST_OSO_TOETSCODES,
    OSO_CODELIST_DUO_ELEMENTCODES, OSO_CODELIST_DUO_VAKCODES,
};

static const char synopsis[] = "usage: oso codelists list [--codelists DIR]\n"
                               "       oso codelists show N [--codelists DIR]\n"
                               "       oso codelists lookup N CODE [--codelists DIR]\n";

static void help(void)
{
    fputs(synopsis, stdout);
    fputs("\n"
          "N is a list number (14, 014), an external table key (gba-landen,\n"
          "gba-nationaliteiten, oso-toetscodes, duo-elementcodes, duo-vakcodes) or a rule id\n"
          "(CL14, CL.gba-landen). --codelists overlays every *.tsv file of DIR (or one file)\n"
          "on the built-in lists; it may be repeated, later ones win.\n"
          "lookup prints the meaning and exits 0 if CODE is in the list, 1 if not.\n",
          stdout);
}

static const char *flags_text(const oso_codelist *cl, unsigned int flags)
{
    if (oso_codelist_id(cl) != OSO_CODELIST_OSO_TOETSCODES)
        return NULL;
    return flags & OSO_CODE_ONDERDEEL ? "onderdeel=yes" : "onderdeel=no";
}

static void print_list_line(const oso_codelist *cl)
{
    printf("%s\t%s\t%s\t%zu\t%s\n", oso_codelist_key(cl), oso_codelist_name(cl),
           oso_codelist_version(cl), oso_codelist_size(cl), oso_codelist_origin(cl));
}

static void cmd_list(const oso_codelists *set)
{
    for (size_t i = 0; i < oso_codelists_count(set); i++)
        print_list_line(oso_codelists_at(set, i));
    /* Name the external tables that are not loaded too, so users learn their keys. */
    for (size_t i = 0; i < sizeof external_ids / sizeof external_ids[0]; i++)
        if (oso_codelists_get(set, external_ids[i]) == NULL)
            printf("%s\t(not loaded)\t-\t0\t-\n", oso_codelist_external_key(external_ids[i]));
}

/* Prints the list in the codelist file format, so the output can be edited and loaded again. */
static void cmd_show(const oso_codelist *cl)
{
    printf("# list: %s\n# name: %s\n# version: %s\n", oso_codelist_key(cl), oso_codelist_name(cl),
           oso_codelist_version(cl));
    if (oso_codelist_source(cl)[0] != '\0')
        printf("# source: %s\n", oso_codelist_source(cl));
    printf("# origin: %s\n", oso_codelist_origin(cl));
    for (size_t i = 0; i < oso_codelist_size(cl); i++) {
        const char *code, *meaning;
        unsigned int flags;
        oso_codelist_entry(cl, i, &code, &meaning, &flags);
        const char *ft = flags_text(cl, flags);
        printf("%s\t%s%s%s\n", code, meaning, ft ? "\t" : "", ft ? ft : "");
    }
}

static int cmd_lookup(const oso_codelist *cl, const char *code)
{
    const char *meaning;
    unsigned int flags;
    if (oso_codelist_lookup(cl, code, strlen(code), &meaning, &flags) != OSO_OK) {
        fprintf(stderr, "oso codelists: %s\n", oso_error_last());
        return EXIT_INVALID;
    }
    const char *ft = flags_text(cl, flags);
    printf("%s%s%s\n", meaning, ft ? "\t" : "", ft ? ft : "");
    return EXIT_VALID;
}

static int overlay(oso_codelists *set, const char *path)
{
    struct stat sb;
    oso_status st = stat(path, &sb) == 0 && S_ISREG(sb.st_mode)
                        ? oso_codelists_load_file(set, path)
                        : oso_codelists_load_dir(set, path);
    if (st != OSO_OK) {
        cli_lib_error("codelists", "--codelists", st);
        return 0;
    }
    return 1;
}

/* Split the arguments; returns -1 to go on, else the exit status. */
static int parse_args(int argc, char **argv, const char **pos, int *npos, const char **dirs,
                      int *ndirs)
{
    int only_positional = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!only_positional && strcmp(a, "--") == 0) {
            only_positional = 1; /* so a CODE may start with '-' */
        } else if (!only_positional && (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)) {
            help();
            return EXIT_VALID;
        } else if (!only_positional && strcmp(a, "--codelists") == 0) {
            if (++i == argc)
                return cli_usage_error("codelists", synopsis, TR("%s heeft een map nodig", "%s needs a directory"), a);
            dirs[(*ndirs)++] = argv[i];
        } else if (!only_positional && strncmp(a, "--codelists=", 12) == 0) {
            dirs[(*ndirs)++] = a + 12;
        } else if (!only_positional && a[0] == '-' && a[1] != '\0') {
            return cli_usage_error("codelists", synopsis, TR("onbekende optie '%s'", "unknown option '%s'"), a);
        } else if (*npos == 3) {
            return cli_usage_error("codelists", synopsis, TR("onverwacht argument '%s'", "unexpected argument '%s'"), a);
        } else {
            pos[(*npos)++] = a;
        }
    }
    if (*npos == 0)
        return cli_usage_error("codelists", synopsis, TR("actie ontbreekt (list, show of lookup)", "missing action (list, show or lookup)"));
    return -1;
}

static int run(const char **pos, int npos, const char **dirs, int ndirs)
{
    const char *action = pos[0];
    int want = strcmp(action, "list") == 0     ? 1
               : strcmp(action, "show") == 0   ? 2
               : strcmp(action, "lookup") == 0 ? 3
                                               : 0;
    if (want == 0)
        return cli_usage_error("codelists", synopsis, TR("onbekende actie '%s'", "unknown action '%s'"), action);
    if (npos != want)
        return cli_usage_error("codelists", synopsis,
                               npos < want ? TR("te weinig argumenten voor '%s'", "too few arguments for '%s'")
                                           : TR("te veel argumenten voor '%s'", "too many arguments for '%s'"),
                               action);
    int list_id = 0;
    if (want > 1 && oso_codelist_parse_key(pos[1], &list_id) != OSO_OK) {
        fprintf(stderr, "oso codelists: %s\n", oso_error_last());
        return EXIT_TROUBLE;
    }

    oso_codelists *set;
    oso_status st = oso_codelists_new(&set);
    if (st != OSO_OK)
        return cli_lib_error("codelists", TR("ingebouwde lijsten", "built-in lists"), st);
    int rc = EXIT_VALID;
    for (int i = 0; i < ndirs && rc == EXIT_VALID; i++)
        if (!overlay(set, dirs[i]))
            rc = EXIT_TROUBLE;
    const oso_codelist *cl = NULL;
    if (rc == EXIT_VALID && want > 1 && (cl = oso_codelists_get(set, list_id)) == NULL) {
        const char *key = oso_codelist_external_key(list_id);
        if (key != NULL)
            fprintf(stderr, TR("oso codelists: lijst %s is niet geladen (een externe tabel: geef "
                               "het bestand met --codelists)\n",
                               "oso codelists: list %s is not loaded (an external table: give its "
                               "file with --codelists)\n"), key);
        else
            fprintf(stderr, TR("oso codelists: er is geen lijst %d\n", "oso codelists: there is no list %d\n"), list_id);
        rc = EXIT_TROUBLE;
    }
    if (rc == EXIT_VALID) {
        if (want == 1)
            cmd_list(set);
        else if (want == 2)
            cmd_show(cl);
        else
            rc = cmd_lookup(cl, pos[2]);
    }
    oso_codelists_free(set);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "oso codelists: %s\n", cli_errno_text(errno));
        return EXIT_TROUBLE;
    }
    return rc;
}

int oso_cmd_codelists(int argc, char **argv)
{
    const char *pos[3];
    int npos = 0;
    const char **dirs = malloc((size_t)(argc > 0 ? argc : 1) * sizeof *dirs);
    int ndirs = 0;
    if (dirs == NULL) {
        fputs("oso codelists: out of memory\n", stderr);
        return EXIT_TROUBLE;
    }
    int rc = parse_args(argc, argv, pos, &npos, dirs, &ndirs);
    if (rc < 0)
        rc = run(pos, npos, dirs, ndirs);
    free(dirs);
    return rc;
}
