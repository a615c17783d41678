/* Eight threads validate dossiers at the same time, sharing one oso_codelists (loaded once,
 * immutable) and the process-wide embedded defaults; every thread must get exactly the report
 * a single-threaded run gives. Run under ThreadSanitizer in CI. */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "oso/oso.h"

enum { THREADS = 8, DOSSIERS = 6, ROUNDS = 5 };

static char *docs[DOSSIERS];
static size_t lens[DOSSIERS];
static char *expected[DOSSIERS][2]; /* [i][0]: default lists, [i][1]: shared loaded lists */
static oso_codelists *shared_lists;

static char *generate(int seed, const char *preset)
{
    char path[] = "/tmp/oso-threads-XXXXXX", cmd[1024];
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    snprintf(cmd, sizeof cmd, "%s --seed %d %s%s -o %s", OSO_GEN_DOSSIER, seed,
             preset ? "--profile " : "", preset ? preset : "", path);
    ck_assert_int_eq(system(cmd), 0);
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)len + 1);
    ck_assert_int_eq((long)fread(buf, 1, (size_t)len, f), len);
    buf[len] = '\0';
    fclose(f);
    unlink(path);
    return buf;
}

/* The report as text, to compare runs. */
static char *summary(const char *doc, size_t len, const oso_codelists *lists)
{
    oso_validate_options vo = OSO_VALIDATE_OPTIONS_INIT;
    vo.codelists = lists;
    oso_report *r;
    if (oso_validate_buffer(&r, doc, len, &vo, NULL) != OSO_OK)
        return NULL;
    size_t cap = 64, used = 0;
    char *out = malloc(cap);
    out[0] = '\0';
    for (size_t i = 0; i < oso_report_count(r); i++) {
        const oso_diagnostic *g = oso_report_at(r, i);
        char line[1600];
        int n = snprintf(line, sizeof line, "%s %s %lu:%lu %s\n", oso_diagnostic_rule(g),
                         oso_diagnostic_path(g), oso_diagnostic_line(g), oso_diagnostic_column(g),
                         oso_diagnostic_message(g, OSO_LANG_EN));
        while (used + (size_t)n + 1 > cap)
            out = realloc(out, cap *= 2);
        memcpy(out + used, line, (size_t)n + 1);
        used += (size_t)n;
    }
    oso_report_free(r);
    return out;
}

static void *worker(void *arg)
{
    intptr_t id = (intptr_t)arg;
    intptr_t mismatches = 0;
    for (int round = 0; round < ROUNDS; round++)
        for (int k = 0; k < DOSSIERS; k++) {
            int i = (int)((k + id) % DOSSIERS), which = (int)((id + round) % 2);
            char *got = summary(docs[i], lens[i], which ? shared_lists : NULL);
            mismatches += got == NULL || strcmp(got, expected[i][which]) != 0;
            free(got);
        }
    return (void *)mismatches;
}

START_TEST(eight_threads_one_codelists)
{
    static const char *const presets[] = {"OV-POVO", "PaO-POSWV", NULL};
    for (int i = 0; i < DOSSIERS; i++) {
        docs[i] = generate(40 + i, presets[i % 3]);
        lens[i] = strlen(docs[i]);
    }
    ck_assert_int_eq(oso_codelists_new(&shared_lists), OSO_OK);
    /* A newer list 14 that also accepts code 9: the shared set differs from the defaults. */
    static const char list14[] = "# list: 14\n# name: Geslacht\n# version: 2030-01-01\n"
                                 "0\tOnbekend\n1\tVrouw\n2\tMan\n9\tAnders\n";
    ck_assert_int_eq(oso_codelists_load_buffer(shared_lists, "14.tsv", list14, sizeof list14 - 1), OSO_OK);
    for (int i = 0; i < DOSSIERS; i++) {
        expected[i][0] = summary(docs[i], lens[i], NULL);
        expected[i][1] = summary(docs[i], lens[i], shared_lists);
        ck_assert_ptr_nonnull(expected[i][0]);
        ck_assert_ptr_nonnull(expected[i][1]);
    }
    pthread_t t[THREADS];
    for (intptr_t i = 0; i < THREADS; i++)
        ck_assert_int_eq(pthread_create(&t[i], NULL, worker, (void *)i), 0);
    intptr_t total = 0;
    for (int i = 0; i < THREADS; i++) {
        void *res;
        pthread_join(t[i], &res);
        total += (intptr_t)res;
    }
    ck_assert_int_eq(total, 0);
    for (int i = 0; i < DOSSIERS; i++) {
        free(docs[i]);
        free(expected[i][0]);
        free(expected[i][1]);
    }
    oso_codelists_free(shared_lists);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("threads");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, eight_threads_one_codelists);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
