/* bench_render: time to render a dossier as HTML next to the time to parse it.
 *
 *   bench_render [--reps N] FILE...
 *
 * For each file (read into memory first), the best of N repetitions of:
 *   parse          oso_dossier_parse_buffer (model + structural validation)
 *   render none    oso_dossier_to_html with attachments OSO_RENDER_ATTACHMENTS_NONE
 *   render list    ... with the default OSO_RENDER_ATTACHMENTS_LIST (every attachment
 *                  decoded, unpacked and typed)
 * in milliseconds, and each render time as a fraction of the parse time (doc/render.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "oso/oso.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static double time_render(const oso_dossier *d, oso_render_attachments mode, int reps, size_t *out_len)
{
    oso_render_options o = OSO_RENDER_OPTIONS_INIT;
    o.attachments = mode;
    double best = 1e30;
    for (int r = 0; r < reps; r++) {
        char *html;
        double t0 = now();
        if (oso_dossier_to_html(&html, out_len, d, &o) != OSO_OK) {
            fprintf(stderr, "render failed: %s\n", oso_error_last());
            exit(2);
        }
        double t = now() - t0;
        oso_free(html);
        best = t < best ? t : best;
    }
    return best;
}

int main(int argc, char **argv)
{
    int reps = 20, first = 1;
    if (argc > 2 && strcmp(argv[1], "--reps") == 0) {
        reps = atoi(argv[2]);
        first = 3;
    }
    if (first >= argc || reps < 1) {
        fprintf(stderr, "usage: bench_render [--reps N] FILE...\n");
        return 2;
    }
    printf("%-40s %9s %9s %12s %12s %10s %10s\n", "file", "KiB", "parse ms", "render none",
           "render list", "none/parse", "list/parse");
    for (int i = first; i < argc; i++) {
        size_t len;
        char *data = slurp(argv[i], &len);
        if (data == NULL) {
            fprintf(stderr, "cannot read %s\n", argv[i]);
            return 2;
        }
        double parse = 1e30;
        oso_dossier *d = NULL;
        for (int r = 0; r < reps; r++) {
            oso_dossier_free(d);
            double t0 = now();
            if (oso_dossier_parse_buffer(&d, NULL, data, len, NULL) != OSO_OK) {
                fprintf(stderr, "%s: %s\n", argv[i], oso_error_last());
                return 2;
            }
            double t = now() - t0;
            parse = t < parse ? t : parse;
        }
        size_t html_len;
        double none = time_render(d, OSO_RENDER_ATTACHMENTS_NONE, reps, &html_len);
        double list = time_render(d, OSO_RENDER_ATTACHMENTS_LIST, reps, &html_len);
        const char *name = strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i];
        printf("%-40.40s %9.1f %9.3f %12.3f %12.3f %10.2f %10.2f\n", name, len / 1024.0,
               parse * 1e3, none * 1e3, list * 1e3, none / parse, list / parse);
        oso_dossier_free(d);
        free(data);
    }
    return 0;
}
