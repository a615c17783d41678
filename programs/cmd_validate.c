/* `oso validate`: validate files (in parallel with -j), print diagnostics in input order. */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
    "usage: oso validate [--format text|json|meldingen] [--profile auto|none|OV|PaO]\n"
    "                    [--codelists DIR] [--attachments] [--strict] [--rules +GROUP,...]\n"
    "                    [--lang nl|en] [-j N] [--recursive] [-o DIR] FILE...\n"
    "GROUP: codelists, general, categories, profile, attachments, doorstroomtoets\n"
    "       (+GROUP adds a group, -GROUP removes one).\n";

#define MELDINGEN_NS "http://www.edustandaard.nl/oso_gegevensset/2019/schemas/Meldingen"

enum format { FORMAT_TEXT, FORMAT_JSON, FORMAT_MELDINGEN };

struct job {
    const char *path;
    char *output;      /* what to print for this file, in order */
    size_t output_len;
    int exit_code;     /* EXIT_VALID, EXIT_INVALID or EXIT_TROUBLE */
    size_t errors, warnings;
    int done;
};

struct run {
    struct job *jobs;
    size_t count;
    size_t next;       /* next job to take */
    enum format format;
    oso_lang lang;
    const char *outdir;
    oso_validate_options vo;
    pthread_mutex_t lock;
    pthread_cond_t cond;
};

/* ---- output formats ----------------------------------------------------------------------- */

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

static void xml_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        default: fputc(*s, f);
        }
    }
}

static const char *severity_prefix(oso_severity s, oso_lang lang)
{
    switch (s) {
    case OSO_SEVERITY_WARNING: return lang == OSO_LANG_EN ? "warning: " : "waarschuwing: ";
    case OSO_SEVERITY_INFO: return "info: ";
    default: return "";
    }
}

static void format_text(FILE *f, const struct run *run, const char *file, const oso_report *r)
{
    for (size_t i = 0; i < oso_report_count(r); i++) {
        const oso_diagnostic *g = oso_report_at(r, i);
        fprintf(f, "%s:%lu:%lu: %s: %s%s\n", file, oso_diagnostic_line(g), oso_diagnostic_column(g),
                oso_diagnostic_rule(g), severity_prefix(oso_diagnostic_severity(g), run->lang),
                oso_diagnostic_message(g, run->lang));
    }
    if (oso_report_omitted_count(r) > 0)
        fprintf(f, run->lang == OSO_LANG_EN ? "%s: %zu more diagnostic(s) not listed\n"
                                           : "%s: nog %zu melding(en) niet getoond\n",
                file, oso_report_omitted_count(r));
}

static void format_json(FILE *f, const struct run *run, const char *file, const oso_report *r)
{
    fputs("{\"file\":", f);
    json_string(f, file);
    fprintf(f, ",\"valid\":%s,\"profile\":", oso_report_valid(r) ? "true" : "false");
    if (oso_report_profile(r))
        json_string(f, oso_report_profile(r));
    else
        fputs("null", f);
    fputs(",\"diagnostics\":[", f);
    for (size_t i = 0; i < oso_report_count(r); i++) {
        const oso_diagnostic *g = oso_report_at(r, i);
        fputs(i ? ",{\"rule\":" : "{\"rule\":", f);
        json_string(f, oso_diagnostic_rule(g));
        fprintf(f, ",\"severity\":\"%s\",\"path\":", oso_severity_name(oso_diagnostic_severity(g)));
        json_string(f, oso_diagnostic_path(g));
        fprintf(f, ",\"line\":%lu,\"column\":%lu,\"message\":", oso_diagnostic_line(g),
                oso_diagnostic_column(g));
        json_string(f, oso_diagnostic_message(g, run->lang));
        fputc('}', f);
    }
    fputc(']', f);
    if (oso_report_omitted_count(r) > 0) /* only when the report had to leave findings out */
        fprintf(f, ",\"omitted\":%zu", oso_report_omitted_count(r));
    fputs("}\n", f);
}

/* The official result vocabulary (RULES.md a.2): errors only, `type` always "Fout". */
static void format_meldingen(FILE *f, const struct run *run, const oso_report *r)
{
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<meldingen xmlns=\"" MELDINGEN_NS "\">\n", f);
    for (size_t i = 0; i < oso_report_count(r); i++) {
        const oso_diagnostic *g = oso_report_at(r, i);
        if (oso_diagnostic_severity(g) != OSO_SEVERITY_ERROR)
            continue;
        const char *path = oso_diagnostic_path(g);
        fputs("  <melding>\n    <type>Fout</type>\n    <locatie>", f);
        xml_text(f, path[0] ? path : "/[1]");
        fputs("</locatie>\n    <tekst>", f);
        xml_text(f, oso_diagnostic_message(g, run->lang));
        fputs("</tekst>\n  </melding>\n", f);
    }
    fputs("</meldingen>\n", f);
}

static char *meldingen_path(const char *dir, const char *file)
{
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    if (strcmp(file, "-") == 0)
        base = "stdin";
    size_t n = strlen(dir) + strlen(base) + 32;
    char *p = malloc(n);
    if (p != NULL)
        snprintf(p, n, "%s/%s.meldingen.xml", dir, base);
    return p;
}

/* ---- one file ----------------------------------------------------------------------------- */

static void validate_one(struct run *run, struct job *job)
{
    oso_report *r = NULL;
    oso_status st;
    if (strcmp(job->path, "-") == 0) {
        oso_dossier *d;
        oso_report *pr;
        st = oso_dossier_parse_fd(&d, &pr, STDIN_FILENO, NULL);
        if (d != NULL) {
            oso_report_free(pr);
            st = oso_validate(&r, d, &run->vo);
            oso_dossier_free(d);
        } else if (st == OSO_E_XML || st == OSO_E_LIMIT || st == OSO_E_UNSUPPORTED_STANDARD) {
            r = pr;
            st = OSO_OK;
        } else {
            oso_report_free(pr);
        }
    } else {
        st = oso_validate_file(&r, job->path, &run->vo, NULL);
    }
    FILE *f = open_memstream(&job->output, &job->output_len);
    if (f == NULL) {
        job->exit_code = EXIT_TROUBLE;
        oso_report_free(r);
        return;
    }
    if (st != OSO_OK) {
        const char *detail = oso_error_last();
        fprintf(stderr, "oso validate: %s: %s\n", job->path, detail[0] ? detail : oso_strerror(st));
        job->exit_code = EXIT_TROUBLE;
    } else {
        job->exit_code = oso_report_valid(r) ? EXIT_VALID : EXIT_INVALID;
        job->errors = oso_report_error_count(r);
        job->warnings = oso_report_warning_count(r);
        if (run->format == FORMAT_TEXT) {
            format_text(f, run, job->path, r);
        } else if (run->format == FORMAT_JSON) {
            format_json(f, run, job->path, r);
        } else if (run->outdir == NULL) {
            format_meldingen(f, run, r);
        } else {
            char *out = meldingen_path(run->outdir, job->path);
            FILE *mf = out ? fopen(out, "w") : NULL;
            if (mf == NULL) {
                fprintf(stderr, "oso validate: cannot write %s: %s\n", out ? out : run->outdir,
                        strerror(errno));
                job->exit_code = EXIT_TROUBLE;
            } else {
                format_meldingen(mf, run, r);
                if (fclose(mf) != 0) {
                    fprintf(stderr, "oso validate: writing %s failed\n", out);
                    job->exit_code = EXIT_TROUBLE;
                }
            }
            free(out);
        }
    }
    fclose(f);
    oso_report_free(r);
}

static void *worker(void *arg)
{
    struct run *run = arg;
    for (;;) {
        pthread_mutex_lock(&run->lock);
        size_t i = run->next < run->count ? run->next++ : run->count;
        pthread_mutex_unlock(&run->lock);
        if (i == run->count)
            return NULL;
        validate_one(run, &run->jobs[i]);
        pthread_mutex_lock(&run->lock);
        run->jobs[i].done = 1;
        pthread_cond_broadcast(&run->cond);
        pthread_mutex_unlock(&run->lock);
    }
}

/* ---- arguments ---------------------------------------------------------------------------- */

struct file_list {
    char **items;
    size_t count, cap;
};

static int add_file(struct file_list *l, const char *path)
{
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        char **grown = realloc(l->items, cap * sizeof *grown);
        if (grown == NULL)
            return 0;
        l->items = grown;
        l->cap = cap;
    }
    return (l->items[l->count++] = strdup(path)) != NULL;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add every *.xml file below dir, in sorted order. */
static int add_directory(struct file_list *l, const char *dir)
{
    DIR *dh = opendir(dir);
    if (dh == NULL) {
        fprintf(stderr, "oso validate: cannot read directory %s: %s\n", dir, strerror(errno));
        return 0;
    }
    struct file_list names = {0};
    struct dirent *e;
    int ok = 1;
    while (ok && (e = readdir(dh)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        size_t n = strlen(dir) + strlen(e->d_name) + 2;
        char *p = malloc(n);
        if (p == NULL) {
            ok = 0;
            break;
        }
        snprintf(p, n, "%s/%s", dir, e->d_name);
        ok = add_file(&names, p);
        free(p);
    }
    closedir(dh);
    qsort(names.items, names.count, sizeof *names.items, compare_names);
    for (size_t i = 0; ok && i < names.count; i++) {
        struct stat st;
        if (stat(names.items[i], &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            ok = add_directory(l, names.items[i]);
        } else {
            size_t len = strlen(names.items[i]);
            if (len > 4 && strcasecmp(names.items[i] + len - 4, ".xml") == 0)
                ok = add_file(l, names.items[i]);
        }
    }
    for (size_t i = 0; i < names.count; i++)
        free(names.items[i]);
    free(names.items);
    return ok;
}

static int parse_rules(const char *spec, unsigned int *rules)
{
    static const struct {
        const char *name;
        unsigned int bit;
    } groups[] = {
        {"codelists", OSO_RULES_CODELISTS},     {"general", OSO_RULES_GENERAL},
        {"categories", OSO_RULES_CATEGORIES},   {"profile", OSO_RULES_PROFILE},
        {"attachments", OSO_RULES_ATTACHMENTS}, {"doorstroomtoets", OSO_RULES_DOORSTROOMTOETS},
    };
    char *copy = strdup(spec), *save = NULL;
    int ok = copy != NULL;
    for (char *tok = ok ? strtok_r(copy, ",", &save) : NULL; ok && tok;
         tok = strtok_r(NULL, ",", &save)) {
        int remove = tok[0] == '-';
        if (tok[0] == '+' || tok[0] == '-')
            tok++;
        size_t i;
        for (i = 0; i < sizeof groups / sizeof groups[0]; i++)
            if (strcmp(tok, groups[i].name) == 0)
                break;
        if (i == sizeof groups / sizeof groups[0]) {
            ok = 0;
            break;
        }
        if (remove)
            *rules &= ~groups[i].bit;
        else
            *rules |= groups[i].bit;
    }
    free(copy);
    return ok;
}

int oso_cmd_validate(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'}, {"profile", required_argument, NULL, 'p'},
        {"codelists", required_argument, NULL, 'c'}, {"attachments", no_argument, NULL, 'a'},
        {"strict", no_argument, NULL, 's'},       {"rules", required_argument, NULL, 'r'},
        {"lang", required_argument, NULL, 'l'},   {"jobs", required_argument, NULL, 'j'},
        {"recursive", no_argument, NULL, 'R'},    {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    struct run run;
    memset(&run, 0, sizeof run);
    oso_validate_options_init(&run.vo, OSO_VALIDATE_OPTIONS_VERSION);
    const char *codelist_dir = NULL;
    long jobs = 1;
    int recursive = 0, c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "j:o:Rh", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (strcmp(optarg, "text") == 0)
                run.format = FORMAT_TEXT;
            else if (strcmp(optarg, "json") == 0)
                run.format = FORMAT_JSON;
            else if (strcmp(optarg, "meldingen") == 0)
                run.format = FORMAT_MELDINGEN;
            else
                return cli_usage_error("validate", usage, "unknown format '%s'", optarg);
            break;
        case 'p':
            if (strcasecmp(optarg, "auto") == 0)
                run.vo.profile = OSO_PROFILE_AUTO;
            else if (strcasecmp(optarg, "none") == 0)
                run.vo.profile = OSO_PROFILE_NONE;
            else if (strcasecmp(optarg, "OV") == 0)
                run.vo.profile = OSO_PROFILE_OV;
            else if (strcasecmp(optarg, "PaO") == 0)
                run.vo.profile = OSO_PROFILE_PAO;
            else
                return cli_usage_error("validate", usage, "unknown profile '%s'", optarg);
            break;
        case 'c': codelist_dir = optarg; break;
        case 'a': run.vo.rules |= OSO_RULES_ATTACHMENTS; break;
        case 's': run.vo.strict = 1; break;
        case 'r':
            if (!parse_rules(optarg, &run.vo.rules))
                return cli_usage_error("validate", usage, "unknown rule group in '%s'", optarg);
            break;
        case 'l':
            if (strcmp(optarg, "nl") == 0)
                run.lang = OSO_LANG_NL;
            else if (strcmp(optarg, "en") == 0)
                run.lang = OSO_LANG_EN;
            else
                return cli_usage_error("validate", usage, "unknown language '%s'", optarg);
            break;
        case 'j': {
            char *end;
            jobs = strtol(optarg, &end, 10);
            if (*end != '\0' || jobs < 0 || jobs > 256)
                return cli_usage_error("validate", usage, "-j takes a number from 0 to 256");
            if (jobs == 0)
                jobs = sysconf(_SC_NPROCESSORS_ONLN) > 0 ? sysconf(_SC_NPROCESSORS_ONLN) : 1;
            break;
        }
        case 'R': recursive = 1; break;
        case 'o': run.outdir = optarg; break;
        case 'h': fputs(usage, stdout); return EXIT_VALID;
        default: return cli_usage_error("validate", usage, "unknown option");
        }
    }
    if (optind == argc)
        return cli_usage_error("validate", usage, "no FILE given");

    struct file_list files = {0};
    int code = EXIT_VALID;
    for (int i = optind; i < argc && code == EXIT_VALID; i++) {
        struct stat st;
        if (strcmp(argv[i], "-") != 0 && stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            if (!recursive)
                code = cli_usage_error("validate", usage,
                                       "%s is a directory (use --recursive to validate its files)",
                                       argv[i]);
            else if (!add_directory(&files, argv[i]))
                code = EXIT_TROUBLE;
        } else if (!add_file(&files, argv[i])) {
            code = EXIT_TROUBLE;
        }
    }
    if (code == EXIT_VALID && run.format == FORMAT_MELDINGEN && files.count > 1 &&
        run.outdir == NULL)
        code = cli_usage_error("validate", usage,
                               "--format meldingen with several files needs -o DIR");
    if (code == EXIT_VALID && run.outdir != NULL && mkdir(run.outdir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "oso validate: cannot create %s: %s\n", run.outdir, strerror(errno));
        code = EXIT_TROUBLE;
    }

    oso_codelists *lists = NULL;
    if (code == EXIT_VALID && codelist_dir != NULL) {
        oso_status st = oso_codelists_new(&lists);
        struct stat sb;
        if (st == OSO_OK)
            st = stat(codelist_dir, &sb) == 0 && !S_ISDIR(sb.st_mode)
                     ? oso_codelists_load_file(lists, codelist_dir)
                     : oso_codelists_load_dir(lists, codelist_dir);
        if (st != OSO_OK)
            code = cli_lib_error("validate", "--codelists", st);
        run.vo.codelists = lists;
    }

    size_t valid = 0, invalid = 0, errors = 0, warnings = 0;
    if (code == EXIT_VALID) {
        run.jobs = calloc(files.count, sizeof *run.jobs);
        run.count = files.count;
        if (run.jobs == NULL) {
            code = EXIT_TROUBLE;
        } else {
            for (size_t i = 0; i < files.count; i++)
                run.jobs[i].path = files.items[i];
            pthread_mutex_init(&run.lock, NULL);
            pthread_cond_init(&run.cond, NULL);
            size_t nthreads = (size_t)jobs < files.count ? (size_t)jobs : files.count;
            pthread_t *threads = calloc(nthreads ? nthreads : 1, sizeof *threads);
            size_t started = 0;
            if (nthreads > 1 && threads != NULL)
                for (; started < nthreads; started++)
                    if (pthread_create(&threads[started], NULL, worker, &run) != 0)
                        break;
            if (started == 0)
                worker(&run);
            /* Print each file's output as soon as it and all before it are done. */
            for (size_t i = 0; i < files.count; i++) {
                pthread_mutex_lock(&run.lock);
                while (!run.jobs[i].done)
                    pthread_cond_wait(&run.cond, &run.lock);
                pthread_mutex_unlock(&run.lock);
                struct job *j = &run.jobs[i];
                if (j->output_len)
                    fwrite(j->output, 1, j->output_len, stdout);
                free(j->output);
                if (j->exit_code == EXIT_VALID)
                    valid++;
                else if (j->exit_code == EXIT_INVALID)
                    invalid++;
                errors += j->errors;
                warnings += j->warnings;
                if (j->exit_code > code)
                    code = j->exit_code;
            }
            for (size_t t = 0; t < started; t++)
                pthread_join(threads[t], NULL);
            free(threads);
            pthread_mutex_destroy(&run.lock);
            pthread_cond_destroy(&run.cond);
        }
    }
    if (run.jobs != NULL && run.format == FORMAT_TEXT) {
        if (run.lang == OSO_LANG_EN)
            printf("%zu file(s): %zu valid, %zu invalid; %zu error(s), %zu warning(s)\n",
                   files.count, valid, invalid, errors, warnings);
        else
            printf("%zu bestand(en): %zu geldig, %zu ongeldig; %zu fout(en), %zu waarschuwing(en)\n",
                   files.count, valid, invalid, errors, warnings);
    }
    if (fflush(stdout) != 0 && code != EXIT_TROUBLE)
        code = EXIT_TROUBLE;
    free(run.jobs);
    for (size_t i = 0; i < files.count; i++)
        free(files.items[i]);
    free(files.items);
    oso_codelists_free(lists);
    return code;
}
