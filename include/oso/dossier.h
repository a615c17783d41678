/**
 * @file dossier.h
 * @brief The dossier model: navigate, read and edit an OSO dossier.
 *
 * A dossier is a tree of element nodes rooted at `<dossier>`. Nodes are borrowed handles: they
 * belong to their dossier and stay valid until oso_dossier_free() (a node removed with
 * oso_node_remove() may no longer be used). Strings returned by getters are borrowed too and
 * stay valid until the dossier is freed or the node they came from is edited.
 *
 * Navigation functions only see element nodes; comments and processing instructions are kept
 * (and written back) but not exposed.
 *
 * Editing keeps the tree in schema order and refuses elements the schema does not allow at
 * that place, so an exporting application cannot build a dossier whose element order is wrong.
 * Whether required elements are all present is checked by validation (oso_validate()).
 */
#ifndef OSO_DOSSIER_H
#define OSO_DOSSIER_H

#include "oso/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An OSO dossier (opaque). */
typedef struct oso_dossier oso_dossier;
/** An element of a dossier (opaque, borrowed from its dossier). */
typedef struct oso_node oso_node;

/** The namespace of OSO 2019.1 dossiers. */
#define OSO_NAMESPACE "http://www.edustandaard.nl/oso_gegevensset/2019/dossier"

/**
 * Create a dossier holding only an empty `<dossier>` root, for building one from code.
 * @param[out] dossier receives the new dossier; free with oso_dossier_free().
 */
OSO_API oso_status oso_dossier_new(oso_dossier **dossier);

/** Free a dossier and everything borrowed from it (NULL is ignored). */
OSO_API void oso_dossier_free(oso_dossier *dossier);

/**
 * Deep copy of a dossier (independent of the original).
 * @param[out] copy receives the copy.
 * @param dossier the dossier to copy.
 */
OSO_API oso_status oso_dossier_clone(oso_dossier **copy, const oso_dossier *dossier);

/** The root element (normally `<dossier>`), or NULL for NULL. */
OSO_API oso_node *oso_dossier_root(const oso_dossier *dossier);

/**
 * Find an element by path: absolute, steps separated by '/', each step an element name with an
 * optional 1-based position among same-named siblings: `/dossier/huidigeschool/leerling/voornaam[2]`
 * (a step without position means [1]), i.e. the form diagnostics use.
 * @param[out] node receives the element.
 * @param dossier the dossier to search.
 * @param path the element path.
 * @return ::OSO_OK, ::OSO_E_NOT_FOUND, or ::OSO_E_INVALID_ARG for a malformed path.
 */
OSO_API oso_status oso_dossier_find(oso_node **node, const oso_dossier *dossier,
                                    const char *path);

/** Text of the element at @p path (see oso_dossier_find()), or NULL when there is none. */
OSO_API const char *oso_dossier_get(const oso_dossier *dossier, const char *path);

/**
 * Set the text of the element at @p path, creating it and any missing ancestors in schema
 * order. A step `x[n]` may create the n-th `x` only when n-1 exist.
 * @param[out] node optional; receives the element.
 * @param dossier the dossier to edit.
 * @param path the element path (see oso_dossier_find()).
 * @param text the new text (UTF-8).
 * @return ::OSO_OK, ::OSO_E_SCHEMA when a step is not allowed by the schema or the element
 *         cannot hold text, ::OSO_E_INVALID_ARG for a malformed path or text that is not valid
 *         UTF-8 / contains characters XML cannot carry.
 */
OSO_API oso_status oso_dossier_set(oso_node **node, oso_dossier *dossier, const char *path,
                                   const char *text);

/** Element name (local name, without prefix). */
OSO_API const char *oso_node_name(const oso_node *node);

/** Parent element, or NULL for the root. */
OSO_API oso_node *oso_node_parent(const oso_node *node);

/** First child element called @p name (any child when @p name is NULL), or NULL. */
OSO_API oso_node *oso_node_child(const oso_node *node, const char *name);

/** The @p index-th (0-based) child element, or NULL. */
OSO_API oso_node *oso_node_child_at(const oso_node *node, size_t index);

/** Number of child elements. */
OSO_API size_t oso_node_child_count(const oso_node *node);

/** Next sibling element of any name, or NULL. */
OSO_API oso_node *oso_node_next(const oso_node *node);

/** Next sibling element with the same name, or NULL. */
OSO_API oso_node *oso_node_next_same(const oso_node *node);

/**
 * Text content of an element: the characters directly inside it, unmodified (no trimming).
 * @return the text ("" when the element is empty or holds only elements); never NULL.
 */
OSO_API const char *oso_node_text(const oso_node *node);

/** Length in bytes of oso_node_text(). */
OSO_API size_t oso_node_text_length(const oso_node *node);

/** Value of the attribute @p name (e.g. "omschrijving"), or NULL when absent. */
OSO_API const char *oso_node_attribute(const oso_node *node, const char *name);

/**
 * Name of the node's schema type: a named XSD type ("adresType", "nonEmptyStringType"), a
 * built-in ("xs:date"); for an anonymous type the name of its global element ("metadata") or,
 * for a local one, the enclosing type and the element joined by '_'
 * ("leerlingType_adreslijst"); NULL for an element unknown to the schema.
 */
OSO_API const char *oso_node_schema_type(const oso_node *node);

/** 1-based source line of the start tag, 0 for elements created by the editing API. */
OSO_API unsigned long oso_node_line(const oso_node *node);

/**
 * 1-based source column of the start tag, 0 for elements created by the editing API. Columns
 * count bytes from the start of the line (the same as characters for ASCII text; for UTF-16
 * input they count characters).
 */
OSO_API unsigned long oso_node_column(const oso_node *node);

/** 1-based position of the element among its same-named siblings. */
OSO_API size_t oso_node_position(const oso_node *node);

/**
 * Path of the element: `/dossier[1]/huidigeschool[1]/leerling[1]/voornaam[2]`.
 * @param[out] path receives a string to release with oso_free().
 * @param node the element.
 */
OSO_API oso_status oso_node_path(char **path, const oso_node *node);

/**
 * Add a child element in schema order (after existing children that come before it or have
 * the same name).
 * @param[out] child optional; receives the new element.
 * @param name element name; must be allowed in @p parent by the schema.
 * @param text text for an element with simple content, or NULL (empty / container).
 * @param parent the element that receives the child.
 * @return ::OSO_OK; ::OSO_E_SCHEMA when @p parent cannot contain @p name, or @p text is given
 *         for an element that holds elements; ::OSO_E_INVALID_ARG for bad text.
 */
OSO_API oso_status oso_node_add(oso_node **child, oso_node *parent, const char *name,
                                const char *text);

/**
 * Replace the text of an element with simple content. The value is not checked against the
 * element's type here; validation reports a bad value.
 * @return ::OSO_E_SCHEMA when the element holds elements, ::OSO_E_INVALID_ARG for text that is
 *         not valid UTF-8 or contains characters XML cannot carry.
 */
OSO_API oso_status oso_node_set_text(oso_node *node, const char *text);

/**
 * Set (or with @p value NULL remove) an attribute declared by the schema for this element.
 * @return ::OSO_E_SCHEMA for an attribute the schema does not declare here.
 */
OSO_API oso_status oso_node_set_attribute(oso_node *node, const char *name, const char *value);

/**
 * Remove an element and everything inside it. The root cannot be removed.
 * @return ::OSO_E_INVALID_ARG for the root.
 */
OSO_API oso_status oso_node_remove(oso_node *node);

#ifdef __cplusplus
}
#endif

#endif /* OSO_DOSSIER_H */
