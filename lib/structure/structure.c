/* Structural validation: content models, simple values and attributes (see structure.h). */
#include "structure/structure.h"

#include "model/findings.h"
#include "model/navigate.h"
#include "schema/value.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XSI_NS "http://www.w3.org/2001/XMLSchema-instance"
int oso_structure_init(struct oso_structure *s, oso_report *report, const struct oso_schema *schema)
{
    s->report = report;
    s->schema = schema;
    s->pos_parent = calloc(schema->row_count, sizeof *s->pos_parent);
    s->pos_count = calloc(schema->row_count, sizeof *s->pos_count);
    return s->pos_parent != NULL && s->pos_count != NULL;
}

void oso_structure_release(struct oso_structure *s)
{
    free(s->pos_parent);
    free(s->pos_count);
    s->pos_parent = s->pos_count = NULL;
}

/* The element names allowed after `state`: "a, b of c" / "a, b or c". */
static void expected_names(const struct oso_schema *sc, uint16_t ctype, uint16_t state, char *nl,
                           char *en, size_t size)
{
    const struct oso_state *st = &sc->states[sc->ctypes[ctype].state_first + state];
    const struct oso_transition *t = &sc->transitions[st->first_transition];
    size_t n = st->transition_count, lnl = 0, len = 0;
    nl[0] = en[0] = '\0';
    if (n == 0) {
        snprintf(nl, size, "geen elementen meer");
        snprintf(en, size, "no more elements");
        return;
    }
    for (size_t i = 0; i < n && lnl < size && len < size; i++) {
        const char *sep_nl = i == 0 ? "" : i + 1 == n ? " of " : ", ";
        const char *sep_en = i == 0 ? "" : i + 1 == n ? " or " : ", ";
        const char *name = sc->rows[t[i].row].name;
        lnl += (size_t)snprintf(nl + lnl, size - lnl, "%s%s", sep_nl, name);
        len += (size_t)snprintf(en + len, size - len, "%s%s", sep_en, name);
    }
}

static void frame_for_row(const struct oso_schema *sc, struct oso_frame *f, struct oso_node *node,
                          uint16_t row)
{
    memset(f, 0, sizeof *f);
    f->node = node;
    f->row = row;
    f->ctype = f->stype = OSO_SCHEMA_NONE;
    node->row = row;
    if (row == OSO_SCHEMA_NONE)
        return;
    const struct oso_row *r = &sc->rows[row];
    if (r->ctype == OSO_SCHEMA_NONE) {
        f->stype = r->stype;
    } else if (sc->ctypes[r->ctype].simple_content != OSO_SCHEMA_NONE) {
        f->stype = sc->ctypes[r->ctype].simple_content;
        f->ctype = r->ctype; /* for its attributes; it has no element content */
    } else {
        f->ctype = r->ctype;
    }
}

/* Give a new node its row, or for a schema name without a row here, a recorded name (elements
 * with names unknown to the schema get theirs from the parser). Paths need it. */
static void name_node(struct oso_node *node, uint16_t row, uint16_t name_id)
{
    node->row = row;
    struct oso_dossier *d = oso_node_dossier(node);
    uint32_t idx = oso_node_index(node);
    if (row == OSO_SCHEMA_NONE && name_id != OSO_SCHEMA_NONE &&
        oso_model_find_extra(d, idx, OSO_EXTRA_NAME) == NULL)
        oso_model_add_extra(d, idx, OSO_EXTRA_NAME, d->schema->names[name_id], NULL, NULL);
}

/* Element content is allowed only for complex types without simple content. */
static int element_only(const struct oso_frame *f)
{
    return f->ctype != OSO_SCHEMA_NONE && f->stype == OSO_SCHEMA_NONE;
}

int oso_structure_root(struct oso_structure *s, struct oso_frame *f, struct oso_node *node,
                       int in_namespace, const char *local, size_t local_len)
{
    uint16_t row = OSO_SCHEMA_NONE;
    node->name_pos = 1;
    if (in_namespace) {
        for (uint16_t r = 0; r < s->schema->root_count; r++) {
            const char *name = s->schema->rows[r].name;
            if (strlen(name) == local_len && memcmp(name, local, local_len) == 0)
                row = r;
        }
    }
    frame_for_row(s->schema, f, node, row);
    if (row == s->schema->row_dossier)
        return 1;
    if (row != OSO_SCHEMA_NONE) {
        oso_report_node(s->report, "XSD", OSO_SEVERITY_ERROR, node,
                        "Het hoofdelement is '%s'; een OSO-dossier begint met 'dossier' "
                        "(strenger dan xmllint, dat elk globaal element van de XSD accepteert).",
                        "The root element is '%s'; an OSO dossier starts with 'dossier' "
                        "(stricter than xmllint, which accepts any global element of the XSD).",
                        local);
        return 1;
    }
    return 0;
}

void oso_structure_child(struct oso_structure *s, struct oso_frame *parent,
                         struct oso_frame *child, struct oso_node *node, uint16_t name_id,
                         const char *name, size_t name_len)
{
    int shown = name_len > 200 ? 200 : (int)name_len;
    uint16_t row = OSO_SCHEMA_NONE;
    parent->has_elements = 1;
    if (element_only(parent)) {
        uint16_t target = 0;
        if (name_id != OSO_SCHEMA_NONE)
            row = oso_schema_step(s->schema, parent->ctype, parent->state, name_id, &target);
        if (row != OSO_SCHEMA_NONE && !parent->content_error) {
            parent->state = target;
        } else {
            /* Validate a known but misplaced element by its declaration all the same. */
            if (row == OSO_SCHEMA_NONE && name_id != OSO_SCHEMA_NONE)
                row = oso_schema_child_row(s->schema, parent->ctype, name_id);
            if (!parent->content_error) {
                char nl[600], en[600], mnl[900], men[900];
                expected_names(s->schema, parent->ctype, parent->state, nl, en, sizeof nl);
                parent->content_error = 1;
                snprintf(mnl, sizeof mnl, "Element '%.*s' is hier niet toegestaan; verwacht: %s.",
                         shown, name, nl);
                snprintf(men, sizeof men, "Element '%.*s' is not expected here; expected: %s.",
                         shown, name, en);
                name_node(node, row, name_id);
                oso_report_node_text(s->report, "XSD", OSO_SEVERITY_ERROR, node, mnl, men);
            }
        }
    } else if (parent->row != OSO_SCHEMA_NONE && !parent->content_error) {
        parent->content_error = 1;
        name_node(node, row, name_id);
        oso_report_node(s->report, "XSD", OSO_SEVERITY_ERROR, node,
                        "Element '%.*s' is hier niet toegestaan: '%s' bevat alleen tekst.",
                        "Element '%.*s' is not allowed here: '%s' holds text only.",
                        shown, name, s->schema->rows[parent->row].name);
    }
    name_node(node, row, name_id);
    frame_for_row(s->schema, child, node, row);
    if (row == OSO_SCHEMA_NONE) {
        node->name_pos = 0; /* computed from names when a path needs it */
        return;
    }
    uint32_t pidx = oso_node_index(parent->node);
    if (s->pos_parent[row] != pidx) {
        s->pos_parent[row] = pidx;
        s->pos_count[row] = 0;
    }
    node->name_pos = ++s->pos_count[row];
}

int oso_structure_attr_index(const struct oso_schema *sc, uint16_t ctype, const char *local)
{
    if (ctype == OSO_SCHEMA_NONE)
        return -1;
    const struct oso_ctype *c = &sc->ctypes[ctype];
    for (int i = 0; i < c->attr_count; i++)
        if (strcmp(sc->attrs[c->attr_first + i].name, local) == 0)
            return i;
    return -1;
}

static const char *shorten(const char *text, size_t len, char *buf, size_t size)
{
    if (len + 1 <= size)
        return text;
    size_t keep = size - 4;
    while (keep > 0 && ((unsigned char)text[keep] & 0xC0) == 0x80)
        keep--; /* do not cut a UTF-8 sequence */
    memcpy(buf, text, keep);
    memcpy(buf + keep, "...", 4);
    return buf;
}

static void value_problem(struct oso_structure *s, struct oso_node *node, const char *what,
                          const char *name, const char *text, size_t len,
                          const struct oso_value_error *e)
{
    char shortbuf[64];
    const char *shown = shorten(text, len, shortbuf, sizeof shortbuf);
    const char *sep = e->detail[0] ? " " : "";
    char nl[400], en[400];
    snprintf(nl, sizeof nl, "%s '%s': de waarde '%s' %s%s%s.", what, name, shown, e->nl, sep,
             e->detail);
    snprintf(en, sizeof en, "%s '%s': the value '%s' %s%s%s.", what, name, shown, e->en, sep,
             e->detail);
    oso_report_node_text(s->report, "XSD", OSO_SEVERITY_ERROR, node, nl, en);
}

void oso_structure_attribute(struct oso_structure *s, struct oso_frame *f, const char *ns,
                             const char *local, const char *value)
{
    if (f->row == OSO_SCHEMA_NONE)
        return;
    const struct oso_schema *sc = s->schema;
    const char *elem = sc->rows[f->row].name;
    if (ns != NULL && strcmp(ns, XSI_NS) == 0) {
        if (strcmp(local, "schemaLocation") == 0 || strcmp(local, "noNamespaceSchemaLocation") == 0)
            return;
        oso_report_node(s->report, "XSD", OSO_SEVERITY_ERROR, f->node,
                        "Attribuut 'xsi:%s' op element '%s' wordt niet ondersteund "
                        "(geen OSO-element is nillable of heeft afgeleide types).",
                        "Attribute 'xsi:%s' on element '%s' is not supported "
                        "(no OSO element is nillable or has derived types).", local, elem);
        return;
    }
    int idx = ns == NULL ? oso_structure_attr_index(sc, f->ctype, local) : -1;
    if (idx < 0) {
        oso_report_node(s->report, "XSD", OSO_SEVERITY_ERROR, f->node,
                        "Attribuut '%s' is niet toegestaan op element '%s'.",
                        "Attribute '%s' is not allowed on element '%s'.", local, elem);
        return;
    }
    f->attrs_present |= (uint8_t)(1u << idx);
    const struct oso_attr_decl *a = &sc->attrs[sc->ctypes[f->ctype].attr_first + idx];
    struct oso_value_error e;
    size_t len = strlen(value);
    if (!oso_value_check(sc, a->stype, value, len, &e))
        value_problem(s, f->node, "Attribuut", local, value, len, &e);
}

void oso_structure_attributes_done(struct oso_structure *s, struct oso_frame *f)
{
    if (f->ctype == OSO_SCHEMA_NONE)
        return;
    const struct oso_ctype *c = &s->schema->ctypes[f->ctype];
    for (int i = 0; i < c->attr_count; i++) {
        const struct oso_attr_decl *a = &s->schema->attrs[c->attr_first + i];
        if (a->required && !(f->attrs_present & (1u << i)))
            oso_report_node(s->report, "XSD", OSO_SEVERITY_ERROR, f->node,
                            "Verplicht attribuut '%s' ontbreekt.",
                            "Required attribute '%s' is missing.", a->name);
    }
}

void oso_structure_text_in_elements(struct oso_structure *s, struct oso_frame *f)
{
    if (f->content_error || f->row == OSO_SCHEMA_NONE)
        return;
    f->content_error = 1;
    oso_report_node(s->report, "XSD", OSO_SEVERITY_ERROR, f->node,
                    "Element '%s' mag alleen elementen bevatten, geen tekst.",
                    "Element '%s' may contain only elements, no text.",
                    s->schema->rows[f->row].name);
}

void oso_structure_end(struct oso_structure *s, struct oso_frame *f)
{
    if (f->row == OSO_SCHEMA_NONE)
        return;
    const struct oso_schema *sc = s->schema;
    const char *name = sc->rows[f->row].name;
    if (element_only(f)) {
        const struct oso_state *st = &sc->states[sc->ctypes[f->ctype].state_first + f->state];
        if (!f->content_error && !st->accepting) {
            char nl[600], en[600], mnl[900], men[900];
            expected_names(sc, f->ctype, f->state, nl, en, sizeof nl);
            snprintf(mnl, sizeof mnl, "Element '%s' is onvolledig: verwacht nog %s.", name, nl);
            snprintf(men, sizeof men, "Element '%s' is incomplete: expected %s.", name, en);
            oso_report_node_text(s->report, "XSD", OSO_SEVERITY_ERROR, f->node, mnl, men);
        }
        return;
    }
    if (f->has_elements)
        return; /* already reported as misplaced content */
    if ((f->node->flags & OSO_NF_STREAMED) && f->node->text_len > 0)
        return; /* streamed attachment text: only its presence is known (it is a plain string) */
    struct oso_value_error e;
    const char *text = f->node->text ? f->node->text : "";
    if (!oso_value_check(sc, f->stype, text, f->node->text_len, &e))
        value_problem(s, f->node, "Element", name, text, f->node->text_len, &e);
}

/* The frame of element `n` below `parent`: as the parser would set it up. 0 on out of memory. */
static int enter_child(struct oso_structure *s, struct oso_dossier *d, struct oso_frame *parent,
                       struct oso_frame *f, struct oso_node *n)
{
    const struct oso_extra *ns = oso_model_find_extra(d, oso_node_index(n), OSO_EXTRA_NS);
    const char *name = oso_model_name(n);
    uint16_t name_id = ns ? OSO_SCHEMA_NONE : oso_schema_name_lookup(d->schema, name, strlen(name));
    int had_row = n->row != OSO_SCHEMA_NONE;
    oso_structure_child(s, parent, f, n, name_id, name, strlen(name));
    /* The element lost its row (misplaced): keep its name, which came from the row. */
    return !(had_row && n->row == OSO_SCHEMA_NONE) ||
           oso_model_add_extra(d, oso_node_index(n), OSO_EXTRA_NAME, name, NULL, NULL);
}

static void check_attributes(struct oso_structure *s, struct oso_dossier *d, struct oso_frame *f)
{
    for (const struct oso_extra *e = oso_model_find_extra(d, oso_node_index(f->node), OSO_EXTRA_ATTR);
         e != NULL; e = oso_model_next_extra(d, e)) {
        const char *colon = strchr(e->name, ':');
        oso_structure_attribute(s, f, e->ns, colon ? colon + 1 : e->name, e->value);
    }
    oso_structure_attributes_done(s, f);
}

/* Walk the model in document order with a stack of frames (depth is not bounded for parsed
 * input), driving the same checks as the streaming parser. */
oso_report *oso_structure_check_tree(struct oso_dossier *d)
{
    oso_report *report = oso_report_new();
    struct oso_structure *s = malloc(sizeof *s);
    size_t cap = 32;
    struct oso_frame *stack = malloc(cap * sizeof *stack);
    struct oso_node *root = oso_nav_first_element(oso_node_at(d, 1));
    int started = 0;
    if (report == NULL || s == NULL || stack == NULL)
        goto nomem;
    started = 1;
    if (!oso_structure_init(s, report, d->schema))
        goto nomem;
    if (root == NULL)
        goto out;
    const char *name = oso_model_name(root);
    const struct oso_extra *ns = oso_model_find_extra(d, oso_node_index(root), OSO_EXTRA_NS);
    if (!oso_structure_root(s, &stack[0], root, ns == NULL, name, strlen(name)))
        oso_report_node(report, "XSD", OSO_SEVERITY_ERROR, root,
                        "Element '%s' is geen OSO 2019.1-dossier.",
                        "Element '%s' is not an OSO 2019.1 dossier.", name);
    struct oso_walk w;
    oso_walk_init(&w, root, OSO_WALK_ROOT | OSO_WALK_LEAVE);
    while (oso_walk_next(&w)) {
        struct oso_node *n = w.node;
        size_t k = w.depth;
        if (w.leaving) {
            oso_structure_end(s, &stack[k]);
            continue;
        }
        if (n->kind == OSO_KIND_TEXT) {
            struct oso_frame *parent = &stack[k - 1];
            if (element_only(parent) && !oso_all_space(n->text, n->text_len))
                oso_structure_text_in_elements(s, parent);
            continue;
        }
        if (n->kind != OSO_KIND_ELEMENT)
            continue;
        if (k == cap) {
            struct oso_frame *grown = realloc(stack, 2 * cap * sizeof *stack);
            if (grown == NULL)
                goto nomem;
            stack = grown;
            cap *= 2;
        }
        if (k > 0 && !enter_child(s, d, &stack[k - 1], &stack[k], n))
            goto nomem;
        check_attributes(s, d, &stack[k]);
        if (!oso_nav_has_children(n)) /* a childless node gets no leaving visit */
            oso_structure_end(s, &stack[k]);
    }
    goto out;
nomem:
    oso_report_free(report);
    report = NULL;
out:
    if (started)
        oso_structure_release(s);
    free(stack);
    free(s);
    return report;
}
