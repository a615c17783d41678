/* `oso attachments list|verify|extract`: the documents a dossier carries.
 *
 * All three read the dossier in streaming mode (oso_attachments_scan_file): every attachment
 * passes through a temporary file, so memory stays bounded whatever the attachments weigh. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage_en[] =
    "usage: oso attachments list [--lang nl|en] [--limit NAME=VALUE]... FILE...\n"
    "       oso attachments verify [--lang nl|en] [--limit NAME=VALUE]... FILE...\n"
    "       oso attachments extract [--dir DIR] [--force] [--lang nl|en] [--limit NAME=VALUE]... FILE...\n";
static const char usage_nl[] =
    "gebruik: oso attachments list [--lang nl|en] [--limit NAAM=WAARDE]... BESTAND...\n"
    "         oso attachments verify [--lang nl|en] [--limit NAAM=WAARDE]... BESTAND...\n"
    "         oso attachments extract [--dir DIR] [--force] [--lang nl|en] [--limit NAAM=WAARDE]... BESTAND...\n";
#define USAGE TR(usage_nl, usage_en)

static void help(void)
{
    fputs(USAGE, stdout);
    fputs(TR("\n"
"Alle drie lezen het dossier stromend: elke bijlage gaat via een tijdelijk bestand, dus het\n"
"geheugen blijft begrensd hoe zwaar de bijlagen ook zijn. Namen uit het dossier of de ZIP worden\n"
"afgedrukt met stuurtekens ontsnapt (\\n, \\e, \\xHH, \\\\).\n"
"  list     elk documentblok: pad, bestandsnaam, omschrijving, categorie, ZIP-inhoud\n"
"  verify   ATT.*-bevindingen zoals 'oso validate' ze afdrukt (afsluitstatus 1 bij fouten)\n"
"  extract  elk bestand in elke ZIP naar DIR, één bestand per stuk, nooit buiten DIR; namen\n"
"           die vaker voorkomen krijgen een nummer (naam-2.ext); drukt elk geschreven bestand af\n"
"  --dir DIR        (extract) doelmap, standaard '.', aangemaakt als die ontbreekt\n"
"  --force          (extract) bestaande bestanden vervangen (standaard: nooit)\n"
"  --lang nl|en     taal (standaard: OSO_LANG, anders LC_ALL/LC_MESSAGES/LANG)\n"
"  --limit NAAM=WAARDE  een limiet zetten (herhaalbaar; k, M, G = 1024-machten):\n",
"\n"
"All three read the dossier in streaming mode: every attachment passes through a temporary\n"
"file, so memory stays bounded whatever the attachments weigh. Names from the dossier or the\n"
"ZIP are printed with control characters escaped (\\n, \\e, \\xHH, \\\\).\n"
"  list     every document block: path, bestandsnaam, omschrijving, category, ZIP entries\n"
"  verify   ATT.* diagnostics as 'oso validate' prints them (exit 1 when there are errors)\n"
"  extract  every ZIP entry of every document into DIR, one file each, never outside DIR;\n"
"           names that occur more than once are numbered (name-2.ext); prints each file written\n"
"  --dir DIR        (extract) target directory, default '.', created when missing\n"
"  --force          (extract) replace existing files (default: never)\n"
"  --lang nl|en     language (default: OSO_LANG, else LC_ALL/LC_MESSAGES/LANG)\n"
"  --limit NAME=VALUE  set a limit (repeatable; k, M, G = powers of 1024):\n"), stdout);
    cli_limits_help(stdout);
    fputs(TR("\nVoorbeelden:\n  oso attachments list dossier.xml\n"
             "  oso attachments verify --limit total-size=2G dossier.xml\n"
             "  oso attachments extract --dir bijlagen/ dossier.xml\n",
             "\nExamples:\n  oso attachments list dossier.xml\n"
             "  oso attachments verify --limit total-size=2G dossier.xml\n"
             "  oso attachments extract --dir attachments/ dossier.xml\n"), stdout);
}

struct run {
    const char *file;   /* as given, for messages */
    struct cli_limits limits;
    int code;           /* worst exit status so far for this file */
    size_t documents;
    /* extract */
    const char *dir;
    int dirfd;
    int force;
    char **taken;       /* names written in this run (open addressing, NULL = free) */
    size_t taken_cap, taken_count;
};

static void worse(struct run *r, int code)
{
    if (code > r->code)
        r->code = code;
}

/* "FILE:LINE:COL: /path" of a document, as the other commands name places. */
static void print_place(FILE *f, const struct run *r, const oso_node *document)
{
    char *path = NULL;
    oso_node_path(&path, document);
    cli_put_escaped(f, r->file, (size_t)-1);
    fprintf(f, ":%lu:%lu: %s", oso_node_line(document), oso_node_column(document),
            path ? path : "?");
    oso_free(path);
}

/* An entry name as stored, all its bytes (a NUL included), escaped. */
static void print_entry_name(FILE *f, const oso_attachment *a, size_t index)
{
    cli_put_escaped(f, oso_attachment_entry_name(a, index),
                    oso_attachment_entry_name_length(a, index));
}

/* Why the last call failed: liboso's detail in English runs, the status in Dutch ones (the
 * `ATT.*` finding of `verify` gives the Dutch detail). */
static void print_why(FILE *f)
{
    if (cli_lang == OSO_LANG_EN)
        cli_put_escaped(f, oso_error_last(), (size_t)-1);
    else
        fputs(cli_status_text(oso_error_last_status()), f);
}

/* ---- list ----------------------------------------------------------------------------------- */

static void print_header(struct run *r, const oso_node *document)
{
    print_place(stdout, r, document);
    putchar('\n');
    const char *desc = oso_attachment_description(document);
    int cat = oso_attachment_category(document);
    fputs("  bestandsnaam: ", stdout);
    cli_put_escaped(stdout, oso_attachment_filename(document), (size_t)-1);
    putchar('\n');
    if (desc != NULL) {
        fputs("  omschrijving: ", stdout);
        cli_put_escaped(stdout, desc, (size_t)-1);
        putchar('\n');
    }
    if (cat > 0)
        printf("  %s: %d (%s)\n", TR("categorie", "category"), cat, oso_release_category_field(cat));
    else
        printf("  %s: -\n", TR("categorie", "category"));
    r->documents++;
}

static oso_status list_visit(void *ctx, const oso_node *document, oso_attachment *a)
{
    struct run *r = ctx;
    print_header(r, document);
    if (a == NULL) {
        printf("  %s: ", TR("onleesbaar", "unreadable"));
        print_why(stdout);
        putchar('\n');
        worse(r, EXIT_INVALID);
        return OSO_OK;
    }
    for (size_t i = 0; i < oso_attachment_entry_count(a); i++) {
        printf("  %s: ", TR("inhoud", "entry"));
        print_entry_name(stdout, a, i);
        if (oso_attachment_entry_is_dir(a, i))
            printf(" (%s)\n", TR("map", "folder"));
        else
            printf(" (%llu bytes, %llu %s)\n", (unsigned long long)oso_attachment_entry_size(a, i),
                   (unsigned long long)oso_attachment_entry_compressed_size(a, i),
                   TR("gecomprimeerd", "compressed"));
    }
    return OSO_OK;
}

/* ---- extract -------------------------------------------------------------------------------- */

static size_t hash(const char *s)
{
    size_t h = 14695981039346656037u & SIZE_MAX;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * (1099511628211u & SIZE_MAX);
    return h;
}

/* Slot of `name` in the set of names written, or of the free slot where it would go. */
static size_t taken_slot(const struct run *r, const char *name)
{
    size_t i = hash(name) & (r->taken_cap - 1);
    while (r->taken[i] != NULL && strcmp(r->taken[i], name) != 0)
        i = (i + 1) & (r->taken_cap - 1);
    return i;
}

static int is_taken(const struct run *r, const char *name)
{
    return r->taken_cap > 0 && r->taken[taken_slot(r, name)] != NULL;
}

static int take(struct run *r, const char *name)
{
    if (2 * (r->taken_count + 1) > r->taken_cap) {
        size_t cap = r->taken_cap ? 2 * r->taken_cap : 64;
        char **old = r->taken;
        size_t old_cap = r->taken_cap;
        r->taken = calloc(cap, sizeof *r->taken);
        if (r->taken == NULL) {
            r->taken = old;
            return 0;
        }
        r->taken_cap = cap;
        for (size_t i = 0; i < old_cap; i++)
            if (old[i] != NULL)
                r->taken[taken_slot(r, old[i])] = old[i];
        free(old);
    }
    char *copy = strdup(name);
    if (copy == NULL)
        return 0;
    r->taken[taken_slot(r, name)] = copy;
    r->taken_count++;
    return 1;
}

/* A file name for an entry that stays inside DIR whatever the archive says: the last path
 * component (no '/', '\', drive letter), control characters replaced, never "", "." or "..",
 * short enough to leave room for a number. */
static void safe_name(const char *entry, const char *fallback, char *out, size_t cap)
{
    const char *base = entry;
    for (const char *p = entry; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    if (((base[0] | 0x20) >= 'a' && (base[0] | 0x20) <= 'z') && base[1] == ':')
        base += 2;
    size_t n = 0, limit = cap - 1 < 200 ? cap - 1 : 200;
    for (const unsigned char *p = (const unsigned char *)base; *p && n < limit; p++)
        out[n++] = *p < 0x20 || *p == 0x7F || *p == ':' ? '_' : (char)*p;
    if (base[n] != '\0') {
        /* Too long: keep the extension, cut the stem at a UTF-8 character boundary. */
        const char *dot = strrchr(base, '.');
        size_t ext = dot != NULL && strlen(dot) <= 16 ? strlen(dot) : 0;
        n = limit - ext;
        while (n > 0 && ((unsigned char)base[n] & 0xC0) == 0x80)
            n--;
        if (ext > 0)
            memcpy(out + n, dot, ext);
        n += ext;
    }
    out[n] = '\0';
    if (n == 0 || strcmp(out, ".") == 0 || strcmp(out, "..") == 0) {
        if (fallback != NULL && strcmp(fallback, entry) != 0)
            safe_name(fallback, NULL, out, cap);
        else
            snprintf(out, cap, "bijlage");
    }
}

/* `name`, or name-2.ext, name-3.ext, ...: the first not written in this run yet. */
static void unique_name(const struct run *r, const char *name, char *out, size_t cap)
{
    snprintf(out, cap, "%s", name);
    const char *dot = strrchr(name, '.');
    size_t stem = dot != NULL && dot != name ? (size_t)(dot - name) : strlen(name);
    for (unsigned long k = 2; is_taken(r, out); k++)
        snprintf(out, cap, "%.*s-%lu%s", (int)stem, name, k, name + stem);
}

/* Write entry `index` to DIR/name. Without --force the file is created exclusively, so nothing
 * existing is touched; with --force it is written to a temporary file and renamed over the
 * old one, which stays intact when extraction fails. A failed extraction leaves no file. */
static int write_entry(struct run *r, oso_attachment *a, size_t index, const char *name)
{
    char tmp[64] = "";
    int fd;
    if (r->force) {
        for (unsigned attempt = 0;; attempt++) {
            snprintf(tmp, sizeof tmp, ".oso-extract-%ld-%u", (long)getpid(), attempt);
            fd = openat(r->dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
            if (fd >= 0 || errno != EEXIST || attempt > 1000)
                break;
        }
    } else {
        fd = openat(r->dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    }
    if (fd < 0) {
        int err = errno;
        fputs("oso attachments: ", stderr);
        cli_put_escaped(stderr, r->dir, (size_t)-1);
        fputc('/', stderr);
        cli_put_escaped(stderr, err == EEXIST || !r->force ? name : tmp, (size_t)-1);
        if (err == EEXIST)
            fputs(TR(" bestaat al (vervang het met --force)\n", " exists (use --force to replace it)\n"),
                  stderr);
        else
            fprintf(stderr, TR(": kan niet aangemaakt worden: %s\n", ": cannot be created: %s\n"),
                    cli_errno_text(err));
        return EXIT_TROUBLE;
    }
    oso_status st = oso_attachment_extract_fd(a, index, fd);
    int closed = close(fd);
    const char *written = r->force ? tmp : name;
    if (st != OSO_OK || closed != 0) {
        unlinkat(r->dirfd, written, 0);
        fputs("oso attachments: ", stderr);
        if (st == OSO_OK || st == OSO_E_IO) {
            int err = errno;
            cli_put_escaped(stderr, r->dir, (size_t)-1);
            fputc('/', stderr);
            cli_put_escaped(stderr, name, (size_t)-1);
            fputs(TR(": schrijven mislukt: ", ": writing failed: "), stderr);
            if (st == OSO_OK)
                fputs(cli_errno_text(err), stderr);
            else
                print_why(stderr);
            fputc('\n', stderr);
            return EXIT_TROUBLE;
        }
        cli_put_escaped(stderr, r->file, (size_t)-1);
        fputs(TR(": bestand '", ": entry '"), stderr);
        print_entry_name(stderr, a, index);
        fputs(TR("' niet uitgepakt: ", "' not extracted: "), stderr);
        print_why(stderr);
        fputc('\n', stderr);
        return EXIT_INVALID;
    }
    if (r->force && renameat(r->dirfd, tmp, r->dirfd, name) != 0) {
        int err = errno;
        fputs("oso attachments: ", stderr);
        cli_put_escaped(stderr, r->dir, (size_t)-1);
        fputc('/', stderr);
        cli_put_escaped(stderr, name, (size_t)-1);
        fprintf(stderr, TR(": kan niet vervangen worden: %s\n", ": cannot be replaced: %s\n"),
                cli_errno_text(err));
        unlinkat(r->dirfd, tmp, 0);
        return EXIT_TROUBLE;
    }
    cli_put_escaped(stdout, r->dir, (size_t)-1);
    putchar('/');
    cli_put_escaped(stdout, name, (size_t)-1);
    putchar('\n');
    return EXIT_VALID;
}

static oso_status extract_visit(void *ctx, const oso_node *document, oso_attachment *a)
{
    struct run *r = ctx;
    r->documents++;
    if (a == NULL) {
        fprintf(stderr, "oso attachments: ");
        print_place(stderr, r, document);
        fputs(" (", stderr);
        cli_put_escaped(stderr, oso_attachment_filename(document), (size_t)-1);
        fputs(TR("): niet uitgepakt: ", "): not extracted: "), stderr);
        print_why(stderr);
        fputc('\n', stderr);
        worse(r, EXIT_INVALID);
        return OSO_OK;
    }
    for (size_t i = 0; i < oso_attachment_entry_count(a); i++) {
        if (oso_attachment_entry_is_dir(a, i))
            continue;
        const char *entry = oso_attachment_entry_name(a, i);
        char base[256], name[300];
        safe_name(entry, oso_attachment_filename(document), base, sizeof base);
        unique_name(r, base, name, sizeof name);
        if (!take(r, name)) {
            fputs(TR("oso attachments: onvoldoende geheugen\n", "oso attachments: out of memory\n"), stderr);
            return OSO_E_NOMEM;
        }
        if (!oso_attachment_entry_name_safe(a, i) || strcmp(name, entry) != 0 ||
            oso_attachment_entry_name_length(a, i) != strlen(entry)) {
            fputs("oso attachments: ", stderr);
            cli_put_escaped(stderr, r->file, (size_t)-1);
            fputs(TR(": bestand '", ": entry '"), stderr);
            print_entry_name(stderr, a, i);
            fputs(TR("' wordt geschreven als '", "' is written as '"), stderr);
            cli_put_escaped(stderr, name, (size_t)-1);
            fputs("'\n", stderr);
        }
        worse(r, write_entry(r, a, i, name));
        fflush(stdout); /* one line per file as it is written, also into a pipe */
    }
    return OSO_OK;
}

/* ---- driver --------------------------------------------------------------------------------- */

/* Documents without content are never visited by the scan: say so instead of skipping them. */
static void report_missing_content(struct run *r, const oso_dossier *d, int listing)
{
    for (oso_node *doc = oso_attachment_next(d, NULL); doc; doc = oso_attachment_next(d, doc)) {
        /* Scanned content is streamed away: decoding says "not kept", or "not there". */
        unsigned char *zip = NULL;
        size_t len;
        oso_status st = oso_attachment_decode(&zip, &len, doc);
        oso_free(zip);
        if (st != OSO_E_NOT_FOUND)
            continue;
        if (listing) {
            print_header(r, doc);
            printf("  %s\n", TR("geen bestandsinhoud", "no bestandsinhoud"));
        } else {
            fprintf(stderr, "oso attachments: ");
            print_place(stderr, r, doc);
            fputs(TR(": geen bestandsinhoud\n", ": no bestandsinhoud\n"), stderr);
        }
        worse(r, EXIT_INVALID);
    }
}

enum action { LIST, VERIFY, EXTRACT };

static int one_file(struct run *r, enum action action, size_t *errors, size_t *warnings)
{
    oso_dossier *d = NULL;
    oso_report *report = NULL;
    int from_stdin = strcmp(r->file, "-") == 0;
    oso_attachment_visit_fn visit = action == LIST ? list_visit
                                    : action == EXTRACT ? extract_visit
                                                        : NULL;
    oso_dossier **want_model = action == VERIFY ? NULL : &d;
    oso_parse_options po = r->limits.parse;
    if (!r->limits.input_given)
        po.max_input_bytes = UINT64_MAX; /* streaming bounds memory, not input */
    int fd = from_stdin ? STDIN_FILENO : open(r->file, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int err = errno;
        fputs("oso attachments: ", stderr);
        cli_put_escaped(stderr, r->file, (size_t)-1);
        fprintf(stderr, ": %s\n", cli_errno_text(err));
        return EXIT_TROUBLE;
    }
    oso_status st = oso_attachments_scan_fd(want_model, &report, fd, &r->limits.attachments, &po,
                                            action == VERIFY, visit, r);
    if (!from_stdin)
        close(fd);
    if (st != OSO_OK) {
        cli_lib_error("attachments", r->file, st);
        oso_report_free(report);
        oso_dossier_free(d);
        return EXIT_TROUBLE;
    }
    /* verify prints every finding; list and extract only why input was refused (their own
     * output already says which documents failed). */
    int refused = action != VERIFY && d == NULL;
    for (size_t i = 0; i < oso_report_count(report); i++) {
        const oso_diagnostic *g = oso_report_at(report, i);
        if (action != VERIFY && !refused)
            continue;
        cli_print_diagnostic(action == VERIFY ? stdout : stderr, r->file, g);
    }
    *errors += oso_report_error_count(report);
    *warnings += oso_report_warning_count(report);
    if (!oso_report_valid(report) && action == VERIFY)
        worse(r, EXIT_INVALID);
    if (refused)
        worse(r, EXIT_INVALID);
    if (d != NULL)
        report_missing_content(r, d, action == LIST);
    oso_dossier_free(d);
    oso_report_free(report);
    return r->code;
}

int oso_cmd_attachments(int argc, char **argv)
{
    enum { OPT_LIMIT = 1000 };
    static const struct option longopts[] = {
        {"dir", required_argument, NULL, 'd'},  {"force", no_argument, NULL, 'f'},
        {"lang", required_argument, NULL, 'l'}, {"help", no_argument, NULL, 'h'},
        {"limit", required_argument, NULL, OPT_LIMIT}, {NULL, 0, NULL, 0},
    };
    for (int i = 1; i < argc; i++) /* --lang first: every message in the run's language */
        if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
            cli_set_lang(argv[i + 1]);
    if (argc < 2)
        return cli_usage_error("attachments", USAGE, TR("list, verify of extract verwacht", "list, verify or extract expected"));
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        help();
        return EXIT_VALID;
    }
    enum action action;
    if (strcmp(argv[1], "list") == 0)
        action = LIST;
    else if (strcmp(argv[1], "verify") == 0)
        action = VERIFY;
    else if (strcmp(argv[1], "extract") == 0)
        action = EXTRACT;
    else
        return cli_usage_error("attachments", USAGE, TR("onbekende actie '%s'", "unknown action '%s'"), argv[1]);
    struct run r = {.dir = ".", .dirfd = -1};
    cli_limits_init(&r.limits);
    cli_limits_active = &r.limits;
    int c, dir_given = 0;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc - 1, argv + 1, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': r.dir = optarg; dir_given = 1; break;
        case 'f': r.force = 1; break;
        case 'l':
            if (!cli_set_lang(optarg))
                return cli_usage_error("attachments", USAGE, TR("onbekende taal '%s'", "unknown language '%s'"), optarg);
            break;
        case OPT_LIMIT:
            if (!cli_limit_set(&r.limits, "attachments", USAGE, optarg))
                return EXIT_TROUBLE;
            break;
        case 'h': help(); return EXIT_VALID;
        default: return cli_option_error("attachments", c, argv + 1);
        }
    }
    if ((dir_given || r.force) && action != EXTRACT)
        return cli_usage_error("attachments", USAGE, TR("--dir en --force horen bij extract", "--dir and --force belong to extract"));
    int first = optind + 1;
    if (first >= argc)
        return cli_usage_error("attachments", USAGE, TR("geen BESTAND opgegeven", "no FILE given"));
    for (int i = first; i < argc; i++) {
        struct stat sb;
        if (strcmp(argv[i], "-") != 0 && stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode))
            return cli_usage_error("attachments", USAGE, TR("%s is een map", "%s is a directory"), argv[i]);
    }
    if (action == EXTRACT) {
        if (mkdir(r.dir, 0777) != 0 && errno != EEXIST) { /* like unzip -d: create DIR */
            int err = errno;
            fputs("oso attachments: ", stderr);
            cli_put_escaped(stderr, r.dir, (size_t)-1);
            fprintf(stderr, ": %s\n", cli_errno_text(err));
            return EXIT_TROUBLE;
        }
        r.dirfd = open(r.dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (r.dirfd < 0) {
            int err = errno;
            fputs("oso attachments: ", stderr);
            cli_put_escaped(stderr, r.dir, (size_t)-1);
            fprintf(stderr, ": %s\n", cli_errno_text(err));
            return EXIT_TROUBLE;
        }
    }
    int code = EXIT_VALID;
    size_t errors = 0, warnings = 0, valid = 0, invalid = 0, files = 0;
    for (int i = first; i < argc; i++) {
        r.file = argv[i];
        r.code = EXIT_VALID;
        int fc = one_file(&r, action, &errors, &warnings);
        files++;
        valid += fc == EXIT_VALID;
        invalid += fc == EXIT_INVALID;
        if (fc > code)
            code = fc;
    }
    if (action == VERIFY)
        printf(TR("%zu bestand(en): %zu geldig, %zu ongeldig, %zu onleesbaar; %zu fout(en), %zu "
                  "waarschuwing(en)\n",
                  "%zu file(s): %zu valid, %zu invalid, %zu unreadable; %zu error(s), %zu "
                  "warning(s)\n"),
               files, valid, invalid, files - valid - invalid, errors, warnings);
    else if (action == LIST)
        printf(TR("%zu document(en)\n", "%zu document(s)\n"), r.documents);
    if (r.dirfd >= 0)
        close(r.dirfd);
    for (size_t i = 0; i < r.taken_cap; i++)
        free(r.taken[i]);
    free(r.taken);
    if (fflush(stdout) != 0)
        code = EXIT_TROUBLE;
    return code;
}
