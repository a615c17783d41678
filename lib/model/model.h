/* Internal layout of the dossier model.
 *
 * Nodes live in 16 KiB blocks aligned to their size, linked by 32-bit indices: a node is 40
 * bytes, which keeps the model near the size of the XML it came from. A node pointer finds its
 * block (and so its dossier) by masking its address, so the public node API needs no dossier
 * argument. Blocks never move: node handles stay valid while nodes are added. */
#ifndef OSO_MODEL_H
#define OSO_MODEL_H

#include "base/arena.h"
#include "schema/schema.h"

#include "oso/dossier.h"
#include "oso/report.h"

#include <stdint.h>

enum oso_node_kind {
    OSO_KIND_DOCUMENT,  /* index 1: holds the root element and comments/PIs around it */
    OSO_KIND_ELEMENT,
    OSO_KIND_TEXT,      /* only where text is split by comments/PIs or sits in element content */
    OSO_KIND_COMMENT,
    OSO_KIND_PI         /* text = data; target in extras */
};

enum oso_node_flag {
    OSO_NF_EXTRAS = 1,      /* has entries in the extras table */
    OSO_NF_SPLIT_TEXT = 2,  /* element text is split by comments/PIs: TEXT children hold pieces */
    OSO_NF_CREATED = 4,     /* made by the editing API (no source position) */
    OSO_NF_STREAMED = 8     /* text handed to an attachment function, not kept: text_len only */
};

#define OSO_NIL 0u

struct oso_node {
    const char *text;          /* element: its direct text (NUL-terminated) or NULL */
    uint32_t parent, first_child, next_sibling;
    uint32_t text_len;
    uint32_t line, column;
    uint32_t name_pos;         /* 1-based position among same-named siblings */
    uint16_t row;              /* schema row, OSO_SCHEMA_NONE for unknown elements */
    uint8_t kind;
    uint8_t flags;
};

/* Nodes live in blocks aligned to OSO_BLOCK_SIZE (a node finds its block, and so its dossier,
 * by masking its address) and at most that large. A block holds 1 to OSO_SLICES_PER_BLOCK
 * slices of OSO_NODES_PER_SLICE nodes: small dossiers get small blocks, so the unused tail of
 * the last one stays small. */
enum { OSO_BLOCK_SIZE = 16 * 1024, OSO_SLICES_PER_BLOCK = 4 };

struct oso_block_header {
    struct oso_dossier *dossier;
    uint32_t base;             /* index of the first node in this block */
    uint32_t pad;
};

#define OSO_NODES_PER_SLICE \
    ((OSO_BLOCK_SIZE - sizeof(struct oso_block_header)) / sizeof(struct oso_node) / OSO_SLICES_PER_BLOCK)

enum oso_extra_kind {
    OSO_EXTRA_ATTR,      /* name = qualified name as written, value; ns = attribute namespace */
    OSO_EXTRA_NSDECL,    /* name = prefix ("" for default), value = URI */
    OSO_EXTRA_NAME,      /* element name when the element has no schema row */
    OSO_EXTRA_NS,        /* namespace of an element outside the OSO namespace ("" for none) */
    OSO_EXTRA_PREFIX,    /* prefix the element was written with */
    OSO_EXTRA_PI_TARGET  /* target of a processing instruction */
};

struct oso_extra {
    uint32_t node;
    uint32_t kind;
    const char *name;
    const char *value;
    const char *ns;
};

struct oso_dossier {
    const struct oso_schema *schema; /* the standard version the dossier follows */
    struct oso_node **slices;  /* first node of each slice, by index / OSO_NODES_PER_SLICE */
    size_t slice_count, slice_cap;
    uint32_t node_count;       /* next free index; index 0 is the nil node */
    size_t node_hint;          /* expected number of nodes (sizes blocks), 0 when unknown */
    struct oso_arena arena;
    struct oso_extra *extras;
    size_t extra_count, extra_cap;
    int extras_unsorted;
    oso_report *structure;     /* structural diagnostics found while parsing */
    int edited;                /* changed since parsing: structure must be checked again */
    uint32_t *preorder;        /* document order by node index, built on demand after edits */
    int streamed;              /* some attachment content was streamed away while parsing */
};

static inline struct oso_node *oso_node_at(const struct oso_dossier *d, uint32_t idx)
{
    if (idx == OSO_NIL)
        return NULL;
    return d->slices[idx / OSO_NODES_PER_SLICE] + idx % OSO_NODES_PER_SLICE;
}

static inline struct oso_block_header *oso_node_block(const struct oso_node *n)
{
    return (struct oso_block_header *)((uintptr_t)n & ~(uintptr_t)(OSO_BLOCK_SIZE - 1));
}

static inline struct oso_dossier *oso_node_dossier(const struct oso_node *n)
{
    return oso_node_block(n)->dossier;
}

static inline uint32_t oso_node_index(const struct oso_node *n)
{
    struct oso_block_header *b = oso_node_block(n);
    return b->base + (uint32_t)((const struct oso_node *)n - (const struct oso_node *)(b + 1));
}

/* The schema of the dossier a node belongs to. */
static inline const struct oso_schema *oso_node_schema(const struct oso_node *n)
{
    return oso_node_dossier(n)->schema;
}

/* The schema row of an element (NULL for unknown elements and other nodes). */
static inline const struct oso_row *oso_node_row(const struct oso_node *n)
{
    return n->row == OSO_SCHEMA_NONE ? NULL : &oso_node_schema(n)->rows[n->row];
}

static inline struct oso_node *oso_node_link(const struct oso_node *n, uint32_t idx)
{
    return idx == OSO_NIL ? NULL : oso_node_at(oso_node_dossier(n), idx);
}

/* Allocate a node (zeroed, kind set); its index is returned through *idx. NULL when out of
 * memory. */
struct oso_node *oso_model_new_node(struct oso_dossier *d, enum oso_node_kind kind, uint32_t *idx);
/* Create an empty dossier model of standard `schema` with only the document node. */
struct oso_dossier *oso_model_new(const struct oso_schema *schema);
/* Append an extra to the table. Returns 0 on out of memory. */
int oso_model_add_extra(struct oso_dossier *d, uint32_t node, enum oso_extra_kind kind,
                        const char *name, const char *value, const char *ns);
/* Remove an extra from the table. */
void oso_model_remove_extra(struct oso_dossier *d, const struct oso_extra *e);
/* First extra of `kind` for node (NULL if none); iterate with oso_model_next_extra. */
const struct oso_extra *oso_model_find_extra(const struct oso_dossier *d, uint32_t node,
                                             enum oso_extra_kind kind);
const struct oso_extra *oso_model_next_extra(const struct oso_dossier *d,
                                             const struct oso_extra *e);
/* Element name of a node (schema row name, or the recorded name of an unknown element). */
const char *oso_model_name(const struct oso_node *n);
/* Compute name_pos of every child of `parent` (after edits). */
void oso_model_renumber(struct oso_dossier *d, struct oso_node *parent);
/* Document-order key of a node (its index while the model is as parsed). */
uint64_t oso_model_order(const struct oso_node *n);
/* Mark the model as changed since parsing. */
void oso_model_touch(struct oso_dossier *d);
/* Replace the text of a node in place, keeping its children: a text piece, comment or PI
 * data, or the joined text of an element whose text is split (its pieces are set one by one).
 * `text` must be valid UTF-8 that XML can carry (and, in a comment, hold no "--"). */
oso_status oso_model_set_node_text(struct oso_node *n, const char *text, size_t len);

#endif
