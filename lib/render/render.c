/* The HTML view of a dossier: header, findings summary, release preview, and one section per
 * release category holding the elements of that category (see include/oso/render.h and
 * doc/render.md). Text goes through oso_html_escape(); only the view's own markup is written
 * unescaped. */
#include "render/context.h"
#include "render/escape.h"

#include "base/error.h"
#include "codelists/codelists.h"
#include "model/navigate.h"
#include "release/effective.h"
#include "schema/oso_2019_1.h"

#include "oso/release.h"
#include "oso/validate.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Blocks nested deeper than this are shown as a flat list (parsed input may nest deeper than
 * the C stack likes; OSO itself needs 13 levels). */
enum { MAX_BLOCK_LEVEL = 24, MAX_TABLE_COLUMNS = 32 };

struct node_list {
    struct oso_node **items;
    size_t count, cap;
};

static int push(struct render_ctx *c, struct node_list *l, struct oso_node *n)
{
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        struct oso_node **grown = realloc(l->items, cap * sizeof *grown);
        if (grown == NULL) {
            c->status = oso_fail(OSO_E_NOMEM, "out of memory rendering");
            return 0;
        }
        l->items = grown;
        l->cap = cap;
    }
    l->items[l->count++] = n;
    return 1;
}

/* ---- findings ------------------------------------------------------------------------------ */

static int finding_cmp(const void *a, const void *b)
{
    const struct render_finding *x = a, *y = b;
    if (x->node != y->node)
        return x->node < y->node ? -1 : 1;
    return x->diagnostic < y->diagnostic ? -1 : x->diagnostic > y->diagnostic;
}

static void place_findings(struct render_ctx *c)
{
    const oso_report *r = c->o->findings;
    size_t n = r ? oso_report_count(r) : 0;
    if (n == 0)
        return;
    c->findings = calloc(n, sizeof *c->findings);
    if (c->findings == NULL) {
        c->status = oso_fail(OSO_E_NOMEM, "out of memory rendering");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const char *path = oso_diagnostic_path(oso_report_at(r, i));
        oso_node *node;
        if (path != NULL && path[0] != '\0' && oso_dossier_find(&node, c->d, path) == OSO_OK) {
            c->findings[c->finding_count].node = oso_node_index(node);
            c->findings[c->finding_count++].diagnostic = i;
        }
    }
    oso_error_clear();
    qsort(c->findings, c->finding_count, sizeof *c->findings, finding_cmp);
    c->placed = malloc(n * sizeof *c->placed);
    if (c->placed == NULL) {
        c->status = oso_fail(OSO_E_NOMEM, "out of memory rendering");
        return;
    }
    for (size_t i = 0; i < n; i++)
        c->placed[i] = c->finding_count;
    for (size_t k = 0; k < c->finding_count; k++)
        c->placed[c->findings[k].diagnostic] = k;
}

/* First finding placed on node index `idx`, or finding_count. */
static size_t first_finding(const struct render_ctx *c, uint32_t idx)
{
    size_t lo = 0, hi = c->finding_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->findings[mid].node < idx)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int render_has_findings(const struct render_ctx *c, const struct oso_node *n)
{
    size_t i = first_finding(c, oso_node_index(n));
    return i < c->finding_count && c->findings[i].node == oso_node_index(n);
}

static const char *severity_class(oso_severity sev)
{
    return sev == OSO_SEVERITY_ERROR ? "oso-severity-error"
           : sev == OSO_SEVERITY_WARNING ? "oso-severity-warning" : "oso-severity-info";
}

static enum render_text severity_text(oso_severity sev)
{
    return sev == OSO_SEVERITY_ERROR ? T_SEV_ERROR : sev == OSO_SEVERITY_WARNING ? T_SEV_WARNING
                                                                                  : T_SEV_INFO;
}

static void render_finding_text(struct render_ctx *c, const oso_diagnostic *g)
{
    oso_sink_puts(c->s, "<span class=\"oso-severity\">");
    oso_sink_puts(c->s, render_text(c, severity_text(oso_diagnostic_severity(g))));
    oso_sink_puts(c->s, "</span> <span class=\"oso-rule\">");
    oso_html_escape_str(c->s, oso_diagnostic_rule(g));
    oso_sink_puts(c->s, "</span>: <span class=\"oso-message\">");
    oso_html_escape_str(c->s, oso_diagnostic_message(g, c->lang));
    oso_sink_puts(c->s, "</span>");
}

void render_node_findings(struct render_ctx *c, const struct oso_node *n)
{
    uint32_t idx = oso_node_index(n);
    size_t i = first_finding(c, idx);
    if (i == c->finding_count || c->findings[i].node != idx)
        return;
    oso_sink_puts(c->s, "<ul class=\"oso-findings\">");
    for (; i < c->finding_count && c->findings[i].node == idx; i++) {
        const oso_diagnostic *g = oso_report_at(c->o->findings, c->findings[i].diagnostic);
        c->findings[i].shown = 1;
        render_printf(c, "<li class=\"oso-finding %s\">",
                      severity_class(oso_diagnostic_severity(g)));
        render_finding_text(c, g);
        oso_sink_puts(c->s, "</li>");
    }
    oso_sink_puts(c->s, "</ul>");
}

/* ---- elements ------------------------------------------------------------------------------ */

static int has_attributes(const struct render_ctx *c, const struct oso_node *n)
{
    return oso_model_find_extra(c->d, oso_node_index(n), OSO_EXTRA_ATTR) != NULL;
}

static int blank(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && text[i] != '\r')
            return 0;
    return 1;
}

/* Whether the subtree of `n` holds anything to show: text, attributes or findings. Empty
 * optional blocks are left out of the view. */
static int has_content(const struct render_ctx *c, const struct oso_node *n)
{
    struct oso_walk w;
    oso_walk_init(&w, n, OSO_WALK_ROOT);
    while (oso_walk_next(&w)) {
        const struct oso_node *x = w.node;
        if (x->kind == OSO_KIND_ELEMENT &&
            ((x->text && !blank(x->text, x->text_len)) || has_attributes(c, x) || render_has_findings(c, x)))
            return 1;
        if (x->kind == OSO_KIND_TEXT && x->text && !blank(x->text, x->text_len))
            return 1;
    }
    return 0;
}

static int is_leaf(const struct oso_node *n) { return oso_nav_first_element(n) == NULL; }

static int is_document(const struct render_ctx *c, const struct oso_node *n)
{
    const struct oso_row *row = oso_node_row(n);
    return row != NULL && row->ctype != OSO_SCHEMA_NONE && row->ctype == c->sc->ctype_document;
}

static const char *row_label(const struct render_ctx *c, uint16_t row)
{
    const struct oso_row *r = &c->sc->rows[row];
    const char *label = c->lang == OSO_LANG_EN ? r->label_en : r->label_nl;
    return label != NULL && label[0] != '\0' ? label : r->name;
}

static void render_nodes(struct render_ctx *c, struct oso_node **nodes, size_t n, int level);

/* A subtree too deep for nested blocks, as a flat list of its values. */
static void render_flat(struct render_ctx *c, const struct oso_node *n)
{
    oso_sink_puts(c->s, "<p class=\"oso-note\">");
    oso_sink_puts(c->s, render_text(c, T_TOO_DEEP));
    oso_sink_puts(c->s, "</p>\n<dl class=\"oso-fields oso-flat\">\n");
    struct oso_walk w;
    oso_walk_init(&w, n, OSO_WALK_ROOT);
    while (oso_walk_next(&w))
        if (w.node->kind == OSO_KIND_ELEMENT && has_content(c, w.node) &&
            (is_leaf(w.node) || (w.node->text && !blank(w.node->text, w.node->text_len))))
            render_field(c, w.node);
    oso_sink_puts(c->s, "</dl>\n");
}

static void render_block(struct render_ctx *c, struct oso_node *n, int level, size_t number)
{
    if (is_document(c, n)) {
        render_document(c, n, level, number);
        return;
    }
    oso_sink_puts(c->s, "<div class=\"oso-block\"");
    if (render_has_findings(c, n))
        render_printf(c, " id=\"oso-n%u\"", (unsigned)oso_node_index(n));
    oso_sink_puts(c->s, ">\n");
    render_heading_open(c, level, "oso-block-title");
    oso_html_escape_str(c->s, render_label(c, n));
    if (number > 0)
        render_printf(c, " %zu", number);
    render_heading_close(c, level);
    render_node_findings(c, n);
    if ((n->text && !blank(n->text, n->text_len)) || has_attributes(c, n)) {
        oso_sink_puts(c->s, "<p class=\"oso-own-value\">");
        render_value(c, n);
        oso_sink_puts(c->s, "</p>\n");
    }
    if (level >= MAX_BLOCK_LEVEL) {
        for (struct oso_node *ch = oso_nav_first_element(n); ch; ch = oso_nav_next_element(ch))
            render_flat(c, ch);
    } else {
        struct node_list children = {0};
        for (struct oso_node *ch = oso_nav_first_element(n); ch; ch = oso_nav_next_element(ch))
            if (!push(c, &children, ch))
                break;
        render_nodes(c, children.items, children.count, level + 1);
        free(children.items);
    }
    oso_sink_puts(c->s, "</div>\n");
}

static int column_order(const struct render_ctx *c, uint16_t ctype, uint16_t row)
{
    return ctype == OSO_SCHEMA_NONE ? 0 : oso_schema_child_order(c->sc, ctype, row);
}

/* Columns of a table for repeated items: the rows of their children in schema order; 0 when
 * the items do not fit a table (nested blocks, attachments, unknown elements, own text). */
static size_t table_columns(const struct render_ctx *c, struct oso_node **items, size_t count,
                            uint16_t *cols)
{
    size_t ncols = 0;
    for (size_t k = 0; k < count; k++) {
        if (is_document(c, items[k]) || has_attributes(c, items[k]) ||
            (items[k]->text && !blank(items[k]->text, items[k]->text_len)))
            return 0;
        for (struct oso_node *ch = oso_nav_first_element(items[k]); ch; ch = oso_nav_next_element(ch)) {
            if (ch->row == OSO_SCHEMA_NONE || !is_leaf(ch))
                return 0;
            size_t j = 0;
            while (j < ncols && cols[j] != ch->row)
                j++;
            if (j == ncols) {
                if (ncols == MAX_TABLE_COLUMNS)
                    return 0;
                cols[ncols++] = ch->row;
            }
        }
    }
    uint16_t ctype = oso_node_row(items[0]) ? oso_node_row(items[0])->ctype : OSO_SCHEMA_NONE;
    for (size_t i = 1; i < ncols; i++) /* insertion sort: a handful of columns */
        for (size_t j = i; j > 0 && column_order(c, ctype, cols[j - 1]) > column_order(c, ctype, cols[j]); j--) {
            uint16_t t = cols[j];
            cols[j] = cols[j - 1];
            cols[j - 1] = t;
        }
    return ncols;
}

static void render_table(struct render_ctx *c, struct oso_node **items, size_t count,
                         const uint16_t *cols, size_t ncols)
{
    oso_sink_puts(c->s, "<div class=\"oso-table-wrap\"><table class=\"oso-table\"><caption>");
    oso_html_escape_str(c->s, render_label(c, items[0]));
    oso_sink_puts(c->s, "</caption>\n<thead><tr><th scope=\"col\">");
    oso_sink_puts(c->s, render_text(c, T_NUMBER));
    oso_sink_puts(c->s, "</th>");
    for (size_t j = 0; j < ncols; j++) {
        oso_sink_puts(c->s, "<th scope=\"col\">");
        oso_html_escape_str(c->s, row_label(c, cols[j]));
        oso_sink_puts(c->s, "</th>");
    }
    oso_sink_puts(c->s, "</tr></thead>\n<tbody>\n");
    for (size_t k = 0; k < count; k++) {
        oso_sink_puts(c->s, "<tr><th scope=\"row\"");
        if (render_has_findings(c, items[k]))
            render_printf(c, " id=\"oso-n%u\"", (unsigned)oso_node_index(items[k]));
        render_printf(c, ">%zu", k + 1);
        render_node_findings(c, items[k]);
        oso_sink_puts(c->s, "</th>");
        for (size_t j = 0; j < ncols; j++) {
            oso_sink_puts(c->s, "<td>");
            int first = 1;
            for (struct oso_node *ch = oso_nav_first_element(items[k]); ch; ch = oso_nav_next_element(ch)) {
                if (ch->row != cols[j] || !has_content(c, ch))
                    continue;
                if (!first)
                    oso_sink_puts(c->s, "<br>");
                first = 0;
                if (render_has_findings(c, ch))
                    render_printf(c, "<span id=\"oso-n%u\">", (unsigned)oso_node_index(ch));
                else
                    oso_sink_puts(c->s, "<span>");
                render_value(c, ch);
                render_node_findings(c, ch);
                oso_sink_puts(c->s, "</span>");
            }
            oso_sink_puts(c->s, "</td>");
        }
        oso_sink_puts(c->s, "</tr>\n");
    }
    oso_sink_puts(c->s, "</tbody></table></div>\n");
}

/* A run of sibling elements (or category roots): leaves as one definition list, repeated
 * items as a table when they fit one, other blocks nested one heading level down. */
static void render_nodes(struct render_ctx *c, struct oso_node **nodes, size_t n, int level)
{
    size_t i = 0;
    while (i < n && c->status == OSO_OK) {
        struct oso_node *node = nodes[i];
        if (!has_content(c, node)) {
            i++;
            continue;
        }
        if (is_leaf(node) && !is_document(c, node)) {
            oso_sink_puts(c->s, "<dl class=\"oso-fields\">\n");
            for (; i < n && is_leaf(nodes[i]) && !is_document(c, nodes[i]); i++)
                if (has_content(c, nodes[i]))
                    render_field(c, nodes[i]);
            oso_sink_puts(c->s, "</dl>\n");
            continue;
        }
        const struct oso_row *row = oso_node_row(node);
        size_t j = i + 1;
        if (row != NULL && row->repeatable)
            while (j < n && nodes[j]->row == node->row && !is_leaf(nodes[j]))
                j++;
        if (row == NULL || !row->repeatable) {
            render_block(c, node, level, 0);
            i = j;
            continue;
        }
        /* Leave empty items out of the group. */
        struct node_list items = {0};
        for (size_t k = i; k < j; k++)
            if (has_content(c, nodes[k]) && !push(c, &items, nodes[k]))
                break;
        uint16_t cols[MAX_TABLE_COLUMNS];
        size_t ncols = items.count ? table_columns(c, items.items, items.count, cols) : 0;
        if (ncols > 0) {
            render_table(c, items.items, items.count, cols, ncols);
        } else {
            for (size_t k = 0; k < items.count && c->status == OSO_OK; k++)
                render_block(c, items.items[k], level, items.count > 1 ? k + 1 : 0);
        }
        free(items.items);
        i = j;
    }
}

/* ---- sections -------------------------------------------------------------------------------- */

static enum render_text state_text(const struct render_ctx *c, uint8_t v)
{
    int preview = c->o->release != NULL;
    switch (v) {
    case OSO_RELEASE_VERPLICHT: return preview ? T_WOULD_RELEASE_VERPLICHT : T_RELEASED_VERPLICHT;
    case OSO_RELEASE_VERBODEN: return preview ? T_WOULD_WITHHOLD_VERBODEN : T_WITHHELD_VERBODEN;
    case OSO_RELEASE_OPT_UIT: return preview ? T_WOULD_WITHHOLD_OPT_UIT : T_WITHHELD_OPT_UIT;
    default: return preview ? T_WOULD_RELEASE_OPTIONEEL : T_RELEASED_OPTIONEEL;
    }
}

static void render_category(struct render_ctx *c, int cat, struct node_list *roots)
{
    uint8_t v = c->values[cat];
    int withheld = v == OSO_RELEASE_VERBODEN || v == OSO_RELEASE_OPT_UIT;
    int present = 0;
    for (size_t i = 0; i < roots->count && !present; i++)
        present = has_content(c, roots->items[i]);
    const struct oso_category *category = &c->sc->categories[cat];
    render_printf(c, "<section class=\"oso-category %s%s\" id=\"oso-cat-%d\" "
                  "aria-labelledby=\"oso-cat-%d-title\">\n",
                  withheld ? "oso-withheld" : "oso-released", present ? "" : " oso-empty", cat, cat);
    render_printf(c, "<h2 id=\"oso-cat-%d-title\"><span class=\"oso-cat-number\">%d.</span> ", cat, cat);
    oso_html_escape_str(c->s, row_label(c, category->field_row));
    oso_sink_puts(c->s, "</h2>\n");
    render_printf(c, "<p class=\"oso-release-state oso-state-%s\"><strong>",
                  withheld ? "withheld" : "released");
    oso_sink_puts(c->s, render_text(c, T_RELEASE_STATE));
    oso_sink_puts(c->s, ":</strong> ");
    oso_sink_puts(c->s, render_text(c, state_text(c, v)));
    if (!present && !withheld) {
        oso_sink_putc(c->s, ' ');
        oso_sink_puts(c->s, render_text(c, T_NO_DATA));
    } else if (present && withheld) {
        oso_sink_putc(c->s, ' ');
        oso_sink_puts(c->s, render_text(c, c->o->release ? T_WITHHELD_SHOWN_BELOW
                                                         : T_PRESENT_ALTHOUGH_WITHHELD));
    }
    oso_sink_puts(c->s, "</p>\n");
    if (present) {
        if (withheld)
            oso_sink_puts(c->s, "<div class=\"oso-withheld-content\">\n");
        render_nodes(c, roots->items, roots->count, 3);
        if (withheld)
            oso_sink_puts(c->s, "</div>\n");
    }
    oso_sink_puts(c->s, "</section>\n");
}

/* Category roots in document order, by category; [0] holds what belongs to none. */
static void collect_roots(struct render_ctx *c, struct node_list lists[OSO_CATEGORY_COUNT + 1])
{
    struct oso_node *root = oso_dossier_root(c->d);
    struct oso_walk w;
    oso_walk_init(&w, root, OSO_WALK_ROOT);
    while (c->status == OSO_OK && oso_walk_next(&w)) {
        struct oso_node *n = w.node;
        if (n->kind != OSO_KIND_ELEMENT)
            continue;
        const struct oso_row *row = oso_node_row(n);
        if (row != NULL && row->category >= 1 && row->category <= OSO_CATEGORY_COUNT) {
            push(c, &lists[row->category], n);
            oso_walk_skip(&w);
        } else if (n != root && (row == NULL || is_leaf(n))) {
            push(c, &lists[0], n);
            oso_walk_skip(&w);
        }
    }
}

/* ---- header, summary, preview ---------------------------------------------------------------- */

static const struct oso_node *child(const struct oso_node *n, uint16_t row)
{
    return oso_nav_child(n, row);
}

static void name_part(struct render_ctx *c, const struct oso_node *n, int *first)
{
    if (n == NULL || n->text == NULL || blank(n->text, n->text_len))
        return;
    if (!*first)
        oso_sink_putc(c->s, ' ');
    oso_html_escape(c->s, n->text, n->text_len);
    *first = 0;
}

/* The pupil's name: roepnaam (else the first voornaam), voorvoegsel, achternaam. */
static void pupil_name(struct render_ctx *c, const struct oso_node *pupil)
{
    int first = 1;
    const struct oso_node *given = child(pupil, OSO_ROW_leerlingType__roepnaam);
    name_part(c, given ? given : child(pupil, OSO_ROW_leerlingType__voornaam), &first);
    name_part(c, child(pupil, OSO_ROW_leerlingType__voorvoegsel), &first);
    name_part(c, child(pupil, OSO_ROW_leerlingType__achternaam), &first);
}

static void header_field(struct render_ctx *c, const struct oso_node *n, const char *label)
{
    if (n == NULL || !has_content(c, n))
        return;
    oso_sink_puts(c->s, "<div class=\"oso-field\"><dt>");
    oso_html_escape_str(c->s, label ? label : render_label(c, n));
    oso_sink_puts(c->s, "</dt><dd>");
    render_value(c, n);
    oso_sink_puts(c->s, "</dd></div>\n");
}

static void render_header(struct render_ctx *c)
{
    const struct oso_node *root = oso_dossier_root(c->d);
    /* The header picks particular elements: their rows exist in the 2019.1 table. */
    int known = c->sc == &oso_schema_2019_1;
    const struct oso_node *school = known ? child(root, OSO_ROW_dossierType__huidigeschool) : NULL;
    const struct oso_node *pupil = child(school, OSO_ROW_huidigeschoolType__leerling);
    const struct oso_node *meta = known ? child(root, OSO_ROW_dossierType__metadata) : NULL;
    oso_sink_puts(c->s, "<header class=\"oso-header\">\n<h1>");
    oso_sink_puts(c->s, render_text(c, T_TITLE));
    if (pupil != NULL) {
        oso_sink_puts(c->s, ": <span class=\"oso-pupil-name\">");
        pupil_name(c, pupil);
        oso_sink_puts(c->s, "</span>");
    }
    oso_sink_puts(c->s, "</h1>\n<dl class=\"oso-fields oso-header-fields\">\n");
    if (pupil != NULL && has_content(c, pupil)) {
        oso_sink_puts(c->s, "<div class=\"oso-field\"><dt>");
        oso_html_escape_str(c->s, render_label(c, pupil));
        oso_sink_puts(c->s, "</dt><dd>");
        pupil_name(c, pupil);
        oso_sink_puts(c->s, "</dd></div>\n");
    }
    const struct oso_node *school_name = child(school, OSO_ROW_instellingType__naam);
    if (school_name != NULL && has_content(c, school_name)) {
        oso_sink_puts(c->s, "<div class=\"oso-field\"><dt>");
        oso_html_escape_str(c->s, render_label(c, school));
        oso_sink_puts(c->s, "</dt><dd>");
        render_value(c, school_name);
        const struct oso_node *brin = child(school, OSO_ROW_schoolType__brincode);
        if (brin != NULL && has_content(c, brin)) {
            oso_sink_puts(c->s, " (");
            render_value(c, brin);
            oso_sink_puts(c->s, ")");
        }
        oso_sink_puts(c->s, "</dd></div>\n");
    }
    if (known) {
        header_field(c, child(root, OSO_ROW_dossierType__overdrachtsoort), NULL);
        header_field(c, child(meta, OSO_ROW_metadata__overstap), NULL);
        header_field(c, child(meta, OSO_ROW_metadata__datum), NULL);
    }
    oso_sink_puts(c->s, "</dl>\n</header>\n");
}

static void render_summary(struct render_ctx *c)
{
    const oso_report *r = c->o->findings;
    if (r == NULL)
        return;
    size_t errors = oso_report_error_count(r), warnings = oso_report_warning_count(r);
    size_t infos = oso_report_count(r) - errors - warnings;
    oso_sink_puts(c->s, "<section class=\"oso-findings-summary\" aria-labelledby=\"oso-findings-title\">\n"
                        "<h2 id=\"oso-findings-title\">");
    oso_sink_puts(c->s, render_text(c, T_FINDINGS));
    oso_sink_puts(c->s, "</h2>\n<p>");
    if (oso_report_count(r) == 0)
        oso_sink_puts(c->s, render_text(c, T_NO_FINDINGS));
    else
        render_printf(c, "%zu %s, %zu %s, %zu %s.", errors, render_text(c, T_ERRORS), warnings,
                      render_text(c, T_WARNINGS), infos, render_text(c, T_INFOS));
    oso_sink_puts(c->s, "</p>\n");
    if (oso_report_count(r) > 0)
        oso_sink_puts(c->s, "<ul class=\"oso-findings\">\n");
    for (size_t i = 0; i < oso_report_count(r); i++) {
        const oso_diagnostic *g = oso_report_at(r, i);
        render_printf(c, "<li class=\"oso-finding %s\">", severity_class(oso_diagnostic_severity(g)));
        render_finding_text(c, g);
        oso_sink_puts(c->s, " <span class=\"oso-path\">");
        const char *path = oso_diagnostic_path(g);
        size_t k = c->placed ? c->placed[i] : c->finding_count;
        int linked = k < c->finding_count && c->findings[k].shown;
        if (linked)
            render_printf(c, "<a href=\"#oso-n%u\">", (unsigned)c->findings[k].node);
        if (path != NULL && path[0] != '\0')
            oso_html_escape_str(c->s, path);
        else
            oso_sink_puts(c->s, render_text(c, T_DOCUMENT_LEVEL));
        if (linked)
            oso_sink_puts(c->s, "</a>");
        oso_sink_puts(c->s, "</span></li>\n");
    }
    if (oso_report_count(r) > 0)
        oso_sink_puts(c->s, "</ul>\n");
    oso_sink_puts(c->s, "</section>\n");
}

/* What applying the release would give: refused (with the reasons) or the verdict on the
 * result. The dossier itself is not changed (oso_dossier_redact works on a copy). */
static void render_preview(struct render_ctx *c)
{
    if (c->o->release == NULL)
        return;
    oso_dossier *redacted = NULL;
    oso_report *report = NULL;
    oso_status st = oso_dossier_redact(&redacted, &report, c->d, c->o->release, NULL);
    oso_sink_puts(c->s, "<section class=\"oso-preview\" aria-labelledby=\"oso-preview-title\">\n"
                        "<h2 id=\"oso-preview-title\">");
    oso_sink_puts(c->s, render_text(c, T_PREVIEW_TITLE));
    oso_sink_puts(c->s, "</h2>\n<p>");
    oso_sink_puts(c->s, render_text(c, T_PREVIEW_INTRO));
    oso_sink_puts(c->s, "</p>\n");
    if (st == OSO_E_RELEASE || (st == OSO_OK && !oso_report_valid(report))) {
        render_printf(c, "<p class=\"oso-preview-verdict oso-severity-error\"><strong>%s</strong></p>\n",
                      render_text(c, st == OSO_OK ? T_PREVIEW_INVALID : T_PREVIEW_REFUSED));
        oso_sink_puts(c->s, "<ul class=\"oso-findings\">\n");
        for (size_t i = 0; report != NULL && i < oso_report_count(report); i++) {
            const oso_diagnostic *g = oso_report_at(report, i);
            if (oso_diagnostic_severity(g) != OSO_SEVERITY_ERROR)
                continue;
            render_printf(c, "<li class=\"oso-finding %s\">", severity_class(oso_diagnostic_severity(g)));
            render_finding_text(c, g);
            oso_sink_puts(c->s, "</li>\n");
        }
        oso_sink_puts(c->s, "</ul>\n");
    } else if (st == OSO_OK) {
        render_printf(c, "<p class=\"oso-preview-verdict\">%s</p>\n", render_text(c, T_PREVIEW_VALID));
    } else {
        c->status = st;
    }
    oso_sink_puts(c->s, "</section>\n");
    oso_report_free(report);
    oso_dossier_free(redacted);
}

static void render_contents(struct render_ctx *c, int other)
{
    oso_sink_puts(c->s, "<nav class=\"oso-contents\" aria-labelledby=\"oso-contents-title\">\n"
                        "<h2 id=\"oso-contents-title\">");
    oso_sink_puts(c->s, render_text(c, T_CONTENTS));
    oso_sink_puts(c->s, "</h2>\n<ol>\n");
    for (int cat = 1; cat <= OSO_CATEGORY_COUNT; cat++) {
        render_printf(c, "<li><a href=\"#oso-cat-%d\">", cat);
        oso_html_escape_str(c->s, row_label(c, c->sc->categories[cat].field_row));
        oso_sink_puts(c->s, "</a></li>\n");
    }
    if (other)
        render_printf(c, "<li><a href=\"#oso-other\">%s</a></li>\n", render_text(c, T_OTHER_DATA));
    oso_sink_puts(c->s, "</ol>\n</nav>\n");
}

/* ---- the document ---------------------------------------------------------------------------- */

static oso_status render_html(struct oso_sink *s, const oso_dossier *d, const oso_render_options *o)
{
    static const oso_render_options defaults = OSO_RENDER_OPTIONS_INIT;
    if (d == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "NULL dossier");
    OSO_CHECK_OPTIONS_VERSION(o, OSO_RENDER_OPTIONS_VERSION, "oso_render_options");
    if (o == NULL)
        o = &defaults;
    if (o->lang != OSO_LANG_NL && o->lang != OSO_LANG_EN)
        return oso_fail(OSO_E_INVALID_ARG, "oso_render_options: unknown language %d", (int)o->lang);
    if ((unsigned)o->attachments > OSO_RENDER_ATTACHMENTS_LINK)
        return oso_fail(OSO_E_INVALID_ARG, "oso_render_options: unknown attachments mode %d",
                        (int)o->attachments);
    if (o->attachments == OSO_RENDER_ATTACHMENTS_LINK && (o->attachment_dir == NULL || o->attachment_dir[0] == '\0'))
        return oso_fail(OSO_E_INVALID_ARG, "oso_render_options: attachments LINK needs attachment_dir");
    struct oso_node *root = oso_dossier_root(d);
    if (root == NULL || root->row != d->schema->row_dossier)
        return oso_fail(OSO_E_SCHEMA, "the document is not an OSO dossier");

    struct render_ctx c = {.d = d, .sc = d->schema, .o = o, .lang = o->lang, .status = OSO_OK};
    c.lists = o->codelists ? o->codelists : oso_codelists_default();
    oso_release_effective_values(d, o->release, c.values);
    place_findings(&c);

    /* The sections are rendered first, so that the summary at the top links only to findings
     * that were placed next to their element. */
    struct oso_sink body;
    oso_sink_memory(&body);
    c.s = &body;
    struct node_list lists[OSO_CATEGORY_COUNT + 1];
    memset(lists, 0, sizeof lists);
    collect_roots(&c, lists);
    int other = 0;
    for (size_t i = 0; i < lists[0].count && !other; i++)
        other = has_content(&c, lists[0].items[i]);
    for (int cat = 1; cat <= OSO_CATEGORY_COUNT && c.status == OSO_OK; cat++)
        render_category(&c, cat, &lists[cat]);
    if (other && c.status == OSO_OK) {
        oso_sink_puts(&body, "<section class=\"oso-category oso-other\" id=\"oso-other\" "
                             "aria-labelledby=\"oso-other-title\">\n<h2 id=\"oso-other-title\">");
        oso_sink_puts(&body, render_text(&c, T_OTHER_DATA));
        oso_sink_puts(&body, "</h2>\n");
        render_nodes(&c, lists[0].items, lists[0].count, 3);
        oso_sink_puts(&body, "</section>\n");
    }
    for (int cat = 0; cat <= OSO_CATEGORY_COUNT; cat++)
        free(lists[cat].items);

    c.s = s;
    const char *lang = c.lang == OSO_LANG_EN ? "en" : "nl";
    if (!o->fragment) {
        render_printf(&c, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", lang);
        oso_sink_puts(s, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                         "script-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                         "base-uri 'none'; form-action 'none'\">\n"
                         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                         "<meta name=\"referrer\" content=\"no-referrer\">\n<title>");
        oso_sink_puts(s, render_text(&c, T_TITLE));
        struct oso_node *school = c.sc == &oso_schema_2019_1 ? oso_nav_child(root, OSO_ROW_dossierType__huidigeschool) : NULL;
        struct oso_node *pupil = oso_nav_child(school, OSO_ROW_huidigeschoolType__leerling);
        if (pupil != NULL) {
            oso_sink_puts(s, ": ");
            pupil_name(&c, pupil);
        }
        oso_sink_puts(s, "</title>\n<style>\n");
        oso_sink_puts(s, oso_render_css);
        oso_sink_puts(s, "</style>\n</head>\n<body>\n");
    }
    render_printf(&c, "<div class=\"oso-dossier\" lang=\"%s\">\n", lang);
    render_header(&c);
    render_preview(&c);
    render_summary(&c);
    render_contents(&c, other);
    if (!body.failed)
        oso_sink_write(s, body.buf, body.len);
    else if (c.status == OSO_OK)
        c.status = oso_fail(body.status, "out of memory rendering");
    free(body.buf);
    oso_sink_puts(s, "</div>\n");
    if (!o->fragment)
        oso_sink_puts(s, "</body>\n</html>\n");
    free(c.findings);
    free(c.placed);
    return c.status;
}

/* ---- public entry points ------------------------------------------------------------------- */

oso_status oso_render_options_init(oso_render_options *o, unsigned int version)
{
    if (o == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_render_options_init: NULL options");
    if (version == 0 || version > OSO_RENDER_OPTIONS_VERSION)
        return oso_fail(OSO_E_OPTIONS_VERSION, "oso_render_options version %u is not supported",
                        version);
    oso_render_options defaults = OSO_RENDER_OPTIONS_INIT;
    *o = defaults;
    return OSO_OK;
}

static oso_status finish(struct oso_sink *s, oso_status st, char **out, size_t *len)
{
    if (st != OSO_OK) {
        free(s->buf);
        return st;
    }
    return oso_sink_finish(s, out, len);
}

oso_status oso_dossier_to_html(char **html, size_t *len, const oso_dossier *d,
                               const oso_render_options *o)
{
    if (html == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "NULL output pointer");
    *html = NULL;
    struct oso_sink s;
    oso_sink_memory(&s);
    return finish(&s, render_html(&s, d, o), html, len);
}

oso_status oso_dossier_write_html(const oso_dossier *d, FILE *f, const oso_render_options *o)
{
    if (f == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "NULL stream");
    struct oso_sink s;
    oso_sink_stream(&s, f);
    return finish(&s, render_html(&s, d, o), NULL, NULL);
}

oso_status oso_dossier_write_html_fd(const oso_dossier *d, int fd, const oso_render_options *o)
{
    struct oso_sink s;
    oso_sink_fd(&s, fd);
    return finish(&s, render_html(&s, d, o), NULL, NULL);
}

oso_status oso_dossier_save_html(const oso_dossier *d, const char *path, const oso_render_options *o)
{
    if (path == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "NULL path");
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0)
        return oso_fail(OSO_E_IO, "cannot create %s: %s", path, strerror(errno));
    oso_status st = oso_dossier_write_html_fd(d, fd, o);
    if (close(fd) != 0 && st == OSO_OK)
        st = oso_fail(OSO_E_IO, "closing %s failed: %s", path, strerror(errno));
    return st;
}
