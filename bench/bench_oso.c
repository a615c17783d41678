/* bench_oso: throughput of liboso next to a bare expat pass over the same bytes, in one run.
 *
 *   bench_oso [--reps N] FILE...
 *   bench_oso --pass expat|parse|validate FILE...
 *
 * All files are read into memory first; every measurement is the best of N repetitions over
 * all of them (MB/s of XML input). Columns:
 *   expat      namespace-aware expat pass with no-op handlers (the floor of any XML work)
 *   parse      oso_dossier_parse_buffer: model + structural (XSD) validation
 *   validate   oso_validate_buffer: structure + codelists + rules + categories (the default)
 *   xml        oso_dossier_to_xml of the parsed models
 *   json       oso_dossier_to_json of the parsed models
 * and the heap the models take (glibc mallinfo2) relative to the input size. With --pass, one
 * pass over each file is run once and nothing is printed: a whole process to profile (callgrind)
 * next to the same process doing the bare expat pass. */
#include <expat.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "oso/oso.h"

struct input {
    char *data;
    size_t len;
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void XMLCALL nop_start(void *ud, const XML_Char *n, const XML_Char **a) { (void)ud, (void)n, (void)a; }
static void XMLCALL nop_end(void *ud, const XML_Char *n) { (void)ud, (void)n; }
static void XMLCALL nop_text(void *ud, const XML_Char *s, int len) { (void)ud, (void)s, (void)len; }

static void XMLCALL nop_comment(void *ud, const XML_Char *s) { (void)ud, (void)s; }
static void XMLCALL nop_ns(void *ud, const XML_Char *p, const XML_Char *u) { (void)ud, (void)p, (void)u; }

static int expat_pass(const struct input *in)
{
    XML_Parser p = XML_ParserCreateNS(NULL, '\x01');
    XML_SetElementHandler(p, nop_start, nop_end);
    XML_SetCharacterDataHandler(p, nop_text);
    if (getenv("BENCH_EXPAT_LIKE_OSO")) { /* the handler set liboso installs */
        XML_SetReturnNSTriplet(p, XML_TRUE);
        XML_SetCommentHandler(p, nop_comment);
        XML_SetStartNamespaceDeclHandler(p, nop_ns);
    }
    int ok = XML_Parse(p, in->data, (int)in->len, XML_TRUE) == XML_STATUS_OK;
    XML_ParserFree(p);
    return ok;
}

static int oso_parse_pass(const struct input *in)
{
    oso_dossier *d;
    int ok = oso_dossier_parse_buffer(&d, NULL, in->data, in->len, NULL) == OSO_OK;
    oso_dossier_free(d);
    return ok;
}

static int oso_validate_pass(const struct input *in)
{
    oso_report *r;
    int ok = oso_validate_buffer(&r, in->data, in->len, NULL, NULL) == OSO_OK;
    oso_report_free(r);
    return ok;
}

typedef int (*pass_fn)(const struct input *);

static double best_rate(pass_fn fn, const struct input *in, size_t n, size_t total, int reps)
{
    double best = 0;
    for (int r = 0; r < reps; r++) {
        double t0 = now();
        for (size_t i = 0; i < n; i++)
            if (!fn(&in[i])) {
                fprintf(stderr, "bench_oso: a pass failed on input %zu\n", i);
                exit(2);
            }
        double rate = (double)total / (now() - t0) / 1e6;
        if (rate > best)
            best = rate;
    }
    return best;
}

static double best_write_rate(oso_dossier **d, size_t n, size_t total, int reps, int json)
{
    double best = 0;
    for (int r = 0; r < reps; r++) {
        double t0 = now();
        size_t out_total = 0;
        for (size_t i = 0; i < n; i++) {
            char *buf;
            size_t len;
            oso_status st = json ? oso_dossier_to_json(&buf, &len, d[i], NULL)
                                 : oso_dossier_to_xml(&buf, &len, d[i], NULL);
            if (st != OSO_OK)
                exit(2);
            out_total += len;
            oso_free(buf);
        }
        (void)total;
        double rate = (double)out_total / (now() - t0) / 1e6;
        if (rate > best)
            best = rate;
    }
    return best;
}

int main(int argc, char **argv)
{
    int reps = 5, first = 1;
    pass_fn only = NULL;
    if (argc > 2 && strcmp(argv[1], "--reps") == 0) {
        reps = atoi(argv[2]);
        first = 3;
    } else if (argc > 2 && strcmp(argv[1], "--pass") == 0) {
        const char *names[] = {"expat", "parse", "validate"};
        pass_fn fns[] = {expat_pass, oso_parse_pass, oso_validate_pass};
        for (size_t i = 0; i < 3; i++)
            if (strcmp(argv[2], names[i]) == 0)
                only = fns[i];
        if (only == NULL) {
            fputs("bench_oso: --pass expat|parse|validate\n", stderr);
            return 2;
        }
        first = 3;
    }
    size_t n = (size_t)(argc - first), total = 0;
    if (n == 0) {
        fputs("usage: bench_oso [--reps N | --pass expat|parse|validate] FILE...\n", stderr);
        return 2;
    }
    struct input *in = calloc(n, sizeof *in);
    for (size_t i = 0; i < n; i++) {
        FILE *f = fopen(argv[first + (int)i], "rb");
        if (f == NULL) {
            perror(argv[first + (int)i]);
            return 2;
        }
        fseek(f, 0, SEEK_END);
        in[i].len = (size_t)ftell(f);
        rewind(f);
        in[i].data = malloc(in[i].len);
        if (fread(in[i].data, 1, in[i].len, f) != in[i].len)
            return 2;
        fclose(f);
        total += in[i].len;
    }
    if (only != NULL) {
        int ok = 1;
        for (size_t i = 0; i < n; i++) {
            ok &= only(&in[i]);
            free(in[i].data);
        }
        free(in);
        return ok ? 0 : 1;
    }
    oso_report *warm;
    oso_validate_buffer(&warm, in[0].data, in[0].len, NULL, NULL); /* load the codelists once */
    oso_report_free(warm);

    double expat = best_rate(expat_pass, in, n, total, reps);
    double parse = best_rate(oso_parse_pass, in, n, total, reps);
    double validate = best_rate(oso_validate_pass, in, n, total, reps);

    oso_dossier **d = calloc(n, sizeof *d);
    struct mallinfo2 before = mallinfo2();
    for (size_t i = 0; i < n; i++)
        if (oso_dossier_parse_buffer(&d[i], NULL, in[i].data, in[i].len, NULL) != OSO_OK)
            return 2;
    struct mallinfo2 after = mallinfo2();
    double model_bytes = (double)(after.uordblks - before.uordblks);
    double xml = best_write_rate(d, n, total, reps, 0);
    double json = best_write_rate(d, n, total, reps, 1);

    printf("files %zu, %.1f MB of XML, best of %d\n", n, (double)total / 1e6, reps);
    printf("%-10s %10s %10s\n", "pass", "MB/s", "vs expat");
    printf("%-10s %10.1f %10.2f\n", "expat", expat, 1.0);
    printf("%-10s %10.1f %10.2f\n", "parse", parse, parse / expat);
    printf("%-10s %10.1f %10.2f\n", "validate", validate, validate / expat);
    printf("%-10s %10.1f %10s\n", "xml", xml, "(output)");
    printf("%-10s %10.1f %10s\n", "json", json, "(output)");
    printf("model memory: %.1f MB for %.1f MB of input = %.2fx\n", model_bytes / 1e6,
           (double)total / 1e6, model_bytes / (double)total);
    for (size_t i = 0; i < n; i++) {
        oso_dossier_free(d[i]);
        free(in[i].data);
    }
    free(d);
    free(in);
    return 0;
}
