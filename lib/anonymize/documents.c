/* Small generated documents that replace attachments (doc/anonymize.md): a PDF stays a PDF, a
 * DOCX a DOCX, and so on. Each is the smallest form the type detection of lib/attachments
 * accepts as that type, carrying a line of neutral text. */
#include "anonymize/documents.h"

#include "attachments/filetype.h"
#include "attachments/zipmem.h"
#include "base/error.h"
#include "base/sink.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static oso_status finish(struct oso_sink *s, unsigned char **data, size_t *length)
{
    char *out = NULL;
    oso_status st = oso_sink_finish(s, &out, length);
    *data = (unsigned char *)out;
    return st;
}

/* Where the text of a generated PDF starts: a fixed template repeats its numbers in every
 * file, so a variant may move it when they would repeat a piece of an original value. */
static const char *const pdf_positions[ANON_DOCUMENT_VARIANTS / 2] = {"72 720", "56 700", "90 640"};

/* A one-page PDF 1.4 with `text` in Helvetica, with a correct cross-reference table; odd
 * variants leave the table out (its zero-padded offsets are fixed text; readers rebuild it). */
static oso_status pdf(const char *text, int variant, unsigned char **data, size_t *length)
{
    int bare = variant & 1;
    struct oso_sink s;
    oso_sink_memory(&s);
    char content[512], buf[640];
    size_t offsets[6];
    snprintf(content, sizeof content, "BT /F1 12 Tf %s Td (%.400s) Tj ET",
             pdf_positions[(variant / 2) % (ANON_DOCUMENT_VARIANTS / 2)], text);
    const char *objects[5] = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        NULL, /* the content stream */
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    };
    oso_sink_puts(&s, "%PDF-1.4\n");
    for (int i = 0; i < 5; i++) {
        offsets[i] = s.len;
        if (objects[i] != NULL)
            snprintf(buf, sizeof buf, "%d 0 obj\n%s\nendobj\n", i + 1, objects[i]);
        else
            snprintf(buf, sizeof buf, "%d 0 obj\n<< /Length %zu >>\nstream\n%s\nendstream\nendobj\n",
                     i + 1, strlen(content), content);
        oso_sink_puts(&s, buf);
    }
    offsets[5] = s.len;
    if (bare) {
        oso_sink_puts(&s, "trailer\n<< /Size 6 /Root 1 0 R >>\n%%EOF\n");
        return finish(&s, data, length);
    }
    oso_sink_puts(&s, "xref\n0 6\n0000000000 65535 f \n");
    for (int i = 0; i < 5; i++) {
        snprintf(buf, sizeof buf, "%010zu 00000 n \n", offsets[i]);
        oso_sink_puts(&s, buf);
    }
    snprintf(buf, sizeof buf, "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
             offsets[5]);
    oso_sink_puts(&s, buf);
    return finish(&s, data, length);
}

static void put_be32(struct oso_sink *s, uint32_t v)
{
    char b[4] = {(char)(v >> 24), (char)(v >> 16), (char)(v >> 8), (char)v};
    oso_sink_write(s, b, 4);
}

static void png_chunk(struct oso_sink *s, const char *type, const unsigned char *body, size_t len)
{
    put_be32(s, (uint32_t)len);
    size_t start = s->len;
    oso_sink_write(s, type, 4);
    if (len > 0)
        oso_sink_write(s, (const char *)body, len);
    uLong crc = s->failed ? 0 : crc32(0L, (const Bytef *)s->buf + start, (uInt)(len + 4));
    put_be32(s, (uint32_t)crc);
}

/* An 8x8 grey PNG with the text as a tEXt comment. */
static oso_status png(const char *text, unsigned char **data, size_t *length)
{
    unsigned char raw[8 * 9], packed[128];
    for (int y = 0; y < 8; y++) {
        raw[y * 9] = 0; /* filter: none */
        memset(raw + y * 9 + 1, 0xc0, 8);
    }
    uLongf packed_len = sizeof packed;
    if (compress(packed, &packed_len, raw, sizeof raw) != Z_OK)
        return oso_fail(OSO_E_NOMEM, "cannot compress a generated image");
    static const unsigned char header[13] = {0, 0, 0, 8, 0, 0, 0, 8, 8, 0, 0, 0, 0};
    char comment[300];
    int n = snprintf(comment, sizeof comment, "Comment%c%.280s", 0, text);
    struct oso_sink s;
    oso_sink_memory(&s);
    oso_sink_write(&s, "\x89PNG\r\n\x1a\n", 8);
    png_chunk(&s, "IHDR", header, sizeof header);
    png_chunk(&s, "tEXt", (const unsigned char *)comment, (size_t)n);
    png_chunk(&s, "IDAT", packed, packed_len);
    png_chunk(&s, "IEND", NULL, 0);
    return finish(&s, data, length);
}

/* A JFIF header and a comment segment holding the text (no image data). */
static oso_status jpeg(const char *text, unsigned char **data, size_t *length)
{
    struct oso_sink s;
    oso_sink_memory(&s);
    static const char app0[] = "\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00";
    oso_sink_write(&s, app0, sizeof app0 - 1);
    size_t n = strlen(text) > 200 ? 200 : strlen(text);
    char com[4] = {(char)0xff, (char)0xfe, (char)((n + 2) >> 8), (char)(n + 2)};
    oso_sink_write(&s, com, 4);
    oso_sink_write(&s, text, n);
    oso_sink_write(&s, "\xff\xd9", 2);
    return finish(&s, data, length);
}

/* An OLE2 compound file header alone: the family of .doc/.xls/.ppt, which the type detection
 * accepts for each of them. */
static oso_status ole2(unsigned char **data, size_t *length)
{
    unsigned char *b = calloc(1, 512);
    if (b == NULL)
        return oso_fail(OSO_E_NOMEM, "out of memory generating a document");
    memcpy(b, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8);
    b[0x1a] = 0x3e; /* minor version */
    b[0x1c] = 0xfe; /* byte order mark FFFE */
    b[0x1d] = 0xff;
    *data = b;
    *length = 512;
    return OSO_OK;
}

/* A ZIP package from entries {name, content} (NULL-terminated). */
static oso_status package(const char *const *entries, unsigned char **data, size_t *length)
{
    oso_zip_writer *zw;
    oso_status st = oso_zip_writer_new(&zw);
    for (size_t i = 0; st == OSO_OK && entries[i] != NULL; i += 2)
        st = oso_zip_writer_add(zw, entries[i], (const unsigned char *)entries[i + 1],
                                strlen(entries[i + 1]), 0);
    if (st == OSO_OK)
        st = oso_zip_writer_finish(zw, data, length);
    oso_zip_writer_free(zw);
    return st;
}

static oso_status ooxml(const char *folder, const char *main_part, const char *main_type,
                        const char *body, unsigned char **data, size_t *length)
{
    char types[700], part_name[64];
    snprintf(part_name, sizeof part_name, "%s/%s", folder, main_part);
    snprintf(types, sizeof types,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats."
             "org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/"
             "xml\"/><Override PartName=\"/%s\" ContentType=\"%s\"/></Types>",
             part_name, main_type);
    const char *entries[] = {"[Content_Types].xml", types, part_name, body, NULL};
    return package(entries, data, length);
}

static oso_status opendocument(const char *mime, const char *text, unsigned char **data,
                               size_t *length)
{
    char content[800];
    snprintf(content, sizeof content,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content xmlns:office="
             "\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:text=\"urn:oasis:names:tc:"
             "opendocument:xmlns:text:1.0\"><office:body><office:text><text:p>%.400s</text:p>"
             "</office:text></office:body></office:document-content>",
             text);
    const char *entries[] = {"mimetype", mime, "content.xml", content, NULL};
    return package(entries, data, length);
}

oso_status anon_document(const char *filename, const char *text, int variant, unsigned char **data,
                         size_t *length)
{
    char body[800];
    oso_filetype type = oso_filetype_from_name(filename);
    switch (type) {
    case OSO_FT_PDF: return pdf(text, variant, data, length);
    case OSO_FT_PNG: return png(text, data, length);
    case OSO_FT_JPEG: return jpeg(text, data, length);
    case OSO_FT_DOC:
    case OSO_FT_XLS:
    case OSO_FT_PPT: return ole2(data, length);
    case OSO_FT_DOCX:
        snprintf(body, sizeof body,
                 "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/"
                 "main\"><w:body><w:p><w:r><w:t>%.400s</w:t></w:r></w:p></w:body></w:document>",
                 text);
        return ooxml("word", "document.xml",
                     "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                     body, data, length);
    case OSO_FT_XLSX:
        snprintf(body, sizeof body,
                 "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                 "<sheets/></workbook>");
        return ooxml("xl", "workbook.xml",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                     body, data, length);
    case OSO_FT_PPTX:
        snprintf(body, sizeof body,
                 "<p:presentation xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/"
                 "main\"/>");
        return ooxml("ppt", "presentation.xml",
                     "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
                     body, data, length);
    default:
        if (type != OSO_FT_UNKNOWN && type != OSO_FT_TXT && oso_filetype_allowed(type))
            return opendocument(oso_filetype_mime(type), text, data, length);
        break;
    }
    struct oso_sink s;
    oso_sink_memory(&s);
    oso_sink_puts(&s, text);
    oso_sink_putc(&s, '\n');
    return finish(&s, data, length);
}
