/* The inputs of a batch command: file arguments as given, directories walked with
 * --recursive (each directory once, by device and inode, so links cannot loop), and every
 * argument that cannot be used kept as an input with the reason, so it is reported in order. */
#include "inputs.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

struct dir_id {
    dev_t dev;
    ino_t ino;
};

struct walk {
    struct cli_inputs *inputs;
    struct dir_id *seen; /* open addressing; ino 0 with dev 0 = free (never a real directory) */
    size_t seen_cap, seen_count;
};

static int add(struct cli_inputs *l, const char *path, const char *problem)
{
    if (l->count == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        struct cli_input *grown = realloc(l->items, cap * sizeof *grown);
        if (grown == NULL)
            return 0;
        l->items = grown;
        l->cap = cap;
    }
    struct cli_input *in = &l->items[l->count];
    in->path = strdup(path);
    in->problem = problem != NULL ? strdup(problem) : NULL;
    in->output = NULL;
    if (in->path == NULL || (problem != NULL && in->problem == NULL)) {
        free(in->path);
        free(in->problem);
        return 0;
    }
    l->count++;
    return 1;
}

static size_t slot(const struct walk *w, struct dir_id id)
{
    size_t i = ((size_t)id.ino * 31u + (size_t)id.dev) & (w->seen_cap - 1);
    while ((w->seen[i].dev != 0 || w->seen[i].ino != 0) &&
           (w->seen[i].dev != id.dev || w->seen[i].ino != id.ino))
        i = (i + 1) & (w->seen_cap - 1);
    return i;
}

/* Record a directory; 1 when it is new, 0 when it was seen before, -1 when out of memory. */
static int first_visit(struct walk *w, const struct stat *sb)
{
    struct dir_id id = {sb->st_dev, sb->st_ino};
    if (2 * (w->seen_count + 1) > w->seen_cap) {
        size_t cap = w->seen_cap ? 2 * w->seen_cap : 64;
        struct dir_id *old = w->seen;
        size_t old_cap = w->seen_cap;
        w->seen = calloc(cap, sizeof *w->seen);
        if (w->seen == NULL) {
            w->seen = old;
            return -1;
        }
        w->seen_cap = cap;
        for (size_t i = 0; i < old_cap; i++)
            if (old[i].dev != 0 || old[i].ino != 0)
                w->seen[slot(w, old[i])] = old[i];
        free(old);
    }
    size_t i = slot(w, id);
    if (w->seen[i].dev == id.dev && w->seen[i].ino == id.ino && (id.dev != 0 || id.ino != 0))
        return 0;
    w->seen[i] = id;
    w->seen_count++;
    return 1;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_xml_name(const char *name)
{
    size_t len = strlen(name);
    return len > 4 && strcasecmp(name + len - 4, ".xml") == 0;
}

static char *join(const char *dir, const char *name)
{
    size_t dl = strlen(dir);
    int slash = dl > 0 && dir[dl - 1] == '/';
    char *p = malloc(dl + strlen(name) + 2);
    if (p != NULL) {
        memcpy(p, dir, dl);
        if (!slash)
            p[dl++] = '/';
        strcpy(p + dl, name);
    }
    return p;
}

static char *problem_text(int err)
{
    const char *fmt = TR("kan niet gelezen worden: %s", "cannot be read: %s");
    const char *why = cli_errno_text(err);
    size_t n = strlen(fmt) + strlen(why) + 1;
    char *p = malloc(n);
    if (p != NULL)
        snprintf(p, n, fmt, why);
    return p;
}

static int add_unreadable(struct cli_inputs *l, const char *path, int err)
{
    char *why = problem_text(err);
    int ok = why != NULL && add(l, path, why);
    free(why);
    return ok;
}

/* Walk `dir` (already recorded as seen): its entries in byte order of their names. */
static int walk_dir(struct walk *w, const char *dir)
{
    DIR *dh = opendir(dir);
    if (dh == NULL)
        return add_unreadable(w->inputs, dir, errno);
    char **names = NULL;
    size_t count = 0, cap = 0;
    int ok = 1;
    struct dirent *e;
    errno = 0;
    while (ok && (e = readdir(dh)) != NULL) {
        if (e->d_name[0] == '.') /* ".", ".." and hidden entries */
            continue;
        if (count == cap) {
            cap = cap ? 2 * cap : 32;
            char **grown = realloc(names, cap * sizeof *grown);
            if (grown == NULL) {
                ok = 0;
                break;
            }
            names = grown;
        }
        if ((names[count] = strdup(e->d_name)) == NULL)
            ok = 0;
        else
            count++;
    }
    closedir(dh);
    if (names != NULL)
        qsort(names, count, sizeof *names, compare_names);
    for (size_t i = 0; ok && i < count; i++) {
        char *path = join(dir, names[i]);
        if (path == NULL) {
            ok = 0;
            break;
        }
        struct stat sb;
        if (stat(path, &sb) != 0) {
            /* A dangling link (or a race) that looks like a dossier: report it, do not drop it. */
            if (is_xml_name(names[i]))
                ok = add_unreadable(w->inputs, path, errno);
        } else if (S_ISDIR(sb.st_mode)) {
            int first = first_visit(w, &sb);
            ok = first >= 0 && (first == 0 || walk_dir(w, path));
        } else if (S_ISREG(sb.st_mode) && is_xml_name(names[i])) {
            ok = add(w->inputs, path, NULL);
        }
        free(path);
    }
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
    return ok;
}

int cli_inputs_add(struct cli_inputs *l, const char *arg, int recursive)
{
    struct stat sb;
    if (strcmp(arg, "-") == 0 || stat(arg, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return add(l, arg, NULL); /* missing or unreadable files are found when read */
    if (!recursive)
        return add(l, arg, TR("is een map (gebruik --recursive om de bestanden erin te controleren)",
                              "is a directory (use --recursive to validate the files in it)"));
    struct walk w = {.inputs = l};
    int ok = first_visit(&w, &sb) >= 0 && walk_dir(&w, arg);
    free(w.seen);
    return ok;
}

void cli_inputs_free(struct cli_inputs *l)
{
    for (size_t i = 0; i < l->count; i++) {
        free(l->items[i].path);
        free(l->items[i].problem);
        free(l->items[i].output);
    }
    free(l->items);
    l->items = NULL;
    l->count = l->cap = 0;
}
