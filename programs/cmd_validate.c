/* `oso validate`: validate every input and print each result as soon as it and all inputs
 * before it are done (workers with -j, a bounded window of results waiting for their turn). */
#include "inputs.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char usage_nl[] =
    "gebruik: oso validate [--format text|json|meldingen] [--profile auto|none|OV|PaO]\n"
    "                      [--codelists DIR] [--attachments] [--strict] [--rules +GROUP,...]\n"
    "                      [--lang nl|en] [-j N] [--recursive] [-o DIR] [--quiet|--verbose]\n"
    "                      [--progress|--no-progress] [--limit NAAM=WAARDE]... BESTAND...\n";
static const char usage_en[] =
    "usage: oso validate [--format text|json|meldingen] [--profile auto|none|OV|PaO]\n"
    "                    [--codelists DIR] [--attachments] [--strict] [--rules +GROUP,...]\n"
    "                    [--lang nl|en] [-j N] [--recursive] [-o DIR] [--quiet|--verbose]\n"
    "                    [--progress|--no-progress] [--limit NAME=VALUE]... FILE...\n";
#define USAGE TR(usage_nl, usage_en)

#define MELDINGEN_NS "http://www.edustandaard.nl/oso_gegevensset/2019/schemas/Meldingen"

enum format { FORMAT_TEXT, FORMAT_JSON, FORMAT_MELDINGEN };
enum verdict { VERDICT_VALID, VERDICT_INVALID, VERDICT_UNREADABLE };
enum verbosity { QUIET, NORMAL, VERBOSE };

/* The result of one input, waiting in the window until it is its turn to be printed. */
struct result {
    char *output; /* what to print for this input */
    size_t output_len;
    enum verdict verdict;
    int trouble;  /* an output file could not be written (exit status 2) */
    size_t errors, warnings;
    int done;
};

struct run {
    struct cli_inputs inputs;
    struct result *window; /* result of input i in window[i % window_size] */
    size_t window_size;
    size_t next;           /* next input to take */
    size_t printed;        /* inputs printed so far */
    enum format format;
    enum verbosity verbosity;
    int streaming;         /* --attachments: attachments streamed through temporary files */
    oso_validate_options vo;
    struct cli_limits limits;
    oso_parse_options stream_parse; /* the limits for the streaming parser */
    pthread_mutex_t lock;
    pthread_cond_t cond;   /* a result is done, or the window moved */
};

/* ---- one report, or the structure report and the streamed attachment report --------------- */

struct findings {
    const oso_diagnostic **items; /* in document order (by line and column) */
    size_t count, omitted, errors, warnings;
    int valid;
    const char *profile;
};

static int in_report(const oso_report *r, const oso_diagnostic *g)
{
    for (size_t i = 0; i < oso_report_count(r); i++) {
        const oso_diagnostic *x = oso_report_at(r, i);
        if (oso_diagnostic_line(x) == oso_diagnostic_line(g) &&
            oso_diagnostic_column(x) == oso_diagnostic_column(g) &&
            strcmp(oso_diagnostic_rule(x), oso_diagnostic_rule(g)) == 0 &&
            strcmp(oso_diagnostic_path(x), oso_diagnostic_path(g)) == 0)
            return 1;
    }
    return 0;
}

/* The findings of `a` and `b` (may be NULL) in one list, in document order. */
static int findings_of(struct findings *f, const oso_report *a, const oso_report *b)
{
    size_t na = oso_report_count(a), nb = b ? oso_report_count(b) : 0;
    memset(f, 0, sizeof *f);
    f->items = malloc((na + nb + 1) * sizeof *f->items);
    if (f->items == NULL)
        return 0;
    size_t i = 0, j = 0, dup_errors = 0, dup_warnings = 0;
    while (i < na || j < nb) {
        const oso_diagnostic *x = i < na ? oso_report_at(a, i) : NULL;
        const oso_diagnostic *y = j < nb ? oso_report_at(b, j) : NULL;
        int take_b = x == NULL ||
                     (y != NULL && (oso_diagnostic_line(y) < oso_diagnostic_line(x) ||
                                    (oso_diagnostic_line(y) == oso_diagnostic_line(x) &&
                                     oso_diagnostic_column(y) < oso_diagnostic_column(x))));
        if (take_b)
            j++;
        else
            i++;
        if (take_b && in_report(a, y)) { /* ATT.BASE64 is in both: the parser's and the scan's */
            dup_errors += oso_diagnostic_severity(y) == OSO_SEVERITY_ERROR;
            dup_warnings += oso_diagnostic_severity(y) == OSO_SEVERITY_WARNING;
            continue;
        }
        f->items[f->count++] = take_b ? y : x;
    }
    f->omitted = oso_report_omitted_count(a) + (b ? oso_report_omitted_count(b) : 0);
    f->errors = oso_report_error_count(a) + (b ? oso_report_error_count(b) : 0) - dup_errors;
    f->warnings = oso_report_warning_count(a) + (b ? oso_report_warning_count(b) : 0) - dup_warnings;
    f->valid = oso_report_valid(a) && (b == NULL || oso_report_valid(b));
    f->profile = oso_report_profile(a);
    return 1;
}

/* ---- output formats ----------------------------------------------------------------------- */

/* The characters of a JSON string, escaped, without the quotes: runs that need no escape are
 * written at once (findings can number in the millions). */
static void json_chars(FILE *f, const char *s)
{
    for (;;) {
        const char *run = s;
        while ((unsigned char)*s >= 0x20 && *s != '"' && *s != '\\' && *s != 0x7F)
            s++;
        if (s > run)
            fwrite(run, 1, (size_t)(s - run), f);
        unsigned char c = (unsigned char)*s;
        if (c == '\0')
            return;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", f);
        else
            fprintf(f, "\\u%04x", c);
        s++;
    }
}

static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    json_chars(f, s);
    fputc('"', f);
}

static void xml_text(FILE *f, const char *s)
{
    for (;;) {
        size_t run = strcspn(s, "&<>");
        if (run > 0)
            fwrite(s, 1, run, f);
        s += run;
        switch (*s) {
        case '\0': return;
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        default: fputs("&gt;", f); break;
        }
        s++;
    }
}

static void format_text(FILE *f, const struct run *run, const char *file,
                        const struct findings *fs)
{
    if (run->verbosity == QUIET && fs->valid)
        return;
    for (size_t i = 0; i < fs->count; i++) {
        const oso_diagnostic *g = fs->items[i];
        if (oso_diagnostic_severity(g) == OSO_SEVERITY_INFO && run->verbosity != VERBOSE)
            continue;
        cli_print_diagnostic(f, file, g);
    }
    if (fs->omitted > 0) {
        cli_put_escaped(f, file, (size_t)-1);
        fprintf(f, TR(": nog %zu melding(en) niet getoond\n", ": %zu more diagnostic(s) not listed\n"),
                fs->omitted);
    }
    if (fs->valid) {
        cli_put_escaped(f, file, (size_t)-1);
        fputs(TR(": geldig\n", ": valid\n"), f);
    }
}

static void format_json(FILE *f, const char *file, const struct findings *fs)
{
    fputs("{\"file\":", f);
    json_string(f, file);
    fprintf(f, ",\"valid\":%s,\"profile\":", fs->valid ? "true" : "false");
    if (fs->profile)
        json_string(f, fs->profile);
    else
        fputs("null", f);
    fputs(",\"diagnostics\":[", f);
    for (size_t i = 0; i < fs->count; i++) {
        const oso_diagnostic *g = fs->items[i];
        fputs(i ? ",{\"rule\":" : "{\"rule\":", f);
        json_string(f, oso_diagnostic_rule(g));
        fprintf(f, ",\"severity\":\"%s\",\"path\":", oso_severity_name(oso_diagnostic_severity(g)));
        json_string(f, oso_diagnostic_path(g));
        fprintf(f, ",\"line\":%lu,\"column\":%lu,\"message\":", oso_diagnostic_line(g),
                oso_diagnostic_column(g));
        /* The message in the run's language, with the CLI's limit hint when one applies. */
        fputc('"', f);
        json_chars(f, oso_diagnostic_message(g, cli_lang));
        json_chars(f, cli_limit_hint(g));
        fputs("\"}", f);
    }
    fputc(']', f);
    if (fs->omitted > 0) /* only when the report had to leave findings out */
        fprintf(f, ",\"omitted\":%zu", fs->omitted);
    fputs("}\n", f);
}

/* An input that could not be read: rule IO, "valid": null (no verdict; see oso(1)). */
static void format_unreadable(FILE *f, const struct run *run, const char *file, const char *why)
{
    if (run->format == FORMAT_JSON) {
        fputs("{\"file\":", f);
        json_string(f, file);
        fputs(",\"valid\":null,\"profile\":null,\"diagnostics\":[{\"rule\":\"IO\",\"severity\":"
              "\"error\",\"path\":\"\",\"line\":0,\"column\":0,\"message\":", f);
        json_string(f, why);
        fputs("}]}\n", f);
    } else {
        cli_put_escaped(f, file, (size_t)-1);
        fputs(":0:0: IO: ", f);
        cli_put_escaped(f, why, (size_t)-1);
        fputc('\n', f);
    }
}

/* The official result vocabulary (RULES.md a.2): errors only, `type` always "Fout". */
static void format_meldingen(FILE *f, const struct findings *fs)
{
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<meldingen xmlns=\"" MELDINGEN_NS "\">\n", f);
    for (size_t i = 0; i < fs->count; i++) {
        const oso_diagnostic *g = fs->items[i];
        if (oso_diagnostic_severity(g) != OSO_SEVERITY_ERROR)
            continue;
        const char *path = oso_diagnostic_path(g);
        fputs("  <melding>\n    <type>Fout</type>\n    <locatie>", f);
        xml_text(f, path[0] ? path : "/[1]");
        fputs("</locatie>\n    <tekst>", f);
        xml_text(f, oso_diagnostic_message(g, cli_lang));
        xml_text(f, cli_limit_hint(g));
        fputs("</tekst>\n  </melding>\n", f);
    }
    fputs("</meldingen>\n", f);
}

/* DIR/<the input's path>.meldingen.xml: the path as given, without leading '/', '.'
 * components dropped and '..' written as '__', so it stays below DIR; '-' is "stdin". */
static char *meldingen_path(const char *dir, const char *file)
{
    size_t n = strlen(dir) + strlen(file) + 32;
    char *p = malloc(n), *at = p;
    if (p == NULL)
        return NULL;
    at += sprintf(at, "%s", dir);
    if (strcmp(file, "-") == 0)
        file = "stdin";
    const char *s = file;
    while (*s) {
        while (*s == '/')
            s++;
        size_t len = strcspn(s, "/");
        if (len == 0)
            break;
        if (len == 2 && strncmp(s, "..", 2) == 0)
            at += sprintf(at, "/__");
        else if (!(len == 1 && s[0] == '.'))
            at += sprintf(at, "/%.*s", (int)len, s);
        s += len;
    }
    sprintf(at, ".meldingen.xml");
    return p;
}

/* mkdir -p of the directories above `path`. */
static int make_parents(char *path)
{
    for (char *s = strchr(path + 1, '/'); s != NULL; s = strchr(s + 1, '/')) {
        *s = '\0';
        int ok = mkdir(path, 0777) == 0 || errno == EEXIST;
        *s = '/';
        if (!ok)
            return 0;
    }
    return 1;
}

static void write_meldingen_file(const struct cli_input *in, const struct findings *fs,
                                 struct result *res)
{
    int ok = make_parents(in->output);
    FILE *mf = ok ? fopen(in->output, "w") : NULL;
    if (mf != NULL) {
        format_meldingen(mf, fs);
        ok = fclose(mf) == 0;
    } else {
        ok = 0;
    }
    if (!ok) {
        int err = errno;
        fputs("oso validate: ", stderr);
        cli_put_escaped(stderr, in->output, (size_t)-1);
        fprintf(stderr, TR(": kan niet geschreven worden: %s\n", ": cannot be written: %s\n"),
                cli_errno_text(err));
        res->trouble = 1;
    }
}

/* ---- one input ---------------------------------------------------------------------------- */

static const char *read_problem(char *buf, size_t cap, int err)
{
    snprintf(buf, cap, TR("kan niet gelezen worden: %s", "cannot be read: %s"), cli_errno_text(err));
    return buf;
}

/* Parse and validate `fd`, which is the regular file `path` when that is not NULL: 0 with the
 * reports, or -1 with errno-like `*err` when it could not be read. */
static int check_fd(struct run *run, int fd, const char *path, oso_report **main,
                    oso_report **attachments, int *err)
{
    oso_dossier *d = NULL;
    oso_report *pr = NULL;
    oso_status st;
    errno = 0;
    if (run->streaming) {
        /* Attachments pass through temporary files: memory stays bounded (oso(1)). */
        st = oso_attachments_scan_fd(&d, &pr, fd, &run->limits.attachments, &run->stream_parse,
                                     1, NULL, NULL);
        if (st == OSO_OK && d == NULL) { /* refused: the report holds the refusal */
            *main = pr;
            return 0;
        }
    } else if (path != NULL) {
        /* By name, the library parses for this validation only: it keeps out of the model
         * what none of the rule groups asked for reads (attachment content, mostly). */
        st = oso_validate_file(main, path, &run->vo, &run->limits.parse);
        if (st == OSO_OK)
            return 0;
        *err = st == OSO_E_NOMEM ? ENOMEM : errno ? errno : EIO;
        return -1;
    } else {
        st = oso_dossier_parse_fd(&d, &pr, fd, &run->limits.parse);
        if (d == NULL && (st == OSO_E_XML || st == OSO_E_LIMIT || st == OSO_E_UNSUPPORTED_STANDARD)) {
            *main = pr;
            return 0;
        }
    }
    if (d == NULL || st != OSO_OK) {
        *err = st == OSO_E_NOMEM ? ENOMEM : errno ? errno : EIO;
        oso_report_free(pr);
        oso_dossier_free(d);
        return -1;
    }
    oso_validate_options vo = run->vo;
    if (run->streaming)
        vo.rules &= ~(unsigned)OSO_RULES_ATTACHMENTS; /* done while streaming: `pr` */
    else
        oso_report_free(pr), pr = NULL;
    st = oso_validate(main, d, &vo);
    oso_dossier_free(d);
    if (st != OSO_OK) {
        *err = ENOMEM;
        oso_report_free(pr);
        return -1;
    }
    *attachments = pr;
    return 0;
}

static void validate_one(struct run *run, const struct cli_input *in, struct result *res)
{
    FILE *f = open_memstream(&res->output, &res->output_len);
    if (f == NULL) {
        res->verdict = VERDICT_UNREADABLE;
        return;
    }
    char why[256];
    const char *problem = in->problem;
    oso_report *main = NULL, *att = NULL;
    if (problem == NULL) {
        int fd = strcmp(in->path, "-") == 0 ? STDIN_FILENO : open(in->path, O_RDONLY | O_CLOEXEC);
        struct stat sb;
        int err = 0;
        int stat_ok = fd >= 0 && fstat(fd, &sb) == 0;
        const char *regular = fd != STDIN_FILENO && stat_ok && S_ISREG(sb.st_mode) ? in->path : NULL;
        if (fd < 0)
            problem = read_problem(why, sizeof why, errno);
        else if (stat_ok && S_ISDIR(sb.st_mode))
            problem = read_problem(why, sizeof why, EISDIR);
        else if (check_fd(run, fd, regular, &main, &att, &err) != 0)
            problem = read_problem(why, sizeof why, err);
        if (fd > STDIN_FILENO)
            close(fd);
    }
    struct findings fs = {0};
    if (problem == NULL && !findings_of(&fs, main, att))
        problem = read_problem(why, sizeof why, ENOMEM);
    if (problem != NULL) {
        res->verdict = VERDICT_UNREADABLE;
        if (run->format == FORMAT_MELDINGEN) {
            fputs("oso validate: ", stderr);
            cli_put_escaped(stderr, in->path, (size_t)-1);
            fputs(": ", stderr);
            cli_put_escaped(stderr, problem, (size_t)-1);
            fputc('\n', stderr);
        } else {
            format_unreadable(f, run, in->path, problem);
        }
    } else {
        res->verdict = fs.valid ? VERDICT_VALID : VERDICT_INVALID;
        res->errors = fs.errors;
        res->warnings = fs.warnings;
        if (run->format == FORMAT_TEXT)
            format_text(f, run, in->path, &fs);
        else if (run->format == FORMAT_JSON)
            format_json(f, in->path, &fs);
        else if (in->output == NULL)
            format_meldingen(f, &fs);
        else
            write_meldingen_file(in, &fs, res);
    }
    free(fs.items);
    fclose(f);
    oso_report_free(main);
    oso_report_free(att);
}

static void *worker(void *arg)
{
    struct run *run = arg;
    pthread_mutex_lock(&run->lock);
    for (;;) {
        /* Never more than window_size results ahead of the printer: bounded memory. */
        while (run->next < run->inputs.count && run->next >= run->printed + run->window_size)
            pthread_cond_wait(&run->cond, &run->lock);
        if (run->next >= run->inputs.count)
            break;
        size_t i = run->next++;
        struct result *res = &run->window[i % run->window_size];
        pthread_mutex_unlock(&run->lock);
        memset(res, 0, sizeof *res);
        validate_one(run, &run->inputs.items[i], res);
        pthread_mutex_lock(&run->lock);
        res->done = 1;
        pthread_cond_broadcast(&run->cond);
    }
    pthread_mutex_unlock(&run->lock);
    return NULL;
}

/* ---- progress ----------------------------------------------------------------------------- */

struct progress {
    int enabled;
    int shown;      /* a progress line is on the terminal */
    double start, last;
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress_clear(struct progress *p)
{
    if (p->shown) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
        p->shown = 0;
    }
}

/* One updating line on stderr once the run has taken 2 s, at most 5 times a second. */
static void progress_show(struct progress *p, size_t done, size_t total)
{
    double t = now();
    if (!p->enabled || t - p->start < 2.0 || t - p->last < 0.2)
        return;
    p->last = t;
    double rate = done / (t - p->start);
    fprintf(stderr, "\r\033[K");
    fprintf(stderr, TR("oso validate: %zu/%zu bestanden, %.1f/s", "oso validate: %zu/%zu files, %.1f/s"),
            done, total, rate);
    if (rate > 0)
        fprintf(stderr, TR(", nog ongeveer %.0f s", ", about %.0f s left"), (total - done) / rate);
    fflush(stderr);
    p->shown = 1;
}

/* ---- arguments ---------------------------------------------------------------------------- */

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

static void help(void)
{
    fputs(USAGE, stdout);
    fputs(TR(
"\n"
"Controleert elk BESTAND (een OSO-dossier; '-' is standaardinvoer) zoals de officiële\n"
"validatie dat doet, en drukt per invoer het resultaat af in invoervolgorde, zodra die invoer\n"
"en alle eerdere klaar zijn (ook met -j).\n"
"\n"
"  --format text|json|meldingen   uitvoer (standaard text)\n"
"      text: FILE:LINE:COL: RULE: melding per bevinding, 'FILE: geldig' voor een geldig\n"
"            bestand, 'FILE:0:0: IO: ...' voor een onleesbare invoer, en een samenvatting.\n"
"      json: één JSON-object per invoer per regel; een onleesbare invoer krijgt\n"
"            \"valid\": null en één bevinding met rule \"IO\".\n"
"      meldingen: het officiële resultaatformaat (alleen fouten), één document per invoer.\n"
"  --profile auto|none|OV|PaO      profielregels (standaard auto: uit overdrachtsoort)\n"
"  --codelists DIR|FILE            codelijstbestanden over de ingebouwde lijsten leggen\n"
"  --attachments                   ook de bijlagen controleren (ATT.*); de inhoud gaat via\n"
"                                  tijdelijke bestanden, dus het geheugen blijft begrensd\n"
"  --strict                        waarschuwingen tellen als fouten\n"
"  --rules +GROEP,-GROEP,...       regelgroepen aan/uit: codelists, general, categories,\n"
"                                  profile, attachments, doorstroomtoets\n"
"  --lang nl|en                    taal van alle uitvoer (standaard: OSO_LANG, anders\n"
"                                  LC_ALL/LC_MESSAGES/LANG: 'en...' is Engels, anders Nederlands)\n"
"  -j, --jobs N                    N bestanden tegelijk (standaard 1; 0: één per processor)\n"
"  -R, --recursive                 mappen doorlopen: elk gewoon bestand *.xml (hoofdletters\n"
"                                  maken niet uit) eronder, symbolische koppelingen gevolgd,\n"
"                                  elke map één keer, namen die met '.' beginnen overgeslagen,\n"
"                                  gesorteerd op naam (bytevolgorde). Zonder deze optie is een\n"
"                                  map een onleesbare invoer.\n"
"  -o, --output DIR                alleen bij --format meldingen: elk document naar\n"
"                                  DIR/<pad van de invoer>.meldingen.xml (zonder voorloop-'/',\n"
"                                  '..' wordt '__'); nodig bij meer dan één invoer. Twee invoeren\n"
"                                  met hetzelfde uitvoerbestand: de tweede is een fout.\n"
"  -q, --quiet                     alleen ongeldige en onleesbare invoer en de samenvatting\n"
"  -v, --verbose                   ook info-bevindingen (json bevat ze altijd)\n"
"  --progress, --no-progress       voortgangsregel op stderr aan/uit (standaard: alleen op een\n"
"                                  terminal, na 2 seconden)\n"
"  --limit NAAM=WAARDE             een limiet zetten (herhaalbaar; k, M, G = 1024-machten):\n",
"\n"
"Checks each FILE (an OSO dossier; '-' is standard input) as the official validation does, and\n"
"prints the result of each input in input order, as soon as it and all earlier inputs are\n"
"done (also with -j).\n"
"\n"
"  --format text|json|meldingen   output (default text)\n"
"      text: FILE:LINE:COL: RULE: message per finding, 'FILE: valid' for a valid file,\n"
"            'FILE:0:0: IO: ...' for an input that cannot be read, and a summary.\n"
"      json: one JSON object per input per line; an input that cannot be read gets\n"
"            \"valid\": null and one finding with rule \"IO\".\n"
"      meldingen: the official result vocabulary (errors only), one document per input.\n"
"  --profile auto|none|OV|PaO      profile rules (default auto: from overdrachtsoort)\n"
"  --codelists DIR|FILE            overlay codelist files on the built-in lists\n"
"  --attachments                   also check the attachments (ATT.*); their content passes\n"
"                                  through temporary files, so memory stays bounded\n"
"  --strict                        warnings count as errors\n"
"  --rules +GROUP,-GROUP,...       rule groups on/off: codelists, general, categories,\n"
"                                  profile, attachments, doorstroomtoets\n"
"  --lang nl|en                    language of all output (default: OSO_LANG, else\n"
"                                  LC_ALL/LC_MESSAGES/LANG: 'en...' is English, else Dutch)\n"
"  -j, --jobs N                    N files at a time (default 1; 0: one per processor)\n"
"  -R, --recursive                 walk directories: every regular file *.xml (any case) below,\n"
"                                  symbolic links followed, each directory once, names starting\n"
"                                  with '.' skipped, sorted by name (byte order). Without it a\n"
"                                  directory is an input that cannot be read.\n"
"  -o, --output DIR                --format meldingen only: each document to\n"
"                                  DIR/<the input's path>.meldingen.xml (no leading '/', '..'\n"
"                                  becomes '__'); needed with more than one input. Two inputs\n"
"                                  with the same output file: the second is an error.\n"
"  -q, --quiet                     only invalid and unreadable inputs and the summary\n"
"  -v, --verbose                   info findings too (json always has them)\n"
"  --progress, --no-progress       progress line on stderr on/off (default: on a terminal only,\n"
"                                  after 2 seconds)\n"
"  --limit NAME=VALUE              set a limit (repeatable; k, M, G = powers of 1024):\n"),
          stdout);
    cli_limits_help(stdout);
    fputs(TR(
"\n"
"Afsluitstatus: 2 als een invoer niet gelezen (of een uitvoer niet geschreven) kon worden of\n"
"bij een gebruiksfout, anders 1 als een invoer ongeldig is, anders 0. De samenvatting telt\n"
"geldig, ongeldig en onleesbaar apart.\n"
"\n"
"Voorbeelden:\n"
"  oso validate dossier.xml\n"
"  oso validate -j 0 --recursive --format json --quiet aanlevering/ > resultaat.jsonl\n"
"  oso validate --format meldingen -o meldingen/ --recursive scholen/\n"
"  oso validate --attachments --limit nodes=5000000 --limit input=4G groot-dossier.xml\n",
"\n"
"Exit status: 2 when an input could not be read (or an output not written) or on a usage\n"
"error, else 1 when an input is invalid, else 0. The summary counts valid, invalid and\n"
"unreadable inputs separately.\n"
"\n"
"Examples:\n"
"  oso validate dossier.xml\n"
"  oso validate -j 0 --recursive --format json --quiet delivery/ > results.jsonl\n"
"  oso validate --format meldingen -o meldingen/ --recursive schools/\n"
"  oso validate --attachments --limit nodes=5000000 --limit input=4G big-dossier.xml\n"),
          stdout);
}

/* Output files of meldingen -o DIR; the second input with an output taken already is an error
 * (never a silent overwrite). */
static int assign_outputs(struct run *run, const char *outdir)
{
    size_t n = run->inputs.count;
    char **sorted = malloc((n ? n : 1) * sizeof *sorted);
    if (sorted == NULL)
        return 0;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        struct cli_input *in = &run->inputs.items[i];
        if (in->problem != NULL)
            continue;
        if ((in->output = meldingen_path(outdir, in->path)) == NULL) {
            free(sorted);
            return 0;
        }
        sorted[m++] = in->output;
    }
    /* Duplicates, found in input order: a set of the outputs seen so far (sorted copy + search). */
    char **seen = malloc((m ? m : 1) * sizeof *seen);
    size_t nseen = 0;
    int ok = seen != NULL;
    for (size_t i = 0; ok && i < n; i++) {
        struct cli_input *in = &run->inputs.items[i];
        if (in->output == NULL)
            continue;
        size_t lo = 0, hi = nseen;
        int found = 0;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            int c = strcmp(seen[mid], in->output);
            if (c == 0) {
                found = 1;
                break;
            }
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (found) {
            const char *fmt = TR("uitvoer %s is al van een eerdere invoer (niet overschreven)",
                                 "output %s belongs to an earlier input already (not overwritten)");
            size_t len = strlen(fmt) + strlen(in->output) + 1;
            in->problem = malloc(len);
            if (in->problem == NULL) {
                ok = 0;
                break;
            }
            snprintf(in->problem, len, fmt, in->output);
            free(in->output);
            in->output = NULL;
            continue;
        }
        memmove(seen + lo + 1, seen + lo, (nseen - lo) * sizeof *seen);
        seen[lo] = in->output;
        nseen++;
    }
    free(seen);
    free(sorted);
    return ok;
}

int oso_cmd_validate(int argc, char **argv)
{
    enum { OPT_PROGRESS = 1000, OPT_NO_PROGRESS, OPT_LIMIT };
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'}, {"profile", required_argument, NULL, 'p'},
        {"codelists", required_argument, NULL, 'c'}, {"attachments", no_argument, NULL, 'a'},
        {"strict", no_argument, NULL, 's'},       {"rules", required_argument, NULL, 'r'},
        {"lang", required_argument, NULL, 'l'},   {"jobs", required_argument, NULL, 'j'},
        {"recursive", no_argument, NULL, 'R'},    {"output", required_argument, NULL, 'o'},
        {"quiet", no_argument, NULL, 'q'},        {"verbose", no_argument, NULL, 'v'},
        {"progress", no_argument, NULL, OPT_PROGRESS},
        {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
        {"limit", required_argument, NULL, OPT_LIMIT},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    struct run run;
    memset(&run, 0, sizeof run);
    oso_validate_options_init(&run.vo, OSO_VALIDATE_OPTIONS_VERSION);
    cli_limits_init(&run.limits);
    run.verbosity = NORMAL;
    const char *codelist_dir = NULL, *outdir = NULL;
    long jobs = 1;
    int recursive = 0, progress = -1, c;
    /* --lang first, so that every message of this run is in its language. */
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
            cli_set_lang(argv[i + 1]);
        else if (strncmp(argv[i], "--lang=", 7) == 0)
            cli_set_lang(argv[i] + 7);
    }
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":j:o:Rqvh", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (strcmp(optarg, "text") == 0)
                run.format = FORMAT_TEXT;
            else if (strcmp(optarg, "json") == 0)
                run.format = FORMAT_JSON;
            else if (strcmp(optarg, "meldingen") == 0)
                run.format = FORMAT_MELDINGEN;
            else
                return cli_usage_error("validate", USAGE, TR("onbekend formaat '%s'", "unknown format '%s'"), optarg);
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
                return cli_usage_error("validate", USAGE, TR("onbekend profiel '%s'", "unknown profile '%s'"), optarg);
            break;
        case 'c': codelist_dir = optarg; break;
        case 'a': run.vo.rules |= OSO_RULES_ATTACHMENTS; break;
        case 's': run.vo.strict = 1; break;
        case 'r':
            if (!parse_rules(optarg, &run.vo.rules))
                return cli_usage_error("validate", USAGE, TR("onbekende regelgroep in '%s'", "unknown rule group in '%s'"), optarg);
            break;
        case 'l':
            if (!cli_set_lang(optarg))
                return cli_usage_error("validate", USAGE, TR("onbekende taal '%s'", "unknown language '%s'"), optarg);
            break;
        case 'j': {
            char *end;
            jobs = strtol(optarg, &end, 10);
            if (*end != '\0' || end == optarg || jobs < 0 || jobs > 256)
                return cli_usage_error("validate", USAGE, TR("-j verwacht een getal van 0 tot 256", "-j takes a number from 0 to 256"));
            if (jobs == 0)
                jobs = sysconf(_SC_NPROCESSORS_ONLN) > 0 ? sysconf(_SC_NPROCESSORS_ONLN) : 1;
            break;
        }
        case 'R': recursive = 1; break;
        case 'o': outdir = optarg; break;
        case 'q': run.verbosity = QUIET; break;
        case 'v': run.verbosity = VERBOSE; break;
        case OPT_PROGRESS: progress = 1; break;
        case OPT_NO_PROGRESS: progress = 0; break;
        case OPT_LIMIT:
            if (!cli_limit_set(&run.limits, "validate", USAGE, optarg))
                return EXIT_TROUBLE;
            break;
        case 'h': help(); return EXIT_VALID;
        default: return cli_option_error("validate", c, argv);
        }
    }
    if (optind == argc)
        return cli_usage_error("validate", USAGE, TR("geen BESTAND opgegeven", "no FILE given"));
    if (outdir != NULL && run.format != FORMAT_MELDINGEN)
        return cli_usage_error("validate", USAGE, TR("-o DIR hoort bij --format meldingen", "-o DIR belongs to --format meldingen"));
    run.vo.attachments = &run.limits.attachments;
    run.streaming = (run.vo.rules & OSO_RULES_ATTACHMENTS) != 0;
    run.stream_parse = run.limits.parse;
    if (!run.limits.input_given)
        run.stream_parse.max_input_bytes = UINT64_MAX; /* streaming bounds memory, not input */
    cli_limits_active = &run.limits;

    for (int i = optind; i < argc; i++)
        if (!cli_inputs_add(&run.inputs, argv[i], recursive)) {
            fputs(TR("oso validate: onvoldoende geheugen\n", "oso validate: out of memory\n"), stderr);
            cli_inputs_free(&run.inputs);
            return EXIT_TROUBLE;
        }
    int code = EXIT_VALID;
    if (run.format == FORMAT_MELDINGEN && run.inputs.count > 1 && outdir == NULL)
        code = cli_usage_error("validate", USAGE, TR("--format meldingen met meer dan één invoer vraagt -o DIR",
                                                      "--format meldingen with several inputs needs -o DIR"));
    if (code == EXIT_VALID && outdir != NULL) {
        char *probe = malloc(strlen(outdir) + 3);
        if (probe != NULL) {
            sprintf(probe, "%s/x", outdir);
            if (!make_parents(probe)) {
                int err = errno;
                fprintf(stderr, "oso validate: %s: %s\n", outdir, cli_errno_text(err));
                code = EXIT_TROUBLE;
            }
        }
        free(probe);
        if (code == EXIT_VALID && (probe == NULL || !assign_outputs(&run, outdir)))
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
    if (code != EXIT_VALID) {
        cli_inputs_free(&run.inputs);
        oso_codelists_free(lists);
        return code;
    }

    size_t count = run.inputs.count, nthreads = (size_t)jobs < count ? (size_t)jobs : count;
    struct progress prog = {.enabled = progress == 1 || (progress == -1 && isatty(STDERR_FILENO)),
                            .start = now()};
    /* One job and no progress line: the main thread validates, one file after the other. A
     * worker would cost a thread, its stack and a malloc arena of its own for nothing (a
     * single-file run is mostly process start-up). The progress line needs the main thread
     * free to redraw it while a large file is validated. */
    int inline_jobs = nthreads <= 1 && !prog.enabled;
    if (inline_jobs)
        nthreads = 0;
    run.window_size = 4 * (nthreads ? nthreads : 1);
    run.window = calloc(run.window_size, sizeof *run.window);
    pthread_t *threads = calloc(nthreads ? nthreads : 1, sizeof *threads);
    pthread_mutex_init(&run.lock, NULL);
    pthread_cond_init(&run.cond, NULL);
    size_t started = 0;
    if (run.window != NULL && threads != NULL)
        for (; started < nthreads; started++)
            if (pthread_create(&threads[started], NULL, worker, &run) != 0)
                break;
    int no_memory = count > 0 && (run.window == NULL || (!inline_jobs && threads == NULL));
    int no_worker = count > 0 && !no_memory && !inline_jobs && started == 0;
    size_t counts[3] = {0, 0, 0}, errors = 0, warnings = 0;
    int trouble = no_worker || no_memory;
    /* Print each input's result as soon as it and all before it are done. */
    for (size_t i = 0; i < count && !trouble; i++) {
        struct result *res = &run.window[i % run.window_size];
        if (inline_jobs) {
            memset(res, 0, sizeof *res);
            validate_one(&run, &run.inputs.items[i], res);
            res->done = 1;
        }
        pthread_mutex_lock(&run.lock);
        while (!res->done) {
            if (prog.enabled) {
                struct timespec until;
                clock_gettime(CLOCK_REALTIME, &until);
                until.tv_nsec += 250000000;
                if (until.tv_nsec >= 1000000000) {
                    until.tv_sec++;
                    until.tv_nsec -= 1000000000;
                }
                pthread_cond_timedwait(&run.cond, &run.lock, &until);
                pthread_mutex_unlock(&run.lock);
                progress_show(&prog, i, count);
                pthread_mutex_lock(&run.lock);
            } else {
                pthread_cond_wait(&run.cond, &run.lock);
            }
        }
        pthread_mutex_unlock(&run.lock);
        progress_clear(&prog);
        if (res->output_len)
            fwrite(res->output, 1, res->output_len, stdout);
        fflush(stdout);
        free(res->output);
        counts[res->verdict]++;
        errors += res->errors;
        warnings += res->warnings;
        if (res->trouble)
            trouble = 1;
        pthread_mutex_lock(&run.lock);
        res->done = 0;
        run.printed = i + 1;
        pthread_cond_broadcast(&run.cond);
        pthread_mutex_unlock(&run.lock);
        progress_show(&prog, i + 1, count);
    }
    progress_clear(&prog);
    for (size_t t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    free(threads);
    free(run.window);
    pthread_mutex_destroy(&run.lock);
    pthread_cond_destroy(&run.cond);
    if (no_worker)
        fputs(TR("oso validate: kan geen werkdraad starten\n", "oso validate: cannot start a worker thread\n"), stderr);
    else if (no_memory)
        fputs(TR("oso validate: onvoldoende geheugen\n", "oso validate: out of memory\n"), stderr);
    else if (run.format == FORMAT_TEXT)
        printf(TR("%zu bestand(en): %zu geldig, %zu ongeldig, %zu onleesbaar; %zu fout(en), %zu waarschuwing(en)\n",
                  "%zu file(s): %zu valid, %zu invalid, %zu unreadable; %zu error(s), %zu warning(s)\n"),
               count, counts[VERDICT_VALID], counts[VERDICT_INVALID], counts[VERDICT_UNREADABLE],
               errors, warnings);
    /* Precedence: 2 (an input unreadable, an output unwritable), else 1 (an input invalid). */
    code = trouble || counts[VERDICT_UNREADABLE] > 0 ? EXIT_TROUBLE
           : counts[VERDICT_INVALID] > 0             ? EXIT_INVALID
                                                     : EXIT_VALID;
    if (fflush(stdout) != 0 || ferror(stdout))
        code = EXIT_TROUBLE;
    cli_inputs_free(&run.inputs);
    oso_codelists_free(lists);
    return code;
}
