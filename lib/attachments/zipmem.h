/*
 * ZIP archives in memory (via minizip, with memory I/O callbacks: no temporary files).
 * Internal to liboso: not installed, not exported.
 *
 * Reading is defensive: the archive is hostile until proven otherwise. Opening validates the
 * end-of-central-directory record, the central directory, every local header and that no two
 * entries share compressed data; extracting counts the bytes actually produced (declared sizes
 * are never trusted for allocation), enforces the limits while decompressing and verifies the
 * CRC-32 and the size. Every refusal has its own oso_zip_problem so the caller can map it to a
 * diagnostic rule.
 */
#ifndef OSO_ZIPMEM_H
#define OSO_ZIPMEM_H

#include "oso/common.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* What exactly is wrong with an archive, an entry or an entry name. */
typedef enum oso_zip_problem {
    OSO_ZIP_OK = 0,
    OSO_ZIP_NOT_ZIP,            /* no ZIP structure at all (no signature at the start, no end
                                   of central directory record) */
    OSO_ZIP_TRUNCATED,          /* starts like a ZIP but is cut short: end of central directory
                                   record missing, or a record or data runs past the end */
    OSO_ZIP_CORRUPT,            /* inconsistent structure, bad compressed stream, or the data
                                   does not have the size the directory declares */
    OSO_ZIP_MULTIDISK,          /* split/spanned archive (disk numbers other than 0) */
    OSO_ZIP_ENCRYPTED,          /* entry is encrypted (general purpose flag bit 0) */
    OSO_ZIP_UNSUPPORTED_METHOD, /* compression method other than stored (0) or deflate (8) */
    OSO_ZIP_CRC,                /* decompressed data does not match the stored CRC-32 */
    OSO_ZIP_OVERLAP,            /* entries share or overlap compressed data (overlapping-file
                                   zip bomb, or a damaged directory) */
    OSO_ZIP_TOO_MANY_ENTRIES,   /* more entries than oso_zip_limits.max_entries */
    OSO_ZIP_ENTRY_TOO_LARGE,    /* an entry exceeds oso_zip_limits.max_entry_size */
    OSO_ZIP_TOTAL_TOO_LARGE,    /* the entries together exceed oso_zip_limits.max_total_size */
    OSO_ZIP_RATIO,              /* compression ratio above oso_zip_limits.max_ratio (zip bomb) */
    OSO_ZIP_NAME_EMPTY,         /* entry name is empty */
    OSO_ZIP_NAME_ABSOLUTE,      /* entry name starts with '/' */
    OSO_ZIP_NAME_DOTDOT,        /* entry name has a ".." path component */
    OSO_ZIP_NAME_BACKSLASH,     /* entry name contains '\' */
    OSO_ZIP_NAME_DRIVE,         /* entry name starts with a drive letter ("C:") */
    OSO_ZIP_NAME_CONTROL,       /* entry name contains NUL or another control character */
    OSO_ZIP_ABORTED             /* the caller's sink asked to stop */
} oso_zip_problem;

/* Short English description of a problem ("truncated ZIP archive", ...); never NULL. */
const char *oso_zip_problem_text(oso_zip_problem problem);

/* Limits on reading. A field set to 0 means "no limit" (for ratio_grace: the ratio applies from
 * the first byte). The library defaults, OSO_ZIP_LIMITS_DEFAULT, are: */
typedef struct oso_zip_limits {
    size_t max_entries;      /* 1000 entries */
    uint64_t max_entry_size; /* 256 MiB uncompressed per entry */
    uint64_t max_total_size; /* 1 GiB uncompressed, all entries of one archive together */
    uint32_t max_ratio;      /* 200: uncompressed/compressed size of an entry ... */
    uint64_t ratio_grace;    /* ... checked only once the entry exceeds 1 MiB, because small
                                highly repetitive files (a page of spaces, a blank image)
                                legitimately compress far better than 200:1 */
} oso_zip_limits;

#define OSO_ZIP_LIMITS_DEFAULT                                                                   \
    {                                                                                            \
        1000, UINT64_C(256) << 20, UINT64_C(1) << 30, 200, UINT64_C(1) << 20                     \
    }

/* One entry as listed in the central directory. */
typedef struct oso_zip_entry {
    char *name;                  /* stored name bytes, NUL-terminated (not converted from
                                    CP437; `flags` bit 11 tells whether it claims UTF-8) */
    size_t name_len;             /* stored length; larger than strlen(name) if it holds a NUL */
    uint64_t compressed_size;    /* as declared */
    uint64_t uncompressed_size;  /* as declared: informative only, never trusted */
    uint32_t crc32;              /* as declared; checked on extraction */
    uint16_t method;             /* 0 stored, 8 deflate, others unsupported */
    uint16_t flags;              /* general purpose bit flags */
    bool encrypted;              /* flags bit 0 */
    bool is_dir;                 /* name ends with '/' */
    bool is_symlink;             /* made on Unix or macOS with file type S_IFLNK in the
                                    external attributes: unzip creates a symbolic link */
    oso_zip_problem name_problem; /* oso_zip_name_problem() of the full stored name */
} oso_zip_entry;

/*
 * Zip-slip check of an entry name: OSO_ZIP_OK, or the first of OSO_ZIP_NAME_EMPTY,
 * OSO_ZIP_NAME_CONTROL (bytes 0x01..0x1F and 0x7F), OSO_ZIP_NAME_BACKSLASH,
 * OSO_ZIP_NAME_DRIVE ("X:" at the start), OSO_ZIP_NAME_ABSOLUTE (leading '/'),
 * OSO_ZIP_NAME_DOTDOT (a ".." component) that applies. NULL gives OSO_ZIP_NAME_EMPTY.
 */
oso_zip_problem oso_zip_name_problem(const char *name);

typedef struct oso_zip_reader oso_zip_reader;

/*
 * Open an archive held in `data[0..len)`, which must stay valid and unchanged until the reader
 * is freed. `limits` may be NULL (defaults); it is copied. On failure *problem (if not NULL)
 * says why: OSO_E_ZIP with a structural problem, OSO_E_LIMIT with OSO_ZIP_TOO_MANY_ENTRIES, or
 * OSO_E_NOMEM. On success *problem is OSO_ZIP_OK.
 */
oso_status oso_zip_reader_open(const unsigned char *data, size_t len, const oso_zip_limits *limits,
                               oso_zip_reader **out, oso_zip_problem *problem);

/*
 * Open an archive held in the regular file `fd` (its whole size), read with pread() so the
 * descriptor's offset is neither used nor moved; the descriptor must stay open and the file
 * unchanged until the reader is freed. Memory use does not grow with the archive: only the
 * directory is kept. Same results as oso_zip_reader_open() on the same bytes, plus OSO_E_IO
 * when reading fails (from any call on the reader) and OSO_E_INVALID_ARG for a descriptor that
 * is not a regular file.
 */
oso_status oso_zip_reader_open_fd(int fd, const oso_zip_limits *limits, oso_zip_reader **out,
                                  oso_zip_problem *problem);

void oso_zip_reader_free(oso_zip_reader *zr);

size_t oso_zip_reader_count(const oso_zip_reader *zr);

/* Entry `index` (< count), borrowed until the reader is freed; NULL if out of range. */
const oso_zip_entry *oso_zip_reader_entry(const oso_zip_reader *zr, size_t index);

/* Index of the first entry whose stored name equals `name` exactly; OSO_E_NOT_FOUND if none. */
oso_status oso_zip_reader_find(const oso_zip_reader *zr, const char *name, size_t *index);

/* Receives decompressed data; return 0 to continue, anything else to stop. */
typedef int (*oso_zip_sink)(void *ctx, const unsigned char *buf, size_t len);

/*
 * Decompress entry `index` and pass the data to `sink` in chunks (of at most 64 KiB); a NULL
 * sink discards the data, which verifies the entry without keeping it. Data reaches the sink
 * before it is verified: on failure the caller must discard what it received.
 * Failures, with *problem (if not NULL):
 *   OSO_E_ZIP: OSO_ZIP_ENCRYPTED, OSO_ZIP_UNSUPPORTED_METHOD, OSO_ZIP_CORRUPT,
 *              OSO_ZIP_TRUNCATED, OSO_ZIP_CRC;
 *   OSO_E_LIMIT: OSO_ZIP_ENTRY_TOO_LARGE, OSO_ZIP_TOTAL_TOO_LARGE, OSO_ZIP_RATIO (refused
 *              before decompressing when the declared sizes already exceed them, otherwise as
 *              soon as the produced bytes do);
 *   OSO_E_IO:  OSO_ZIP_ABORTED (the sink returned non-zero);
 *   OSO_E_NOMEM, OSO_E_INVALID_ARG.
 * The total-size limit is judged on the sizes the directory declares (an archive declaring
 * more in total is refused when opened); an entry's real output may use what the other
 * entries' declared sizes leave. The outcome of extracting an entry does not depend on what
 * was extracted before.
 */
oso_status oso_zip_extract(oso_zip_reader *zr, size_t index, oso_zip_sink sink, void *ctx,
                           oso_zip_problem *problem);

/* Like oso_zip_extract() into a malloc'd buffer (*out, *out_len; free() it). The buffer grows
 * with the produced data, so a lying declared size cannot make it allocate more. */
oso_status oso_zip_extract_mem(oso_zip_reader *zr, size_t index, unsigned char **out,
                               size_t *out_len, oso_zip_problem *problem);

typedef struct oso_zip_writer oso_zip_writer;

oso_status oso_zip_writer_new(oso_zip_writer **out);

/*
 * Add an entry compressed with deflate. `name` must pass oso_zip_name_problem() (else
 * OSO_E_POLICY) and is flagged UTF-8 (bit 11) when it is not plain ASCII. `mtime` is the
 * modification time (local time, as ZIP stores it); 0 writes 1980-01-01 00:00, the earliest
 * time ZIP can hold, which keeps output reproducible.
 */
oso_status oso_zip_writer_add(oso_zip_writer *zw, const char *name, const unsigned char *data,
                              size_t len, time_t mtime);

/* Write the central directory and hand over the archive (*out, *out_len; free() it). The
 * writer accepts no more entries afterwards but must still be freed. */
oso_status oso_zip_writer_finish(oso_zip_writer *zw, unsigned char **out, size_t *out_len);

void oso_zip_writer_free(oso_zip_writer *zw);

#endif
