/* Attachments: the public API (add -> XML -> parse -> extract is byte-identical; the built
 * dossier validates and passes xmllint --schema), every ATT.* rule triggered by an archive built
 * here, streaming verdicts equal to in-memory ones, the file-descriptor ZIP reader equal to the
 * memory one, the piecewise text rule equal to the whole one, entries beyond the in-memory
 * limit, the official examples (when present) and, with --slow, the streaming memory bound. */
#include "base/base64.h"
#include "attachments/filetype.h"
#include "base/error.h"
#include "attachments/zipmem.h"
#include "zippatch.h"

#include "oso/oso.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif

#ifndef OSO_STANDARD_DIR
#define OSO_STANDARD_DIR "."
#endif

#define OVERIG "/dossier/huidigeschool/leerling/overigdocumentlijst"

/* ---- data made here ------------------------------------------------------------------------- */

static uint64_t rng_state = 0x2545F4914F6CDD1Du;

static uint64_t rnd64(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static blob alloc_blob(size_t len)
{
    blob b = {malloc(len ? len : 1), len};
    ck_assert_ptr_nonnull(b.data);
    return b;
}

static void fill_random(unsigned char *p, size_t len)
{
    for (size_t i = 0; i < len; i++)
        p[i] = (unsigned char)(rnd64() >> 24);
}

/* A PDF: header, then `body` incompressible bytes, then the trailer. */
static blob make_pdf(size_t body)
{
    static const char head[] = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj << /Type /Catalog >> endobj\n";
    static const char tail[] = "\ntrailer << /Root 1 0 R >>\n%%EOF\n";
    blob b = alloc_blob(sizeof head - 1 + body + sizeof tail - 1);
    memcpy(b.data, head, sizeof head - 1);
    fill_random(b.data + sizeof head - 1, body);
    memcpy(b.data + sizeof head - 1 + body, tail, sizeof tail - 1);
    return b;
}

static blob make_text(void)
{
    static const char t[] = "Verslag van het gesprek met de ouders (Zoë en André).\r\n"
                            "Afspraken: ½ uur extra begeleiding per week – zie plan.\n";
    blob b = alloc_blob(sizeof t - 1);
    memcpy(b.data, t, sizeof t - 1);
    return b;
}

static void put_be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* A real 16x16 grey PNG: signature, IHDR, IDAT (zlib), IEND, with their CRCs. */
static blob make_png(void)
{
    unsigned char raw[16 * 17], idat[512];
    for (int y = 0; y < 16; y++) {
        raw[y * 17] = 0; /* filter type none */
        for (int x = 0; x < 16; x++)
            raw[y * 17 + 1 + x] = (unsigned char)(x * 16 + y);
    }
    uLongf idat_len = sizeof idat;
    ck_assert_int_eq(compress(idat, &idat_len, raw, sizeof raw), Z_OK);
    blob b = alloc_blob(8 + 25 + 12 + idat_len + 12);
    unsigned char *p = b.data;
    memcpy(p, "\x89PNG\r\n\x1A\n", 8);
    p += 8;
    const unsigned char ihdr[13] = {0, 0, 0, 16, 0, 0, 0, 16, 8, 0, 0, 0, 0};
    struct {
        const char *type;
        const unsigned char *data;
        size_t len;
    } chunks[] = {{"IHDR", ihdr, 13}, {"IDAT", idat, idat_len}, {"IEND", NULL, 0}};
    for (int i = 0; i < 3; i++) {
        put_be32(p, (uint32_t)chunks[i].len);
        memcpy(p + 4, chunks[i].type, 4);
        if (chunks[i].len)
            memcpy(p + 8, chunks[i].data, chunks[i].len);
        uLong crc = crc32(0, p + 4, (uInt)(4 + chunks[i].len));
        put_be32(p + 8 + chunks[i].len, (uint32_t)crc);
        p += 12 + chunks[i].len;
    }
    b.len = (size_t)(p - b.data);
    return b;
}

/* Something no policy allows: the start of an ELF executable. */
static blob make_elf(void)
{
    blob b = alloc_blob(256);
    memset(b.data, 0, b.len);
    memcpy(b.data, "\x7F" "ELF\x02\x01\x01", 7);
    return b;
}

static blob make_zip(size_t n, const char *const *names, const blob *data)
{
    oso_zip_writer *zw;
    ck_assert_int_eq(oso_zip_writer_new(&zw), OSO_OK);
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(oso_zip_writer_add(zw, names[i], data[i].data, data[i].len, 0), OSO_OK);
    blob b;
    ck_assert_int_eq(oso_zip_writer_finish(zw, &b.data, &b.len), OSO_OK);
    oso_zip_writer_free(zw);
    return b;
}

static blob zip1(const char *name, blob data)
{
    return make_zip(1, &name, &data);
}

/* Replace the name of entry `n` by one of the same length in both headers (the writer refuses
 * unsafe names, hostile archives have them). */
static void rename_entry(blob *b, int n, const char *name)
{
    size_t l = LOCAL(b, n), c = CENTRAL(b, n), len = strlen(name);
    ck_assert_uint_eq(b->data[l + 26] | b->data[l + 27] << 8, len);
    memcpy(b->data + l + 30, name, len);
    memcpy(b->data + c + 46, name, len);
}

static char *base64_of(const unsigned char *data, size_t len)
{
    size_t cap = oso_base64_encoded_size(len) + 1, n;
    char *s = malloc(cap);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(oso_base64_encode(data, len, s, cap, &n), OSO_OK);
    s[n] = '\0';
    return s;
}

/* ---- dossiers ------------------------------------------------------------------------------- */

static oso_dossier *sample(void)
{
    oso_dossier *d;
    ck_assert_int_eq(oso_dossier_parse_file(&d, NULL, OSO_SAMPLE_DOSSIER, NULL), OSO_OK);
    return d;
}

static oso_node *overig(oso_dossier *d)
{
    oso_node *n;
    ck_assert_int_eq(oso_dossier_find(&n, d, OVERIG), OSO_OK);
    return n;
}

/* A document block with raw (possibly hostile) content, bypassing the add policy. */
static oso_node *raw_document(oso_dossier *d, const char *bestandsnaam, const char *base64)
{
    oso_node *doc;
    ck_assert_int_eq(oso_node_add(&doc, overig(d), "document", NULL), OSO_OK);
    ck_assert_int_eq(oso_node_add(NULL, doc, "bestandsnaam", bestandsnaam), OSO_OK);
    ck_assert_int_eq(oso_node_add(NULL, doc, "bestandsinhoud", base64), OSO_OK);
    return doc;
}

static oso_node *zip_document(oso_dossier *d, const char *bestandsnaam, blob zip)
{
    char *b64 = base64_of(zip.data, zip.len);
    oso_node *doc = raw_document(d, bestandsnaam, b64);
    free(b64);
    free(zip.data);
    return doc;
}

/* Rule id of a diagnostic, "(w)" marking a warning and "(i)" information. */
static const char *rules_of_one(const oso_diagnostic *g)
{
    static char buf[64];
    oso_severity s = oso_diagnostic_severity(g);
    snprintf(buf, sizeof buf, "%s%s", oso_diagnostic_rule(g),
             s == OSO_SEVERITY_WARNING ? "(w)" : s == OSO_SEVERITY_INFO ? "(i)" : "");
    return buf;
}

/* Rule ids of a report, space separated, warnings marked "(w)" and information "(i)". */
static const char *rules_of(const oso_report *r)
{
    static char buf[4096];
    buf[0] = '\0';
    for (size_t i = 0; i < oso_report_count(r); i++)
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s ",
                 rules_of_one(oso_report_at(r, i)));
    return buf;
}

static const char *verify_rules(const oso_node *doc, const oso_attachment_options *o)
{
    oso_report *r;
    ck_assert_int_eq(oso_attachment_verify(&r, doc, o), OSO_OK);
    const char *s = rules_of(r);
    /* Every finding sits at the document element, with its path. */
    char *path;
    ck_assert_int_eq(oso_node_path(&path, doc), OSO_OK);
    for (size_t i = 0; i < oso_report_count(r); i++) {
        ck_assert_str_eq(oso_diagnostic_path(oso_report_at(r, i)), path);
        ck_assert_uint_gt(strlen(oso_diagnostic_message(oso_report_at(r, i), OSO_LANG_NL)), 10);
        ck_assert_uint_gt(strlen(oso_diagnostic_message(oso_report_at(r, i), OSO_LANG_EN)), 10);
    }
    oso_free(path);
    oso_report_free(r);
    return s;
}

static char *temp_path(const char *suffix)
{
    const char *dir = getenv("TMPDIR");
    char *p = malloc(4096);
    snprintf(p, 4096, "%s/oso-att-test-XXXXXX%s", dir && *dir ? dir : "/tmp", suffix);
    int fd = mkstemps(p, (int)strlen(suffix));
    ck_assert_int_ge(fd, 0);
    close(fd);
    return p;
}

static void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
}

/* ---- options, iteration --------------------------------------------------------------------- */

START_TEST(options_init)
{
    oso_attachment_options o, init = OSO_ATTACHMENT_OPTIONS_INIT;
    ck_assert_int_eq(oso_attachment_options_init(&o, OSO_ATTACHMENT_OPTIONS_VERSION), OSO_OK);
    ck_assert_uint_eq(o.version, init.version);
    ck_assert_uint_eq(o.max_entries, 1000);
    ck_assert_uint_eq(o.max_entry_size, 256u << 20);
    ck_assert_uint_eq(o.max_total_size, 1u << 30);
    ck_assert_uint_eq(o.max_ratio, 200);
    ck_assert_int_eq(oso_attachment_options_init(&o, 0), OSO_E_OPTIONS_VERSION);
    ck_assert_int_eq(oso_attachment_options_init(&o, 99), OSO_E_OPTIONS_VERSION);
    ck_assert_int_eq(oso_attachment_options_init(NULL, 1), OSO_E_INVALID_ARG);
    oso_dossier *d = sample();
    oso_report *r;
    o.version = 7;
    ck_assert_int_eq(oso_attachments_verify(&r, d, &o), OSO_E_OPTIONS_VERSION);
    ck_assert_ptr_null(r);
    oso_attachment *a;
    ck_assert_int_eq(oso_attachment_open(&a, oso_attachment_next(d, NULL), &o),
                     OSO_E_OPTIONS_VERSION);
    oso_validate_options vo = OSO_VALIDATE_OPTIONS_INIT;
    vo.attachments = &o;
    ck_assert_int_eq(oso_validate(&r, d, &vo), OSO_E_OPTIONS_VERSION);
    oso_dossier_free(d);
}
END_TEST

START_TEST(iteration_and_fields)
{
    oso_dossier *d = sample();
    ck_assert_uint_eq(oso_attachment_count(d), 2);
    oso_node *first = oso_attachment_next(d, NULL), *second = oso_attachment_next(d, first);
    ck_assert_ptr_null(oso_attachment_next(d, second));
    ck_assert_str_eq(oso_attachment_filename(first), "leerlingrapport.pdf");
    ck_assert_str_eq(oso_attachment_description(first), "Leerlingrapport doorstroomtoets");
    ck_assert_int_eq(oso_attachment_category(first), 11); /* cat_eindtoetsbo */
    ck_assert_str_eq(oso_attachment_filename(second), "verslag.txt");
    ck_assert_int_eq(oso_attachment_category(second), 16); /* cat_bijlagedocs */
    /* A document without omschrijving, and non-documents. */
    oso_node *doc = raw_document(d, "x.txt", "UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==");
    ck_assert_ptr_null(oso_attachment_description(doc));
    ck_assert_ptr_eq(oso_attachment_next(d, second), doc);
    ck_assert_uint_eq(oso_attachment_count(d), 3);
    ck_assert_ptr_null(oso_attachment_filename(overig(d)));
    ck_assert_int_eq(oso_attachment_category(NULL), 0);
    ck_assert_int_eq(oso_attachment_category(oso_dossier_root(d)), 0);
    ck_assert_ptr_null(oso_attachment_next(NULL, NULL));
    /* A node of another dossier is not a place to continue from. */
    oso_dossier *other = sample();
    ck_assert_ptr_null(oso_attachment_next(d, oso_attachment_next(other, NULL)));
    oso_dossier_free(other);
    oso_dossier_free(d);
}
END_TEST

/* ---- building, round trips ------------------------------------------------------------------ */

struct collect {
    unsigned char *data;
    size_t len;
};

static oso_status collect_sink(void *ctx, const unsigned char *data, size_t len)
{
    struct collect *c = ctx;
    c->data = realloc(c->data, c->len + len + 1);
    memcpy(c->data + c->len, data, len);
    c->len += len;
    return OSO_OK;
}

/* Every way of reading entry 0 gives `want`. */
static void check_entry(oso_attachment *a, const blob *want)
{
    unsigned char *data;
    size_t len;
    ck_assert_int_eq(oso_attachment_extract(&data, &len, a, 0), OSO_OK);
    ck_assert_uint_eq(len, want->len);
    ck_assert_mem_eq(data, want->data, len);
    oso_free(data);
    struct collect c = {0};
    ck_assert_int_eq(oso_attachment_extract_to(a, 0, collect_sink, &c), OSO_OK);
    ck_assert_uint_eq(c.len, want->len);
    ck_assert_mem_eq(c.data, want->data, c.len);
    free(c.data);
    FILE *f = tmpfile();
    ck_assert_int_eq(oso_attachment_extract_fd(a, 0, fileno(f)), OSO_OK);
    ck_assert_int_eq((int)lseek(fileno(f), 0, SEEK_END), (int)want->len);
    unsigned char *back = malloc(want->len + 1);
    ck_assert_int_eq((int)pread(fileno(f), back, want->len, 0), (int)want->len);
    ck_assert_mem_eq(back, want->data, want->len);
    free(back);
    fclose(f);
}

START_TEST(round_trip)
{
    blob pdf = make_pdf(30000), txt = make_text(), png = make_png();
    char *pdf_path = temp_path(".pdf");
    write_file(pdf_path, pdf.data, pdf.len);
    oso_dossier *d = sample();
    size_t before = oso_attachment_count(d);
    oso_node *a1, *a2, *a3;
    ck_assert_int_eq(oso_attachment_add_file(&a1, overig(d), pdf_path, "rapport.pdf",
                                             "Rapport onderzoek"), OSO_OK);
    ck_assert_int_eq(oso_attachment_add(&a2, overig(d), "gesprek.txt", NULL, txt.data, txt.len),
                     OSO_OK);
    ck_assert_int_eq(oso_attachment_add(&a3, overig(d), "grafiek.png", "Grafiek", png.data,
                                        png.len), OSO_OK);
    ck_assert_uint_eq(oso_attachment_count(d), before + 3);
    ck_assert_str_eq(oso_attachment_filename(a1), "rapport.pdf");
    ck_assert_ptr_null(oso_attachment_description(a2));
    ck_assert_int_eq(oso_attachment_category(a3), 16);

    /* The content is 76-character lines separated by CRLF. */
    oso_node *content = oso_node_child(a1, "bestandsinhoud");
    const char *text = oso_node_text(content);
    const char *crlf = strstr(text, "\r\n");
    ck_assert_ptr_nonnull(crlf);
    ck_assert_int_eq((int)(crlf - text), 76);

    /* Valid, also with every attachment check strict. */
    oso_validate_options vo = OSO_VALIDATE_OPTIONS_INIT;
    vo.rules |= OSO_RULES_ATTACHMENTS;
    vo.strict = 1;
    oso_report *r;
    ck_assert_int_eq(oso_validate(&r, d, &vo), OSO_OK);
    for (size_t i = 0; i < oso_report_count(r); i++)
        ck_assert_msg(oso_diagnostic_severity(oso_report_at(r, i)) == OSO_SEVERITY_INFO,
                      "%s: %s", oso_diagnostic_rule(oso_report_at(r, i)),
                      oso_diagnostic_message(oso_report_at(r, i), OSO_LANG_EN));
    oso_report_free(r);

    /* XML -> parse -> extract. */
    char *xml;
    size_t xml_len;
    ck_assert_int_eq(oso_dossier_to_xml(&xml, &xml_len, d, NULL), OSO_OK);
    oso_dossier *back;
    ck_assert_int_eq(oso_dossier_parse_buffer(&back, NULL, xml, xml_len, NULL), OSO_OK);
    const blob *want[] = {&pdf, &txt, &png};
    const char *names[] = {"rapport.pdf", "gesprek.txt", "grafiek.png"};
    size_t found = 0;
    for (oso_node *doc = oso_attachment_next(back, NULL); doc; doc = oso_attachment_next(back, doc))
        for (int k = 0; k < 3; k++) {
            if (strcmp(oso_attachment_filename(doc), names[k]) != 0)
                continue;
            found++;
            oso_attachment *a;
            ck_assert_int_eq(oso_attachment_open(&a, doc, NULL), OSO_OK);
            ck_assert_uint_eq(oso_attachment_entry_count(a), 1);
            ck_assert_str_eq(oso_attachment_entry_name(a, 0), names[k]);
            ck_assert_uint_eq(oso_attachment_entry_size(a, 0), want[k]->len);
            ck_assert_uint_gt(oso_attachment_entry_compressed_size(a, 0), 0);
            ck_assert_int_eq(oso_attachment_entry_is_dir(a, 0), 0);
            ck_assert_int_eq(oso_attachment_entry_name_safe(a, 0), 1);
            size_t index = 9;
            ck_assert_int_eq(oso_attachment_find(a, names[k], &index), OSO_OK);
            ck_assert_uint_eq(index, 0);
            ck_assert_int_eq(oso_attachment_find(a, "nope", &index), OSO_E_NOT_FOUND);
            check_entry(a, want[k]);
            oso_attachment_free(a);

            /* The three ways of decoding the ZIP agree, and open as a buffer and a file. */
            unsigned char *zip;
            size_t zlen;
            ck_assert_int_eq(oso_attachment_decode(&zip, &zlen, doc), OSO_OK);
            struct collect c = {0};
            ck_assert_int_eq(oso_attachment_decode_to(doc, collect_sink, &c), OSO_OK);
            ck_assert_uint_eq(c.len, zlen);
            ck_assert_mem_eq(c.data, zip, zlen);
            free(c.data);
            FILE *f = tmpfile();
            ck_assert_int_eq(oso_attachment_decode_fd(doc, fileno(f)), OSO_OK);
            ck_assert_int_eq(oso_attachment_open_fd(&a, fileno(f), NULL), OSO_OK);
            check_entry(a, want[k]);
            oso_attachment_free(a);
            fclose(f);
            ck_assert_int_eq(oso_attachment_open_buffer(&a, zip, zlen, NULL), OSO_OK);
            check_entry(a, want[k]);
            oso_attachment_free(a);
            oso_free(zip);
        }
    ck_assert_uint_eq(found, 3);
    oso_dossier_free(back);

    /* The official schema accepts it. */
    char xsd[1024];
    snprintf(xsd, sizeof xsd, "%s/OSO_gegevensset_2019.1.xsd", OSO_STANDARD_DIR);
    if (access(xsd, R_OK) == 0 && system("xmllint --version >/dev/null 2>&1") == 0) {
        char *xml_path = temp_path(".xml");
        write_file(xml_path, xml, xml_len);
        char cmd[3000];
        snprintf(cmd, sizeof cmd, "xmllint --noout --schema '%s' '%s' 2>/dev/null", xsd,
                 xml_path);
        ck_assert_int_eq(system(cmd), 0);
        unlink(xml_path);
        free(xml_path);
    }
    oso_free(xml);
    oso_dossier_free(d);
    unlink(pdf_path);
    free(pdf_path);
    free(pdf.data);
    free(txt.data);
    free(png.data);
}
END_TEST

START_TEST(set_replaces_content)
{
    oso_dossier *d = sample();
    oso_node *doc = oso_attachment_next(d, oso_attachment_next(d, NULL)); /* verslag.txt */
    blob pdf = make_pdf(100);
    /* Borrowed strings of the very document are fine as arguments. */
    ck_assert_int_eq(oso_attachment_set(doc, "verslag.pdf", oso_attachment_description(doc),
                                        pdf.data, pdf.len), OSO_OK);
    ck_assert_str_eq(oso_attachment_filename(doc), "verslag.pdf");
    ck_assert_str_eq(oso_attachment_description(doc), "Verslag intakegesprek");
    ck_assert_int_eq(oso_attachment_set(doc, oso_attachment_filename(doc), NULL, pdf.data,
                                        pdf.len), OSO_OK);
    ck_assert_ptr_null(oso_attachment_description(doc));
    ck_assert_uint_eq(oso_node_child_count(doc), 2);
    oso_attachment *a;
    ck_assert_int_eq(oso_attachment_open(&a, doc, NULL), OSO_OK);
    ck_assert_str_eq(oso_attachment_entry_name(a, 0), "verslag.pdf");
    check_entry(a, &pdf);
    oso_attachment_free(a);
    /* An empty document block gets all three children, in schema order. */
    oso_node *empty;
    ck_assert_int_eq(oso_node_add(&empty, overig(d), "document", NULL), OSO_OK);
    ck_assert_int_eq(oso_attachment_set(empty, "a.pdf", "A", pdf.data, pdf.len), OSO_OK);
    ck_assert_str_eq(oso_node_name(oso_node_child_at(empty, 0)), "bestandsnaam");
    ck_assert_str_eq(oso_node_name(oso_node_child_at(empty, 1)), "omschrijving");
    ck_assert_str_eq(oso_node_name(oso_node_child_at(empty, 2)), "bestandsinhoud");
    oso_report *r;
    ck_assert_int_eq(oso_validate(&r, d, NULL), OSO_OK);
    ck_assert_int_eq(oso_report_valid(r), 1);
    oso_report_free(r);
    /* The file variant takes the file's name. */
    char *path = temp_path(".pdf");
    write_file(path, pdf.data, pdf.len);
    ck_assert_int_eq(oso_attachment_set_file(empty, path, NULL, NULL), OSO_OK);
    ck_assert_str_eq(oso_attachment_filename(empty), strrchr(path, '/') + 1);
    ck_assert_int_eq(oso_attachment_set_file(empty, "/nonexistent/x.pdf", NULL, NULL), OSO_E_IO);
    unlink(path);
    free(path);
    free(pdf.data);
    oso_dossier_free(d);
}
END_TEST

START_TEST(add_refusals_leave_dossier_unchanged)
{
    oso_dossier *d = sample();
    char *before;
    ck_assert_int_eq(oso_dossier_to_xml(&before, NULL, d, NULL), OSO_OK);
    blob pdf = make_pdf(100), elf = make_elf(), txt = make_text();
    oso_node *doc = (oso_node *)1;
    static const char *const bad_names[] = {"a/b.pdf", "../x.pdf", "/x.pdf", "C:x.pdf",
                                            "a\\b.pdf", "", "x.exe", "noextension", "x\n.pdf"};
    for (size_t i = 0; i < sizeof bad_names / sizeof bad_names[0]; i++) {
        ck_assert_int_eq(oso_attachment_add(&doc, overig(d), bad_names[i], NULL, pdf.data,
                                            pdf.len), OSO_E_POLICY);
        ck_assert_ptr_null(doc);
    }
    /* Disguised and empty content. */
    ck_assert_int_eq(oso_attachment_add(&doc, overig(d), "x.pdf", NULL, elf.data, elf.len),
                     OSO_E_POLICY);
    ck_assert_int_eq(oso_attachment_add(&doc, overig(d), "x.pdf", NULL, pdf.data, 0),
                     OSO_E_POLICY);
    /* Both allowed, but the name does not say what the content is (text as x.pdf, a PDF as
     * x.txt): a received dossier gets a warning for this, an exporter is refused. */
    ck_assert_int_eq(oso_attachment_add(&doc, overig(d), "x.pdf", NULL, txt.data, txt.len),
                     OSO_E_POLICY);
    ck_assert_int_eq(oso_attachment_add(&doc, overig(d), "x.txt", NULL, pdf.data, pdf.len),
                     OSO_E_POLICY);
    /* Not valid text, a parent without documents, NULLs. */
    ck_assert_int_eq(oso_attachment_add(&doc, overig(d), "x.txt", "\xFF", txt.data, txt.len),
                     OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_attachment_add(&doc, oso_dossier_root(d), "x.pdf", NULL, pdf.data,
                                        pdf.len), OSO_E_SCHEMA);
    ck_assert_int_eq(oso_attachment_add(&doc, NULL, "x.pdf", NULL, pdf.data, pdf.len),
                     OSO_E_SCHEMA);
    ck_assert_int_eq(oso_attachment_add(&doc, overig(d), NULL, NULL, pdf.data, pdf.len),
                     OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_attachment_add_file(&doc, overig(d), "/nonexistent/x.pdf", NULL, NULL),
                     OSO_E_IO);
    ck_assert_int_eq(oso_attachment_set(overig(d), "x.pdf", NULL, pdf.data, pdf.len),
                     OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_attachment_set(oso_attachment_next(d, NULL), "x.exe", NULL, pdf.data,
                                        pdf.len), OSO_E_POLICY);
    char *after;
    ck_assert_int_eq(oso_dossier_to_xml(&after, NULL, d, NULL), OSO_OK);
    ck_assert_str_eq(after, before);
    oso_free(before);
    oso_free(after);
    free(pdf.data);
    free(elf.data);
    free(txt.data);
    oso_dossier_free(d);
}
END_TEST

/* ---- every ATT rule ------------------------------------------------------------------------- */

START_TEST(content_level_rules)
{
    oso_dossier *d = sample();
    blob pdf = make_pdf(2000);
    /* Invalid Base64, nothing at all, a document without its ZIP wrapper. */
    ck_assert_str_eq(verify_rules(raw_document(d, "a.pdf", "UEsDB@@@"), NULL), "ATT.BASE64 ");
    ck_assert_str_eq(verify_rules(raw_document(d, "a.pdf", " \r\n\t "), NULL), "ATT.EMPTY ");
    char *b64 = base64_of(pdf.data, pdf.len);
    oso_node *doc = raw_document(d, "a.pdf", b64);
    free(b64);
    oso_report *r;
    ck_assert_int_eq(oso_attachment_verify(&r, doc, NULL), OSO_OK);
    ck_assert_str_eq(rules_of(r), "ATT.ZIP_NOT_ZIP ");
    ck_assert_ptr_nonnull(strstr(oso_diagnostic_message(oso_report_at(r, 0), OSO_LANG_EN), "PDF"));
    ck_assert_ptr_nonnull(strstr(oso_diagnostic_message(oso_report_at(r, 0), OSO_LANG_NL), "PDF"));
    oso_report_free(r);
    ck_assert_str_eq(verify_rules(raw_document(d, "a.pdf", "SGVsbG8="), NULL), "ATT.ZIP_NOT_ZIP ");
    /* A ZIP cut short, the sound original. */
    blob z = zip1("a.pdf", pdf);
    ck_assert_str_eq(verify_rules(zip_document(d, "a.pdf", (blob){z.data, z.len / 2}), NULL),
                     "ATT.ZIP_TRUNCATED ");
    ck_assert_str_eq(verify_rules(zip_document(d, "a.pdf", zip1("a.pdf", pdf)), NULL), "");
    /* No bestandsinhoud: the structure check's business. */
    oso_node *bare;
    ck_assert_int_eq(oso_node_add(&bare, overig(d), "document", NULL), OSO_OK);
    ck_assert_str_eq(verify_rules(bare, NULL), "");
    ck_assert_int_eq(oso_attachment_verify(&r, overig(d), NULL), OSO_E_INVALID_ARG);
    free(pdf.data);
    oso_dossier_free(d);
}
END_TEST

static blob two_pdfs(const blob *pdf)
{
    const char *names[] = {"a.pdf", "b.pdf"};
    blob data[] = {*pdf, *pdf};
    return make_zip(2, names, data);
}

START_TEST(archive_level_rules)
{
    oso_dossier *d = sample();
    blob pdf = make_pdf(3000);

    blob b = two_pdfs(&pdf);
    put16(b.data + EOCD(&b) + 4, 1); /* number of this disk */
    ck_assert_str_eq(verify_rules(zip_document(d, "a.pdf", b), NULL), "ATT.ZIP_MULTIDISK ");

    b = two_pdfs(&pdf);
    patch16(&b, 1, 6, 8, 0x0001); /* encrypted */
    ck_assert_str_eq(verify_rules(zip_document(d, "a.pdf", b), NULL), "ATT.ZIP_ENCRYPTED ");

    b = two_pdfs(&pdf);
    patch16(&b, 0, 8, 10, 12); /* bzip2 */
    ck_assert_str_eq(verify_rules(zip_document(d, "a.pdf", b), NULL), "ATT.ZIP_METHOD ");

    b = two_pdfs(&pdf);
    patch32(&b, 1, 14, 16, 0x12345678);
    ck_assert_str_eq(verify_rules(zip_document(d, "a.pdf", b), NULL), "ATT.ZIP_CRC ");

    b = two_pdfs(&pdf);
    b.data[LOCAL(&b, 0) + 30 + 5] = 0xFF; /* deflate block type 3 (reserved) */
    ck_assert_str_eq(verify_rules(zip_document(d, "a.pdf", b), NULL), "ATT.ZIP_CORRUPT ");

    b = two_pdfs(&pdf);
    put32(b.data + CENTRAL(&b, 1) + 42, 0); /* second entry points at the first's data */
    ck_assert_str_eq(verify_rules(zip_document(d, "a.pdf", b), NULL), "ATT.ZIP_OVERLAP ");

    /* Limits. */
    oso_attachment_options o = OSO_ATTACHMENT_OPTIONS_INIT;
    o.max_entries = 1;
    ck_assert_str_eq(verify_rules(zip_document(d, "a.pdf", two_pdfs(&pdf)), &o),
                     "ATT.ZIP_ENTRIES ");
    o = (oso_attachment_options)OSO_ATTACHMENT_OPTIONS_INIT;
    o.max_entry_size = 1000;
    ck_assert_str_eq(verify_rules(zip_document(d, "a.pdf", two_pdfs(&pdf)), &o),
                     "ATT.ZIP_SIZE ATT.ZIP_SIZE ");
    o = (oso_attachment_options)OSO_ATTACHMENT_OPTIONS_INIT;
    o.max_total_size = pdf.len + 10; /* the second entry takes it over: reported once */
    ck_assert_str_eq(verify_rules(zip_document(d, "a.pdf", two_pdfs(&pdf)), &o),
                     "ATT.ZIP_TOTAL ");
    /* 0 disables a limit. */
    o = (oso_attachment_options)OSO_ATTACHMENT_OPTIONS_INIT;
    o.max_entries = 0;
    o.max_entry_size = 0;
    o.max_total_size = 0;
    o.max_ratio = 0;
    ck_assert_str_eq(verify_rules(zip_document(d, "a.pdf", two_pdfs(&pdf)), &o),
                     "");
    free(pdf.data);
    oso_dossier_free(d);
}
END_TEST

START_TEST(zip_bomb)
{
    /* 16 MB of zeros deflate to about 16 KB: 1000:1, far above the default 200. */
    oso_dossier *d = sample();
    blob zeros = alloc_blob(16u << 20);
    memset(zeros.data, ' ', zeros.len);
    blob z = zip1("bom.txt", zeros);
    ck_assert_uint_lt(z.len, 64 * 1024);
    oso_node *doc = zip_document(d, "bom.txt", z);
    ck_assert_str_eq(verify_rules(doc, NULL), "ATT.ZIP_BOMB ");
    /* The same under a higher ratio limit passes, under a size limit it does not. */
    oso_attachment_options o = OSO_ATTACHMENT_OPTIONS_INIT;
    o.max_ratio = 5000;
    ck_assert_str_eq(verify_rules(doc, &o), "");
    o.max_entry_size = 1 << 20;
    ck_assert_str_eq(verify_rules(doc, &o), "ATT.ZIP_SIZE ");
    /* Extraction refuses it too, without allocating what it declares. */
    oso_attachment *a;
    ck_assert_int_eq(oso_attachment_open(&a, doc, NULL), OSO_OK);
    unsigned char *data = (unsigned char *)1;
    size_t len = 1;
    ck_assert_int_eq(oso_attachment_extract(&data, &len, a, 0), OSO_E_LIMIT);
    ck_assert_ptr_null(data);
    oso_attachment_free(a);
    free(zeros.data);
    oso_dossier_free(d);
}
END_TEST

START_TEST(unsafe_entry_names)
{
    oso_dossier *d = sample();
    blob txt = make_text();
    static const struct {
        const char *written, *hostile;
    } cases[] = {
        {"xx/evil.txt", "../evil.txt"}, {"aetc.txt", "/etc.txt"}, {"Cxevil.txt", "C:evil.txt"},
        {"a_b.txt", "a\\b.txt"},         {"ab.txt", "a\x01.txt"},  {"a/xx/b.txt", "a/../b.txt"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        blob z = zip1(cases[i].written, txt);
        rename_entry(&z, 0, cases[i].hostile);
        oso_node *doc = zip_document(d, "evil.txt", z);
        const char *got = verify_rules(doc, NULL);
        ck_assert_msg(strncmp(got, "ATT.ZIP_SLIP ", 13) == 0, "%s: %s", cases[i].hostile, got);
        oso_attachment *a;
        ck_assert_int_eq(oso_attachment_open(&a, doc, NULL), OSO_OK);
        ck_assert_int_eq(oso_attachment_entry_name_safe(a, 0), 0);
        ck_assert_str_eq(oso_attachment_entry_name(a, 0), cases[i].hostile);
        oso_attachment_free(a);
    }
    free(txt.data);
    oso_dossier_free(d);
}
END_TEST

/* An entry made on Unix (or macOS) with the symbolic-link file type passed every check, while
 * `unzip` creates the link (verslag.txt -> ../../../../etc/passwd). */
START_TEST(symlink_entries)
{
    oso_dossier *d = sample();
    static const char target[] = "../../../../etc/passwd";
    blob link = {(unsigned char *)target, sizeof target - 1};
    static const struct {
        unsigned made_by;
        uint32_t mode;
        const char *rules;
    } cases[] = {
        {0x031E, 0120777, "ATT.ZIP_SYMLINK ATT.TYPE_MISMATCH(w) "}, /* Unix: a link */
        {0x1314, 0120755, "ATT.ZIP_SYMLINK ATT.TYPE_MISMATCH(w) "}, /* macOS: a link */
        {0x031E, 0100644, "ATT.TYPE_MISMATCH(w) "},                 /* Unix: a regular file */
        {0x0014, 0120777, "ATT.TYPE_MISMATCH(w) "},                 /* MS-DOS: no Unix mode */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        blob z = zip1("verslag.pdf", link);
        size_t c = CENTRAL(&z, 0);
        put16(z.data + c + 4, cases[i].made_by);
        put32(z.data + c + 38, cases[i].mode << 16);
        ck_assert_str_eq(verify_rules(zip_document(d, "verslag.pdf", z), NULL), cases[i].rules);
    }
    oso_dossier_free(d);
}
END_TEST

/* Two entries of the same name (different content) passed; which one a receiver's tool keeps
 * is undefined, so it is an error, once per repetition. Folders may repeat. */
START_TEST(duplicate_entry_names)
{
    oso_dossier *d = sample();
    blob a = make_text(), b = make_pdf(100);
    const char *names[] = {"verslag.txt", "bijlage/", "verslag.txt", "bijlage/", "verslag.txt"};
    blob data[] = {a, {NULL, 0}, a, {NULL, 0}, a};
    blob z = make_zip(5, names, data);
    ck_assert_str_eq(verify_rules(zip_document(d, "verslag.txt", z), NULL),
                     "ATT.ZIP_DUPLICATE ATT.ZIP_DUPLICATE ");
    /* different content, and names that differ only in length or case: */
    const char *names2[] = {"verslag.txt", "Verslag.txt", "verslag.txt"};
    blob data2[] = {a, a, b};
    z = make_zip(3, names2, data2);
    ck_assert_str_eq(verify_rules(zip_document(d, "verslag.txt", z), NULL),
                     "ATT.ZIP_DUPLICATE ATT.TYPE_MISMATCH(w) ");
    const char *names3[] = {"verslag.txt", "verslag.txt2", "verslag.tx"};
    z = make_zip(3, names3, data);
    const char *got = verify_rules(zip_document(d, "verslag.txt", z), NULL);
    ck_assert_msg(strstr(got, "ATT.ZIP_DUPLICATE") == NULL, "%s", got);
    free(a.data);
    free(b.data);
    oso_dossier_free(d);
}
END_TEST

START_TEST(type_rules)
{
    oso_dossier *d = sample();
    blob pdf = make_pdf(500), txt = make_text(), elf = make_elf(), png = make_png();
    /* Wrong type, also disguised by the extension. */
    ck_assert_str_eq(verify_rules(zip_document(d, "virus.exe", zip1("virus.exe", elf)), NULL),
                     "ATT.TYPE ATT.TYPE ");
    ck_assert_str_eq(verify_rules(zip_document(d, "rapport.pdf", zip1("rapport.pdf", elf)), NULL),
                     "ATT.TYPE ");
    ck_assert_str_eq(verify_rules(zip_document(d, "rapport.pdf", zip1("rapport.exe", pdf)), NULL),
                     "ATT.TYPE ATT.NAME_MISMATCH(w) ");
    ck_assert_str_eq(verify_rules(zip_document(d, "rapport.exe", zip1("rapport.exe", pdf)), NULL),
                     "ATT.TYPE ATT.TYPE ");
    /* Allowed types that disagree: warnings (beschikking.pdf holding text). */
    ck_assert_str_eq(verify_rules(zip_document(d, "beschikking.pdf", zip1("beschikking.pdf", txt)),
                                  NULL),
                     "ATT.TYPE_MISMATCH(w) ");
    ck_assert_str_eq(verify_rules(zip_document(d, "beschikking.pdf", zip1("beschikking.txt", txt)),
                                  NULL),
                     "ATT.TYPE_MISMATCH(w) ATT.NAME_MISMATCH(w) ");
    ck_assert_str_eq(verify_rules(zip_document(d, "foto.jpg", zip1("foto.jpg", png)), NULL),
                     "ATT.TYPE_MISMATCH(w) ");
    ck_assert_str_eq(verify_rules(zip_document(d, "scan.pdf", zip1("other.pdf", pdf)), NULL),
                     "ATT.NAME_MISMATCH(w) ");
    /* Entry in a folder, named like bestandsnaam: fine. */
    ck_assert_str_eq(verify_rules(zip_document(d, "scan.pdf", zip1("map/scan.pdf", pdf)), NULL),
                     "");
    /* Empty entry, archive without documents. */
    ck_assert_str_eq(verify_rules(zip_document(d, "leeg.txt", zip1("leeg.txt", (blob){txt.data, 0})),
                                  NULL),
                     "ATT.EMPTY ");
    ck_assert_str_eq(verify_rules(zip_document(d, "map", zip1("map/", (blob){txt.data, 0})), NULL),
                     "ATT.TYPE ATT.EMPTY ");
    ck_assert_str_eq(verify_rules(raw_document(d, "a.pdf", "UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA=="), NULL),
                     "ATT.EMPTY ");
    free(pdf.data);
    free(txt.data);
    free(elf.data);
    free(png.data);
    oso_dossier_free(d);
}
END_TEST

/* The rule group of oso_validate reports the same as oso_attachments_verify, at the document's
 * path, line and column; strict turns the warnings into errors. */
START_TEST(validate_rule_group)
{
    blob pdf = make_pdf(500), txt = make_text();
    oso_dossier *built = sample();
    zip_document(built, "beschikking.pdf", zip1("beschikking.pdf", txt));
    zip_document(built, "x.pdf", (blob){(unsigned char *)strdup("PK\x03\x04zz"), 6});
    raw_document(built, "y.pdf", "!!!!");
    char *xml;
    size_t len;
    ck_assert_int_eq(oso_dossier_to_xml(&xml, &len, built, NULL), OSO_OK);
    oso_dossier_free(built);
    oso_dossier *d;
    ck_assert_int_eq(oso_dossier_parse_buffer(&d, NULL, xml, len, NULL), OSO_OK);
    oso_free(xml);

    oso_validate_options vo = OSO_VALIDATE_OPTIONS_INIT;
    vo.rules = OSO_RULES_ATTACHMENTS;
    oso_report *v, *a;
    ck_assert_int_eq(oso_validate(&v, d, &vo), OSO_OK);
    ck_assert_int_eq(oso_attachments_verify(&a, d, NULL), OSO_OK);
    ck_assert_str_eq(rules_of(a), "ATT.TYPE_MISMATCH(w) ATT.ZIP_TRUNCATED ATT.BASE64 ");
    ck_assert_uint_eq(oso_report_count(v), oso_report_count(a));
    for (size_t i = 0; i < oso_report_count(a); i++) {
        const oso_diagnostic *x = oso_report_at(v, i), *y = oso_report_at(a, i);
        ck_assert_str_eq(oso_diagnostic_rule(x), oso_diagnostic_rule(y));
        ck_assert_str_eq(oso_diagnostic_path(x), oso_diagnostic_path(y));
        ck_assert_str_eq(oso_diagnostic_message(x, OSO_LANG_NL), oso_diagnostic_message(y, OSO_LANG_NL));
        ck_assert_uint_gt(oso_diagnostic_line(x), 0);
        oso_node *doc;
        ck_assert_int_eq(oso_dossier_find(&doc, d, oso_diagnostic_path(x)), OSO_OK);
        ck_assert_str_eq(oso_node_name(doc), "document");
        ck_assert_uint_eq(oso_diagnostic_line(x), oso_node_line(doc));
        ck_assert_uint_eq(oso_diagnostic_column(x), oso_node_column(doc));
    }
    ck_assert_int_eq(oso_report_valid(v), 0);
    oso_report_free(v);
    vo.strict = 1;
    ck_assert_int_eq(oso_validate(&v, d, &vo), OSO_OK);
    ck_assert_str_eq(rules_of(v), "ATT.TYPE_MISMATCH ATT.ZIP_TRUNCATED ATT.BASE64 ");
    oso_report_free(v);
    oso_report_free(a);
    /* Without the group nothing is decoded. */
    vo = (oso_validate_options)OSO_VALIDATE_OPTIONS_INIT;
    vo.rules = OSO_RULES_CODELISTS;
    ck_assert_int_eq(oso_validate(&v, d, &vo), OSO_OK);
    ck_assert_ptr_null(strstr(rules_of(v), "ATT."));
    oso_report_free(v);
    oso_dossier_free(d);
    free(pdf.data);
    free(txt.data);
}
END_TEST

/* ---- streaming ------------------------------------------------------------------------------ */

/* A dossier holding one document per kind of problem (and sound ones), as XML in a file. */
static char *hostile_dossier_file(void)
{
    oso_dossier *d = sample();
    blob pdf = make_pdf(4000), txt = make_text(), elf = make_elf();
    zip_document(d, "ok.pdf", zip1("ok.pdf", pdf));
    raw_document(d, "a.pdf", "UEsDB@@@");
    raw_document(d, "a.pdf", "   ");
    char *b64 = base64_of(pdf.data, pdf.len);
    raw_document(d, "naked.pdf", b64);
    free(b64);
    blob z = zip1("cut.pdf", pdf);
    zip_document(d, "cut.pdf", (blob){z.data, z.len - 30});
    blob b = two_pdfs(&pdf);
    patch16(&b, 1, 6, 8, 0x0001);
    zip_document(d, "a.pdf", b);
    b = two_pdfs(&pdf);
    patch32(&b, 1, 14, 16, 0x12345678);
    zip_document(d, "a.pdf", b);
    b = zip1("xx/evil.txt", txt);
    rename_entry(&b, 0, "../evil.txt");
    zip_document(d, "evil.txt", b);
    zip_document(d, "virus.pdf", zip1("virus.pdf", elf));
    zip_document(d, "beschikking.pdf", zip1("beschikking.txt", txt));
    char *xml;
    size_t len;
    ck_assert_int_eq(oso_dossier_to_xml(&xml, &len, d, NULL), OSO_OK);
    char *path = temp_path(".xml");
    write_file(path, xml, len);
    oso_free(xml);
    oso_dossier_free(d);
    free(pdf.data);
    free(txt.data);
    free(elf.data);
    return path;
}

struct visits {
    size_t documents, unreadable, entries;
    const oso_node *last;
};

static oso_status count_visit(void *ctx, const oso_node *document, oso_attachment *a)
{
    struct visits *v = ctx;
    v->documents++;
    v->last = document;
    ck_assert_ptr_nonnull(oso_attachment_filename(document));
    if (a == NULL) {
        v->unreadable++;
        ck_assert_uint_gt(strlen(oso_error_last()), 0);
    } else {
        v->entries += oso_attachment_entry_count(a);
    }
    return OSO_OK;
}

static oso_status refuse_visit(void *ctx, const oso_node *document, oso_attachment *a)
{
    (void)ctx, (void)document, (void)a;
    return oso_fail(OSO_E_POLICY, "no thanks");
}

START_TEST(streaming_equals_in_memory)
{
    char *path = hostile_dossier_file();
    oso_dossier *d;
    ck_assert_int_eq(oso_dossier_parse_file(&d, NULL, path, NULL), OSO_OK);
    oso_report *mem, *streamed;
    ck_assert_int_eq(oso_attachments_verify(&mem, d, NULL), OSO_OK);
    ck_assert_int_eq(oso_attachments_verify_file(&streamed, path, NULL, NULL), OSO_OK);
    ck_assert_str_eq(rules_of(mem), "ATT.BASE64 ATT.EMPTY ATT.ZIP_NOT_ZIP ATT.ZIP_TRUNCATED "
                                    "ATT.ZIP_ENCRYPTED ATT.ZIP_CRC ATT.ZIP_SLIP ATT.TYPE "
                                    "ATT.TYPE_MISMATCH(w) ATT.NAME_MISMATCH(w) ");
    ck_assert_uint_eq(oso_report_count(streamed), oso_report_count(mem));
    for (size_t i = 0; i < oso_report_count(mem); i++) {
        const oso_diagnostic *x = oso_report_at(mem, i), *y = oso_report_at(streamed, i);
        ck_assert_str_eq(oso_diagnostic_rule(x), oso_diagnostic_rule(y));
        ck_assert_int_eq(oso_diagnostic_severity(x), oso_diagnostic_severity(y));
        ck_assert_str_eq(oso_diagnostic_path(x), oso_diagnostic_path(y));
        ck_assert_uint_eq(oso_diagnostic_line(x), oso_diagnostic_line(y));
        ck_assert_uint_eq(oso_diagnostic_column(x), oso_diagnostic_column(y));
        ck_assert_str_eq(oso_diagnostic_message(x, OSO_LANG_NL), oso_diagnostic_message(y, OSO_LANG_NL));
        ck_assert_str_eq(oso_diagnostic_message(x, OSO_LANG_EN), oso_diagnostic_message(y, OSO_LANG_EN));
    }
    oso_report_free(mem);
    oso_report_free(streamed);

    /* Scanning visits every content, keeps the model without it, and its validation says the
     * attachments were not checked there. */
    struct visits v = {0};
    oso_dossier *scanned;
    oso_report *r;
    ck_assert_int_eq(oso_attachments_scan_file(&scanned, &r, path, NULL, NULL, 0, count_visit, &v),
                     OSO_OK);
    ck_assert_str_eq(rules_of(r), "ATT.BASE64 ATT.EMPTY ATT.ZIP_NOT_ZIP ATT.ZIP_TRUNCATED ");
    ck_assert_uint_eq(v.documents, oso_attachment_count(d));
    ck_assert_uint_eq(v.unreadable, 4);
    ck_assert_ptr_nonnull(scanned);
    ck_assert_ptr_eq(oso_attachment_next(scanned, v.last), NULL); /* nodes are the model's */
    unsigned char *zip;
    size_t zlen;
    ck_assert_int_eq(oso_attachment_decode(&zip, &zlen, v.last), OSO_E_STATE);
    char *xml;
    ck_assert_int_eq(oso_dossier_to_xml(&xml, NULL, scanned, NULL), OSO_E_STATE);
    oso_report_free(r);
    oso_validate_options vo = OSO_VALIDATE_OPTIONS_INIT;
    vo.rules = OSO_RULES_ATTACHMENTS;
    ck_assert_int_eq(oso_validate(&r, scanned, &vo), OSO_OK);
    /* (The Base64 error found while streaming is part of the parse, so it stays.) */
    size_t streamed_info = 0;
    for (size_t i = 0; i < oso_report_count(r); i++)
        streamed_info += strcmp(rules_of_one(oso_report_at(r, i)), "ATT.STREAMED(i)") == 0;
    ck_assert_uint_eq(streamed_info, oso_attachment_count(d));
    ck_assert_uint_eq(oso_report_count(r), streamed_info + 1);
    ck_assert_ptr_nonnull(strstr(rules_of(r), "ATT.BASE64 "));
    oso_report_free(r);
    /* Replacing streamed content puts it back. */
    blob pdf = make_pdf(10);
    ck_assert_int_eq(oso_attachment_set((oso_node *)v.last, "n.pdf", NULL, pdf.data, pdf.len),
                     OSO_OK);
    ck_assert_int_eq(oso_attachment_verify(&r, v.last, NULL), OSO_OK);
    ck_assert_str_eq(rules_of(r), "");
    oso_report_free(r);
    free(pdf.data);
    oso_dossier_free(scanned);

    /* From a descriptor, too; a visitor's refusal stops the scan with its status. */
    int fd = open(path, O_RDONLY);
    ck_assert_int_eq(oso_attachments_scan_fd(NULL, &r, fd, NULL, NULL, 1, NULL, NULL), OSO_OK);
    ck_assert_uint_eq(oso_report_count(r), 10);
    oso_report_free(r);
    close(fd);
    r = (oso_report *)1;
    ck_assert_int_eq(oso_attachments_scan_file(&scanned, &r, path, NULL, NULL, 0, refuse_visit,
                                               NULL), OSO_E_POLICY);
    ck_assert_ptr_null(r);
    ck_assert_ptr_null(scanned);
    ck_assert_str_eq(oso_error_last(), "no thanks");
    ck_assert_int_eq(oso_attachments_verify_file(&r, "/nonexistent.xml", NULL, NULL), OSO_E_IO);
    oso_dossier_free(d);
    unlink(path);
    free(path);
}
END_TEST


/* What an attachment_fn saw. */
struct stream_calls {
    size_t bytes, completed, failed;
    size_t stop_after; /* refuse once this many bytes arrived (0: never) */
    char why[256];
};

static oso_status record_stream(void *ctx, const oso_node *document, const unsigned char *data,
                                size_t length, int done)
{
    struct stream_calls *c = ctx;
    ck_assert_ptr_nonnull(document);
    ck_assert(length == 0 || data != NULL);
    c->bytes += length;
    if (done > 0)
        c->completed++;
    if (done < 0) {
        c->failed++;
        ck_assert_ptr_null(data);
        snprintf(c->why, sizeof c->why, "%s", oso_error_last());
    }
    return c->stop_after && c->bytes >= c->stop_after ? oso_fail(OSO_E_POLICY, "enough") : OSO_OK;
}

/* Push `len` bytes of `xml` and finish; the status of the whole. */
static oso_status push_prefix(const char *xml, size_t len, struct stream_calls *c,
                              uint64_t max_input)
{
    oso_parse_options po = OSO_PARSE_OPTIONS_INIT;
    po.attachment_fn = record_stream;
    po.attachment_ctx = c;
    if (max_input)
        po.max_input_bytes = max_input;
    oso_parser *p;
    ck_assert_int_eq(oso_parser_new(&p, &po), OSO_OK);
    oso_status st = OSO_OK;
    for (size_t off = 0; off < len && st == OSO_OK; off += 4096)
        st = oso_parser_feed(p, xml + off, len - off < 4096 ? len - off : 4096);
    oso_dossier *d = NULL;
    oso_report *r = NULL;
    oso_status fin = oso_parser_finish(p, &d, &r);
    oso_dossier_free(d);
    oso_report_free(r);
    oso_parser_free(p);
    return st != OSO_OK ? st : fin;
}

/* Every attachment that received bytes hears how it ended, once: complete, or failed when the
 * input is refused in the middle of its content (oso_error_last() then says why). */
START_TEST(streamed_attachment_always_ends)
{
    oso_dossier *d = sample();
    blob pdf = make_pdf(200000);
    zip_document(d, "groot.pdf", zip1("groot.pdf", pdf));
    char *xml;
    size_t len;
    ck_assert_int_eq(oso_dossier_to_xml(&xml, &len, d, NULL), OSO_OK);
    const size_t count = oso_attachment_count(d); /* the new one is the last */
    const char *content = NULL;
    for (const char *at = xml; (at = strstr(at, "<bestandsinhoud>")) != NULL; at++)
        content = at;
    ck_assert_ptr_nonnull(content);
    size_t middle = (size_t)(content - xml) + 100000;
    ck_assert_uint_lt(middle, len);

    struct stream_calls c = {0};
    ck_assert_int_eq(push_prefix(xml, len, &c, 0), OSO_OK);
    ck_assert_uint_eq(c.completed, count);
    ck_assert_uint_eq(c.failed, 0);

    c = (struct stream_calls){0};
    ck_assert_int_eq(push_prefix(xml, middle, &c, 0), OSO_E_XML); /* cut short */
    ck_assert_uint_eq(c.completed, count - 1);
    ck_assert_uint_eq(c.failed, 1);
    ck_assert_ptr_nonnull(strstr(c.why, "line "));

    c = (struct stream_calls){0};
    ck_assert_int_eq(push_prefix(xml, len, &c, middle), OSO_E_LIMIT);
    ck_assert_uint_eq(c.completed, count - 1);
    ck_assert_uint_eq(c.failed, 1);

    /* The receiver that stops parsing itself hears nothing more. */
    c = (struct stream_calls){.stop_after = 1};
    ck_assert_int_eq(push_prefix(xml, len, &c, 0), OSO_E_POLICY);
    ck_assert_uint_eq(c.completed + c.failed, 0);

    /* Invalid Base64 ends it as failed, with the reason. */
    oso_dossier_free(d);
    d = sample();
    raw_document(d, "a.pdf", "UEsDB@@@");
    oso_free(xml);
    ck_assert_int_eq(oso_dossier_to_xml(&xml, &len, d, NULL), OSO_OK);
    c = (struct stream_calls){0};
    ck_assert_int_eq(push_prefix(xml, len, &c, 0), OSO_OK);
    ck_assert_uint_eq(c.failed, 1);
    ck_assert_ptr_nonnull(strstr(c.why, "Base64"));
    oso_free(xml);
    oso_dossier_free(d);
    free(pdf.data);
}
END_TEST


/* ---- building blocks added for streaming ---------------------------------------------------- */

/* The descriptor reader gives the same verdicts as the memory reader on the same bytes. */
static void same_reading(const blob *b)
{
    FILE *f = tmpfile();
    ck_assert_ptr_nonnull(f);
    if (b->len)
        ck_assert_uint_eq(fwrite(b->data, 1, b->len, f), b->len);
    fflush(f);
    oso_zip_reader *m = NULL, *x = NULL;
    oso_zip_problem pm = OSO_ZIP_OK, px = OSO_ZIP_OK;
    oso_status sm = oso_zip_reader_open(b->data, b->len, NULL, &m, &pm);
    oso_status sx = oso_zip_reader_open_fd(fileno(f), NULL, &x, &px);
    ck_assert_msg(sm == sx && pm == px, "memory %d/%d, fd %d/%d (%zu bytes)", sm, pm, sx, px,
                  b->len);
    if (sm == OSO_OK) {
        ck_assert_uint_eq(oso_zip_reader_count(m), oso_zip_reader_count(x));
        for (size_t i = 0; i < oso_zip_reader_count(m); i++) {
            const oso_zip_entry *em = oso_zip_reader_entry(m, i), *ex = oso_zip_reader_entry(x, i);
            ck_assert_str_eq(em->name, ex->name);
            ck_assert_uint_eq(em->uncompressed_size, ex->uncompressed_size);
            ck_assert_uint_eq(em->compressed_size, ex->compressed_size);
            unsigned char *dm = NULL, *dx = NULL;
            size_t lm = 0, lx = 0;
            sm = oso_zip_extract_mem(m, i, &dm, &lm, &pm);
            sx = oso_zip_extract_mem(x, i, &dx, &lx, &px);
            ck_assert_msg(sm == sx && pm == px, "entry %zu: memory %d/%d, fd %d/%d", i, sm, pm,
                          sx, px);
            ck_assert_uint_eq(lm, lx);
            if (lm)
                ck_assert_mem_eq(dm, dx, lm);
            free(dm);
            free(dx);
        }
    }
    oso_zip_reader_free(m);
    oso_zip_reader_free(x);
    fclose(f);
}

START_TEST(fd_reader_equals_memory_reader)
{
    blob pdf = make_pdf(700), txt = make_text();
    const char *names[] = {"a.pdf", "b.txt", "c/"};
    blob data[] = {pdf, txt, {txt.data, 0}};
    blob good = make_zip(3, names, data);
    same_reading(&good);
    /* Cut at every length, and every byte damaged once. */
    for (size_t n = 0; n <= good.len; n++) {
        blob cut = {good.data, n};
        same_reading(&cut);
    }
    blob bad = alloc_blob(good.len);
    for (size_t i = 0; i < good.len; i++) {
        memcpy(bad.data, good.data, good.len);
        bad.data[i] ^= (unsigned char)(1 + (rnd64() % 255));
        same_reading(&bad);
    }
    /* The patched archives of the rule tests. */
    memcpy(bad.data, good.data, good.len);
    patch16(&bad, 1, 6, 8, 0x0001);
    same_reading(&bad);
    memcpy(bad.data, good.data, good.len);
    put32(bad.data + CENTRAL(&bad, 1) + 42, 0);
    same_reading(&bad);
    memcpy(bad.data, good.data, good.len);
    put16(bad.data + EOCD(&bad) + 4, 1);
    same_reading(&bad);
    free(bad.data);
    /* Not a regular file. */
    int p[2];
    ck_assert_int_eq(pipe(p), 0);
    oso_zip_reader *zr = (oso_zip_reader *)1;
    ck_assert_int_eq(oso_zip_reader_open_fd(p[0], NULL, &zr, NULL), OSO_E_INVALID_ARG);
    close(p[0]);
    close(p[1]);
    ck_assert_int_eq(oso_zip_reader_open_fd(-1, NULL, &zr, NULL), OSO_E_INVALID_ARG);
    free(good.data);
    free(pdf.data);
    free(txt.data);
}
END_TEST

/* Random bytes built from pieces that exercise the text rule: ASCII, allowed and refused
 * controls, valid 2/3/4-byte UTF-8, and the invalid forms (overlong, surrogate, C1, beyond
 * U+10FFFF, stray continuation, bad lead). No signature of another type can arise. */
static size_t random_text(unsigned char *out, size_t max, int clean)
{
    static const char *const good[] = {"a", "Z", " ", "\t", "\n", "\r\n", "\f", "\xC3\xAB",
                                       "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xEF\xBB\xBF",
                                       "\xF4\x8F\xBF\xBF"};
    static const char *const bad[] = {"\x01", "\x7F", "\xC0\xAF", "\xE0\x80\x80", "\xED\xA0\x80",
                                      "\xC2\x80", "\xF4\x90\x80\x80", "\x80", "\xF5\x80\x80\x80",
                                      "\xC3", "\xE2\x82", "\x00"};
    size_t n = 0;
    while (n + 4 < max) {
        int use_bad = !clean && rnd64() % 40 == 0;
        const char *piece = use_bad ? bad[rnd64() % 12] : good[rnd64() % 12];
        size_t len = piece[0] ? strlen(piece) : 1;
        memcpy(out + n, piece, len);
        n += len;
        if (rnd64() % 64 == 0)
            break;
    }
    return n;
}

START_TEST(text_scan_piecewise_equals_whole)
{
    unsigned char buf[600];
    for (int round = 0; round < 3000; round++) {
        size_t len = random_text(buf, sizeof buf, round % 3 == 0);
        if (len == 0)
            continue;
        oso_filetype whole;
        ck_assert_int_eq(oso_filetype_detect(buf, len, NULL, &whole, NULL), OSO_OK);
        oso_text_scan s;
        oso_text_scan_init(&s);
        for (size_t at = 0; at < len;) {
            size_t piece = round % 2 ? 1 + rnd64() % 5 : 1 + rnd64() % 200;
            piece = piece < len - at ? piece : len - at;
            oso_text_scan_feed(&s, buf + at, piece);
            at += piece;
        }
        ck_assert_msg(oso_text_scan_end(&s) == (whole == OSO_FT_TXT), "round %d: whole %s",
                      round, oso_filetype_name(whole));
    }
    oso_text_scan s;
    oso_text_scan_init(&s);
    ck_assert(oso_text_scan_end(&s)); /* nothing fed */
    oso_text_scan_feed(&s, (const unsigned char *)"\xE2\x82", 2);
    ck_assert(!oso_text_scan_end(&s)); /* a sequence left open */
    oso_text_scan_feed(&s, (const unsigned char *)"\xAC", 1);
    ck_assert(oso_text_scan_end(&s));
}
END_TEST

/* Entries larger than what is inspected in memory (8 MiB): signature types, text judged
 * piecewise, containers through the spill file, and the spill file failing. */
START_TEST(large_entries)
{
    enum { BIG = 9u << 20 };
    oso_dossier *d = sample();
    blob pdf = make_pdf(BIG);
    ck_assert_str_eq(verify_rules(zip_document(d, "groot.pdf", zip1("groot.pdf", pdf)), NULL), "");
    free(pdf.data);

    /* Text with UTF-8 sequences on every kind of boundary; then one bad byte near the end. */
    blob txt = alloc_blob(BIG);
    size_t n = 0;
    while (n < BIG - 700)
        n += random_text(txt.data + n, 600, 1);
    txt.len = n;
    oso_node *text_doc = zip_document(d, "groot.txt", zip1("groot.txt", txt));
    ck_assert_str_eq(verify_rules(text_doc, NULL), "");
    txt.data[txt.len - 3] = 0x01;
    ck_assert_str_eq(verify_rules(zip_document(d, "groot.txt", zip1("groot.txt", txt)), NULL),
                     "ATT.TYPE ");
    free(txt.data);

    /* An OOXML document with a big picture in it: recognised from the spilled copy. */
    blob picture = alloc_blob(BIG);
    fill_random(picture.data, picture.len);
    blob xml = {(unsigned char *)"<?xml version=\"1.0\"?><Types/>", 29};
    const char *names[] = {"[Content_Types].xml", "word/document.xml", "word/media/image1.png"};
    blob parts[] = {xml, xml, picture};
    blob docx = make_zip(3, names, parts);
    oso_node *docx_doc = zip_document(d, "plan.docx", zip1("plan.docx", docx));
    ck_assert_str_eq(verify_rules(docx_doc, NULL), "");
    /* ... and another big ZIP is not a document. */
    memcpy(picture.data, "PK\x03\x04", 4);
    ck_assert_str_eq(verify_rules(zip_document(d, "plan.docx", zip1("plan.docx", picture)), NULL),
                     "ATT.TYPE ");
    /* No temporary file: the document cannot be checked, and says so. */
    const char *saved = getenv("TMPDIR");
    char *keep = saved ? strdup(saved) : NULL;
    setenv("TMPDIR", "/nonexistent/oso-test", 1);
    ck_assert_str_eq(verify_rules(docx_doc, NULL), "ATT.UNCHECKED ");
    ck_assert_str_eq(verify_rules(text_doc, NULL), ""); /* text needs no file */
    if (keep != NULL)
        setenv("TMPDIR", keep, 1);
    else
        unsetenv("TMPDIR");
    free(keep);
    free(docx.data);
    free(picture.data);
    oso_dossier_free(d);
}
END_TEST

/* ---- official examples ---------------------------------------------------------------------- */

/* Documents whose content has no end-of-central-directory record, by a check of our own. */
static size_t truncated_documents(const oso_dossier *d, char paths[][256], size_t max)
{
    size_t n = 0;
    for (oso_node *doc = oso_attachment_next(d, NULL); doc; doc = oso_attachment_next(d, doc)) {
        unsigned char *zip;
        size_t len;
        ck_assert_int_eq(oso_attachment_decode(&zip, &len, doc), OSO_OK);
        int has_end = 0;
        for (size_t i = 0; i + 4 <= len; i++)
            has_end |= memcmp(zip + i, "PK\x05\x06", 4) == 0;
        if (!has_end && n < max) {
            char *path;
            ck_assert_int_eq(oso_node_path(&path, doc), OSO_OK);
            snprintf(paths[n++], 256, "%s", path);
            oso_free(path);
        }
        oso_free(zip);
    }
    return n;
}

START_TEST(official_examples)
{
    static const char *const files[] = {"Voorbeelddossier_OV_POVO_full.xml",
                                        "Voorbeelddossier_PaO_POSWV_opt_out.xml"};
    int seen = 0;
    for (size_t f = 0; f < 2; f++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/examples/%s", OSO_STANDARD_DIR, files[f]);
        if (access(path, R_OK) != 0)
            continue;
        seen++;
        oso_dossier *d;
        ck_assert_int_eq(oso_dossier_parse_file(&d, NULL, path, NULL), OSO_OK);
        char want[32][256];
        size_t n = truncated_documents(d, want, 32);
        ck_assert_uint_gt(n, 0);
        oso_report *mem, *streamed;
        ck_assert_int_eq(oso_attachments_verify(&mem, d, NULL), OSO_OK);
        ck_assert_int_eq(oso_attachments_verify_file(&streamed, path, NULL, NULL), OSO_OK);
        for (int k = 0; k < 2; k++) {
            const oso_report *r = k ? streamed : mem;
            ck_assert_uint_eq(oso_report_count(r), n); /* no other finding, not even a warning */
            for (size_t i = 0; i < n; i++) {
                ck_assert_str_eq(oso_diagnostic_rule(oso_report_at(r, i)), "ATT.ZIP_TRUNCATED");
                ck_assert_str_eq(oso_diagnostic_path(oso_report_at(r, i)), want[i]);
            }
        }
        oso_report_free(mem);
        oso_report_free(streamed);
        oso_dossier_free(d);
    }
    if (seen == 0)
        fprintf(stderr, "official examples absent: skipped\n");
}
END_TEST

/* ---- memory bound (slow) -------------------------------------------------------------------- */

/* Write a dossier with about `mb` MB of attachment Base64 to `fd`: the sample dossier with
 * documents added to overigdocumentlijst, most of 2 MB (PDF), some of 24 MB (beyond what is
 * inspected in memory) and one OOXML document of 12 MB (through the spill file). Runs in a
 * child process, so its own memory does not count. */
static void generate(int fd, size_t mb)
{
    FILE *in = fopen(OSO_SAMPLE_DOSSIER, "rb");
    char *xml = malloc(1 << 20);
    size_t len = fread(xml, 1, (1 << 20) - 1, in);
    fclose(in);
    xml[len] = '\0';
    char *cut = strstr(xml, "</overigdocumentlijst>");
    FILE *out = fdopen(fd, "wb");
    fwrite(xml, 1, (size_t)(cut - xml), out);
    blob small = make_pdf(2u << 20), big = make_pdf(24u << 20), pic = alloc_blob(12u << 20);
    fill_random(pic.data, pic.len);
    blob x = {(unsigned char *)"<Types/>", 8};
    const char *names[] = {"[Content_Types].xml", "word/document.xml", "word/media/1.png"};
    blob parts[] = {x, x, pic};
    blob docx = make_zip(3, names, parts);
    struct {
        const char *name;
        char *b64;
    } kinds[3];
    blob zs = zip1("klein.pdf", small), zb = zip1("groot.pdf", big), zd = zip1("plan.docx", docx);
    kinds[0].name = "klein.pdf", kinds[0].b64 = base64_of(zs.data, zs.len);
    kinds[1].name = "groot.pdf", kinds[1].b64 = base64_of(zb.data, zb.len);
    kinds[2].name = "plan.docx", kinds[2].b64 = base64_of(zd.data, zd.len);
    size_t written = 0;
    for (unsigned i = 0; written < (size_t)mb << 20; i++) {
        int k = i % 25 == 3 ? 1 : i == 7 ? 2 : 0;
        fprintf(out, "<document><bestandsnaam>%s</bestandsnaam><omschrijving>Bijlage %u"
                "</omschrijving><bestandsinhoud>", kinds[k].name, i);
        size_t n = strlen(kinds[k].b64);
        fwrite(kinds[k].b64, 1, n, out);
        written += n;
        fputs("</bestandsinhoud></document>\n", out);
    }
    fputs(cut, out);
    fclose(out);
    _exit(0);
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

START_TEST(streaming_memory_bound)
{
    int p[2];
    ck_assert_int_eq(pipe(p), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        close(p[0]);
        generate(p[1], 200);
    }
    close(p[1]);
    long base = peak_rss_kb();
    struct visits v = {0};
    oso_report *r;
    ck_assert_int_eq(oso_attachments_scan_fd(NULL, &r, p[0], NULL, NULL, 1, count_visit, &v),
                     OSO_OK);
    long peak = peak_rss_kb();
    close(p[0]);
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    ck_assert_msg(oso_report_count(r) == 0, "%s", rules_of(r));
    oso_report_free(r);
    ck_assert_uint_gt(v.documents, 40);
    ck_assert_uint_eq(v.unreadable, 0);
    fprintf(stderr, "streaming: %zu documents, peak RSS %ld KB over a baseline of %ld KB\n",
            v.documents, peak - base, base);
    /* AddressSanitizer's shadow memory and quarantine are not the library's. */
    if (!UNDER_ASAN)
        ck_assert_int_lt(peak - base, 64 * 1024);
}
END_TEST

int main(int argc, char **argv)
{
    int slow = argc > 1 && strcmp(argv[1], "--slow") == 0;
    Suite *s = suite_create("attachments");
    TCase *tc = tcase_create(slow ? "slow" : "core");
    tcase_set_timeout(tc, slow ? 600 : 120);
    if (slow) {
        tcase_add_test(tc, streaming_memory_bound);
    } else {
        tcase_add_test(tc, options_init);
        tcase_add_test(tc, iteration_and_fields);
        tcase_add_test(tc, round_trip);
        tcase_add_test(tc, set_replaces_content);
        tcase_add_test(tc, add_refusals_leave_dossier_unchanged);
        tcase_add_test(tc, content_level_rules);
        tcase_add_test(tc, archive_level_rules);
        tcase_add_test(tc, zip_bomb);
        tcase_add_test(tc, unsafe_entry_names);
        tcase_add_test(tc, symlink_entries);
        tcase_add_test(tc, duplicate_entry_names);
        tcase_add_test(tc, type_rules);
        tcase_add_test(tc, validate_rule_group);
        tcase_add_test(tc, streaming_equals_in_memory);
        tcase_add_test(tc, streamed_attachment_always_ends);
        tcase_add_test(tc, fd_reader_equals_memory_reader);
        tcase_add_test(tc, text_scan_piecewise_equals_whole);
        tcase_add_test(tc, large_entries);
        tcase_add_test(tc, official_examples);
    }
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
