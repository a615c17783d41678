/* File-type policy: extensions, content signatures of every allowed type built from small
 * hand-made content, and the verdict (allowed, agreement of extension and content). */
#include "attachments/filetype.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

typedef struct blob {
    unsigned char *data;
    size_t len;
} blob;

static oso_filetype detect(const void *data, size_t len)
{
    oso_filetype t = (oso_filetype)-1;
    oso_zip_problem p = OSO_ZIP_CRC;
    ck_assert_int_eq(oso_filetype_detect(data, len, NULL, &t, &p), OSO_OK);
    ck_assert_int_eq(p, OSO_ZIP_OK);
    return t;
}

/* ---- names ---------------------------------------------------------------------------------- */

static const struct {
    const char *name;
    oso_filetype want;
} name_cases[] = {
    {"beschikking.pdf", OSO_FT_PDF},     {"SCAN.PDF", OSO_FT_PDF},
    {"foto.jpg", OSO_FT_JPEG},           {"foto.JPeG", OSO_FT_JPEG},
    {"grafiek.png", OSO_FT_PNG},         {"notitie.txt", OSO_FT_TXT},
    {"brief.doc", OSO_FT_DOC},           {"brief.docx", OSO_FT_DOCX},
    {"cijfers.xls", OSO_FT_XLS},         {"cijfers.xlsx", OSO_FT_XLSX},
    {"dia.ppt", OSO_FT_PPT},             {"dia.pptx", OSO_FT_PPTX},
    {"tekst.odt", OSO_FT_ODT},           {"rekenblad.ods", OSO_FT_ODS},
    {"presentatie.odp", OSO_FT_ODP},     {"plaatje.odi", OSO_FT_ODI},
    {"tekening.odg", OSO_FT_ODG},        {"formule.odf", OSO_FT_ODF},
    {"grafiek.odc", OSO_FT_ODC},         {"hoofd.odm", OSO_FT_ODM},
    {"sjabloon.ott", OSO_FT_OTT},        {"db.odb", OSO_FT_ODB},
    {"map/sub/brief.pdf", OSO_FT_PDF},   {"map\\brief.docx", OSO_FT_DOCX},
    {"archief.tar.gz", OSO_FT_UNKNOWN},  {"programma.exe", OSO_FT_UNKNOWN},
    {"macro.docm", OSO_FT_UNKNOWN},      {"zonder_extensie", OSO_FT_UNKNOWN},
    {"map.pdf/bestand", OSO_FT_UNKNOWN}, {"bestand.", OSO_FT_UNKNOWN},
    {"bestand.pdf ", OSO_FT_UNKNOWN},    {"", OSO_FT_UNKNOWN},
};

START_TEST(type_from_name)
{
    ck_assert_msg(oso_filetype_from_name(name_cases[_i].name) == name_cases[_i].want,
                  "'%s' gave %s", name_cases[_i].name,
                  oso_filetype_name(oso_filetype_from_name(name_cases[_i].name)));
}
END_TEST

START_TEST(names_mimes_allowed)
{
    ck_assert_int_eq(oso_filetype_from_name(NULL), OSO_FT_UNKNOWN);
    ck_assert_str_eq(oso_filetype_name(OSO_FT_JPEG), "jpeg");
    ck_assert_str_eq(oso_filetype_name(OSO_FT_DOCX), "docx");
    ck_assert_str_eq(oso_filetype_name(OSO_FT_OLE2), "ole2");
    ck_assert_str_eq(oso_filetype_name(OSO_FT_UNKNOWN), "unknown");
    ck_assert_str_eq(oso_filetype_mime(OSO_FT_PDF), "application/pdf");
    ck_assert_str_eq(oso_filetype_mime(OSO_FT_ODS),
                     "application/vnd.oasis.opendocument.spreadsheet");
    ck_assert_str_eq(oso_filetype_mime(OSO_FT_ZIP), "application/zip");
    ck_assert_str_eq(oso_filetype_mime(OSO_FT_UNKNOWN), "application/octet-stream");
    for (oso_filetype t = OSO_FT_PDF; t <= OSO_FT_ODB; t++)
        ck_assert_msg(oso_filetype_allowed(t), "%s not allowed", oso_filetype_name(t));
    ck_assert(oso_filetype_allowed(OSO_FT_OPENDOCUMENT));
    ck_assert(oso_filetype_allowed(OSO_FT_OLE2));
    ck_assert(!oso_filetype_allowed(OSO_FT_UNKNOWN));
    ck_assert(!oso_filetype_allowed(OSO_FT_OLE2_OTHER));
    ck_assert(!oso_filetype_allowed(OSO_FT_OOXML));
    ck_assert(!oso_filetype_allowed(OSO_FT_ZIP));
    ck_assert(!oso_filetype_allowed(OSO_FT_EMPTY));
}
END_TEST

/* ---- simple signatures ---------------------------------------------------------------------- */

START_TEST(pdf_png_jpeg)
{
    static const char pdf[] = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
    ck_assert_int_eq(detect(pdf, sizeof pdf - 1), OSO_FT_PDF);
    static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n',
                                        0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    ck_assert_int_eq(detect(png, sizeof png), OSO_FT_PNG);
    static const unsigned char jpeg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0};
    ck_assert_int_eq(detect(jpeg, sizeof jpeg), OSO_FT_JPEG);
    /* Near misses. */
    ck_assert_int_ne(detect(png, 7), OSO_FT_PNG);
    ck_assert_int_ne(detect(jpeg, 2), OSO_FT_JPEG);
    ck_assert_int_eq(detect("%PDF", 4), OSO_FT_TXT);
}
END_TEST

/* "%PDF-" is accepted anywhere within the first 1024 bytes, as Acrobat does. */
START_TEST(pdf_header_offset)
{
    unsigned char buf[2048];
    memset(buf, 0, sizeof buf); /* binary junk before the header */
    memcpy(buf + 1019, "%PDF-1.7\n", 9);
    ck_assert_int_eq(detect(buf, sizeof buf), OSO_FT_PDF);
    memset(buf, 0, sizeof buf);
    memcpy(buf + 1020, "%PDF-1.7\n", 9); /* marker ends at byte 1025 */
    ck_assert_int_eq(detect(buf, sizeof buf), OSO_FT_UNKNOWN);
}
END_TEST

START_TEST(text_detection)
{
    static const struct {
        const char *s;
        size_t len; /* 0: strlen */
        oso_filetype want;
    } cases[] = {
        {"gewoon ASCII\r\n\tmet tab\fen formfeed\n", 0, OSO_FT_TXT},
        {"\xC3\xA9\xC3\xA9n twee dri\xC3\xAB \xE2\x82\xAC \xF0\x9F\x98\x80", 0, OSO_FT_TXT},
        {"\xEF\xBB\xBFmet BOM", 0, OSO_FT_TXT},
        {"nul\0byte", 8, OSO_FT_UNKNOWN},
        {"bel\x07", 0, OSO_FT_UNKNOWN},
        {"esc\x1B[0m", 0, OSO_FT_UNKNOWN},
        {"del\x7F", 0, OSO_FT_UNKNOWN},
        {"c1 \xC2\x85", 0, OSO_FT_UNKNOWN},          /* U+0085 NEL, a C1 control */
        {"overlong \xC0\xAF", 0, OSO_FT_UNKNOWN},
        {"overlong \xE0\x80\xAF", 0, OSO_FT_UNKNOWN},
        {"surrogate \xED\xA0\x80", 0, OSO_FT_UNKNOWN},
        {"too big \xF4\x90\x80\x80", 0, OSO_FT_UNKNOWN},
        {"cut \xE2\x82", 0, OSO_FT_UNKNOWN},
        {"bad continuation \xC3\x28", 0, OSO_FT_UNKNOWN},
        {"windows-1252 caf\xE9", 0, OSO_FT_UNKNOWN},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len = cases[i].len ? cases[i].len : strlen(cases[i].s);
        ck_assert_msg(detect(cases[i].s, len) == cases[i].want, "case %zu: got %s", i,
                      oso_filetype_name(detect(cases[i].s, len)));
    }
    ck_assert_int_eq(detect("", 0), OSO_FT_EMPTY);
}
END_TEST

/* ---- OLE2 compound files -------------------------------------------------------------------- */

static void put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, uint32_t v)
{
    put16(p, v & 0xFFFF);
    put16(p + 2, v >> 16);
}

/* Directory entry `e` (128 bytes): name, type, siblings and child. */
static void dirent(unsigned char *e, const char *name, int type, uint32_t left, uint32_t right,
                   uint32_t child)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < n; i++)
        put16(e + 2 * i, (unsigned char)name[i]);
    put16(e + 0x40, (unsigned)(2 * (n + 1)));
    e[0x42] = (unsigned char)type;
    put32(e + 0x44, left);
    put32(e + 0x48, right);
    put32(e + 0x4C, child);
}

#define NOSTREAM 0xFFFFFFFFu

/*
 * A minimal version-3 compound file: header, sector 0 = FAT, sectors 1-2 = directory (8
 * entries). Entry 0 is the root; `names` become root children linked as right siblings,
 * except that a name starting with '>' becomes a stream inside a storage "ObjectPool".
 */
static blob make_cfb(const char *const *names, size_t n)
{
    blob b = {calloc(1, 512 * 4), 512 * 4};
    unsigned char *h = b.data;
    memcpy(h, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
    put16(h + 0x18, 0x3E);
    put16(h + 0x1A, 3);
    put16(h + 0x1C, 0xFFFE);
    put16(h + 0x1E, 9);
    put16(h + 0x20, 6);
    put32(h + 0x2C, 1);          /* one FAT sector */
    put32(h + 0x30, 1);          /* directory starts in sector 1 */
    put32(h + 0x38, 4096);
    put32(h + 0x3C, 0xFFFFFFFEu);
    put32(h + 0x44, 0xFFFFFFFEu); /* no DIFAT sectors */
    for (int i = 0; i < 109; i++)
        put32(h + 0x4C + 4 * i, i == 0 ? 0 : NOSTREAM);
    unsigned char *fat = b.data + 512;
    for (int i = 0; i < 128; i++)
        put32(fat + 4 * i, NOSTREAM);
    put32(fat, 0xFFFFFFFDu);     /* sector 0 holds the FAT */
    put32(fat + 4, 2);           /* directory: 1 -> 2 -> end */
    put32(fat + 8, 0xFFFFFFFEu);
    unsigned char *dir = b.data + 1024;
    ck_assert_uint_le(n, 6);
    dirent(dir, "Root Entry", 5, NOSTREAM, NOSTREAM, n ? 1 : NOSTREAM);
    uint32_t next = 1;
    for (size_t i = 0; i < n; i++) {
        uint32_t id = next++;
        uint32_t right = i + 1 < n ? id + 1 + (names[i][0] == '>') : NOSTREAM;
        if (names[i][0] == '>') {
            uint32_t inner = next++;
            dirent(dir + 128 * id, "ObjectPool", 1, NOSTREAM, right, inner);
            dirent(dir + 128 * inner, names[i] + 1, 2, NOSTREAM, NOSTREAM, NOSTREAM);
        } else {
            dirent(dir + 128 * id, names[i], 2, NOSTREAM, right, NOSTREAM);
        }
    }
    return b;
}

static oso_filetype detect_cfb(const char *const *names, size_t n)
{
    blob b = make_cfb(names, n);
    oso_filetype t = detect(b.data, b.len);
    free(b.data);
    return t;
}

START_TEST(ole2_members)
{
    const char *doc[] = {("\x01" "CompObj"), "WordDocument", "1Table"};
    ck_assert_int_eq(detect_cfb(doc, 3), OSO_FT_DOC);
    const char *xls[] = {"Workbook", "\x05SummaryInformation"};
    ck_assert_int_eq(detect_cfb(xls, 2), OSO_FT_XLS);
    const char *xls5[] = {"Book"};
    ck_assert_int_eq(detect_cfb(xls5, 1), OSO_FT_XLS);
    const char *ppt[] = {"Current User", "PowerPoint Document", "Pictures"};
    ck_assert_int_eq(detect_cfb(ppt, 3), OSO_FT_PPT);
    /* A worksheet embedded in a Word document lives below the root: still a DOC. */
    const char *embedded[] = {"WordDocument", ">Workbook"};
    ck_assert_int_eq(detect_cfb(embedded, 2), OSO_FT_DOC);
    /* A stream only inside a storage does not count at the root. */
    const char *nested[] = {">WordDocument"};
    ck_assert_int_eq(detect_cfb(nested, 1), OSO_FT_OLE2_OTHER);
    /* The stream may sit in a left branch of the root's red-black tree. */
    const char *left[] = {"WordDocument", "1Table"};
    blob b = make_cfb(left, 2);
    put32(b.data + 1024 + 0x4C, 2);             /* root child: entry 2 ... */
    put32(b.data + 1024 + 2 * 128 + 0x44, 1);   /* ... whose left sibling is entry 1 */
    put32(b.data + 1024 + 1 * 128 + 0x48, NOSTREAM);
    ck_assert_int_eq(detect(b.data, b.len), OSO_FT_DOC);
    free(b.data);
    const char *msg[] = {"__properties_version1.0", "__substg1.0_0037001F"};
    ck_assert_int_eq(detect_cfb(msg, 2), OSO_FT_OLE2_OTHER);
    const char *encrypted_ooxml[] = {"EncryptionInfo", "EncryptedPackage"};
    ck_assert_int_eq(detect_cfb(encrypted_ooxml, 2), OSO_FT_OLE2_OTHER);
    ck_assert_int_eq(detect_cfb(NULL, 0), OSO_FT_OLE2_OTHER);
}
END_TEST

/* Damaged directories: the family is still recognised; loops end. */
START_TEST(ole2_damaged)
{
    const char *doc[] = {"WordDocument"};
    blob b = make_cfb(doc, 1);
    put32(b.data + 0x30, 500); /* directory sector beyond the file */
    ck_assert_int_eq(detect(b.data, b.len), OSO_FT_OLE2);
    free(b.data);

    b = make_cfb(doc, 1);
    put16(b.data + 0x1E, 7); /* impossible sector size */
    ck_assert_int_eq(detect(b.data, b.len), OSO_FT_OLE2);
    free(b.data);

    b = make_cfb(doc, 1);
    ck_assert_int_eq(detect(b.data, 700), OSO_FT_OLE2); /* cut inside the FAT sector */
    ck_assert_int_eq(detect(b.data, 8), OSO_FT_OLE2);   /* signature only */
    put32(b.data + 512 + 8, 1); /* FAT: 2 -> 1, a loop in the directory chain */
    ck_assert_int_eq(detect(b.data, b.len), OSO_FT_DOC);
    put32(b.data + 1024 + 128 + 0x48, 1); /* directory tree: entry 1 is its own sibling */
    ck_assert_int_eq(detect(b.data, b.len), OSO_FT_DOC);
    b.data[1024 + 0x42] = 1; /* entry 0 is not a root storage */
    ck_assert_int_eq(detect(b.data, b.len), OSO_FT_OLE2);
    free(b.data);

    b = make_cfb(doc, 1);
    put32(b.data + 0x4C, 40); /* FAT sector number out of range */
    ck_assert_int_eq(detect(b.data, b.len), OSO_FT_DOC); /* first directory sector still read */
    free(b.data);
}
END_TEST

/* Version 4 (4096-byte sectors) and a FAT found through the DIFAT chain. */
START_TEST(ole2_large_sectors_and_difat)
{
    /* 4096-byte sectors: header padded to 4096, FAT in sector 0, directory in sector 1. */
    blob b = {calloc(1, 4096 * 3), 4096 * 3};
    unsigned char *h = b.data;
    memcpy(h, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
    put16(h + 0x1A, 4);
    put16(h + 0x1E, 12);
    put32(h + 0x30, 1);
    put32(h + 0x44, 0xFFFFFFFEu);
    for (int i = 0; i < 109; i++)
        put32(h + 0x4C + 4 * i, i == 0 ? 0 : NOSTREAM);
    unsigned char *fat = b.data + 4096;
    for (int i = 0; i < 1024; i++)
        put32(fat + 4 * i, NOSTREAM);
    put32(fat + 4, 0xFFFFFFFEu);
    unsigned char *dir = b.data + 8192;
    dirent(dir, "Root Entry", 5, NOSTREAM, NOSTREAM, 1);
    dirent(dir + 128, "PowerPoint Document", 2, NOSTREAM, NOSTREAM, NOSTREAM);
    ck_assert_int_eq(detect(b.data, b.len), OSO_FT_PPT);
    free(b.data);

    /* 512-byte sectors, directory chain starting in sector 109 * 128 = 13952, whose FAT
     * entry is in the 110th FAT sector, listed in the first DIFAT sector; it continues in
     * sector 1. */
    uint32_t far = 109 * 128, nsec = far + 3;
    b = (blob){calloc(1, 512 * ((size_t)nsec + 1)), 512 * ((size_t)nsec + 1)};
    h = b.data;
    memcpy(h, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
    put16(h + 0x1A, 3);
    put16(h + 0x1E, 9);
    put32(h + 0x30, far);               /* directory: sector `far` -> sector 1 -> end */
    put32(h + 0x44, far + 1);           /* first DIFAT sector */
    put32(h + 0x48, 1);
    for (int i = 0; i < 109; i++)
        put32(h + 0x4C + 4 * i, 0);     /* the first 109 FAT sectors: all sector 0 ... */
    put32(b.data + 512 + 4, 0xFFFFFFFEu); /* ... which ends the chain at sector 1 */
    unsigned char *difat = b.data + 512 * ((size_t)far + 2);
    for (int i = 0; i < 128; i++)
        put32(difat + 4 * i, NOSTREAM);
    put32(difat, far + 2);              /* the 110th FAT sector */
    put32(difat + 4 * 127, 0xFFFFFFFEu);
    put32(b.data + 512 * ((size_t)far + 3), 1); /* its entry for sector `far`: next is 1 */
    unsigned char *first = b.data + 512 * ((size_t)far + 1), *second = b.data + 1024;
    dirent(first, "Root Entry", 5, NOSTREAM, NOSTREAM, 4); /* child: entry 4, second sector */
    dirent(second, "Workbook", 2, NOSTREAM, NOSTREAM, NOSTREAM);
    ck_assert_int_eq(detect(b.data, b.len), OSO_FT_XLS);
    put32(h + 0x44, nsec + 50); /* DIFAT sector missing: the second sector is unreachable */
    ck_assert_int_eq(detect(b.data, b.len), OSO_FT_OLE2_OTHER);
    free(b.data);
}
END_TEST

/* ---- ZIP containers ------------------------------------------------------------------------- */

static blob make_zip(size_t n, const char *const *names, const char *const *contents)
{
    oso_zip_writer *zw;
    ck_assert_int_eq(oso_zip_writer_new(&zw), OSO_OK);
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(oso_zip_writer_add(zw, names[i], (const unsigned char *)contents[i],
                                            strlen(contents[i]), 0),
                         OSO_OK);
    blob b;
    ck_assert_int_eq(oso_zip_writer_finish(zw, &b.data, &b.len), OSO_OK);
    oso_zip_writer_free(zw);
    return b;
}

static oso_filetype detect_zip(size_t n, const char *const *names, const char *const *contents)
{
    blob b = make_zip(n, names, contents);
    oso_filetype t = detect(b.data, b.len);
    free(b.data);
    return t;
}

START_TEST(ooxml)
{
    const char *c[] = {"<Types/>", "<x/>", "<x/>"};
    const char *docx[] = {"[Content_Types].xml", "_rels/.rels", "word/document.xml"};
    ck_assert_int_eq(detect_zip(3, docx, c), OSO_FT_DOCX);
    const char *xlsx[] = {"[Content_Types].xml", "xl/workbook.xml", "docProps/app.xml"};
    ck_assert_int_eq(detect_zip(3, xlsx, c), OSO_FT_XLSX);
    const char *pptx[] = {"ppt/presentation.xml", "[Content_Types].xml"};
    ck_assert_int_eq(detect_zip(2, pptx, c), OSO_FT_PPTX);
    const char *vsdx[] = {"[Content_Types].xml", "visio/document.xml"};
    ck_assert_int_eq(detect_zip(2, vsdx, c), OSO_FT_OOXML);
    const char *both[] = {"[Content_Types].xml", "word/document.xml", "xl/workbook.xml"};
    ck_assert_int_eq(detect_zip(3, both, c), OSO_FT_OOXML);
    const char *no_types[] = {"word/document.xml"};
    ck_assert_int_eq(detect_zip(1, no_types, c), OSO_FT_ZIP);
}
END_TEST

static oso_filetype detect_odf(const char *mimetype)
{
    const char *names[] = {"mimetype", "content.xml", "META-INF/manifest.xml"};
    const char *contents[] = {mimetype, "<office:document-content/>", "<manifest/>"};
    return detect_zip(3, names, contents);
}

START_TEST(opendocument)
{
    static const struct {
        const char *mime;
        oso_filetype want;
    } cases[] = {
        {"application/vnd.oasis.opendocument.text", OSO_FT_ODT},
        {"application/vnd.oasis.opendocument.text-template", OSO_FT_OTT},
        {"application/vnd.oasis.opendocument.text-master", OSO_FT_ODM},
        {"application/vnd.oasis.opendocument.spreadsheet", OSO_FT_ODS},
        {"application/vnd.oasis.opendocument.presentation", OSO_FT_ODP},
        {"application/vnd.oasis.opendocument.graphics", OSO_FT_ODG},
        {"application/vnd.oasis.opendocument.image", OSO_FT_ODI},
        {"application/vnd.oasis.opendocument.formula", OSO_FT_ODF},
        {"application/vnd.oasis.opendocument.chart", OSO_FT_ODC},
        {"application/vnd.oasis.opendocument.base", OSO_FT_ODB},
        {"application/vnd.oasis.opendocument.future-kind", OSO_FT_OPENDOCUMENT},
        {"application/vnd.oasis.opendocument.", OSO_FT_ZIP},
        {"application/epub+zip", OSO_FT_ZIP},
        {"application/vnd.oasis.opendocument.text-but-far-too-long-to-be-a-media-type-xxxxxxxxxx"
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
         OSO_FT_ZIP},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_msg(detect_odf(cases[i].mime) == cases[i].want, "%s: got %s", cases[i].mime,
                      oso_filetype_name(detect_odf(cases[i].mime)));
    const char *names[] = {"a.txt"};
    const char *contents[] = {"plain"};
    ck_assert_int_eq(detect_zip(1, names, contents), OSO_FT_ZIP);

    /* A name that only looks like "mimetype" up to a hidden NUL byte does not count. */
    const char *hidden[] = {"mimetypeX"};
    const char *odt[] = {"application/vnd.oasis.opendocument.text"};
    blob b = make_zip(1, hidden, odt);
    ck_assert_int_eq(detect(b.data, b.len), OSO_FT_ZIP);
    for (size_t i = 0; i + 9 <= b.len; i++)
        if (memcmp(b.data + i, "mimetypeX", 9) == 0)
            b.data[i + 8] = '\0';
    ck_assert_int_eq(detect(b.data, b.len), OSO_FT_ZIP);
    free(b.data);
}
END_TEST

/* Containers are opened with the caller's limits; why one cannot be read is reported. */
START_TEST(unreadable_containers)
{
    const char *names[] = {"[Content_Types].xml", "word/document.xml"};
    const char *contents[] = {"<Types/>", "<w:document/>"};
    blob b = make_zip(2, names, contents);
    oso_filetype t;
    oso_zip_problem p;
    ck_assert_int_eq(oso_filetype_detect(b.data, b.len - 1, NULL, &t, &p), OSO_OK);
    ck_assert_int_eq(t, OSO_FT_ZIP);
    ck_assert_int_eq(p, OSO_ZIP_TRUNCATED);
    oso_zip_limits lim = OSO_ZIP_LIMITS_DEFAULT;
    lim.max_entries = 1;
    ck_assert_int_eq(oso_filetype_detect(b.data, b.len, &lim, &t, &p), OSO_OK);
    ck_assert_int_eq(t, OSO_FT_ZIP);
    ck_assert_int_eq(p, OSO_ZIP_TOO_MANY_ENTRIES);
    lim.max_entries = 2;
    ck_assert_int_eq(oso_filetype_detect(b.data, b.len, &lim, &t, &p), OSO_OK);
    ck_assert_int_eq(t, OSO_FT_DOCX);
    ck_assert_int_eq(p, OSO_ZIP_OK);
    free(b.data);

    /* A corrupt "mimetype" entry: CRC patched in both headers. */
    const char *odf_names[] = {"mimetype"};
    const char *odf_contents[] = {"application/vnd.oasis.opendocument.text"};
    b = make_zip(1, odf_names, odf_contents);
    b.data[14] ^= 1;
    for (size_t i = 0; i + 4 <= b.len; i++)
        if (memcmp(b.data + i, "PK\x01\x02", 4) == 0)
            b.data[i + 16] ^= 1;
    ck_assert_int_eq(oso_filetype_detect(b.data, b.len, NULL, &t, &p), OSO_OK);
    ck_assert_int_eq(t, OSO_FT_ZIP);
    ck_assert_int_eq(p, OSO_ZIP_CRC);
    free(b.data);
}
END_TEST

/* ---- verdicts ------------------------------------------------------------------------------- */

static oso_filetype_verdict judge(const char *name, const void *data, size_t len)
{
    oso_filetype_verdict v;
    memset(&v, 0xAA, sizeof v);
    ck_assert_int_eq(oso_filetype_check(name, data, len, NULL, &v), OSO_OK);
    return v;
}

START_TEST(verdicts)
{
    static const char pdf[] = "%PDF-1.5\n%%EOF\n";
    static const char text[] = "Beschikking van 1 maart 2018\r\n";
    static const unsigned char jpeg[] = {0xFF, 0xD8, 0xFF, 0xDB, 0, 0x43};

    oso_filetype_verdict v = judge("beschikking.pdf", pdf, sizeof pdf - 1);
    ck_assert(v.allowed && v.agree && v.name_allowed && v.content_allowed);
    ck_assert_int_eq(v.by_name, OSO_FT_PDF);
    ck_assert_int_eq(v.by_content, OSO_FT_PDF);
    ck_assert_int_eq(v.container_problem, OSO_ZIP_OK);

    /* The real-dossier case: a .pdf holding text is allowed, with a mismatch (warning). */
    v = judge("beschikking.pdf", text, sizeof text - 1);
    ck_assert(v.allowed && !v.agree);
    ck_assert_int_eq(v.by_content, OSO_FT_TXT);

    v = judge("foto.jpeg", jpeg, sizeof jpeg);
    ck_assert(v.allowed && v.agree);
    v = judge("foto.JPG", jpeg, sizeof jpeg);
    ck_assert(v.allowed && v.agree);

    /* A disallowed type disguised by an allowed extension. */
    static const unsigned char elf[] = {0x7F, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0};
    v = judge("rapport.pdf", elf, sizeof elf);
    ck_assert(!v.allowed && !v.content_allowed && v.name_allowed && !v.agree);
    ck_assert_int_eq(v.by_content, OSO_FT_UNKNOWN);

    /* An allowed content under a disallowed extension. */
    v = judge("rapport.exe", pdf, sizeof pdf - 1);
    ck_assert(!v.allowed && !v.name_allowed && v.content_allowed && !v.agree);

    /* No extension at all. */
    v = judge("rapport", pdf, sizeof pdf - 1);
    ck_assert(!v.allowed && !v.agree);
    ck_assert_int_eq(v.by_name, OSO_FT_UNKNOWN);

    v = judge("leeg.txt", "", 0);
    ck_assert(!v.allowed && !v.agree);
    ck_assert_int_eq(v.by_content, OSO_FT_EMPTY);

    /* OLE2 members: exact when identified, family-level when the directory is unreadable. */
    const char *doc[] = {"WordDocument"};
    blob b = make_cfb(doc, 1);
    v = judge("brief.doc", b.data, b.len);
    ck_assert(v.allowed && v.agree);
    v = judge("brief.xls", b.data, b.len);
    ck_assert(v.allowed && !v.agree);
    put32(b.data + 0x30, 500);
    v = judge("brief.xls", b.data, b.len);
    ck_assert(v.allowed && v.agree);
    ck_assert_int_eq(v.by_content, OSO_FT_OLE2);
    v = judge("brief.docx", b.data, b.len);
    ck_assert(v.allowed && !v.agree);
    free(b.data);

    const char *names[] = {"[Content_Types].xml", "word/document.xml"};
    const char *contents[] = {"<Types/>", "<w:document/>"};
    b = make_zip(2, names, contents);
    v = judge("opp.docx", b.data, b.len);
    ck_assert(v.allowed && v.agree);
    v = judge("opp.odt", b.data, b.len);
    ck_assert(v.allowed && !v.agree);
    free(b.data);

    ck_assert_int_eq(oso_filetype_check("a.pdf", (const unsigned char *)pdf, 4, NULL, NULL),
                     OSO_E_INVALID_ARG);
    oso_filetype t;
    ck_assert_int_eq(oso_filetype_detect(NULL, 4, NULL, &t, NULL), OSO_E_INVALID_ARG);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("filetype");
    TCase *tc = tcase_create("core");
    tcase_add_loop_test(tc, type_from_name, 0, (int)(sizeof name_cases / sizeof name_cases[0]));
    tcase_add_test(tc, names_mimes_allowed);
    tcase_add_test(tc, pdf_png_jpeg);
    tcase_add_test(tc, pdf_header_offset);
    tcase_add_test(tc, text_detection);
    tcase_add_test(tc, ole2_members);
    tcase_add_test(tc, ole2_damaged);
    tcase_add_test(tc, ole2_large_sectors_and_difat);
    tcase_add_test(tc, ooxml);
    tcase_add_test(tc, opendocument);
    tcase_add_test(tc, unreadable_containers);
    tcase_add_test(tc, verdicts);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
