/* Paths in the contract form "/dossier[1]/x[2]": building them for nodes, and finding nodes
 * by them. */
#include "model/path.h"

#include "base/error.h"
#include "model/navigate.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static uint32_t name_position(const struct oso_node *n)
{
    if (n->name_pos != 0)
        return n->name_pos;
    const char *name = oso_model_name(n);
    struct oso_node *parent = oso_node_link(n, n->parent);
    uint32_t pos = 1;
    if (parent == NULL)
        return 1;
    for (struct oso_node *c = oso_nav_first_element(parent); c != NULL && c != n; c = oso_nav_next_element(c))
        pos += strcmp(oso_model_name(c), name) == 0;
    return pos;
}

char *oso_model_path(const struct oso_node *n)
{
    size_t len = 0;
    for (const struct oso_node *p = n; p != NULL && p->kind == OSO_KIND_ELEMENT;
         p = oso_node_link(p, p->parent))
        len += strlen(oso_model_name(p)) + 13;
    char *buf = malloc(len + 1);
    if (buf == NULL)
        return NULL;
    /* Write steps from the end backwards, then move the result to the front. */
    size_t at = len;
    buf[at] = '\0';
    for (const struct oso_node *p = n; p != NULL && p->kind == OSO_KIND_ELEMENT;
         p = oso_node_link(p, p->parent)) {
        /* "[n]", digits written last to first (snprintf per step was most of the cost) */
        buf[--at] = ']';
        uint32_t pos = name_position(p);
        do {
            buf[--at] = (char)('0' + pos % 10);
            pos /= 10;
        } while (pos > 0);
        buf[--at] = '[';
        const char *name = oso_model_name(p);
        size_t nl = strlen(name);
        at -= nl;
        memcpy(buf + at, name, nl);
        buf[--at] = '/';
    }
    memmove(buf, buf + at, len - at + 1);
    return buf;
}

size_t oso_node_position(const oso_node *n) { return n ? name_position(n) : 0; }

oso_status oso_node_path(char **out, const oso_node *n)
{
    if (out == NULL || n == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_node_path: NULL argument");
    *out = oso_model_path(n);
    return *out ? OSO_OK : oso_fail(OSO_E_NOMEM, "out of memory building a path");
}

/* Next step of an absolute path; returns 0 at the end, -1 on a syntax error. */
int oso_path_next_step(const char **p, struct oso_path_step *step)
{
    const char *s = *p;
    if (*s == '\0')
        return 0;
    if (*s != '/')
        return -1;
    s++;
    step->name = s;
    while (*s && *s != '/' && *s != '[') {
        if (*s == ']' || (unsigned char)*s <= ' ')
            return -1; /* not a character of an element name */
        s++;
    }
    step->len = (size_t)(s - step->name);
    step->pos = 1;
    if (step->len == 0)
        return -1;
    if (*s == '[') {
        /* Only digits: no sign, space or wrap-around as strtoul would allow. */
        unsigned long pos = 0;
        const char *d = s + 1;
        for (; *d >= '0' && *d <= '9'; d++) {
            if (pos > (ULONG_MAX - 9) / 10)
                return -1;
            pos = pos * 10 + (unsigned long)(*d - '0');
        }
        if (d == s + 1 || *d != ']' || pos == 0)
            return -1;
        step->pos = pos;
        s = d + 1;
    }
    if (*s != '\0' && *s != '/')
        return -1;
    *p = s;
    return 1;
}

struct oso_node *oso_path_child(const struct oso_node *parent, const struct oso_path_step *step,
                                  unsigned long *count)
{
    *count = 0;
    for (struct oso_node *c = oso_nav_first_element(parent); c != NULL; c = oso_nav_next_element(c)) {
        const char *name = oso_model_name(c);
        if (strlen(name) == step->len && memcmp(name, step->name, step->len) == 0 &&
            ++*count == step->pos)
            return c;
    }
    return NULL;
}

oso_status oso_dossier_find(oso_node **out, const oso_dossier *d, const char *path)
{
    if (out == NULL || d == NULL || path == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_dossier_find: NULL argument");
    *out = NULL;
    struct oso_node *n = oso_node_at(d, 1);
    struct oso_path_step step;
    int r;
    const char *p = path;
    while ((r = oso_path_next_step(&p, &step)) > 0) {
        unsigned long count;
        n = oso_path_child(n, &step, &count);
        if (n == NULL)
            return oso_fail(OSO_E_NOT_FOUND, "no element at %s", path);
    }
    if (r < 0 || n->kind != OSO_KIND_ELEMENT)
        return oso_fail(OSO_E_INVALID_ARG, "malformed path '%s'", path);
    *out = n;
    return OSO_OK;
}

const char *oso_dossier_get(const oso_dossier *d, const char *path)
{
    oso_node *n;
    if (oso_dossier_find(&n, d, path) != OSO_OK)
        return NULL;
    return oso_node_text(n);
}
