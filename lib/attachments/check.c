/* ATT.*: attachment checks (doc/attachments.md lists every rule id with its meaning).
 *
 * A `document` block carries one document as Base64 of a ZIP archive. The checks decode it,
 * open the archive defensively (zipmem.c), inflate every entry without keeping it (CRC-32,
 * size and ratio limits enforced while inflating) and judge the document type by the names and
 * by the content (filetype.c). Every finding is reported at the `document` element.
 *
 * Memory stays bounded whatever the attachment weighs: an entry is inspected in memory only up
 * to SNIFF_MEMORY bytes. Beyond that the type is settled without holding it: PDF, PNG and JPEG
 * by their signature in the first bytes, text by a piecewise scan, and the container formats
 * (OLE2, ZIP-based Office and OpenDocument files), whose type needs random access, from a
 * temporary file mapped read-only, of which only the few directory pages are touched. */
#include "attachments/check.h"

#include "base/base64.h"
#include "attachments/filetype.h"
#include "base/error.h"
#include "base/report.h"
#include "model/findings.h"
#include "model/navigate.h"
#include "schema/value.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

enum {
    SNIFF_MEMORY = 8 << 20, /* entry bytes inspected in memory */
    SNIFF_PREFIX = 1024,    /* bytes that decide a signature type (PDF looks this far) */
    NAME_SHOWN = 120        /* bytes of an entry name quoted in a message */
};

/* The policy in words (filetype.h has the exact rules). */
#define ALLOWED_NL "PDF, JPG, PNG, DOC(X), XLS(X), PPT(X), TXT en OpenDocument (ODT, ODS, ODP, ...)"
#define ALLOWED_EN "PDF, JPG, PNG, DOC(X), XLS(X), PPT(X), TXT and OpenDocument (ODT, ODS, ODP, ...)"

/* ---- helpers -------------------------------------------------------------------------------- */

void oso_att_limits(const oso_attachment_options *o, oso_zip_limits *l)
{
    oso_zip_limits defaults = OSO_ZIP_LIMITS_DEFAULT;
    *l = defaults;
    if (o != NULL) {
        l->max_entries = o->max_entries;
        l->max_entry_size = o->max_entry_size;
        l->max_total_size = o->max_total_size;
        l->max_ratio = o->max_ratio;
    }
}

void oso_att_check_init(struct oso_att_check *c, oso_report *report,
                        const oso_attachment_options *options, int strict)
{
    c->report = report;
    oso_att_limits(options, &c->limits);
    c->strict = strict;
    c->spill_fd = -1;
}

void oso_att_check_done(struct oso_att_check *c)
{
    if (c->spill_fd >= 0)
        close(c->spill_fd);
    c->spill_fd = -1;
}

int oso_att_is_document(const struct oso_node *n)
{
    return n != NULL && n->kind == OSO_KIND_ELEMENT && n->row != OSO_SCHEMA_NONE &&
           oso_node_row(n)->ctype == oso_node_schema(n)->ctype_document;
}

const struct oso_node *oso_att_content(const struct oso_node *document)
{
    return oso_nav_child(document, oso_node_schema(document)->row_document_content);
}

/* Both formats get the same arguments. The English one uses all of them and is the one the
 * compiler checks; the Dutch one may use a prefix of them, leaving out the technical detail
 * (in English, from zipmem) that English messages end with. */
static void finding(struct oso_att_check *c, const char *rule, const struct oso_node *doc,
                    const char *fmt_nl, const char *fmt_en, ...) OSO_PRINTF(5, 6);
static void finding(struct oso_att_check *c, const char *rule, const struct oso_node *doc,
                    const char *fmt_nl, const char *fmt_en, ...)
{
    va_list ap;
    va_start(ap, fmt_en);
    oso_report_nodev(c->report, rule, OSO_SEVERITY_ERROR, doc, fmt_nl, fmt_en, ap);
    va_end(ap);
}

/* Report messages written beforehand, for findings whose Dutch and English texts take
 * different arguments, and for disagreements that real dossiers contain and receivers cope
 * with (`warning`): warnings unless validation runs strict. */
static void say(struct oso_att_check *c, const char *rule, int warning,
                const struct oso_node *doc, const char *nl, const char *en)
{
    oso_severity sev = warning && !c->strict ? OSO_SEVERITY_WARNING : OSO_SEVERITY_ERROR;
    oso_report_node_text(c->report, rule, sev, doc, nl, en);
}

/* An entry name as it may be quoted in a message: hostile names can hold control characters,
 * bytes that are not UTF-8 (CP437 names) or be very long. */
static void shown_name(const oso_zip_entry *e, char *out, size_t cap)
{
    int utf8 = oso_text_is_xml(e->name, strlen(e->name));
    size_t n = 0, limit = cap - 4 < NAME_SHOWN ? cap - 4 : NAME_SHOWN;
    for (const unsigned char *p = (const unsigned char *)e->name; *p && n < limit; p++)
        out[n++] = *p < 0x20 || *p == 0x7F || (*p >= 0x80 && !utf8) ? '?' : (char)*p;
    if (strlen(e->name) > n) {
        const unsigned char *src = (const unsigned char *)e->name;
        while (n > 0 && utf8 && (src[n] & 0xC0) == 0x80)
            n--; /* do not cut a UTF-8 sequence: back to the start of the one cut off */
        memcpy(out + n, "...", 3);
        n += 3;
    }
    out[n] = '\0';
}

/* How a content type reads in a message. */
static const char *kind_nl(oso_filetype t, char *buf, size_t cap)
{
    switch (t) {
    case OSO_FT_UNKNOWN: return "onbekende inhoud";
    case OSO_FT_EMPTY: return "leeg";
    case OSO_FT_ZIP: return "een ander ZIP-archief";
    case OSO_FT_OOXML: return "een ander Office Open XML-pakket";
    case OSO_FT_OLE2_OTHER: return "een ander OLE2-bestand (geen Word, Excel of PowerPoint)";
    case OSO_FT_OLE2: return "een Word-, Excel- of PowerPoint-bestand (OLE2)";
    case OSO_FT_OPENDOCUMENT: return "een OpenDocument-bestand";
    default: break;
    }
    size_t i = 0;
    for (const char *s = oso_filetype_name(t); *s && i + 1 < cap; s++)
        buf[i++] = (char)toupper((unsigned char)*s);
    buf[i] = '\0';
    return buf;
}

static const char *kind_en(oso_filetype t, char *buf, size_t cap)
{
    switch (t) {
    case OSO_FT_UNKNOWN: return "unrecognised content";
    case OSO_FT_EMPTY: return "empty";
    case OSO_FT_ZIP: return "another ZIP archive";
    case OSO_FT_OOXML: return "another Office Open XML package";
    case OSO_FT_OLE2_OTHER: return "another OLE2 file (not Word, Excel or PowerPoint)";
    case OSO_FT_OLE2: return "a Word, Excel or PowerPoint file (OLE2)";
    case OSO_FT_OPENDOCUMENT: return "an OpenDocument file";
    default: break;
    }
    return kind_nl(t, buf, cap);
}

/* The technical detail of the last ZIP failure, without the problem's name in front of it
 * (messages already say what the problem is). */
static const char *zip_detail(oso_zip_problem problem)
{
    const char *detail = oso_error_last(), *name = oso_zip_problem_text(problem);
    size_t n = strlen(name);
    return strncmp(detail, name, n) == 0 && strncmp(detail + n, ": ", 2) == 0 ? detail + n + 2
                                                                                : detail;
}

/* The run could not finish (memory, temporary file): the document is not known to be sound. */
static oso_status unchecked(struct oso_att_check *c, const struct oso_node *doc, oso_status st)
{
    const char *why = oso_error_last()[0] ? oso_error_last() : oso_strerror(st);
    finding(c, "ATT.UNCHECKED", doc, "De bijlage kon niet worden gecontroleerd: %s.",
            "The attachment could not be checked: %s.", why);
    return st;
}

/* ---- ZIP problems ---------------------------------------------------------------------------- */

/* Rule id, Dutch and English sentence for each problem. Archive-level sentences take no
 * argument; entry-level ones take the entry name. English messages get the technical detail
 * from zipmem appended. */
static const struct problem_rule {
    oso_zip_problem problem;
    const char *rule;
    const char *nl, *en;
} problem_rules[] = {
    {OSO_ZIP_TRUNCATED, "ATT.ZIP_TRUNCATED",
     "Het ZIP-bestand van de bijlage is afgebroken: het einde ontbreekt.",
     "The attachment's ZIP archive is truncated"},
    {OSO_ZIP_CORRUPT, "ATT.ZIP_CORRUPT", "Het ZIP-bestand van de bijlage is beschadigd.",
     "The attachment's ZIP archive is corrupt"},
    {OSO_ZIP_MULTIDISK, "ATT.ZIP_MULTIDISK",
     "Het ZIP-bestand van de bijlage is een deel van een gesplitst (meerdelig) archief.",
     "The attachment's ZIP archive is part of a split (multi-disk) archive"},
    {OSO_ZIP_OVERLAP, "ATT.ZIP_OVERLAP",
     "De bestanden in het ZIP-bestand van de bijlage overlappen elkaar (zip-bom of beschadigd "
     "archief).",
     "The entries of the attachment's ZIP archive overlap (zip bomb or damaged archive)"},
};

static const struct entry_rule {
    oso_zip_problem problem;
    const char *rule;
    const char *nl, *en; /* formats with the entry name as their only argument */
} entry_rules[] = {
    {OSO_ZIP_TRUNCATED, "ATT.ZIP_TRUNCATED",
     "Bestand '%s' in het ZIP-bestand van de bijlage is afgebroken.",
     "Entry '%s' of the attachment's ZIP archive is truncated"},
    {OSO_ZIP_CORRUPT, "ATT.ZIP_CORRUPT",
     "Bestand '%s' in het ZIP-bestand van de bijlage is beschadigd.",
     "Entry '%s' of the attachment's ZIP archive is corrupt"},
    {OSO_ZIP_CRC, "ATT.ZIP_CRC",
     "Bestand '%s' in het ZIP-bestand van de bijlage is beschadigd: de CRC-32-controle klopt "
     "niet.",
     "Entry '%s' of the attachment's ZIP archive fails its CRC-32 check"},
    {OSO_ZIP_ENCRYPTED, "ATT.ZIP_ENCRYPTED",
     "Bestand '%s' in het ZIP-bestand van de bijlage is versleuteld: de ontvanger kan het niet "
     "openen.",
     "Entry '%s' of the attachment's ZIP archive is encrypted: the receiver cannot open it"},
};

static const char *name_problem_nl(oso_zip_problem p)
{
    switch (p) {
    case OSO_ZIP_NAME_EMPTY: return "lege naam";
    case OSO_ZIP_NAME_ABSOLUTE: return "absoluut pad";
    case OSO_ZIP_NAME_DOTDOT: return "'..' in het pad";
    case OSO_ZIP_NAME_BACKSLASH: return "backslash in de naam";
    case OSO_ZIP_NAME_DRIVE: return "stationsletter in de naam";
    default: return "stuurteken in de naam";
    }
}

/* The archive's entries together exceed max_total_size: found when the directory declares it
 * (at open) or when an entry turns out larger than declared (during extraction). */
static void report_total(struct oso_att_check *c, const struct oso_node *doc, const char *detail)
{
    finding(c, "ATT.ZIP_TOTAL", doc,
            "De bestanden in het ZIP-bestand van de bijlage zijn uitgepakt samen groter dan de "
            "limiet van %llu bytes.",
            "The entries of the attachment's ZIP archive together exceed the limit of %llu bytes "
            "uncompressed (%s).",
            (unsigned long long)c->limits.max_total_size, detail);
}

oso_status oso_att_report_open(struct oso_att_check *c, const struct oso_node *doc,
                               oso_status st, oso_zip_problem problem, const unsigned char *head,
                               size_t head_len, uint64_t size)
{
    if (st != OSO_E_ZIP && st != OSO_E_LIMIT)
        return st;
    const char *detail = zip_detail(problem);
    if (size == 0) {
        finding(c, "ATT.EMPTY", doc, "De bijlage is leeg: de bestandsinhoud bevat geen gegevens.",
                "The attachment is empty: bestandsinhoud holds no data.");
        return OSO_OK;
    }
    if (problem == OSO_ZIP_NOT_ZIP) {
        /* Name the content when it is recognisable: a document without its ZIP wrapper is
         * the common mistake. Only the first bytes are looked at, which settles every
         * signature type; anything else is not named. */
        oso_filetype t = OSO_FT_UNKNOWN;
        char nl[300] = "De bijlage is geen ZIP-bestand.",
             en[300] = "The attachment is not a ZIP archive.", b[32];
        if (oso_filetype_detect(head, head_len, &c->limits, &t, NULL) == OSO_OK &&
            (t == OSO_FT_PDF || t == OSO_FT_PNG || t == OSO_FT_JPEG)) {
            snprintf(nl, sizeof nl, "De bijlage is geen ZIP-bestand (de inhoud is een %s-bestand "
                     "zonder ZIP-verpakking).", kind_nl(t, b, sizeof b));
            snprintf(en, sizeof en, "The attachment is not a ZIP archive (the content is a %s "
                     "file without the ZIP wrapper).", kind_en(t, b, sizeof b));
        } else if (t == OSO_FT_OLE2 || t == OSO_FT_DOC || t == OSO_FT_XLS || t == OSO_FT_PPT) {
            snprintf(nl, sizeof nl, "De bijlage is geen ZIP-bestand (de inhoud is %s zonder "
                     "ZIP-verpakking).", kind_nl(OSO_FT_OLE2, b, sizeof b));
            snprintf(en, sizeof en, "The attachment is not a ZIP archive (the content is %s "
                     "without the ZIP wrapper).", kind_en(OSO_FT_OLE2, b, sizeof b));
        }
        say(c, "ATT.ZIP_NOT_ZIP", 0, doc, nl, en);
        return OSO_OK;
    }
    if (problem == OSO_ZIP_TOO_MANY_ENTRIES) {
        finding(c, "ATT.ZIP_ENTRIES", doc,
                "Het ZIP-bestand van de bijlage bevat meer bestanden dan de limiet van %zu.",
                "The attachment's ZIP archive has more entries than the limit of %zu (%s).",
                c->limits.max_entries, detail);
        return OSO_OK;
    }
    if (problem == OSO_ZIP_TOTAL_TOO_LARGE) {
        report_total(c, doc, detail);
        return OSO_OK;
    }
    for (size_t i = 0; i < sizeof problem_rules / sizeof problem_rules[0]; i++)
        if (problem_rules[i].problem == problem) {
            char en[1200];
            snprintf(en, sizeof en, "%s (%s).", problem_rules[i].en, detail);
            say(c, problem_rules[i].rule, 0, doc, problem_rules[i].nl, en);
            return OSO_OK;
        }
    /* Opening reports only the problems above; anything else is a damaged archive. */
    finding(c, "ATT.ZIP_CORRUPT", doc, "Het ZIP-bestand van de bijlage is beschadigd.",
            "The attachment's ZIP archive is corrupt (%s).", detail);
    return OSO_OK;
}

/* A failed extraction of an entry: a finding, or (memory, I/O) a failure of the run. Returns
 * 1 when the remaining entries are not worth checking (the archive total is exhausted). */
static int report_entry(struct oso_att_check *c, const struct oso_node *doc,
                        const oso_zip_entry *e, oso_zip_problem problem)
{
    char name[NAME_SHOWN + 8];
    shown_name(e, name, sizeof name);
    const char *detail = zip_detail(problem);
    switch (problem) {
    case OSO_ZIP_UNSUPPORTED_METHOD:
        finding(c, "ATT.ZIP_METHOD", doc,
                "Bestand '%s' in het ZIP-bestand van de bijlage gebruikt compressiemethode %u; "
                "alleen 'stored' (0) en 'deflate' (8) worden ondersteund.",
                "Entry '%s' of the attachment's ZIP archive uses compression method %u; only "
                "stored (0) and deflate (8) are supported.",
                name, (unsigned)e->method);
        return 0;
    case OSO_ZIP_ENTRY_TOO_LARGE:
        finding(c, "ATT.ZIP_SIZE", doc,
                "Bestand '%s' in het ZIP-bestand van de bijlage is uitgepakt groter dan de "
                "limiet van %llu bytes.",
                "Entry '%s' of the attachment's ZIP archive exceeds the limit of %llu bytes "
                "uncompressed (%s).",
                name, (unsigned long long)c->limits.max_entry_size, detail);
        return 0;
    case OSO_ZIP_TOTAL_TOO_LARGE:
        report_total(c, doc, detail);
        return 1;
    case OSO_ZIP_RATIO:
        finding(c, "ATT.ZIP_BOMB", doc,
                "Bestand '%s' in het ZIP-bestand van de bijlage is sterker gecomprimeerd dan "
                "%u:1 (zip-bom).",
                "Entry '%s' of the attachment's ZIP archive is compressed more than %u:1 "
                "(zip bomb) (%s).",
                name, (unsigned)c->limits.max_ratio, detail);
        return 0;
    default: break;
    }
    for (size_t i = 0; i < sizeof entry_rules / sizeof entry_rules[0]; i++)
        if (entry_rules[i].problem == problem) {
            char nl[600], en[600], en_full[1400];
            snprintf(nl, sizeof nl, entry_rules[i].nl, name);
            snprintf(en, sizeof en, entry_rules[i].en, name);
            snprintf(en_full, sizeof en_full, "%s (%s).", en, detail);
            say(c, entry_rules[i].rule, 0, doc, nl, en_full);
            return 0;
        }
    finding(c, "ATT.ZIP_CORRUPT", doc,
            "Bestand '%s' in het ZIP-bestand van de bijlage is beschadigd.",
            "Entry '%s' of the attachment's ZIP archive is corrupt (%s).", name, detail);
    return 0;
}

/* ---- content type of an entry ----------------------------------------------------------------- */

enum sniff_mode {
    SNIFF_IN_MEMORY, /* all bytes so far are in buf */
    SNIFF_SIGNATURE, /* the first bytes settled the type (PDF, PNG, JPEG) */
    SNIFF_TEXT,      /* text or nothing: the text rule runs piecewise */
    SNIFF_SPILLED    /* container format: the bytes go to the spill file */
};

struct sniff {
    struct oso_att_check *c;
    enum sniff_mode mode;
    unsigned char *buf;
    size_t len, cap;
    uint64_t total;    /* bytes received */
    oso_filetype type; /* SNIFF_SIGNATURE: the type */
    oso_text_scan text;
    oso_status failed; /* why the sink stopped extraction */
};

int oso_att_tmpfile(void)
{
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/oso-att-XXXXXX", dir && dir[0] ? dir : "/tmp");
    int fd = mkostemp(path, O_CLOEXEC);
    if (fd < 0)
        return -1;
    unlink(path); /* nothing to clean up, whatever happens to the process */
    return fd;
}

static oso_status write_all(int fd, const unsigned char *data, size_t len, uint64_t at)
{
    while (len > 0) {
        ssize_t n = pwrite(fd, data, len, (off_t)at);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return oso_fail(OSO_E_IO, "writing a temporary file failed: %s",
                            n < 0 ? strerror(errno) : "no space");
        data += n;
        len -= (size_t)n;
        at += (uint64_t)n;
    }
    return OSO_OK;
}

/* The entry has outgrown memory: decide from its first bytes how to go on without it. */
static oso_status sniff_leave_memory(struct sniff *s)
{
    oso_filetype t;
    oso_status st = oso_filetype_detect(s->buf, s->len < SNIFF_PREFIX ? s->len : SNIFF_PREFIX,
                                        &s->c->limits, &t, NULL);
    if (st != OSO_OK)
        return st;
    /* detect() tries PDF, PNG and JPEG first and decides them from these bytes alone; text
     * and unknown content are the text rule's verdict; everything else is a container. */
    if (t == OSO_FT_PDF || t == OSO_FT_PNG || t == OSO_FT_JPEG) {
        s->mode = SNIFF_SIGNATURE;
        s->type = t;
    } else if (t == OSO_FT_TXT || t == OSO_FT_UNKNOWN) {
        s->mode = SNIFF_TEXT;
        oso_text_scan_init(&s->text);
        oso_text_scan_feed(&s->text, s->buf, s->len);
    } else {
        struct oso_att_check *c = s->c;
        if (c->spill_fd < 0 && (c->spill_fd = oso_att_tmpfile()) < 0)
            return oso_fail(OSO_E_IO, "cannot create a temporary file: %s", strerror(errno));
        if (ftruncate(c->spill_fd, 0) != 0)
            return oso_fail(OSO_E_IO, "cannot reuse a temporary file: %s", strerror(errno));
        if ((st = write_all(c->spill_fd, s->buf, s->len, 0)) != OSO_OK)
            return st;
        s->mode = SNIFF_SPILLED;
    }
    free(s->buf);
    s->buf = NULL;
    s->cap = 0;
    return OSO_OK;
}

static int sniff_sink(void *ctx, const unsigned char *data, size_t len)
{
    struct sniff *s = ctx;
    if (s->mode == SNIFF_IN_MEMORY) {
        if (len <= SNIFF_MEMORY - s->len) {
            if (s->len + len > s->cap) {
                size_t cap = s->cap ? s->cap : 64 * 1024;
                while (cap < s->len + len)
                    cap *= 2;
                cap = cap < SNIFF_MEMORY ? cap : SNIFF_MEMORY;
                unsigned char *p = realloc(s->buf, cap);
                if (p == NULL) {
                    s->failed = oso_fail(OSO_E_NOMEM, "out of memory inspecting an attachment");
                    return 1;
                }
                s->buf = p;
                s->cap = cap;
            }
            memcpy(s->buf + s->len, data, len);
            s->len += len;
            s->total += len;
            return 0;
        }
        if ((s->failed = sniff_leave_memory(s)) != OSO_OK)
            return 1;
    }
    if (s->mode == SNIFF_TEXT) {
        oso_text_scan_feed(&s->text, data, len);
    } else if (s->mode == SNIFF_SPILLED) {
        if ((s->failed = write_all(s->c->spill_fd, data, len, s->total)) != OSO_OK)
            return 1;
    }
    s->total += len;
    return 0;
}

/* The content type of the entry received in full (same answer as oso_filetype_detect() on all
 * of it). */
static oso_status sniff_type(struct sniff *s, oso_filetype *type)
{
    switch (s->mode) {
    case SNIFF_IN_MEMORY:
        return oso_filetype_detect(s->buf, s->len, &s->c->limits, type, NULL);
    case SNIFF_SIGNATURE: *type = s->type; return OSO_OK;
    case SNIFF_TEXT:
        *type = oso_text_scan_end(&s->text) ? OSO_FT_TXT : OSO_FT_UNKNOWN;
        return OSO_OK;
    case SNIFF_SPILLED: break;
    }
    if (s->total > SIZE_MAX)
        return oso_fail(OSO_E_LIMIT, "entry too large to inspect");
    void *map = mmap(NULL, (size_t)s->total, PROT_READ, MAP_PRIVATE, s->c->spill_fd, 0);
    if (map == MAP_FAILED)
        return oso_fail(OSO_E_NOMEM, "cannot map a temporary file: %s", strerror(errno));
    oso_status st = oso_filetype_detect(map, (size_t)s->total, &s->c->limits, type, NULL);
    munmap(map, (size_t)s->total);
    return st;
}

/* ---- checks --------------------------------------------------------------------------------- */

/* Last path component of an entry name (entries may sit in folders). */
static const char *base_name(const char *name)
{
    const char *b = name;
    for (const char *p = name; *p; p++)
        if (*p == '/' || *p == '\\')
            b = p + 1;
    return b;
}

static int named_like(const oso_zip_entry *e, const char *bestandsnaam)
{
    return bestandsnaam != NULL && strlen(e->name) == e->name_len &&
           (strcmp(e->name, bestandsnaam) == 0 || strcmp(base_name(e->name), bestandsnaam) == 0);
}

/* Types of one extracted entry: its content against its own name, and (for the entry that
 * holds the document) against bestandsnaam. */
static void check_type(struct oso_att_check *c, const struct oso_node *doc,
                       const oso_zip_entry *e, const char *name, oso_filetype content,
                       const char *bestandsnaam, int main_entry)
{
    char knl[96], ken[96], b[32], nl[800], en[800];
    snprintf(knl, sizeof knl, "%s", kind_nl(content, b, sizeof b));
    snprintf(ken, sizeof ken, "%s", kind_en(content, b, sizeof b));
    oso_filetype_verdict v;
    oso_filetype_judge(e->name, content, OSO_ZIP_OK, &v);
    if (!v.content_allowed) {
        snprintf(nl, sizeof nl, "Bestand '%s' in de bijlage heeft geen toegestaan documenttype "
                 "(inhoud: %s); toegestaan zijn " ALLOWED_NL ".", name, knl);
        snprintf(en, sizeof en, "Entry '%s' of the attachment is not an allowed document type "
                 "(content: %s); allowed are " ALLOWED_EN ".", name, ken);
        say(c, "ATT.TYPE", 0, doc, nl, en);
    } else if (!v.name_allowed) {
        snprintf(nl, sizeof nl, "Bestand '%s' in de bijlage heeft geen toegestane extensie (de "
                 "inhoud is %s); toegestaan zijn " ALLOWED_NL ".", name, knl);
        snprintf(en, sizeof en, "Entry '%s' of the attachment does not have an allowed extension "
                 "(the content is %s); allowed are " ALLOWED_EN ".", name, ken);
        say(c, "ATT.TYPE", 0, doc, nl, en);
    } else if (!v.agree) {
        snprintf(nl, sizeof nl, "De inhoud van bestand '%s' in de bijlage is %s, wat niet past "
                 "bij de naam.", name, knl);
        snprintf(en, sizeof en, "The content of entry '%s' of the attachment is %s, which does "
                 "not match its name.", name, ken);
        say(c, "ATT.TYPE_MISMATCH", 1, doc, nl, en);
    } else if (main_entry && bestandsnaam != NULL) {
        oso_filetype_judge(bestandsnaam, content, OSO_ZIP_OK, &v);
        if (!v.name_allowed || v.agree)
            return; /* a bestandsnaam of no allowed type is reported once, as ATT.TYPE */
        snprintf(nl, sizeof nl, "De bijlage '%s' bevat %s (bestand '%s'), wat niet past bij de "
                 "bestandsnaam.", bestandsnaam, knl, name);
        snprintf(en, sizeof en, "The attachment '%s' holds %s (entry '%s'), which does not match "
                 "its bestandsnaam.", bestandsnaam, ken, name);
        say(c, "ATT.TYPE_MISMATCH", 1, doc, nl, en);
    }
}

struct named_entry {
    const oso_zip_entry *e;
    size_t index;
};

static int same_name(const oso_zip_entry *x, const oso_zip_entry *y)
{
    return x->name_len == y->name_len && memcmp(x->name, y->name, x->name_len) == 0;
}

static int named_entry_cmp(const void *a, const void *b)
{
    const struct named_entry *x = a, *y = b;
    size_t n = x->e->name_len < y->e->name_len ? x->e->name_len : y->e->name_len;
    int order = memcmp(x->e->name, y->e->name, n);
    if (order == 0 && x->e->name_len != y->e->name_len)
        order = x->e->name_len < y->e->name_len ? -1 : 1;
    if (order == 0) /* the same name: the earlier entry first */
        order = x->index < y->index ? -1 : x->index > y->index;
    return order;
}

/* Per entry: 1 when a file entry earlier in the directory has the same name (sorted, not
 * compared pairwise: with max_entries = 0 an archive may have millions). NULL on no memory. */
static unsigned char *repeated_names(const oso_zip_reader *zr)
{
    size_t count = oso_zip_reader_count(zr);
    unsigned char *repeats = calloc(count ? count : 1, 1);
    struct named_entry *sorted = malloc((count ? count : 1) * sizeof *sorted);
    if (repeats == NULL || sorted == NULL) {
        free(repeats);
        free(sorted);
        return NULL;
    }
    for (size_t i = 0; i < count; i++)
        sorted[i] = (struct named_entry){oso_zip_reader_entry(zr, i), i};
    qsort(sorted, count, sizeof *sorted, named_entry_cmp);
    for (size_t i = 1; i < count; i++)
        if (!sorted[i].e->is_dir && same_name(sorted[i].e, sorted[i - 1].e))
            repeats[sorted[i].index] = 1;
    free(sorted);
    return repeats;
}

oso_status oso_att_check_archive(struct oso_att_check *c, const struct oso_node *doc,
                                 oso_zip_reader *zr)
{
    const struct oso_node *bn = oso_nav_child(doc, oso_node_schema(doc)->row_document_filename);
    const char *bestandsnaam = bn != NULL && bn->text != NULL && bn->text_len > 0 ? bn->text : NULL;
    if (bestandsnaam != NULL && !oso_filetype_allowed(oso_filetype_from_name(bestandsnaam)))
        finding(c, "ATT.TYPE", doc,
                "De bestandsnaam '%s' heeft geen toegestaan documenttype; toegestaan zijn "
                ALLOWED_NL ".",
                "The bestandsnaam '%s' is not an allowed document type; allowed are "
                ALLOWED_EN ".",
                bestandsnaam);

    /* The entry holding the document: the one named like bestandsnaam, else the only one. */
    size_t count = oso_zip_reader_count(zr), files = 0, main_entry = SIZE_MAX, only = SIZE_MAX;
    for (size_t i = 0; i < count; i++) {
        const oso_zip_entry *e = oso_zip_reader_entry(zr, i);
        if (e->is_dir)
            continue;
        files++;
        only = i;
        if (main_entry == SIZE_MAX && named_like(e, bestandsnaam))
            main_entry = i;
    }
    int name_found = main_entry != SIZE_MAX;
    if (main_entry == SIZE_MAX && files == 1)
        main_entry = only;
    unsigned char *repeats = repeated_names(zr);
    if (repeats == NULL && count > 0)
        return oso_fail(OSO_E_NOMEM, "out of memory comparing entry names");

    for (size_t i = 0; i < count; i++) {
        const oso_zip_entry *e = oso_zip_reader_entry(zr, i);
        char name[NAME_SHOWN + 8];
        shown_name(e, name, sizeof name);
        if (e->name_problem != OSO_ZIP_OK) {
            char nl[400], en[400];
            snprintf(nl, sizeof nl, "Bestand '%s' in het ZIP-bestand van de bijlage heeft een "
                     "onveilige naam (%s).", name, name_problem_nl(e->name_problem));
            snprintf(en, sizeof en, "Entry '%s' of the attachment's ZIP archive has an unsafe "
                     "name (%s).", name, oso_zip_problem_text(e->name_problem));
            say(c, "ATT.ZIP_SLIP", 0, doc, nl, en);
        }
        if (e->is_symlink)
            finding(c, "ATT.ZIP_SYMLINK", doc,
                    "Bestand '%s' in het ZIP-bestand van de bijlage is een symbolische koppeling: "
                    "uitpakken maakt een koppeling die naar elk bestand kan wijzen.",
                    "Entry '%s' of the attachment's ZIP archive is a symbolic link: extracting it "
                    "creates a link that may point at any file.", name);
        if (repeats[i])
            finding(c, "ATT.ZIP_DUPLICATE", doc,
                    "Het ZIP-bestand van de bijlage bevat meer dan een bestand '%s': welk ervan de "
                    "ontvanger krijgt, hangt af van zijn software.",
                    "The attachment's ZIP archive holds more than one entry '%s': which of them the "
                    "receiver gets depends on its software.", name);
        if (e->is_dir)
            continue;
        struct sniff s = {.c = c};
        oso_zip_problem problem;
        oso_status st = oso_zip_extract(zr, i, sniff_sink, &s, &problem);
        oso_filetype content = OSO_FT_UNKNOWN;
        if (st == OSO_OK)
            st = sniff_type(&s, &content);
        else if (problem == OSO_ZIP_ABORTED)
            st = s.failed;
        else if (st == OSO_E_ZIP || st == OSO_E_LIMIT) {
            free(s.buf);
            if (report_entry(c, doc, e, problem))
                break;
            continue;
        }
        free(s.buf);
        if (st != OSO_OK) {
            free(repeats);
            return st;
        }
        if (s.total == 0)
            finding(c, "ATT.EMPTY", doc,
                    "Bestand '%s' in het ZIP-bestand van de bijlage is leeg (0 bytes).",
                    "Entry '%s' of the attachment's ZIP archive is empty (0 bytes).", name);
        else
            check_type(c, doc, e, name, content, bestandsnaam, i == main_entry);
    }
    if (files == 0) {
        finding(c, "ATT.EMPTY", doc, "Het ZIP-bestand van de bijlage bevat geen document.",
                "The attachment's ZIP archive holds no document.");
    } else if (bestandsnaam != NULL && !name_found) {
        char nl[600], en[600];
        snprintf(nl, sizeof nl, "Geen bestand in het ZIP-bestand van de bijlage heet '%s' zoals "
                 "de bestandsnaam.", bestandsnaam);
        snprintf(en, sizeof en, "No entry of the attachment's ZIP archive is named '%s' like the "
                 "bestandsnaam.", bestandsnaam);
        say(c, "ATT.NAME_MISMATCH", 1, doc, nl, en);
    }
    free(repeats);
    return OSO_OK;
}

oso_status oso_att_check_document(struct oso_att_check *c, const struct oso_node *doc)
{
    const struct oso_node *content = oso_att_content(doc);
    if (content == NULL)
        return OSO_OK; /* a required element: the structure check reports its absence */
    if (content->flags & OSO_NF_STREAMED) {
        oso_report_node(c->report, "ATT.STREAMED", OSO_SEVERITY_INFO, doc,
                        "De bijlage is tijdens het inlezen doorgegeven en niet bewaard; hier "
                        "niet gecontroleerd.",
                        "The attachment was streamed while parsing and not kept; not checked "
                        "here.");
        return OSO_OK;
    }
    size_t len = content->text_len, cap = oso_base64_decoded_max(len), zlen = 0, offset = 0;
    unsigned char *zip = malloc(cap ? cap : 1);
    if (zip == NULL)
        return unchecked(c, doc, oso_fail(OSO_E_NOMEM, "out of memory decoding an attachment"));
    oso_status st = oso_base64_decode(content->text ? content->text : "", len, zip, cap, &zlen,
                                      &offset);
    if (st == OSO_E_BASE64) {
        free(zip);
        finding(c, "ATT.BASE64", doc,
                "De bijlage is geen geldige Base64 (fout bij byte %llu van de inhoud).",
                "The attachment is not valid Base64 (error at byte %llu of the content).",
                (unsigned long long)offset);
        return OSO_OK;
    }
    oso_zip_reader *zr = NULL;
    oso_zip_problem problem = OSO_ZIP_OK;
    if (st == OSO_OK)
        st = oso_zip_reader_open(zip, zlen, &c->limits, &zr, &problem);
    if (st != OSO_OK)
        st = oso_att_report_open(c, doc, st, problem, zip, zlen < OSO_ATT_HEAD_BYTES ? zlen : OSO_ATT_HEAD_BYTES,
                                 zlen);
    else
        st = oso_att_check_archive(c, doc, zr);
    oso_zip_reader_free(zr);
    free(zip);
    return st == OSO_OK ? OSO_OK : unchecked(c, doc, st);
}
