/*
 * ZIP reading and writing in memory. minizip parses the directory, checks local headers and
 * writes archives; decompression is done here with zlib on minizip's raw (still compressed)
 * stream, because minizip silently stops at the declared uncompressed size and only checks the
 * CRC when that size is reached, while we must count the real output, stop a bomb while it
 * inflates and report a size mismatch.
 */
#include "attachments/zipmem.h"

#include "base/error.h"

#include <errno.h>
#include <inttypes.h>
#include <minizip/ioapi.h>
#include <minizip/unzip.h>
#include <minizip/zip.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define CHUNK 65536

/* Fixed sizes of the records of the ZIP format (APPNOTE.TXT). */
#define EOCD_SIZE 22
#define EOCD64_LOCATOR_SIZE 20
#define EOCD64_MIN_SIZE 56
#define CDIR_RECORD_MIN 46

const char *oso_zip_problem_text(oso_zip_problem problem)
{
    switch (problem) {
    case OSO_ZIP_OK: return "no problem";
    case OSO_ZIP_NOT_ZIP: return "not a ZIP archive";
    case OSO_ZIP_TRUNCATED: return "truncated ZIP archive";
    case OSO_ZIP_CORRUPT: return "corrupt ZIP archive";
    case OSO_ZIP_MULTIDISK: return "multi-disk (split) ZIP archive";
    case OSO_ZIP_ENCRYPTED: return "encrypted ZIP entry";
    case OSO_ZIP_UNSUPPORTED_METHOD: return "unsupported compression method";
    case OSO_ZIP_CRC: return "CRC-32 mismatch";
    case OSO_ZIP_OVERLAP: return "ZIP entries overlap";
    case OSO_ZIP_TOO_MANY_ENTRIES: return "too many ZIP entries";
    case OSO_ZIP_ENTRY_TOO_LARGE: return "ZIP entry too large";
    case OSO_ZIP_TOTAL_TOO_LARGE: return "ZIP entries too large in total";
    case OSO_ZIP_RATIO: return "compression ratio too high (zip bomb)";
    case OSO_ZIP_NAME_EMPTY: return "empty entry name";
    case OSO_ZIP_NAME_ABSOLUTE: return "absolute entry path";
    case OSO_ZIP_NAME_DOTDOT: return "'..' in entry path";
    case OSO_ZIP_NAME_BACKSLASH: return "backslash in entry name";
    case OSO_ZIP_NAME_DRIVE: return "drive letter in entry name";
    case OSO_ZIP_NAME_CONTROL: return "control character in entry name";
    case OSO_ZIP_ABORTED: return "extraction stopped by the caller";
    }
    return "unknown ZIP problem";
}

oso_zip_problem oso_zip_name_problem(const char *name)
{
    if (name == NULL || name[0] == '\0')
        return OSO_ZIP_NAME_EMPTY;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p == 0x7F)
            return OSO_ZIP_NAME_CONTROL;
    if (strchr(name, '\\') != NULL)
        return OSO_ZIP_NAME_BACKSLASH;
    if (((name[0] >= 'A' && name[0] <= 'Z') || (name[0] >= 'a' && name[0] <= 'z')) &&
        name[1] == ':')
        return OSO_ZIP_NAME_DRIVE;
    if (name[0] == '/')
        return OSO_ZIP_NAME_ABSOLUTE;
    for (const char *c = name; c != NULL;) {
        const char *slash = strchr(c, '/');
        size_t n = slash ? (size_t)(slash - c) : strlen(c);
        if (n == 2 && c[0] == '.' && c[1] == '.')
            return OSO_ZIP_NAME_DOTDOT;
        c = slash ? slash + 1 : NULL;
    }
    return OSO_ZIP_OK;
}

static oso_status zfail(oso_zip_problem *out, oso_zip_problem problem, oso_status st,
                        const char *fmt, ...) OSO_PRINTF(4, 5);

/* Set *out and the thread-local message ("<problem text>: <detail>") and return `st`. */
static oso_status zfail(oso_zip_problem *out, oso_zip_problem problem, oso_status st,
                        const char *fmt, ...)
{
    char detail[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    if (out != NULL)
        *out = problem;
    return oso_fail(st, "%s: %s", oso_zip_problem_text(problem), detail);
}

/* ---- memory I/O for minizip ----------------------------------------------------------------- */

typedef struct memfile {
    const unsigned char *data; /* reader: the archive (memory source) */
    unsigned char *wdata;      /* writer: growing output buffer (data aliases it) */
    uint64_t len;              /* archive size (both sources) */
    size_t cap;
    uint64_t pos;
    int fd;        /* reader: the archive (file source, read with pread) ... */
    bool use_fd;   /* ... when this is set; the writer always works in memory */
    bool past_end; /* a read or seek went beyond the end: the archive is cut short */
    bool nomem;    /* the writer could not grow its buffer */
    bool io_error; /* reading the file failed (not the archive's fault) */
} memfile;

/* Read exactly n bytes at `off` of a file source. A file that shrank under us reads as cut
 * short; any other failure is an I/O error. */
static bool fd_read(memfile *m, uint64_t off, void *buf, size_t n)
{
    unsigned char *p = buf;
    while (n > 0) {
        ssize_t got = pread(m->fd, p, n, (off_t)off);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            m->io_error = true;
            return false;
        }
        if (got == 0) {
            m->past_end = true;
            return false;
        }
        p += got;
        off += (uint64_t)got;
        n -= (size_t)got;
    }
    return true;
}

/* `n` bytes at `off` (within the archive): a pointer into a memory source, or `scratch`
 * filled from a file source; NULL when reading fails. */
static const unsigned char *src_view(memfile *m, uint64_t off, size_t n, unsigned char *scratch)
{
    if (!m->use_fd)
        return m->data + off;
    return fd_read(m, off, scratch, n) ? scratch : NULL;
}

static voidpf ZCALLBACK mem_open(voidpf opaque, const void *filename, int mode)
{
    (void)filename;
    (void)mode;
    return opaque;
}

static uLong ZCALLBACK mem_read(voidpf opaque, voidpf stream, void *buf, uLong size)
{
    (void)opaque;
    memfile *m = stream;
    uint64_t avail = m->pos < m->len ? m->len - m->pos : 0;
    uLong n = size;
    if ((uint64_t)n > avail) {
        n = (uLong)avail;
        m->past_end = true;
    }
    if (n > 0) {
        if (!m->use_fd)
            memcpy(buf, m->data + m->pos, n);
        else if (!fd_read(m, m->pos, buf, n))
            return 0;
    }
    m->pos += n;
    return n;
}

static uLong ZCALLBACK mem_write(voidpf opaque, voidpf stream, const void *buf, uLong size)
{
    (void)opaque;
    memfile *m = stream;
    if (m->pos > SIZE_MAX || size > SIZE_MAX - m->pos) {
        m->nomem = true;
        return 0;
    }
    size_t end = (size_t)m->pos + size;
    if (end > m->cap) {
        size_t cap = m->cap ? m->cap : 4096;
        while (cap < end)
            cap = cap > SIZE_MAX / 2 ? end : cap * 2;
        unsigned char *p = realloc(m->wdata, cap);
        if (p == NULL) {
            m->nomem = true;
            return 0;
        }
        m->wdata = p;
        m->data = p;
        m->cap = cap;
    }
    memcpy(m->wdata + m->pos, buf, size);
    m->pos = end;
    if (end > m->len)
        m->len = end;
    return size;
}

static ZPOS64_T ZCALLBACK mem_tell(voidpf opaque, voidpf stream)
{
    (void)opaque;
    return ((memfile *)stream)->pos;
}

static long ZCALLBACK mem_seek(voidpf opaque, voidpf stream, ZPOS64_T offset, int origin)
{
    (void)opaque;
    memfile *m = stream;
    uint64_t base = origin == ZLIB_FILEFUNC_SEEK_SET   ? 0
                    : origin == ZLIB_FILEFUNC_SEEK_CUR ? m->pos
                                                       : (uint64_t)m->len;
    if (offset > UINT64_MAX - base || base + offset > m->len) {
        m->past_end = true;
        return -1;
    }
    m->pos = base + offset;
    return 0;
}

static int ZCALLBACK mem_close(voidpf opaque, voidpf stream)
{
    (void)opaque;
    (void)stream;
    return 0;
}

static int ZCALLBACK mem_error(voidpf opaque, voidpf stream)
{
    (void)opaque;
    memfile *m = stream;
    return m->nomem || m->io_error;
}

static void mem_io(zlib_filefunc64_def *io, memfile *m)
{
    *io = (zlib_filefunc64_def){mem_open, mem_read, mem_write, mem_tell,
                                mem_seek, mem_close, mem_error, m};
}

/* ---- reader --------------------------------------------------------------------------------- */

struct oso_zip_reader {
    memfile mf;
    zlib_filefunc64_def io;
    unzFile uf;
    oso_zip_limits limits;
    uint64_t cd_start; /* where the central directory begins in the buffer */
    uint64_t prefix;   /* bytes before the archive (a stub or another archive): the offsets
                        * the archive records count from its start, minizip adds this */
    size_t count;
    oso_zip_entry *entries;
    unz64_file_pos *pos; /* where minizip finds each entry again */
    uint64_t declared;   /* uncompressed sizes the directory declares, all entries together */
};

static uint16_t rd16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const unsigned char *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }

/*
 * Classify the archive from its end records before minizip sees it: minizip answers every
 * problem with the same UNZ_BADZIPFILE, but callers need "not a ZIP", "truncated",
 * "multi-disk" and "too many entries" told apart. The EOCD is taken as minizip does: the last
 * signature within the 64 KiB comment window. Only that window (plus room for a ZIP64 locator
 * before it), the first bytes and a ZIP64 end record are read, so a file source costs three
 * reads. Offsets are absolute; `w` holds the bytes from `ws` on.
 */
static oso_status check_end_records(memfile *m, const oso_zip_limits *lim, uint64_t *cd_start,
                                    uint64_t *prefix, uint64_t *entries, oso_zip_problem *problem)
{
    uint64_t len = m->len;
    uint64_t lowest = len - EOCD_SIZE > 0xFFFF && len >= EOCD_SIZE ? len - EOCD_SIZE - 0xFFFF : 0;
    uint64_t ws = lowest > EOCD64_LOCATOR_SIZE ? lowest - EOCD64_LOCATOR_SIZE : 0;
    size_t wlen = (size_t)(len - ws);
    unsigned char *scratch = m->use_fd ? malloc(wlen ? wlen : 1) : NULL;
    if (m->use_fd && scratch == NULL)
        return oso_fail(OSO_E_NOMEM, "ZIP: out of memory");
    oso_status st = OSO_OK;
    const unsigned char *w = wlen > 0 ? src_view(m, ws, wlen, scratch) : NULL;
    if (wlen > 0 && w == NULL) {
        st = m->io_error ? oso_fail(OSO_E_IO, "ZIP: reading the archive failed: %s",
                                    strerror(errno))
                         : zfail(problem, OSO_ZIP_TRUNCATED, OSO_E_ZIP, "the file shrank");
        goto done;
    }
    uint64_t eocd = UINT64_MAX;
    if (len >= EOCD_SIZE)
        for (uint64_t i = len - EOCD_SIZE + 1; i-- > lowest;) {
            const unsigned char *c = w + (i - ws);
            if (c[0] == 'P' && c[1] == 'K' && c[2] == 5 && c[3] == 6) {
                eocd = i;
                break;
            }
        }
    if (eocd == UINT64_MAX) {
        unsigned char head[8];
        const unsigned char *h = len >= 4 ? src_view(m, 0, len >= 8 ? 8 : 4, head) : NULL;
        if (m->io_error)
            st = oso_fail(OSO_E_IO, "ZIP: reading the archive failed: %s", strerror(errno));
        else if (h != NULL && len >= 8 && memcmp(h, "PK\x07\x08PK\x03\x04", 8) == 0)
            st = zfail(problem, OSO_ZIP_MULTIDISK, OSO_E_ZIP, "first segment of a split archive");
        else if (h != NULL && memcmp(h, "PK\x03\x04", 4) == 0)
            st = zfail(problem, OSO_ZIP_TRUNCATED, OSO_E_ZIP,
                       "end of central directory record missing (%" PRIu64 " bytes)", len);
        else
            st = zfail(problem, OSO_ZIP_NOT_ZIP, OSO_E_ZIP, "no ZIP signature (%" PRIu64 " bytes)",
                       len);
        goto done;
    }
    const unsigned char *e = w + (eocd - ws);
    uint64_t disk = rd16(e + 4), cd_disk = rd16(e + 6), n_here = rd16(e + 8), n = rd16(e + 10);
    uint64_t cd_size = rd32(e + 12), cd_off = rd32(e + 16);
    uint64_t cd_end = eocd;
    if (eocd >= EOCD64_LOCATOR_SIZE && memcmp(e - EOCD64_LOCATOR_SIZE, "PK\x06\x07", 4) == 0) {
        const unsigned char *loc = e - EOCD64_LOCATOR_SIZE;
        uint64_t at = rd64(loc + 8);
        unsigned char rec[EOCD64_MIN_SIZE];
        const unsigned char *z = NULL;
        if (rd32(loc + 4) != 0 || rd32(loc + 16) > 1) {
            st = zfail(problem, OSO_ZIP_MULTIDISK, OSO_E_ZIP,
                       "ZIP64 locator names disk %" PRIu32 " of %" PRIu32, rd32(loc + 4),
                       rd32(loc + 16));
            goto done;
        }
        if (at <= eocd - EOCD64_LOCATOR_SIZE &&
            eocd - EOCD64_LOCATOR_SIZE - at >= EOCD64_MIN_SIZE)
            z = src_view(m, at, EOCD64_MIN_SIZE, rec);
        if (z == NULL || memcmp(z, "PK\x06\x06", 4) != 0) {
            st = m->io_error ? oso_fail(OSO_E_IO, "ZIP: reading the archive failed: %s",
                                        strerror(errno))
                             : zfail(problem, OSO_ZIP_CORRUPT, OSO_E_ZIP,
                                     "ZIP64 end of central directory record not found");
            goto done;
        }
        disk = rd32(z + 16);
        cd_disk = rd32(z + 20);
        n_here = rd64(z + 24);
        n = rd64(z + 32);
        cd_size = rd64(z + 40);
        cd_off = rd64(z + 48);
        cd_end = at;
    }
    if (disk != 0 || cd_disk != 0 || n_here != n)
        st = zfail(problem, OSO_ZIP_MULTIDISK, OSO_E_ZIP,
                   "disk %" PRIu64 ", central directory on disk %" PRIu64
                   ", %" PRIu64 " of %" PRIu64 " entries on this disk",
                   disk, cd_disk, n_here, n);
    else if (lim->max_entries != 0 && n > lim->max_entries)
        st = zfail(problem, OSO_ZIP_TOO_MANY_ENTRIES, OSO_E_LIMIT,
                   "%" PRIu64 " entries, the limit is %zu", n, lim->max_entries);
    else if (cd_size > cd_end || cd_off > cd_end - cd_size)
        st = zfail(problem, OSO_ZIP_CORRUPT, OSO_E_ZIP,
                   "central directory (offset %" PRIu64 ", %" PRIu64
                   " bytes) does not fit before its end record at %" PRIu64,
                   cd_off, cd_size, cd_end);
    else if (n > cd_size / CDIR_RECORD_MIN)
        st = zfail(problem, OSO_ZIP_CORRUPT, OSO_E_ZIP,
                   "%" PRIu64 " entries cannot fit in a %" PRIu64 "-byte central directory", n,
                   cd_size);
    else {
        *cd_start = cd_end - cd_size;
        *prefix = *cd_start - cd_off; /* as minizip, Python's zipfile and Info-ZIP take it */
        *entries = n;
    }
done:
    free(scratch);
    return st;
}

/* A minizip call on the archive failed: running out of data means truncation (for a file
 * source, a failed read is an I/O error instead). */
static oso_status unz_fail(oso_zip_reader *zr, oso_zip_problem *problem, int err, const char *what)
{
    if (zr->mf.io_error)
        return oso_fail(OSO_E_IO, "ZIP: reading the archive failed while %s", what);
    if (err == UNZ_INTERNALERROR && !zr->mf.past_end)
        return oso_fail(OSO_E_NOMEM, "ZIP: out of memory while %s", what);
    if (zr->mf.past_end)
        return zfail(problem, OSO_ZIP_TRUNCATED, OSO_E_ZIP, "data ends while %s", what);
    return zfail(problem, OSO_ZIP_CORRUPT, OSO_E_ZIP, "minizip error %d while %s", err, what);
}

typedef struct span {
    uint64_t start, end;
    size_t index;
} span;

static int span_cmp(const void *a, const void *b)
{
    const span *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* Does the local header of entry i carry the directory's name? An extractor that trusts local
 * headers would otherwise write another (possibly unsafe) name than the one checked here.
 * Returns 1 when the names agree, 0 when they differ, -1 when the records cannot be read.
 * Both records are read where minizip reads them: the offsets the archive records, plus the
 * bytes before the archive. */
static int local_name_agrees(oso_zip_reader *zr, size_t i)
{
    unsigned char cd[46], lh[30], scratch[46];
    const oso_zip_entry *e = &zr->entries[i];
    uint64_t at = zr->prefix + zr->pos[i].pos_in_zip_directory;
    const unsigned char *p = at + sizeof cd <= zr->mf.len ? src_view(&zr->mf, at, sizeof cd, scratch) : NULL;
    if (p == NULL || rd32(p) != 0x02014b50)
        return -1;
    memcpy(cd, p, sizeof cd);
    uint64_t lho = rd32(cd + 42);
    size_t name_len = rd16(cd + 28), extra_len = rd16(cd + 30);
    unsigned char *buf = malloc(extra_len > e->name_len ? extra_len : e->name_len + 1);
    if (buf == NULL)
        return -1;
    int verdict = -1;
    if (lho == 0xFFFFFFFFu) { /* the real offset is in the ZIP64 extra field */
        const unsigned char *x = extra_len && at + 46 + name_len + extra_len <= zr->mf.len
                                     ? src_view(&zr->mf, at + 46 + name_len, extra_len, buf) : NULL;
        int found = 0;
        for (size_t k = 0; x != NULL && k + 4 <= extra_len && !found;) {
            size_t id = rd16(x + k), len = rd16(x + k + 2), f = k + 4;
            if (k + 4 + len > extra_len)
                break;
            if (id == 1) {
                f += rd32(cd + 24) == 0xFFFFFFFFu ? 8 : 0; /* uncompressed size first */
                f += rd32(cd + 20) == 0xFFFFFFFFu ? 8 : 0; /* then compressed size */
                if (f + 8 <= k + 4 + len) {
                    lho = rd64(x + f);
                    found = 1;
                }
            }
            k += 4 + len;
        }
        if (!found)
            goto out;
    }
    if (lho > UINT64_MAX - zr->prefix)
        goto out;
    lho += zr->prefix;
    p = lho <= zr->mf.len && zr->mf.len - lho >= sizeof lh
            ? src_view(&zr->mf, lho, sizeof lh, scratch) : NULL;
    if (p == NULL || rd32(p) != 0x04034b50)
        goto out;
    memcpy(lh, p, sizeof lh);
    size_t local_len = rd16(lh + 26);
    if (local_len != e->name_len) {
        verdict = 0;
        goto out;
    }
    const unsigned char *name = local_len && lho + 30 + local_len <= zr->mf.len
                                    ? src_view(&zr->mf, lho + 30, local_len, buf) : NULL;
    verdict = local_len == 0 || (name != NULL && memcmp(name, e->name, local_len) == 0);
out:
    free(buf);
    return verdict;
}

/*
 * Record entry `i` (minizip's current file). Every entry's local header must carry the
 * directory's name; entries we may extract also get their local header checked by minizip and
 * their data range noted.
 */
static oso_status read_entry(oso_zip_reader *zr, size_t i, span *spans, size_t *nspans,
                             size_t *name_mismatch, oso_zip_problem *problem)
{
    unz_file_info64 fi;
    int err = unzGetCurrentFileInfo64(zr->uf, &fi, NULL, 0, NULL, 0, NULL, 0);
    if (err != UNZ_OK)
        return unz_fail(zr, problem, err, "reading the central directory");
    if (fi.disk_num_start != 0)
        return zfail(problem, OSO_ZIP_MULTIDISK, OSO_E_ZIP, "entry %zu starts on disk %lu", i,
                     fi.disk_num_start);
    oso_zip_entry *e = &zr->entries[i];
    e->name = malloc(fi.size_filename + 1);
    if (e->name == NULL)
        return oso_fail(OSO_E_NOMEM, "ZIP: out of memory for an entry name");
    err = unzGetCurrentFileInfo64(zr->uf, NULL, e->name, fi.size_filename + 1, NULL, 0, NULL, 0);
    if (err != UNZ_OK)
        return unz_fail(zr, problem, err, "reading an entry name");
    e->name[fi.size_filename] = '\0';
    e->name_len = fi.size_filename;
    e->compressed_size = fi.compressed_size;
    e->uncompressed_size = fi.uncompressed_size;
    e->crc32 = (uint32_t)fi.crc;
    e->method = (uint16_t)fi.compression_method;
    e->flags = (uint16_t)fi.flag;
    e->encrypted = (fi.flag & 1) != 0;
    e->is_dir = e->name_len > 0 && e->name[e->name_len - 1] == '/';
    /* "Version made by" names the host system in its high byte; Unix (3) and macOS (19) keep
     * the st_mode in the high 16 bits of the external attributes. */
    unsigned host = (unsigned)(fi.version >> 8) & 0xFF;
    e->is_symlink = (host == 3 || host == 19) && ((fi.external_fa >> 16) & 0170000) == 0120000;
    e->name_problem = strlen(e->name) != e->name_len ? OSO_ZIP_NAME_CONTROL
                                                     : oso_zip_name_problem(e->name);
    err = unzGetFilePos64(zr->uf, &zr->pos[i]);
    if (err != UNZ_OK)
        return unz_fail(zr, problem, err, "locating an entry");
    /* Even an entry we never extract is refused when its local header names another file:
     * the receiver's tool may extract it (with the password, or deflate64) under that name. */
    int names_agree = local_name_agrees(zr, i);
    if (e->encrypted || (e->method != 0 && e->method != Z_DEFLATED)) {
        if (names_agree != 1) /* differs, or there is no local header to compare */
            *name_mismatch = i + 1;
        return OSO_OK; /* never extracted, so its data cannot hurt */
    }
    err = unzOpenCurrentFile2(zr->uf, NULL, NULL, 1);
    if (err != UNZ_OK)
        return unz_fail(zr, problem, err, "checking a local header");
    uint64_t start = unzGetCurrentFileZStreamPos64(zr->uf);
    unzCloseCurrentFile(zr->uf);
    if (start > zr->cd_start || e->compressed_size > zr->cd_start - start)
        return zfail(problem, OSO_ZIP_CORRUPT, OSO_E_ZIP,
                     "data of entry %zu (%" PRIu64 " bytes at %" PRIu64
                     ") runs into the central directory at %" PRIu64,
                     i, e->compressed_size, start, zr->cd_start);
    if (e->compressed_size > 0)
        spans[(*nspans)++] = (span){start, start + e->compressed_size, i};
    if (names_agree != 1)
        *name_mismatch = i + 1; /* reported after the overlap check, which says more */
    return OSO_OK;
}

/* Open an archive on `src` (a memory or file source): the common part of both open calls. */
static oso_status reader_open(const memfile *src, const oso_zip_limits *limits,
                              oso_zip_reader **out, oso_zip_problem *problem)
{
    oso_zip_limits lim = OSO_ZIP_LIMITS_DEFAULT;
    if (limits != NULL)
        lim = *limits;
    oso_zip_reader *zr = calloc(1, sizeof *zr);
    if (zr == NULL)
        return oso_fail(OSO_E_NOMEM, "ZIP: out of memory");
    zr->mf = *src;
    uint64_t cd_start = 0, prefix = 0, entries = 0;
    oso_status st = check_end_records(&zr->mf, &lim, &cd_start, &prefix, &entries, problem);
    if (st != OSO_OK) {
        free(zr);
        return st;
    }
    uint64_t len = zr->mf.len;
    zr->limits = lim;
    zr->cd_start = cd_start;
    zr->prefix = prefix;
    mem_io(&zr->io, &zr->mf);
    if (entries == 0) {
        /* minizip cannot find an end record at offset 0, i.e. open an empty archive; there
         * is nothing for it to do anyway. */
        *out = zr;
        return OSO_OK;
    }
    span *spans = NULL;
    zr->uf = unzOpen2_64("memory", &zr->io);
    if (zr->uf == NULL) {
        st = unz_fail(zr, problem, UNZ_BADZIPFILE, "opening");
        goto fail;
    }
    unz_global_info64 gi;
    int err = unzGetGlobalInfo64(zr->uf, &gi);
    if (err != UNZ_OK) {
        st = unz_fail(zr, problem, err, "reading the end record");
        goto fail;
    }
    /* Checked again on minizip's own reading of the end records, which also accepts a ZIP64
     * locator in other places than the one checked above. */
    if ((lim.max_entries != 0 && gi.number_entry > lim.max_entries) ||
        gi.number_entry > len / CDIR_RECORD_MIN) {
        st = gi.number_entry > len / CDIR_RECORD_MIN
                 ? zfail(problem, OSO_ZIP_CORRUPT, OSO_E_ZIP, "%" PRIu64 " entries cannot fit",
                         (uint64_t)gi.number_entry)
                 : zfail(problem, OSO_ZIP_TOO_MANY_ENTRIES, OSO_E_LIMIT,
                         "%" PRIu64 " entries, the limit is %zu", (uint64_t)gi.number_entry,
                         lim.max_entries);
        goto fail;
    }
    size_t n = (size_t)gi.number_entry;
    zr->entries = calloc(n ? n : 1, sizeof *zr->entries);
    zr->pos = calloc(n ? n : 1, sizeof *zr->pos);
    spans = malloc((n ? n : 1) * sizeof *spans);
    if (zr->entries == NULL || zr->pos == NULL || spans == NULL) {
        st = oso_fail(OSO_E_NOMEM, "ZIP: out of memory for %zu entries", n);
        goto fail;
    }
    size_t nspans = 0, name_mismatch = 0;
    for (size_t i = 0; i < n; i++) {
        err = i == 0 ? unzGoToFirstFile(zr->uf) : unzGoToNextFile(zr->uf);
        if (err != UNZ_OK) {
            st = unz_fail(zr, problem, err, "walking the central directory");
            goto fail;
        }
        zr->count = i + 1; /* so that fail frees the name */
        st = read_entry(zr, i, spans, &nspans, &name_mismatch, problem);
        if (st != OSO_OK)
            goto fail;
        /* minizip finds its end record by itself (the last signature, even one too short to
         * hold the record): reading another directory than the one checked above would make
         * every check here about other records than the ones it extracts. */
        if (i == 0 && zr->prefix + zr->pos[0].pos_in_zip_directory != zr->cd_start) {
            st = zfail(problem, OSO_ZIP_CORRUPT, OSO_E_ZIP,
                       "the central directory is not where the end record at its end puts it");
            goto fail;
        }
    }
    qsort(spans, nspans, sizeof *spans, span_cmp);
    for (size_t i = 1; i < nspans; i++)
        if (spans[i].start < spans[i - 1].end) {
            st = zfail(problem, OSO_ZIP_OVERLAP, OSO_E_ZIP,
                       "data of entries %zu and %zu overlap at offset %" PRIu64,
                       spans[i - 1].index, spans[i].index, spans[i].start);
            goto fail;
        }
    /* The total limit is judged on what the directory declares, so that it does not depend
     * on which entries were extracted before; entries producing more than they declare are
     * corrupt, and their real output is held to what the others leave (see extraction). */
    for (size_t i = 0; i < n; i++)
        zr->declared = zr->entries[i].uncompressed_size > UINT64_MAX - zr->declared
                           ? UINT64_MAX : zr->declared + zr->entries[i].uncompressed_size;
    if (lim.max_total_size != 0 && zr->declared > lim.max_total_size) {
        st = zfail(problem, OSO_ZIP_TOTAL_TOO_LARGE, OSO_E_LIMIT,
                   "the entries declare %" PRIu64 " bytes together, the limit is %" PRIu64,
                   zr->declared, lim.max_total_size);
        goto fail;
    }
    if (name_mismatch) {
        st = zfail(problem, OSO_ZIP_CORRUPT, OSO_E_ZIP,
                   "entry %zu: its local header names it differently from the directory",
                   name_mismatch - 1);
        goto fail;
    }
    free(spans);
    *out = zr;
    return OSO_OK;

fail:
    free(spans);
    oso_zip_reader_free(zr);
    return st;
}

oso_status oso_zip_reader_open(const unsigned char *data, size_t len, const oso_zip_limits *limits,
                               oso_zip_reader **out, oso_zip_problem *problem)
{
    if (problem != NULL)
        *problem = OSO_ZIP_OK;
    if (out == NULL || (data == NULL && len > 0))
        return oso_fail(OSO_E_INVALID_ARG, "ZIP: NULL argument");
    *out = NULL;
    memfile src = {.data = data, .len = len, .fd = -1};
    return reader_open(&src, limits, out, problem);
}

oso_status oso_zip_reader_open_fd(int fd, const oso_zip_limits *limits, oso_zip_reader **out,
                                  oso_zip_problem *problem)
{
    if (problem != NULL)
        *problem = OSO_ZIP_OK;
    if (out == NULL || fd < 0)
        return oso_fail(OSO_E_INVALID_ARG, "ZIP: NULL argument or bad descriptor");
    *out = NULL;
    struct stat sb;
    if (fstat(fd, &sb) != 0)
        return oso_fail(OSO_E_IO, "ZIP: cannot stat the archive: %s", strerror(errno));
    if (!S_ISREG(sb.st_mode))
        return oso_fail(OSO_E_INVALID_ARG, "ZIP: the archive must be a regular file");
    memfile src = {.len = (uint64_t)sb.st_size, .fd = fd, .use_fd = true};
    return reader_open(&src, limits, out, problem);
}

void oso_zip_reader_free(oso_zip_reader *zr)
{
    if (zr == NULL)
        return;
    if (zr->uf != NULL)
        unzClose(zr->uf);
    for (size_t i = 0; i < zr->count; i++)
        free(zr->entries[i].name);
    free(zr->entries);
    free(zr->pos);
    free(zr);
}

size_t oso_zip_reader_count(const oso_zip_reader *zr) { return zr ? zr->count : 0; }

const oso_zip_entry *oso_zip_reader_entry(const oso_zip_reader *zr, size_t index)
{
    return zr != NULL && index < zr->count ? &zr->entries[index] : NULL;
}

oso_status oso_zip_reader_find(const oso_zip_reader *zr, const char *name, size_t *index)
{
    if (zr == NULL || name == NULL || index == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "ZIP: NULL argument");
    for (size_t i = 0; i < zr->count; i++)
        if (strcmp(zr->entries[i].name, name) == 0 && zr->entries[i].name_len == strlen(name)) {
            *index = i;
            return OSO_OK;
        }
    return oso_fail(OSO_E_NOT_FOUND, "ZIP: no entry named '%s'", name);
}

/* State of one extraction. */
typedef struct extraction {
    oso_zip_reader *zr;
    const oso_zip_entry *e;
    uint64_t produced;
    uint64_t consumed; /* compressed bytes used so far */
    uint64_t budget; /* bytes this entry may still add under max_total_size */
    uint32_t crc;
    oso_zip_sink sink;
    void *ctx;
    oso_zip_problem *problem;
} extraction;

/* Refuse sizes above the limits; used with declared sizes before and real ones during. */
static oso_status check_limits(const extraction *x, uint64_t out, uint64_t in, const char *kind)
{
    const oso_zip_limits *l = &x->zr->limits;
    if (l->max_entry_size != 0 && out > l->max_entry_size)
        return zfail(x->problem, OSO_ZIP_ENTRY_TOO_LARGE, OSO_E_LIMIT,
                     "entry '%s': %s%" PRIu64 " bytes, the limit is %" PRIu64, x->e->name, kind,
                     out, l->max_entry_size);
    if (l->max_total_size != 0 && out > x->budget)
        return zfail(x->problem, OSO_ZIP_TOTAL_TOO_LARGE, OSO_E_LIMIT,
                     "entry '%s' (%s%" PRIu64 " bytes) takes the archive over %" PRIu64 " bytes",
                     x->e->name, kind, out, l->max_total_size);
    if (l->max_ratio != 0 && out > l->ratio_grace &&
        (in == 0 || (in <= UINT64_MAX / l->max_ratio && out > in * l->max_ratio)))
        return zfail(x->problem, OSO_ZIP_RATIO, OSO_E_LIMIT,
                     "entry '%s': %s%" PRIu64 " bytes from %" PRIu64
                     " compressed, more than %" PRIu32 ":1",
                     x->e->name, kind, out, in, l->max_ratio);
    return OSO_OK;
}

static oso_status deliver(extraction *x, const unsigned char *buf, size_t n)
{
    if (n == 0)
        return OSO_OK;
    x->produced += n;
    oso_status st = check_limits(x, x->produced, x->consumed, "at least ");
    if (st != OSO_OK)
        return st;
    x->crc = (uint32_t)crc32(x->crc, buf, (uInt)n);
    if (x->sink != NULL) {
        int rc = x->sink(x->ctx, buf, n);
        if (rc != 0)
            return zfail(x->problem, OSO_ZIP_ABORTED, OSO_E_IO, "entry '%s': the sink returned %d",
                         x->e->name, rc);
    }
    return OSO_OK;
}

/* The raw stream ended (or failed) before the data did. */
static oso_status short_data(extraction *x, int rc)
{
    if (x->zr->mf.io_error)
        return oso_fail(OSO_E_IO, "ZIP: reading entry '%s' failed", x->e->name);
    if (x->zr->mf.past_end)
        return zfail(x->problem, OSO_ZIP_TRUNCATED, OSO_E_ZIP, "entry '%s': data cut short",
                     x->e->name);
    return zfail(x->problem, OSO_ZIP_CORRUPT, OSO_E_ZIP,
                 "entry '%s': compressed data ends early (%d)", x->e->name, rc);
}

static oso_status pump(extraction *x, unsigned char *in, unsigned char *out)
{
    unzFile uf = x->zr->uf;
    if (x->e->method == 0) {
        for (;;) {
            int n = unzReadCurrentFile(uf, in, CHUNK);
            if (n < 0)
                return short_data(x, n);
            if (n == 0)
                return OSO_OK;
            x->consumed += (unsigned)n;
            oso_status st = deliver(x, in, (size_t)n);
            if (st != OSO_OK)
                return st;
        }
    }
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (inflateInit2(&zs, -MAX_WBITS) != Z_OK)
        return oso_fail(OSO_E_NOMEM, "ZIP: cannot initialise zlib");
    oso_status st = OSO_OK;
    uint64_t fed = 0;
    for (;;) {
        if (zs.avail_in == 0) {
            int n = unzReadCurrentFile(uf, in, CHUNK);
            if (n <= 0) {
                st = short_data(x, n);
                break;
            }
            fed += (unsigned)n;
            zs.next_in = in;
            zs.avail_in = (uInt)n;
        }
        zs.next_out = out;
        zs.avail_out = CHUNK;
        int zr = inflate(&zs, Z_NO_FLUSH);
        if (zr != Z_OK && zr != Z_STREAM_END && zr != Z_BUF_ERROR) {
            st = zr == Z_MEM_ERROR
                     ? oso_fail(OSO_E_NOMEM, "ZIP: out of memory in zlib")
                     : zfail(x->problem, OSO_ZIP_CORRUPT, OSO_E_ZIP, "entry '%s': %s",
                             x->e->name, zs.msg ? zs.msg : "invalid deflate data");
            break;
        }
        /* Exact input use (not the read-ahead) keeps the running ratio honest. */
        x->consumed = fed - zs.avail_in;
        st = deliver(x, out, CHUNK - zs.avail_out);
        if (st != OSO_OK || zr == Z_STREAM_END)
            break;
    }
    inflateEnd(&zs);
    return st;
}

oso_status oso_zip_extract(oso_zip_reader *zr, size_t index, oso_zip_sink sink, void *ctx,
                           oso_zip_problem *problem)
{
    if (problem != NULL)
        *problem = OSO_ZIP_OK;
    if (zr == NULL || index >= zr->count)
        return oso_fail(OSO_E_INVALID_ARG, "ZIP: no entry %zu", index);
    const oso_zip_entry *e = &zr->entries[index];
    if (e->encrypted)
        return zfail(problem, OSO_ZIP_ENCRYPTED, OSO_E_ZIP, "entry '%s'", e->name);
    if (e->method != 0 && e->method != Z_DEFLATED)
        return zfail(problem, OSO_ZIP_UNSUPPORTED_METHOD, OSO_E_ZIP, "entry '%s' uses method %u",
                     e->name, (unsigned)e->method);
    extraction x = {.zr = zr, .e = e, .crc = (uint32_t)crc32(0, NULL, 0),
                    .sink = sink, .ctx = ctx, .problem = problem};
    uint64_t others = zr->declared - e->uncompressed_size;
    x.budget = zr->limits.max_total_size > others ? zr->limits.max_total_size - others : 0;
    oso_status st = check_limits(&x, e->uncompressed_size, e->compressed_size, "declares ");
    if (st != OSO_OK)
        return st;

    unsigned char *in = malloc(CHUNK), *out = malloc(CHUNK);
    if (in == NULL || out == NULL) {
        free(in);
        free(out);
        return oso_fail(OSO_E_NOMEM, "ZIP: out of memory");
    }
    zr->mf.past_end = false;
    zr->mf.io_error = false;
    int err = unzGoToFilePos64(zr->uf, &zr->pos[index]);
    if (err == UNZ_OK)
        err = unzOpenCurrentFile2(zr->uf, NULL, NULL, 1);
    if (err != UNZ_OK) {
        st = unz_fail(zr, problem, err, "opening an entry");
    } else {
        st = pump(&x, in, out);
        unzCloseCurrentFile(zr->uf);
    }
    free(in);
    free(out);
    if (st != OSO_OK)
        return st;
    if (x.produced != e->uncompressed_size)
        return zfail(problem, OSO_ZIP_CORRUPT, OSO_E_ZIP,
                     "entry '%s' holds %" PRIu64 " bytes, the directory says %" PRIu64, e->name,
                     x.produced, e->uncompressed_size);
    if (x.crc != e->crc32)
        return zfail(problem, OSO_ZIP_CRC, OSO_E_ZIP,
                     "entry '%s': CRC-32 %08" PRIx32 ", the directory says %08" PRIx32, e->name,
                     x.crc, e->crc32);
    return OSO_OK;
}

typedef struct growbuf {
    unsigned char *data;
    size_t len, cap;
} growbuf;

static int grow_sink(void *ctx, const unsigned char *buf, size_t len)
{
    growbuf *g = ctx;
    if (len > g->cap - g->len) {
        size_t cap = g->cap ? g->cap : CHUNK;
        while (cap - g->len < len) {
            if (cap > SIZE_MAX / 2)
                return 1;
            cap *= 2;
        }
        unsigned char *p = realloc(g->data, cap);
        if (p == NULL)
            return 1;
        g->data = p;
        g->cap = cap;
    }
    memcpy(g->data + g->len, buf, len);
    g->len += len;
    return 0;
}

oso_status oso_zip_extract_mem(oso_zip_reader *zr, size_t index, unsigned char **out,
                               size_t *out_len, oso_zip_problem *problem)
{
    if (out == NULL || out_len == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "ZIP: NULL argument");
    *out = NULL;
    *out_len = 0;
    growbuf g = {0};
    oso_status st = oso_zip_extract(zr, index, grow_sink, &g, problem);
    if (st == OSO_E_IO) { /* only the sink stops with OSO_E_IO: it could not grow */
        if (problem != NULL)
            *problem = OSO_ZIP_OK;
        st = oso_fail(OSO_E_NOMEM, "ZIP: out of memory extracting entry %zu", index);
    }
    if (st != OSO_OK) {
        free(g.data);
        return st;
    }
    /* An empty entry still yields a valid pointer, so callers need no special case. */
    *out = g.data ? g.data : malloc(1);
    if (*out == NULL)
        return oso_fail(OSO_E_NOMEM, "ZIP: out of memory");
    *out_len = g.len;
    return OSO_OK;
}

/* ---- writer --------------------------------------------------------------------------------- */

struct oso_zip_writer {
    memfile mf;
    zlib_filefunc64_def io;
    zipFile zf;
    oso_status broken; /* an earlier failure left the archive unusable */
};

oso_status oso_zip_writer_new(oso_zip_writer **out)
{
    if (out == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "ZIP: NULL argument");
    oso_zip_writer *zw = calloc(1, sizeof *zw);
    if (zw == NULL)
        return oso_fail(OSO_E_NOMEM, "ZIP: out of memory");
    mem_io(&zw->io, &zw->mf);
    zw->zf = zipOpen2_64("memory", APPEND_STATUS_CREATE, NULL, &zw->io);
    if (zw->zf == NULL) {
        free(zw);
        return oso_fail(OSO_E_NOMEM, "ZIP: cannot create a writer");
    }
    *out = zw;
    return OSO_OK;
}

/* MS-DOS date and time as ZIP stores them, clamped to the years 1980..2107 it can hold. */
static uLong dos_datetime(time_t t)
{
    struct tm tm;
    if (t == 0 || localtime_r(&t, &tm) == NULL || tm.tm_year < 80)
        return 1u << 21 | 1u << 16; /* 1980-01-01 00:00:00 */
    if (tm.tm_year > 207)
        return (uLong)127 << 25 | 12u << 21 | 31u << 16 | 23u << 11 | 59u << 5 | 29u;
    return (uLong)(tm.tm_year - 80) << 25 | (uLong)(tm.tm_mon + 1) << 21 | (uLong)tm.tm_mday << 16 |
           (uLong)tm.tm_hour << 11 | (uLong)tm.tm_min << 5 | (uLong)(tm.tm_sec / 2);
}

static oso_status writer_broke(oso_zip_writer *zw, int err, const char *what)
{
    zw->broken = zw->mf.nomem ? OSO_E_NOMEM : OSO_E_ZIP;
    if (zw->mf.nomem)
        return oso_fail(OSO_E_NOMEM, "ZIP: out of memory while %s", what);
    return oso_fail(OSO_E_ZIP, "ZIP: minizip error %d while %s", err, what);
}

oso_status oso_zip_writer_add(oso_zip_writer *zw, const char *name, const unsigned char *data,
                              size_t len, time_t mtime)
{
    if (zw == NULL || (data == NULL && len > 0))
        return oso_fail(OSO_E_INVALID_ARG, "ZIP: NULL argument");
    if (zw->zf == NULL || zw->broken != OSO_OK)
        return oso_fail(OSO_E_STATE, "ZIP: writer already finished or failed");
    oso_zip_problem np = oso_zip_name_problem(name);
    if (np != OSO_ZIP_OK)
        return oso_fail(OSO_E_POLICY, "ZIP: refused entry name '%s': %s", name ? name : "",
                        oso_zip_problem_text(np));
    if (strlen(name) > 0xFFFF)
        return oso_fail(OSO_E_POLICY, "ZIP: entry name longer than 65535 bytes");
    uLong flags = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p >= 0x80)
            flags = 1u << 11; /* language encoding flag: the name is UTF-8 */
    zip_fileinfo zi;
    memset(&zi, 0, sizeof zi);
    zi.dosDate = dos_datetime(mtime);
    /* memLevel 8 is zlib's default; ZIP64 extra fields only when the size needs them. */
    int err = zipOpenNewFileInZip4_64(zw->zf, name, &zi, NULL, 0, NULL, 0, NULL, Z_DEFLATED,
                                      Z_DEFAULT_COMPRESSION, 0, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY,
                                      NULL, 0, 0, flags, (uint64_t)len >= 0xFFFFFFFFu);
    if (err != ZIP_OK)
        return writer_broke(zw, err, "starting an entry");
    for (size_t done = 0; done < len;) {
        unsigned n = len - done > (1u << 30) ? 1u << 30 : (unsigned)(len - done);
        err = zipWriteInFileInZip(zw->zf, data + done, n);
        if (err != ZIP_OK)
            return writer_broke(zw, err, "compressing an entry");
        done += n;
    }
    err = zipCloseFileInZip(zw->zf);
    if (err != ZIP_OK)
        return writer_broke(zw, err, "closing an entry");
    return OSO_OK;
}

oso_status oso_zip_writer_finish(oso_zip_writer *zw, unsigned char **out, size_t *out_len)
{
    if (zw == NULL || out == NULL || out_len == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "ZIP: NULL argument");
    if (zw->zf == NULL || zw->broken != OSO_OK)
        return oso_fail(OSO_E_STATE, "ZIP: writer already finished or failed");
    int err = zipClose(zw->zf, NULL);
    zw->zf = NULL;
    if (err != ZIP_OK)
        return writer_broke(zw, err, "writing the central directory");
    *out = zw->mf.wdata;
    *out_len = (size_t)zw->mf.len;
    zw->mf.wdata = NULL;
    return OSO_OK;
}

void oso_zip_writer_free(oso_zip_writer *zw)
{
    if (zw == NULL)
        return;
    if (zw->zf != NULL)
        zipClose(zw->zf, NULL);
    free(zw->mf.wdata);
    free(zw);
}
