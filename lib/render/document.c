/* Attachments in the view: a `document` block's name and description, and (unless
 * attachments are `none`) the files inside its ZIP archive with type, size and readability,
 * as download links embedded in the HTML or written beside it. An attachment that cannot be
 * read is marked as such; it never stops the rendering. */
#include "render/context.h"
#include "render/escape.h"

#include "base/base64.h"
#include "attachments/filetype.h"
#include "base/error.h"
#include "model/navigate.h"

#include "oso/attachments.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void render_size(struct render_ctx *c, uint64_t bytes)
{
    const char *units[] = {"B", "kB", "MB", "GB"};
    double v = (double)bytes;
    int u = 0;
    while (v >= 1000.0 && u < 3) {
        v /= 1000.0;
        u++;
    }
    char buf[48];
    if (u == 0)
        snprintf(buf, sizeof buf, "%llu B", (unsigned long long)bytes);
    else
        snprintf(buf, sizeof buf, "%.1f %s", v, units[u]);
    if (c->lang == OSO_LANG_NL)
        for (char *p = buf; *p; p++)
            if (*p == '.')
                *p = ',';
    oso_sink_puts(c->s, buf);
}

/* A download name of our own making from an entry name: its last path component with only
 * [A-Za-z0-9._-] kept (hostile names cannot steer where a browser saves the file). */
static void safe_name(const char *name, char *out, size_t size)
{
    const char *base = name;
    for (const char *p = name; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    size_t k = 0;
    for (const char *p = base; *p && k + 1 < size; p++) {
        unsigned char ch = (unsigned char)*p;
        int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                 ch == '.' || ch == '-' || ch == '_';
        out[k++] = ok ? (char)ch : '_';
    }
    out[k] = '\0';
    if (k == 0 || strspn(out, "._") == k)
        snprintf(out, size, "bijlage");
}

/* The data as a data: URI without line breaks. */
static void write_data_uri(struct render_ctx *c, const char *mime, const unsigned char *data,
                           size_t len)
{
    size_t cap = oso_base64_encoded_size(len);
    char *b64 = cap == SIZE_MAX ? NULL : malloc(cap + 1);
    size_t n = 0;
    if (b64 == NULL || oso_base64_encode(data, len, b64, cap, &n) != OSO_OK) {
        free(b64);
        c->status = oso_fail(OSO_E_NOMEM, "out of memory embedding an attachment");
        return;
    }
    oso_sink_puts(c->s, "data:");
    oso_sink_puts(c->s, mime);
    oso_sink_puts(c->s, ";base64,");
    const char *run = b64;
    for (size_t i = 0; i < n; i++) {
        if (b64[i] == '\r' || b64[i] == '\n') {
            oso_sink_write(c->s, run, (size_t)(b64 + i - run));
            run = b64 + i + 1;
        }
    }
    oso_sink_write(c->s, run, (size_t)(b64 + n - run));
    free(b64);
}

/* Percent-encode a path for an href (unreserved characters and '/' kept). */
static void write_href_path(struct render_ctx *c, const char *path)
{
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '.' || *p == '-' || *p == '_' || *p == '~' || *p == '/')
            oso_sink_putc(c->s, (char)*p);
        else
            render_printf(c, "%%%02X", *p);
    }
}

/* Write the file into the attachment directory under a name of our own; 0 on failure (status
 * set). */
static int write_linked_file(struct render_ctx *c, const char *file, const unsigned char *data,
                             size_t len)
{
    const char *dir = c->o->attachment_dir;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        c->status = oso_fail(OSO_E_IO, "cannot create %s: %s", dir, strerror(errno));
        return 0;
    }
    size_t plen = strlen(dir) + strlen(file) + 2;
    char *path = malloc(plen);
    if (path == NULL) {
        c->status = oso_fail(OSO_E_NOMEM, "out of memory");
        return 0;
    }
    snprintf(path, plen, "%s/%s", dir, file);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    int ok = fd >= 0;
    for (size_t off = 0; ok && off < len;) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        ok = w > 0;
        off += ok ? (size_t)w : 0;
    }
    if (fd >= 0 && close(fd) != 0)
        ok = 0;
    if (!ok)
        c->status = oso_fail(OSO_E_IO, "cannot write %s: %s", path, strerror(errno));
    free(path);
    return ok;
}

static void render_entry(struct render_ctx *c, oso_attachment *a, size_t i)
{
    const char *name = oso_attachment_entry_name(a, i);
    oso_sink_puts(c->s, "<tr><th scope=\"row\" class=\"oso-file-name\">");
    oso_html_escape_str(c->s, name);
    oso_sink_puts(c->s, "</th>");
    unsigned char *data = NULL;
    size_t len = 0;
    oso_status st = oso_attachment_extract(&data, &len, a, i);
    if (st != OSO_OK) {
        oso_sink_puts(c->s, "<td>\xE2\x80\x94</td><td>");
        render_size(c, oso_attachment_entry_size(a, i));
        oso_sink_puts(c->s, "</td><td class=\"oso-unreadable\"><strong>");
        oso_sink_puts(c->s, render_text(c, T_UNREADABLE));
        oso_sink_puts(c->s, ":</strong> ");
        oso_html_escape_str(c->s, oso_error_last());
        oso_sink_puts(c->s, "</td>");
        if (c->o->attachments != OSO_RENDER_ATTACHMENTS_LIST)
            oso_sink_puts(c->s, "<td></td>");
        oso_sink_puts(c->s, "</tr>\n");
        return;
    }
    oso_filetype type = OSO_FT_UNKNOWN;
    if (oso_filetype_detect(data, len, NULL, &type, NULL) != OSO_OK)
        type = OSO_FT_UNKNOWN;
    oso_sink_puts(c->s, "<td class=\"oso-file-type\">");
    for (const char *t = oso_filetype_name(type); *t; t++)
        oso_sink_putc(c->s, (char)(*t >= 'a' && *t <= 'z' ? *t - 'a' + 'A' : *t));
    oso_sink_puts(c->s, "</td><td class=\"oso-file-size\">");
    render_size(c, len);
    oso_sink_puts(c->s, "</td><td class=\"oso-readable\">");
    oso_sink_puts(c->s, render_text(c, T_READABLE_YES));
    oso_sink_puts(c->s, "</td>");
    char download[128];
    safe_name(name ? name : "", download, sizeof download);
    if (c->o->attachments == OSO_RENDER_ATTACHMENTS_EMBED) {
        oso_sink_puts(c->s, "<td><a class=\"oso-download oso-embedded\" download=\"");
        oso_html_escape_str(c->s, download);
        oso_sink_puts(c->s, "\" href=\"");
        write_data_uri(c, oso_filetype_mime(type), data, len);
        oso_sink_puts(c->s, "\">");
        oso_sink_puts(c->s, render_text(c, T_DOWNLOAD));
        oso_sink_puts(c->s, "</a></td>");
    } else if (c->o->attachments == OSO_RENDER_ATTACHMENTS_LINK) {
        char file[200];
        snprintf(file, sizeof file, "%zu-%zu-%s", c->document_count, i + 1, download);
        oso_sink_puts(c->s, "<td>");
        if (write_linked_file(c, file, data, len)) {
            const char *href = c->o->attachment_href ? c->o->attachment_href : c->o->attachment_dir;
            oso_sink_puts(c->s, "<a class=\"oso-download oso-linked\" href=\"");
            write_href_path(c, href);
            oso_sink_putc(c->s, '/');
            write_href_path(c, file);
            oso_sink_puts(c->s, "\">");
            oso_sink_puts(c->s, render_text(c, T_DOWNLOAD));
            oso_sink_puts(c->s, "</a>");
        }
        oso_sink_puts(c->s, "</td>");
    }
    oso_sink_puts(c->s, "</tr>\n");
    oso_free(data);
}

static void render_archive(struct render_ctx *c, const struct oso_node *n)
{
    oso_attachment *a = NULL;
    oso_status st = oso_attachment_open(&a, n, c->o->attachment_limits);
    if (st != OSO_OK) {
        oso_sink_puts(c->s, "<p class=\"oso-unreadable\"><strong>");
        oso_sink_puts(c->s, render_text(c, T_UNREADABLE));
        oso_sink_puts(c->s, ":</strong> ");
        oso_html_escape_str(c->s, oso_error_last());
        oso_sink_puts(c->s, "</p>\n");
        return;
    }
    size_t files = 0;
    for (size_t i = 0; i < oso_attachment_entry_count(a); i++)
        files += !oso_attachment_entry_is_dir(a, i);
    if (files == 0) {
        oso_sink_puts(c->s, "<p class=\"oso-unreadable\">");
        oso_sink_puts(c->s, render_text(c, T_NO_FILES));
        oso_sink_puts(c->s, "</p>\n");
        oso_attachment_free(a);
        return;
    }
    oso_sink_puts(c->s, "<div class=\"oso-table-wrap\"><table class=\"oso-table oso-files\"><caption>");
    oso_sink_puts(c->s, render_text(c, T_FILES_IN));
    render_printf(c, "</caption>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                  "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>",
                  render_text(c, T_FILE), render_text(c, T_TYPE), render_text(c, T_SIZE),
                  render_text(c, T_READABLE));
    if (c->o->attachments != OSO_RENDER_ATTACHMENTS_LIST)
        render_printf(c, "<th scope=\"col\">%s</th>", render_text(c, T_DOWNLOAD));
    oso_sink_puts(c->s, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < oso_attachment_entry_count(a) && c->status == OSO_OK; i++)
        if (!oso_attachment_entry_is_dir(a, i))
            render_entry(c, a, i);
    oso_sink_puts(c->s, "</tbody></table></div>\n");
    oso_attachment_free(a);
}

void render_document(struct render_ctx *c, const struct oso_node *n, int level, size_t number)
{
    c->document_count++;
    oso_sink_puts(c->s, "<div class=\"oso-block oso-document\"");
    render_printf(c, " id=\"oso-n%u\">\n", (unsigned)oso_node_index(n));
    render_heading_open(c, level, "oso-block-title");
    oso_html_escape_str(c->s, render_label(c, n));
    if (number > 0)
        render_printf(c, " %zu", number);
    render_heading_close(c, level);
    render_node_findings(c, n);
    oso_sink_puts(c->s, "<dl class=\"oso-fields\">\n");
    for (struct oso_node *ch = oso_nav_first_element(n); ch != NULL; ch = oso_nav_next_element(ch))
        if (ch->row != c->sc->row_document_content && !oso_nav_has_children(ch) &&
            (ch->text_len > 0 || render_has_findings(c, ch)))
            render_field(c, ch);
    oso_sink_puts(c->s, "</dl>\n");
    if (c->o->attachments == OSO_RENDER_ATTACHMENTS_NONE) {
        oso_sink_puts(c->s, "<p class=\"oso-note\">");
        oso_sink_puts(c->s, render_text(c, T_NOT_DECODED));
        oso_sink_puts(c->s, "</p>\n");
    } else {
        render_archive(c, n);
    }
    oso_sink_puts(c->s, "</div>\n");
}
