/*
 * Attachment verification: throughput and the streaming memory bound.
 *
 * 1. In memory: a parsed dossier holding one attachment of ~32 MB (a PDF-like document) is
 *    verified repeatedly with oso_attachments_verify(): Base64 decode, ZIP open, inflate with
 *    CRC and limits, type check. Throughput in MB/s (10^6 bytes) of Base64 text; best of runs.
 * 2. Streaming: a dossier with N MB of attachments (ZIP bytes; default 64, --gb for 1 GB, i.e.
 *    about 1.37 GB of Base64) is written to a temporary file, then verified with oso_attachments_verify_file() in a child process,
 *    whose peak RSS (getrusage of the child) and MB/s of Base64 text are reported. The content
 *    mixes 2 MB PDFs, 24 MB PDFs (beyond what is inspected in memory) and 12 MB DOCX packages
 *    (inspected through the spill file).
 *
 * Usage: bench_attachments [--mb N | --gb] [--keep]   (--keep leaves the generated file)
 */
#include "base/base64.h"
#include "attachments/zipmem.h"

#include "oso/oso.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RUNS 5

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t rng = 0x9E3779B97F4A7C15u;

static void fill_random(unsigned char *p, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        p[i] = (unsigned char)(rng >> 24);
    }
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n);
    if (p == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    return p;
}

static void check(oso_status st, const char *what)
{
    if (st != OSO_OK) {
        fprintf(stderr, "%s: %s\n", what, oso_error_last());
        exit(2);
    }
}

/* Base64 (76-character CRLF lines) of a ZIP holding the given entries. */
static char *zip_base64(size_t n, const char *const *names, unsigned char *const *data,
                        const size_t *lens)
{
    oso_zip_writer *zw;
    check(oso_zip_writer_new(&zw), "zip");
    for (size_t i = 0; i < n; i++)
        check(oso_zip_writer_add(zw, names[i], data[i], lens[i], 0), "zip");
    unsigned char *zip;
    size_t zlen, blen;
    check(oso_zip_writer_finish(zw, &zip, &zlen), "zip");
    oso_zip_writer_free(zw);
    size_t cap = oso_base64_encoded_size(zlen) + 1;
    char *b64 = xmalloc(cap);
    check(oso_base64_encode(zip, zlen, b64, cap, &blen), "base64");
    b64[blen] = '\0';
    free(zip);
    return b64;
}

static char *pdf_attachment(const char *name, size_t size)
{
    unsigned char *pdf = xmalloc(size);
    fill_random(pdf, size);
    memcpy(pdf, "%PDF-1.4\n", 9);
    char *b64 = zip_base64(1, &name, &pdf, &size);
    free(pdf);
    return b64;
}

static char *docx_attachment(size_t picture)
{
    unsigned char *pic = xmalloc(picture), *types = (unsigned char *)"<Types/>";
    fill_random(pic, picture);
    const char *names[] = {"[Content_Types].xml", "word/document.xml", "word/media/1.png"};
    unsigned char *data[] = {types, types, pic};
    size_t lens[] = {8, 8, picture};
    unsigned char *docx;
    size_t dlen;
    oso_zip_writer *zw;
    check(oso_zip_writer_new(&zw), "zip");
    for (int i = 0; i < 3; i++)
        check(oso_zip_writer_add(zw, names[i], data[i], lens[i], 0), "zip");
    check(oso_zip_writer_finish(zw, &docx, &dlen), "zip");
    oso_zip_writer_free(zw);
    free(pic);
    const char *name = "plan.docx";
    char *b64 = zip_base64(1, &name, &docx, &dlen);
    free(docx);
    return b64;
}

static char *read_sample(size_t *len)
{
    FILE *f = fopen(OSO_SAMPLE_DOSSIER, "rb");
    if (f == NULL) {
        fprintf(stderr, "cannot read %s\n", OSO_SAMPLE_DOSSIER);
        exit(2);
    }
    char *xml = xmalloc(1 << 20);
    *len = fread(xml, 1, (1 << 20) - 1, f);
    xml[*len] = '\0';
    fclose(f);
    return xml;
}

/* The sample dossier with documents added to overigdocumentlijst until they hold `mb` MB of
 * attachments (decoded). Returns the bytes of Base64 written. */
static size_t write_dossier(FILE *out, size_t mb, size_t *documents)
{
    size_t len;
    char *xml = read_sample(&len);
    char *cut = strstr(xml, "</overigdocumentlijst>");
    fwrite(xml, 1, (size_t)(cut - xml), out);
    struct {
        const char *name;
        char *b64;
        size_t len;
    } kinds[] = {{"klein.pdf", pdf_attachment("klein.pdf", 2u << 20), 0},
                 {"groot.pdf", pdf_attachment("groot.pdf", 24u << 20), 0},
                 {"plan.docx", docx_attachment(12u << 20), 0}};
    for (int k = 0; k < 3; k++)
        kinds[k].len = strlen(kinds[k].b64);
    size_t b64 = 0, decoded = 0;
    *documents = 0;
    for (unsigned i = 0; decoded < (size_t)mb * 1000000; i++) {
        int k = i % 20 == 5 ? 1 : i % 20 == 12 ? 2 : 0;
        fprintf(out, "<document><bestandsnaam>%s</bestandsnaam><omschrijving>Bijlage %u"
                "</omschrijving><bestandsinhoud>", kinds[k].name, i);
        fwrite(kinds[k].b64, 1, kinds[k].len, out);
        fputs("</bestandsinhoud></document>\n", out);
        b64 += kinds[k].len;
        decoded += kinds[k].len / 78 * 57; /* 76 characters + CRLF per 57 bytes */
        ++*documents;
    }
    fputs(cut, out);
    for (int k = 0; k < 3; k++)
        free(kinds[k].b64);
    free(xml);
    return b64;
}

static void bench_in_memory(void)
{
    size_t len;
    char *xml = read_sample(&len);
    char *cut = strstr(xml, "</overigdocumentlijst>");
    char *b64 = pdf_attachment("groot.pdf", 24u << 20);
    size_t blen = strlen(b64);
    char *doc = xmalloc(len + blen + 256);
    int n = snprintf(doc, len + blen + 256, "%.*s<document><bestandsnaam>groot.pdf</bestandsnaam>"
                     "<bestandsinhoud>%s</bestandsinhoud></document>%s",
                     (int)(cut - xml), xml, b64, cut);
    oso_dossier *d;
    check(oso_dossier_parse_buffer(&d, NULL, doc, (size_t)n, NULL), "parse");
    double best = 1e9;
    for (int run = 0; run < RUNS; run++) {
        oso_report *r;
        double t0 = now();
        check(oso_attachments_verify(&r, d, NULL), "verify");
        double t = now() - t0;
        if (oso_report_error_count(r) != 0) {
            fprintf(stderr, "unexpected findings\n");
            exit(2);
        }
        oso_report_free(r);
        best = t < best ? t : best;
    }
    printf("in memory:  %.1f MB Base64 (24 MiB PDF in a ZIP): %.0f MB/s (best of %d)\n",
           blen / 1e6, blen / 1e6 / best, RUNS);
    oso_dossier_free(d);
    free(doc);
    free(b64);
    free(xml);
}

int main(int argc, char **argv)
{
    size_t mb = 64;
    int keep = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--gb") == 0)
            mb = 1024;
        else if (strcmp(argv[i], "--mb") == 0 && i + 1 < argc)
            mb = (size_t)strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--keep") == 0)
            keep = 1;
        else {
            fprintf(stderr, "usage: bench_attachments [--mb N | --gb] [--keep]\n");
            return 2;
        }
    }
    bench_in_memory();

    const char *tmp = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/oso-bench-att-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemp(path);
    FILE *out = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (out == NULL) {
        fprintf(stderr, "cannot create %s: %s\n", path, strerror(errno));
        return 2;
    }
    double t0 = now();
    size_t documents, b64 = write_dossier(out, mb, &documents);
    long size = ftell(out);
    fclose(out);
    printf("generated:  %s, %.0f MB (%zu MB of attachments, %.0f MB Base64, in %zu documents) "
           "in %.1f s\n", path, size / 1e6, mb, b64 / 1e6, documents, now() - t0);

    /* Verify in a child, so that its peak RSS is the verification's alone. */
    t0 = now();
    pid_t pid = fork();
    if (pid == 0) {
        oso_report *r;
        oso_status st = oso_attachments_verify_file(&r, path, NULL, NULL);
        int bad = st != OSO_OK || oso_report_error_count(r) != 0;
        if (bad)
            fprintf(stderr, "verification: %s, %zu error(s)\n", oso_strerror(st),
                    oso_report_error_count(r));
        oso_report_free(r);
        _exit(bad);
    }
    int status;
    struct rusage ru;
    if (pid < 0 || wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0) {
        fprintf(stderr, "streaming verification failed\n");
        return 2;
    }
    double t = now() - t0;
    printf("streaming:  verified in %.2f s: %.0f MB/s of Base64, peak RSS %.1f MB\n", t,
           b64 / 1e6 / t, ru.ru_maxrss / 1024.0);
    if (!keep)
        unlink(path);
    return 0;
}
