/* Structural validation against the schema table (the XSD's verdict), one element at a time.
 * The streaming parser drives it from expat callbacks; oso_structure_check_tree() drives it
 * over a model (after edits, or for dossiers built from code). Findings are `XSD` diagnostics. */
#ifndef OSO_STRUCTURE_H
#define OSO_STRUCTURE_H

#include "base/report.h"
#include "model/model.h"

/* State of one open element. */
struct oso_frame {
    struct oso_node *node;
    uint32_t last_child;    /* index of the last child node, for O(1) appends while parsing */
    uint16_t row;           /* OSO_SCHEMA_NONE: not validated (unknown or misplaced element) */
    uint16_t ctype;         /* complex type with element content, or OSO_SCHEMA_NONE */
    uint16_t stype;         /* simple type of the text, or OSO_SCHEMA_NONE */
    uint16_t state;         /* automaton state over the children */
    uint8_t content_error;  /* a content-model error was reported: do not report more */
    uint8_t has_elements;   /* saw a child element */
    uint8_t attrs_present;  /* bit i: the i-th declared attribute was present */
};

struct oso_structure {
    oso_report *report;
    const struct oso_schema *schema;
    /* Per row: the parent element that last had a child of this row, and how many. Rows
     * cannot nest within themselves (the schema is not recursive), so one slot per row
     * suffices to number same-named siblings. */
    uint32_t *pos_parent;
    uint32_t *pos_count;
};

/* Start checking against `schema` into `report`. Returns 0 on out of memory; release with
 * oso_structure_release() either way. */
int oso_structure_init(struct oso_structure *s, oso_report *report, const struct oso_schema *schema);
void oso_structure_release(struct oso_structure *s);

/* Set up the frame of the root element named (uri, local). Returns 0 when the root is the
 * `dossier` of another OSO version (the caller refuses the document). */
int oso_structure_root(struct oso_structure *s, struct oso_frame *f, struct oso_node *node,
                       int in_namespace, const char *local, size_t local_len);

/* Set up the frame of a child element; `name_id` is OSO_SCHEMA_NONE for names outside the
 * OSO namespace or unknown to the schema. Sets node->row and node->name_pos (0 = unknown). */
void oso_structure_child(struct oso_structure *s, struct oso_frame *parent,
                         struct oso_frame *child, struct oso_node *node, uint16_t name_id,
                         const char *name, size_t name_len);

/* An attribute of the element in frame f: (ns, local) with ns NULL for no namespace. */
void oso_structure_attribute(struct oso_structure *s, struct oso_frame *f, const char *ns,
                             const char *local, const char *value);

/* All attributes seen: report missing required ones. */
void oso_structure_attributes_done(struct oso_structure *s, struct oso_frame *f);

/* Non-whitespace character data directly in an element with element-only content. */
void oso_structure_text_in_elements(struct oso_structure *s, struct oso_frame *f);

/* Element closed: missing children and the simple value (node->text). */
void oso_structure_end(struct oso_structure *s, struct oso_frame *f);

/* Validate a whole model (used after edits): returns a new report or NULL on out of memory. */
oso_report *oso_structure_check_tree(struct oso_dossier *d);

/* Index of attribute `local` among the declared attributes of ctype, or -1. */
int oso_structure_attr_index(const struct oso_schema *sc, uint16_t ctype, const char *local);

#endif
