/* Helpers shared by the Check suites: reading files and streams, generated dossiers, reports
 * as text. Header-only (each suite is one executable). */
#ifndef OSO_TESTUTIL_H
#define OSO_TESTUTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "oso/oso.h"

#include <string.h>

#define NS "http://www.edustandaard.nl/oso_gegevensset/2019/dossier"

/* A minimal valid dossier with `body` inside <leerling> (malloc'd). The body starts on line 7
 * and <leerling> is followed by nothing else, so tests can state positions in the body. */
static inline char *leerling_doc(const char *body)
{
    static const char head[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                      /* 1 */
        "<dossier xmlns=\"" NS "\">\n"                                                      /* 2 */
        "<metadata><deeldossier>LAS</deeldossier><pakketnaam>Proefpakket</pakketnaam>"
        "<pakketversie>0.9</pakketversie><datum>2021-11-30</datum>"
        "<standaardversie>2019.1</standaardversie><validatieversie>2019.1.1</validatieversie>"
        "</metadata>\n"                                                                     /* 3 */
        "<overdrachtsoort>overstapdossier</overdrachtsoort>\n"                              /* 4 */
        "<huidigeschool><naam>OBS Het Kompas</naam><brincode>07QX</brincode>"
        "<vestigingscode>00</vestigingscode><aanleverpunt>2</aanleverpunt>\n"               /* 5 */
        "<leerling>\n";                                                                     /* 6 */
    static const char tail[] = "</leerling>\n</huidigeschool>\n</dossier>\n";
    size_t n = strlen(head) + strlen(body) + strlen(tail) + 1;
    char *s = malloc(n);
    ck_assert_ptr_nonnull(s);
    snprintf(s, n, "%s%s%s", head, body, tail);
    return s;
}

/* Everything readable from a stream, NUL-terminated (*len excludes the NUL). */
static inline char *read_stream(FILE *f, size_t *len)
{
    size_t cap = 65536, n = 0, got;
    char *buf = malloc(cap);
    ck_assert_ptr_nonnull(buf);
    while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n + 1 == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            ck_assert_ptr_nonnull(buf);
        }
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

static inline char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    char *s = read_stream(f, len);
    fclose(f);
    return s;
}

#ifdef GEN_DOSSIER
/* A schema-valid dossier from tests/generator/gen-dossier (`extra`: more options, or NULL). */
static inline char *generated(unsigned seed, const char *extra, size_t *len)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "'%s' --seed %u %s", GEN_DOSSIER, seed, extra ? extra : "");
    FILE *p = popen(cmd, "r");
    ck_assert_msg(p != NULL, "cannot run %s", cmd);
    char *s = read_stream(p, len);
    ck_assert_int_eq(pclose(p), 0);
    ck_assert_uint_gt(*len, 100);
    return s;
}
#endif

/* A report as text, one diagnostic per line (rule, severity, position, path, messages). */
static inline char *report_text(const oso_report *r)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    ck_assert_ptr_nonnull(f);
    for (size_t i = 0; i < oso_report_count(r); i++) {
        const oso_diagnostic *g = oso_report_at(r, i);
        fprintf(f, "%s %s %lu:%lu %s | %s | %s\n", oso_diagnostic_rule(g),
                oso_severity_name(oso_diagnostic_severity(g)), oso_diagnostic_line(g),
                oso_diagnostic_column(g), oso_diagnostic_path(g),
                oso_diagnostic_message(g, OSO_LANG_EN), oso_diagnostic_message(g, OSO_LANG_NL));
    }
    fclose(f);
    return out;
}

#endif
