/* Document type policy: extensions, content signatures and the combined verdict. */
#include "attachments/filetype.h"

#include "base/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* One row per (type, extension); the first row of a type gives its name and media type. */
static const struct type_row {
    oso_filetype type;
    const char *ext;
    const char *mime;
} rows[] = {
    {OSO_FT_PDF, "pdf", "application/pdf"},
    {OSO_FT_JPEG, "jpeg", "image/jpeg"},
    {OSO_FT_JPEG, "jpg", "image/jpeg"},
    {OSO_FT_PNG, "png", "image/png"},
    {OSO_FT_TXT, "txt", "text/plain"},
    {OSO_FT_DOC, "doc", "application/msword"},
    {OSO_FT_XLS, "xls", "application/vnd.ms-excel"},
    {OSO_FT_PPT, "ppt", "application/vnd.ms-powerpoint"},
    {OSO_FT_DOCX, "docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    {OSO_FT_XLSX, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {OSO_FT_PPTX, "pptx",
     "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
    {OSO_FT_ODT, "odt", "application/vnd.oasis.opendocument.text"},
    {OSO_FT_OTT, "ott", "application/vnd.oasis.opendocument.text-template"},
    {OSO_FT_ODM, "odm", "application/vnd.oasis.opendocument.text-master"},
    {OSO_FT_OTM, "otm", "application/vnd.oasis.opendocument.text-master-template"},
    {OSO_FT_OTH, "oth", "application/vnd.oasis.opendocument.text-web"},
    {OSO_FT_ODS, "ods", "application/vnd.oasis.opendocument.spreadsheet"},
    {OSO_FT_OTS, "ots", "application/vnd.oasis.opendocument.spreadsheet-template"},
    {OSO_FT_ODP, "odp", "application/vnd.oasis.opendocument.presentation"},
    {OSO_FT_OTP, "otp", "application/vnd.oasis.opendocument.presentation-template"},
    {OSO_FT_ODG, "odg", "application/vnd.oasis.opendocument.graphics"},
    {OSO_FT_OTG, "otg", "application/vnd.oasis.opendocument.graphics-template"},
    {OSO_FT_ODI, "odi", "application/vnd.oasis.opendocument.image"},
    {OSO_FT_OTI, "oti", "application/vnd.oasis.opendocument.image-template"},
    {OSO_FT_ODF, "odf", "application/vnd.oasis.opendocument.formula"},
    {OSO_FT_OTF, "otf", "application/vnd.oasis.opendocument.formula-template"},
    {OSO_FT_ODC, "odc", "application/vnd.oasis.opendocument.chart"},
    {OSO_FT_OTC, "otc", "application/vnd.oasis.opendocument.chart-template"},
    {OSO_FT_ODB, "odb", "application/vnd.oasis.opendocument.base"},
};

#define ODF_PREFIX "application/vnd.oasis.opendocument."

static const struct type_row *row_of(oso_filetype type)
{
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (rows[i].type == type)
            return &rows[i];
    return NULL;
}

const char *oso_filetype_name(oso_filetype type)
{
    const struct type_row *r = row_of(type);
    if (r != NULL)
        return r->ext;
    switch (type) {
    case OSO_FT_OPENDOCUMENT: return "opendocument";
    case OSO_FT_OLE2: return "ole2";
    case OSO_FT_OLE2_OTHER: return "ole2-other";
    case OSO_FT_OOXML: return "ooxml-other";
    case OSO_FT_ZIP: return "zip";
    case OSO_FT_EMPTY: return "empty";
    default: return "unknown";
    }
}

const char *oso_filetype_mime(oso_filetype type)
{
    const struct type_row *r = row_of(type);
    if (r != NULL)
        return r->mime;
    return type == OSO_FT_ZIP ? "application/zip" : "application/octet-stream";
}

bool oso_filetype_allowed(oso_filetype type)
{
    return row_of(type) != NULL || type == OSO_FT_OPENDOCUMENT || type == OSO_FT_OLE2;
}

oso_filetype oso_filetype_from_name(const char *name)
{
    if (name == NULL)
        return OSO_FT_UNKNOWN;
    const char *base = name;
    for (const char *p = name; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    const char *dot = strrchr(base, '.');
    if (dot == NULL)
        return OSO_FT_UNKNOWN;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (strcasecmp(dot + 1, rows[i].ext) == 0)
            return rows[i].type;
    return OSO_FT_UNKNOWN;
}

/* ---- OLE2 compound files -------------------------------------------------------------------- */

#define CFB_END 0xFFFFFFFEu /* end of a sector chain */
#define CFB_HEADER_DIFAT 109

typedef struct cfb {
    const unsigned char *d;
    unsigned shift;    /* sector size = 1 << shift */
    uint32_t nsectors; /* sectors present in the buffer */
} cfb;

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Start of sector `s` in the buffer, or NULL if the file does not hold all of it. */
static const unsigned char *cfb_sector(const cfb *c, uint32_t s)
{
    return s < c->nsectors ? c->d + (((size_t)s + 1) << c->shift) : NULL;
}

/* The FAT entry of sector `s` (its successor in a chain); CFB_END when it cannot be read, so
 * that every walk ends on damaged files. */
static uint32_t cfb_next(const cfb *c, uint32_t s)
{
    uint32_t per = 1u << (c->shift - 2);
    uint32_t fat_index = s / per, fat_sector;
    if (fat_index < CFB_HEADER_DIFAT) {
        fat_sector = le32(c->d + 0x4C + 4 * fat_index);
    } else {
        /* Further FAT sector numbers live in the DIFAT chain, per - 1 per sector; as s is a
         * sector of the file, the number of hops is bounded. */
        uint32_t k = fat_index - CFB_HEADER_DIFAT, difat = le32(c->d + 0x44);
        const unsigned char *sec = NULL;
        for (uint32_t hops = 0; hops <= k / (per - 1); hops++) {
            sec = cfb_sector(c, difat);
            if (sec == NULL)
                return CFB_END;
            difat = le32(sec + 4 * (per - 1));
        }
        fat_sector = le32(sec + 4 * (k % (per - 1)));
    }
    const unsigned char *fat = cfb_sector(c, fat_sector);
    return fat == NULL ? CFB_END : le32(fat + 4 * (s % per));
}

/* Directory entry `id` given the directory chain, or NULL. */
static const unsigned char *cfb_dirent(const cfb *c, const uint32_t *chain, uint32_t nchain,
                                       uint32_t id)
{
    uint32_t per = 1u << (c->shift - 7);
    if (id / per >= nchain)
        return NULL;
    return cfb_sector(c, chain[id / per]) + (size_t)(id % per) * 128;
}

/* Whether a directory entry is a stream named `want` (names are UTF-16LE, compared in ASCII,
 * case-insensitively like the format does). */
static bool cfb_is_stream(const unsigned char *e, const char *want)
{
    size_t n = strlen(want);
    if (e[0x42] != 2 || e[0x40] != 2 * (n + 1) || e[0x41] != 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned ch = e[2 * i] | e[2 * i + 1] << 8;
        unsigned w = (unsigned char)want[i];
        if (ch >= 'a' && ch <= 'z')
            ch -= 32;
        if (w >= 'a' && w <= 'z')
            w -= 32;
        if (ch != w)
            return false;
    }
    return true;
}

/*
 * Identify an OLE2 compound file by the streams in its root storage. Only the root's children
 * count: a Word document with an embedded worksheet has a "Workbook" stream too, but deeper.
 * Every walk is bounded by the number of sectors or entries, so loops in a hostile FAT or
 * directory tree end.
 */
static oso_status detect_ole2(const unsigned char *d, size_t len, oso_filetype *type)
{
    *type = OSO_FT_OLE2;
    if (len < 512)
        return OSO_OK;
    unsigned shift = d[0x1E] | d[0x1F] << 8;
    if (shift != 9 && shift != 12)
        return OSO_OK;
    /* The header takes the place of sector -1; only whole sectors count. */
    size_t whole = (len >> shift) > 0 ? (len >> shift) - 1 : 0;
    cfb c = {d, shift, whole > 0xFFFFFFF0u ? 0xFFFFFFF0u : (uint32_t)whole};
    if (c.nsectors == 0)
        return OSO_OK;

    uint32_t *chain = malloc(sizeof *chain * c.nsectors);
    if (chain == NULL)
        return oso_fail(OSO_E_NOMEM, "out of memory reading an OLE2 directory");
    uint32_t nchain = 0;
    for (uint32_t s = le32(d + 0x30); s != CFB_END && nchain < c.nsectors; s = cfb_next(&c, s)) {
        if (cfb_sector(&c, s) == NULL)
            break;
        chain[nchain++] = s;
    }
    const unsigned char *root = nchain ? cfb_dirent(&c, chain, nchain, 0) : NULL;
    size_t nentries = (size_t)nchain << (shift - 7);
    bool is_root = root != NULL && root[0x42] == 5; /* entry 0 must be the root storage */
    uint32_t *stack = is_root ? malloc(sizeof *stack * (nentries + 1)) : NULL;
    if (is_root && stack == NULL) {
        free(chain);
        return oso_fail(OSO_E_NOMEM, "out of memory reading an OLE2 directory");
    }
    if (stack != NULL) {
        bool word = false, excel = false, powerpoint = false;
        size_t top = 0;
        stack[top++] = le32(root + 0x4C); /* the root's child: top of its red-black tree */
        /* Each visit pops one id and pushes two, so the stack never exceeds nentries + 1. */
        for (size_t visits = 0; top > 0 && visits < nentries; visits++) {
            const unsigned char *e = cfb_dirent(&c, chain, nchain, stack[--top]);
            if (e == NULL)
                continue;
            word |= cfb_is_stream(e, "WordDocument");
            excel |= cfb_is_stream(e, "Workbook") || cfb_is_stream(e, "Book");
            powerpoint |= cfb_is_stream(e, "PowerPoint Document");
            stack[top++] = le32(e + 0x44); /* left sibling */
            stack[top++] = le32(e + 0x48); /* right sibling */
        }
        *type = word + excel + powerpoint != 1 ? OSO_FT_OLE2_OTHER
                : word                         ? OSO_FT_DOC
                : excel                        ? OSO_FT_XLS
                                               : OSO_FT_PPT;
    }
    free(stack);
    free(chain);
    return OSO_OK;
}

/* ---- ZIP containers ------------------------------------------------------------------------- */

typedef struct small_buf {
    char data[128];
    size_t len;
} small_buf;

/* Collects a small entry; a longer one is not a media type, so stop early. */
static int small_sink(void *ctx, const unsigned char *buf, size_t len)
{
    small_buf *b = ctx;
    if (len >= sizeof b->data - b->len)
        return 1;
    memcpy(b->data + b->len, buf, len);
    b->len += len;
    return 0;
}

/* ODF type from the "mimetype" entry. */
static oso_status odf_type(oso_zip_reader *zr, size_t index, oso_filetype *type,
                           oso_zip_problem *problem)
{
    small_buf b = {{0}, 0};
    oso_status st = oso_zip_extract(zr, index, small_sink, &b, problem);
    if (st == OSO_E_NOMEM)
        return st;
    if (st == OSO_E_IO) /* too long for a media type: a ZIP of something else */
        *problem = OSO_ZIP_OK;
    if (st != OSO_OK || strlen(b.data) != b.len || b.len <= strlen(ODF_PREFIX) ||
        strncmp(b.data, ODF_PREFIX, strlen(ODF_PREFIX)) != 0)
        return OSO_OK;
    *type = OSO_FT_OPENDOCUMENT;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (strcmp(b.data, rows[i].mime) == 0)
            *type = rows[i].type;
    return OSO_OK;
}

/* Exact name match (a stored name may hide a NUL byte). */
static bool entry_is(const oso_zip_entry *e, const char *name)
{
    return e->name_len == strlen(name) && strcmp(e->name, name) == 0;
}

static oso_status detect_zip(const unsigned char *d, size_t len, const oso_zip_limits *limits,
                             oso_filetype *type, oso_zip_problem *problem)
{
    *type = OSO_FT_ZIP;
    oso_zip_reader *zr;
    oso_status st = oso_zip_reader_open(d, len, limits, &zr, problem);
    if (st != OSO_OK)
        return st == OSO_E_NOMEM ? st : OSO_OK;
    bool content_types = false, word = false, excel = false, powerpoint = false;
    size_t mimetype = SIZE_MAX;
    for (size_t i = 0; i < oso_zip_reader_count(zr); i++) {
        const oso_zip_entry *e = oso_zip_reader_entry(zr, i);
        content_types |= entry_is(e, "[Content_Types].xml");
        word |= strncmp(e->name, "word/", 5) == 0;
        excel |= strncmp(e->name, "xl/", 3) == 0;
        powerpoint |= strncmp(e->name, "ppt/", 4) == 0;
        if (mimetype == SIZE_MAX && entry_is(e, "mimetype"))
            mimetype = i;
    }
    if (content_types)
        *type = word + excel + powerpoint != 1 ? OSO_FT_OOXML
                : word                         ? OSO_FT_DOCX
                : excel                        ? OSO_FT_XLSX
                                               : OSO_FT_PPTX;
    else if (mimetype != SIZE_MAX)
        st = odf_type(zr, mimetype, type, problem);
    oso_zip_reader_free(zr);
    return st;
}

/* ---- text ----------------------------------------------------------------------------------- */

/* Valid UTF-8 (no overlong forms, surrogates or code points above U+10FFFF) without control
 * characters other than TAB, LF, FF and CR. A multi-byte sequence cut off by the end of the
 * buffer is left unexamined: *used tells where it starts (len when there is none), so that the
 * piecewise scan can complete it with the next piece. */
static bool text_run(const unsigned char *d, size_t len, size_t *used)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = d[i];
        if (c < 0x80) {
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r') || c == 0x7F)
                return false;
            i++;
            continue;
        }
        size_t n;
        uint32_t cp, min;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 1, cp = c & 0x1F, min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2, cp = c & 0x0F, min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3, cp = c & 0x07, min = 0x10000;
        } else {
            return false;
        }
        if (len - i <= n)
            break;
        for (size_t k = 1; k <= n; k++) {
            if ((d[i + k] & 0xC0) != 0x80)
                return false;
            cp = cp << 6 | (d[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ||
            (cp >= 0x80 && cp <= 0x9F))
            return false;
        i += n + 1;
    }
    *used = i;
    return true;
}

static bool is_text(const unsigned char *d, size_t len)
{
    size_t used;
    return text_run(d, len, &used) && used == len;
}

void oso_text_scan_init(oso_text_scan *s) { memset(s, 0, sizeof *s); }

void oso_text_scan_feed(oso_text_scan *s, const unsigned char *d, size_t len)
{
    if (s->bad || len == 0)
        return;
    if (s->npending > 0) {
        /* Complete the sequence the previous piece ended in (its lead byte gives its length;
         * text_run accepted the lead, so it is 2, 3 or 4). */
        unsigned char c = s->pending[0];
        size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        size_t take = need - s->npending < len ? need - s->npending : len, used;
        memcpy(s->pending + s->npending, d, take);
        s->npending = (unsigned char)(s->npending + take);
        d += take;
        len -= take;
        if (s->npending < need)
            return;
        s->npending = 0;
        if (!text_run(s->pending, need, &used) || used != need) {
            s->bad = true;
            return;
        }
    }
    size_t used;
    if (!text_run(d, len, &used)) {
        s->bad = true;
        return;
    }
    memcpy(s->pending, d + used, len - used); /* fewer than 4 bytes */
    s->npending = (unsigned char)(len - used);
}

bool oso_text_scan_end(const oso_text_scan *s) { return !s->bad && s->npending == 0; }

/* ---- detection and verdict ------------------------------------------------------------------ */

oso_status oso_filetype_detect(const unsigned char *data, size_t len, const oso_zip_limits *limits,
                               oso_filetype *type, oso_zip_problem *container_problem)
{
    oso_zip_problem dummy;
    if (container_problem == NULL)
        container_problem = &dummy;
    *container_problem = OSO_ZIP_OK;
    if (type == NULL || (data == NULL && len > 0))
        return oso_fail(OSO_E_INVALID_ARG, "file type: NULL argument");
    if (len == 0) {
        *type = OSO_FT_EMPTY;
        return OSO_OK;
    }
    if (memmem(data, len < 1024 ? len : 1024, "%PDF-", 5) != NULL) {
        *type = OSO_FT_PDF;
        return OSO_OK;
    }
    if (len >= 8 && memcmp(data, "\x89PNG\r\n\x1A\n", 8) == 0) {
        *type = OSO_FT_PNG;
        return OSO_OK;
    }
    if (len >= 3 && memcmp(data, "\xFF\xD8\xFF", 3) == 0) {
        *type = OSO_FT_JPEG;
        return OSO_OK;
    }
    if (len >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
        return detect_ole2(data, len, type);
    if (len >= 4 && (memcmp(data, "PK\x03\x04", 4) == 0 || memcmp(data, "PK\x05\x06", 4) == 0))
        return detect_zip(data, len, limits, type, container_problem);
    *type = is_text(data, len) ? OSO_FT_TXT : OSO_FT_UNKNOWN;
    return OSO_OK;
}

oso_status oso_filetype_check(const char *name, const unsigned char *data, size_t len,
                              const oso_zip_limits *limits, oso_filetype_verdict *verdict)
{
    if (verdict == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "file type: NULL argument");
    oso_filetype by_content;
    oso_zip_problem problem;
    oso_status st = oso_filetype_detect(data, len, limits, &by_content, &problem);
    if (st != OSO_OK)
        return st;
    oso_filetype_judge(name, by_content, problem, verdict);
    return OSO_OK;
}

void oso_filetype_judge(const char *name, oso_filetype by_content, oso_zip_problem container_problem,
                        oso_filetype_verdict *verdict)
{
    oso_filetype_verdict v = {.by_name = oso_filetype_from_name(name), .by_content = by_content,
                              .container_problem = container_problem};
    v.name_allowed = oso_filetype_allowed(v.by_name);
    v.content_allowed = oso_filetype_allowed(v.by_content);
    v.allowed = v.name_allowed && v.content_allowed;
    v.agree = v.by_name != OSO_FT_UNKNOWN &&
              (v.by_name == v.by_content ||
               (v.by_content == OSO_FT_OLE2 &&
                (v.by_name == OSO_FT_DOC || v.by_name == OSO_FT_XLS || v.by_name == OSO_FT_PPT)));
    *verdict = v;
}
