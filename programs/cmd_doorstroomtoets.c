/* `oso doorstroomtoets`: the doorstroomtoets chain's JSON messages (oso/chain.h). */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
    "usage: oso doorstroomtoets check [--format text|json] [--type TYPE] [--lang nl|en]\n"
    "                                 [--max-bytes N] FILE.json...\n"
    "       oso doorstroomtoets import RESULT.json [--rapport R.pdf] [--lang nl|en]\n"
    "                                  DOSSIER.xml -o OUT.xml\n"
    "       oso doorstroomtoets schooladvies DOSSIER.xml... -o LIST.json\n"
    "                                  [--auteur TEXT] [--datumtijd DATE-TIME] [--schooljaar JJJJ-JJJJ]\n"
    "                                  [--instellingscode C] [--vestigingscode C]\n"
    "                                  --onderwijsaanbiedercode C --onderwijslocatiecode C\n"
    "                                  --administratienr N\n"
    "       oso doorstroomtoets serve --listen ADDRESS:PORT [--school ID]... [--rapporten DIR]\n"
    "                                 [--store DIR] [--max-body BYTES] [--max-connections N]\n"
    "                                 [--threads N] [--timeout SECONDS]\n"
    "TYPE: Deelnemerslijst, Schooladviezenlijst, Leerlingresultaat, Ontvangstmelding\n"
    "      (default: recognised from the content). FILE may be '-' for standard input.\n"
    "Exit status: 0 all valid / done, 1 some message invalid or not mappable, 2 usage or I/O\n"
    "error.\n";

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

static const char *severity_prefix(oso_severity s, oso_lang lang)
{
    switch (s) {
    case OSO_SEVERITY_WARNING: return lang == OSO_LANG_EN ? "warning: " : "waarschuwing: ";
    case OSO_SEVERITY_INFO: return "info: ";
    default: return "";
    }
}

/* `FILE:LINE:COL: RULE: message` per finding, as `oso validate` prints them. */
static void print_text(const char *file, const oso_report *r, oso_lang lang)
{
    for (size_t i = 0; i < oso_report_count(r); i++) {
        const oso_diagnostic *g = oso_report_at(r, i);
        printf("%s:%lu:%lu: %s: %s%s\n", file, oso_diagnostic_line(g), oso_diagnostic_column(g),
               oso_diagnostic_rule(g), severity_prefix(oso_diagnostic_severity(g), lang),
               oso_diagnostic_message(g, lang));
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
    size_t files = 0, invalid = 0, errors = 0, warnings = 0;
    for (int i = optind; i < argc; i++) {
        const char *path = argv[i];
        oso_report *r = NULL;
        oso_chain_message_type type = OSO_CHAIN_UNKNOWN;
        oso_status st = strcmp(path, "-") == 0
                            ? oso_chain_check_fd(&r, &type, STDIN_FILENO, &o)
                            : oso_chain_check_file(&r, &type, path, &o);
        files++;
        if (st != OSO_OK) {
            const char *detail = oso_error_last();
            fprintf(stderr, "oso doorstroomtoets: %s: %s\n", path,
                    detail[0] ? detail : oso_strerror(st));
            if (json) { /* one object per input, also for one that could not be read */
                fputs("{\"file\":", stdout);
                json_string(stdout, path);
                fputs(",\"valid\":false,\"type\":null,\"diagnostics\":[],\"error\":", stdout);
                json_string(stdout, detail[0] ? detail : oso_strerror(st));
                fputs("}\n", stdout);
            }
            invalid++;
            result = EXIT_TROUBLE;
            continue;
        }
        if (!oso_report_valid(r)) {
            invalid++;
            if (result == EXIT_VALID)
                result = EXIT_INVALID;
        }
        errors += oso_report_error_count(r);
        warnings += oso_report_warning_count(r);
        if (json)
            print_json(path, type, r, lang);
        else
            print_text(path, r, lang);
        oso_report_free(r);
    }
    if (!json) {
        if (lang == OSO_LANG_EN)
            printf("%zu message(s): %zu valid, %zu invalid; %zu error(s), %zu warning(s)\n", files,
                   files - invalid, invalid, errors, warnings);
        else
            printf("%zu bericht(en): %zu geldig, %zu ongeldig; %zu fout(en), %zu waarschuwing(en)\n",
                   files, files - invalid, invalid, errors, warnings);
    }
    if (fflush(stdout) != 0)
        result = EXIT_TROUBLE;
    return result;
}

/* The whole file (malloc'd, NUL-terminated), or NULL with errno set. */
static unsigned char *read_file(const char *path, size_t *length)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t len = 0, cap = 65536;
    unsigned char *buf = malloc(cap + 1);
    while (buf != NULL) {
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (len < cap)
            break;
        unsigned char *p = realloc(buf, cap * 2 + 1);
        if (p == NULL) {
            free(buf);
            buf = NULL;
            errno = ENOMEM;
            break;
        }
        buf = p;
        cap *= 2;
    }
    int failed = ferror(f);
    fclose(f);
    if (buf != NULL && failed) {
        free(buf);
        errno = EIO;
        return NULL;
    }
    if (buf != NULL) {
        buf[len] = '\0';
        *length = len;
    }
    return buf;
}

static int cmd_import(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"rapport", required_argument, NULL, 'r'}, {"output", required_argument, NULL, 'o'},
        {"lang", required_argument, NULL, 'l'},    {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *rapport = NULL, *out = NULL;
    oso_lang lang = OSO_LANG_NL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'r': rapport = optarg; break;
        case 'o': out = optarg; break;
        case 'l':
            if (strcmp(optarg, "nl") != 0 && strcmp(optarg, "en") != 0)
                return cli_usage_error("doorstroomtoets", usage, "unknown language '%s'", optarg);
            lang = strcmp(optarg, "en") == 0 ? OSO_LANG_EN : OSO_LANG_NL;
            break;
        case 'h': fputs(usage, stdout); return EXIT_VALID;
        default: fputs(usage, stderr); return EXIT_TROUBLE;
        }
    }
    if (argc - optind != 2 || out == NULL)
        return cli_usage_error("doorstroomtoets", usage,
                               "import needs RESULT.json, DOSSIER.xml and -o OUT.xml");
    const char *result_path = argv[optind], *dossier_path = argv[optind + 1];
    size_t json_len = 0, pdf_len = 0;
    unsigned char *json = read_file(result_path, &json_len);
    if (json == NULL) {
        fprintf(stderr, "oso doorstroomtoets: %s: %s\n", result_path, strerror(errno));
        return EXIT_TROUBLE;
    }
    unsigned char *pdf = NULL;
    if (rapport != NULL && (pdf = read_file(rapport, &pdf_len)) == NULL) {
        fprintf(stderr, "oso doorstroomtoets: %s: %s\n", rapport, strerror(errno));
        free(json);
        return EXIT_TROUBLE;
    }
    oso_dossier *d = NULL;
    oso_report *pr = NULL;
    oso_status st = oso_dossier_parse_file(&d, &pr, dossier_path, NULL);
    oso_report_free(pr);
    int result = EXIT_TROUBLE;
    if (st != OSO_OK) {
        cli_lib_error("doorstroomtoets", dossier_path, st);
    } else {
        oso_report *r = NULL;
        st = oso_dossier_import_leerlingresultaat(d, &r, json, json_len, pdf, pdf_len);
        if (r != NULL)
            print_text(result_path, r, lang);
        oso_report_free(r);
        if (st == OSO_E_INVALID) {
            fprintf(stderr, "oso doorstroomtoets: %s: %s\n", result_path, oso_error_last());
            result = EXIT_INVALID;
        } else if (st != OSO_OK) {
            cli_lib_error("doorstroomtoets", result_path, st);
        } else if ((st = oso_dossier_save_xml(d, out, NULL)) != OSO_OK) {
            cli_lib_error("doorstroomtoets", out, st);
        } else {
            result = EXIT_VALID;
        }
    }
    oso_dossier_free(d);
    free(json);
    free(pdf);
    return result;
}

/* The school year of a date-time: from August on, the year that starts. */
static void school_year(char *buf, size_t size, const char *datumtijd)
{
    int y = atoi(datumtijd), m = atoi(datumtijd + 5);
    if (m < 8)
        y--;
    snprintf(buf, size, "%04d-%04d", y, y + 1);
}

static int cmd_schooladvies(int argc, char **argv)
{
    enum { AUTEUR = 1, DATUMTIJD, SCHOOLJAAR, INSTELLING, VESTIGING, AANBIEDER, LOCATIE, ADMIN };
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"auteur", required_argument, NULL, AUTEUR},
        {"datumtijd", required_argument, NULL, DATUMTIJD},
        {"schooljaar", required_argument, NULL, SCHOOLJAAR},
        {"instellingscode", required_argument, NULL, INSTELLING},
        {"vestigingscode", required_argument, NULL, VESTIGING},
        {"onderwijsaanbiedercode", required_argument, NULL, AANBIEDER},
        {"onderwijslocatiecode", required_argument, NULL, LOCATIE},
        {"administratienr", required_argument, NULL, ADMIN},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *out = NULL, *auteur = "oso " OSO_VERSION_STRING, *datumtijd = NULL,
               *schooljaar = NULL;
    oso_chain_school school = {NULL, NULL, NULL, NULL, NULL};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case AUTEUR: auteur = optarg; break;
        case DATUMTIJD: datumtijd = optarg; break;
        case SCHOOLJAAR: schooljaar = optarg; break;
        case INSTELLING: school.instellingscode = optarg; break;
        case VESTIGING: school.vestigingscode = optarg; break;
        case AANBIEDER: school.onderwijsaanbiedercode = optarg; break;
        case LOCATIE: school.onderwijslocatiecode = optarg; break;
        case ADMIN: school.administratienr = optarg; break;
        case 'h': fputs(usage, stdout); return EXIT_VALID;
        default: fputs(usage, stderr); return EXIT_TROUBLE;
        }
    }
    if (optind >= argc || out == NULL)
        return cli_usage_error("doorstroomtoets", usage,
                               "schooladvies needs DOSSIER.xml... and -o LIST.json");
    if (!school.onderwijsaanbiedercode || !school.onderwijslocatiecode || !school.administratienr)
        return cli_usage_error("doorstroomtoets", usage,
                               "the dossier has no onderwijsaanbiedercode, onderwijslocatiecode "
                               "or administratienr: give them as options");
    char now[32], year[32];
    if (datumtijd == NULL) {
        time_t t = time(NULL);
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
        datumtijd = now;
    }
    if (schooljaar == NULL && strlen(datumtijd) >= 7) {
        school_year(year, sizeof year, datumtijd);
        schooljaar = year;
    }
    size_t n = (size_t)(argc - optind);
    oso_dossier **dossiers = calloc(n, sizeof *dossiers);
    oso_chain_advice *advices = calloc(n, sizeof *advices);
    oso_chain_identity *ids = calloc(n, sizeof *ids);
    int result = EXIT_VALID;
    if (dossiers == NULL || advices == NULL || ids == NULL) {
        fputs("oso doorstroomtoets: out of memory\n", stderr);
        result = EXIT_TROUBLE;
    }
    const char *brin = NULL, *vestiging = NULL;
    for (size_t i = 0; result != EXIT_TROUBLE && i < n; i++) {
        const char *path = argv[optind + (int)i];
        oso_report *pr = NULL;
        oso_status st = oso_dossier_parse_file(&dossiers[i], &pr, path, NULL);
        oso_report_free(pr);
        if (st != OSO_OK) {
            cli_lib_error("doorstroomtoets", path, st);
            result = EXIT_TROUBLE;
            break;
        }
        /* One list is about one school: the dossiers must agree on it. */
        const char *b = oso_dossier_get(dossiers[i], "/dossier/huidigeschool/brincode");
        const char *v = oso_dossier_get(dossiers[i], "/dossier/huidigeschool/vestigingscode");
        if (i == 0) {
            brin = b;
            vestiging = v;
        } else if (!b || !brin || strcmp(b, brin) != 0 || (v && vestiging && strcmp(v, vestiging))) {
            fprintf(stderr, "oso doorstroomtoets: %s: another school than %s\n", path,
                    argv[optind]);
            result = EXIT_INVALID;
            continue;
        }
        if (oso_chain_advice_from_dossier(&advices[i], &ids[i], dossiers[i]) != OSO_OK) {
            fprintf(stderr, "oso doorstroomtoets: %s: %s\n", path, oso_error_last());
            result = EXIT_INVALID;
        }
    }
    if (school.instellingscode == NULL)
        school.instellingscode = brin;
    if (school.vestigingscode == NULL)
        school.vestigingscode = vestiging;
    if (result == EXIT_VALID) {
        oso_chain_schooladviezenlijst list = {OSO_CHAIN_SCHOOLADVIEZENLIJST_VERSION, datumtijd,
                                              auteur, schooljaar, &school, advices, n};
        char *json = NULL;
        size_t len = 0;
        oso_report *r = NULL;
        oso_status st = oso_chain_write_schooladviezenlijst(&json, &len, &r, &list);
        if (st == OSO_E_INVALID) {
            print_text(out, r, OSO_LANG_NL);
            fprintf(stderr, "oso doorstroomtoets: %s\n", oso_error_last());
            result = EXIT_INVALID;
        } else if (st != OSO_OK) {
            result = cli_lib_error("doorstroomtoets", "schooladvies", st);
        } else {
            FILE *f = strcmp(out, "-") == 0 ? stdout : fopen(out, "w");
            if (f == NULL || fwrite(json, 1, len, f) != len || (f != stdout && fclose(f) != 0)) {
                fprintf(stderr, "oso doorstroomtoets: %s: %s\n", out, strerror(errno));
                result = EXIT_TROUBLE;
            }
        }
        oso_report_free(r);
        oso_free(json);
    }
    for (size_t i = 0; dossiers != NULL && i < n; i++)
        oso_dossier_free(dossiers[i]);
    free(dossiers);
    free(advices);
    free(ids);
    return result;
}

/* `serve` is a program of its own (serve_main.c): the HTTP library, and the TLS stack it
 * pulls in, would otherwise be loaded and relocated at every start of `oso` (about half of the
 * instructions of validating one small file). It is looked for next to this executable (the
 * build tree), then where it is installed. */
static int run_serve(int argc, char **argv)
{
    static const char name[] = "oso-doorstroomtoets-serve";
    char path[4096];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - sizeof name - 1);
    char *slash = n > 0 ? memrchr(path, '/', (size_t)n) : NULL;
    if (slash != NULL) {
        memcpy(slash + 1, name, sizeof name);
        if (access(path, X_OK) != 0)
            slash = NULL;
    }
    const char *program = slash != NULL ? path : OSO_SERVE_PATH;
    char **args = calloc((size_t)argc + 1, sizeof *args);
    if (args == NULL)
        return EXIT_TROUBLE;
    args[0] = (char *)"oso doorstroomtoets serve"; /* getopt's messages name it */
    for (int i = 1; i < argc; i++)
        args[i] = argv[i];
    fflush(NULL);
    execv(program, args);
    fprintf(stderr, "oso doorstroomtoets serve: cannot run %s: %s\n", program, strerror(errno));
    free(args);
    return EXIT_TROUBLE;
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
    if (strcmp(argv[1], "import") == 0)
        return cmd_import(argc - 1, argv + 1);
    if (strcmp(argv[1], "schooladvies") == 0)
        return cmd_schooladvies(argc - 1, argv + 1);
    if (strcmp(argv[1], "serve") == 0)
        return run_serve(argc - 1, argv + 1);
    return cli_usage_error("doorstroomtoets", usage, "unknown subcommand '%s'", argv[1]);
}
