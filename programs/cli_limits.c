/* `--limit NAME=VALUE`: every limit of oso_parse_options and oso_attachment_options on the
 * command line, and the hint that names the limit when an input is refused by one. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const struct cli_limits *cli_limits_active;

enum field { DEPTH, NODES, TEXT, INPUT, ENTRIES, ENTRY_SIZE, TOTAL_SIZE, RATIO };

static const struct limit {
    const char *name;
    enum field field;
    int zero_disables;     /* attachment limits: 0 switches the limit off (the library's rule) */
    const char *rule;      /* the diagnostic that reports this limit */
    const char *refusal;   /* start of its English message, for the parser's XML refusals */
    const char *nl, *en;   /* help */
} limits[] = {
    {"depth", DEPTH, 0, "XML", "Elements nested too deeply", "nesting van elementen",
     "element nesting"},
    {"nodes", NODES, 0, "XML", "Too many nodes", "elementen, commentaar en verwerkingsinstructies",
     "elements, comments and processing instructions"},
    {"text", TEXT, 0, "XML", "Text value larger", "bytes van één tekstwaarde (een tag: 1M meer)",
     "bytes of one text value (a tag: 1M more)"},
    {"text", TEXT, 0, "XML", "An XML token", NULL, NULL},
    {"input", INPUT, 0, "XML", "Input larger",
     "bytes invoer (bij --attachments en 'oso attachments': geen limiet tenzij opgegeven)",
     "bytes of input (with --attachments and 'oso attachments': none unless given)"},
    {"entries", ENTRIES, 1, "ATT.ZIP_ENTRIES", NULL, "bestanden per ZIP-bijlage",
     "entries per ZIP attachment"},
    {"entry-size", ENTRY_SIZE, 1, "ATT.ZIP_SIZE", NULL, "uitgepakte bytes per bestand in een bijlage",
     "uncompressed bytes per attachment entry"},
    {"total-size", TOTAL_SIZE, 1, "ATT.ZIP_TOTAL", NULL, "uitgepakte bytes per bijlage",
     "uncompressed bytes per attachment"},
    {"ratio", RATIO, 1, "ATT.ZIP_BOMB", NULL,
     "compressieverhouding van een bestand groter dan 1M in een bijlage",
     "compression ratio of an attachment entry larger than 1M"},
};
#define LIMIT_COUNT (sizeof limits / sizeof limits[0])

void cli_limits_init(struct cli_limits *l)
{
    oso_parse_options_init(&l->parse, OSO_PARSE_OPTIONS_VERSION);
    oso_attachment_options_init(&l->attachments, OSO_ATTACHMENT_OPTIONS_VERSION);
    l->input_given = 0;
}

static uint64_t get(const struct cli_limits *l, enum field f)
{
    switch (f) {
    case DEPTH: return l->parse.max_depth;
    case NODES: return l->parse.max_nodes;
    case TEXT: return l->parse.max_text_bytes;
    case INPUT: return l->parse.max_input_bytes;
    case ENTRIES: return l->attachments.max_entries;
    case ENTRY_SIZE: return l->attachments.max_entry_size;
    case TOTAL_SIZE: return l->attachments.max_total_size;
    case RATIO: return l->attachments.max_ratio;
    }
    return 0;
}

/* The largest value a field holds. */
static uint64_t maximum(enum field f)
{
    switch (f) {
    case DEPTH:
    case RATIO: return UINT32_MAX;
    case ENTRIES: return SIZE_MAX;
    default: return UINT64_MAX;
    }
}

static void set(struct cli_limits *l, enum field f, uint64_t v)
{
    switch (f) {
    case DEPTH: l->parse.max_depth = (unsigned int)v; break;
    case NODES: l->parse.max_nodes = v; break;
    case TEXT: l->parse.max_text_bytes = v; break;
    case INPUT: l->parse.max_input_bytes = v; l->input_given = 1; break;
    case ENTRIES: l->attachments.max_entries = (size_t)v; break;
    case ENTRY_SIZE: l->attachments.max_entry_size = v; break;
    case TOTAL_SIZE: l->attachments.max_total_size = v; break;
    case RATIO: l->attachments.max_ratio = (uint32_t)v; break;
    }
}

int cli_limit_set(struct cli_limits *l, const char *cmd, const char *usage, const char *spec)
{
    const char *eq = strchr(spec, '=');
    size_t i;
    for (i = 0; eq != NULL && i < LIMIT_COUNT; i++)
        if (strlen(limits[i].name) == (size_t)(eq - spec) &&
            strncmp(spec, limits[i].name, (size_t)(eq - spec)) == 0)
            break;
    if (eq == NULL || i == LIMIT_COUNT) {
        cli_usage_error(cmd, usage,
                        TR("onbekende limiet in '%s' (depth, nodes, text, input, entries, "
                           "entry-size, total-size, ratio)",
                           "unknown limit in '%s' (depth, nodes, text, input, entries, "
                           "entry-size, total-size, ratio)"),
                        spec);
        return 0;
    }
    const char *value = eq + 1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(value, &end, 10);
    unsigned shift = 0;
    if (end != value && (*end == 'k' || *end == 'K'))
        shift = 10, end++;
    else if (end != value && *end == 'M')
        shift = 20, end++;
    else if (end != value && *end == 'G')
        shift = 30, end++;
    int ok = end != value && *end == '\0' && errno == 0 && value[0] != '-';
    uint64_t scaled = shift ? (uint64_t)v << shift : (uint64_t)v;
    if (ok && shift && (scaled >> shift) != v)
        ok = 0;
    if (ok && (scaled > maximum(limits[i].field) || (scaled == 0 && !limits[i].zero_disables)))
        ok = 0;
    if (!ok) {
        cli_usage_error(cmd, usage,
                        limits[i].zero_disables
                            ? TR("limiet %s: een getal van 0 (geen limiet) tot %llu verwacht, "
                                 "eventueel met k, M of G",
                                 "limit %s: a number from 0 (no limit) to %llu expected, "
                                 "optionally with k, M or G")
                            : TR("limiet %s: een getal van 1 tot %llu verwacht, eventueel met "
                                 "k, M of G",
                                 "limit %s: a number from 1 to %llu expected, optionally with "
                                 "k, M or G"),
                        limits[i].name, (unsigned long long)maximum(limits[i].field));
        return 0;
    }
    set(l, limits[i].field, scaled);
    return 1;
}

void cli_limits_help(FILE *f)
{
    struct cli_limits defaults;
    cli_limits_init(&defaults);
    for (size_t i = 0; i < LIMIT_COUNT; i++) {
        if (limits[i].nl == NULL)
            continue;
        fprintf(f, "      %-11s %s (%s %llu%s)\n", limits[i].name, TR(limits[i].nl, limits[i].en),
                TR("standaard", "default"), (unsigned long long)get(&defaults, limits[i].field),
                limits[i].zero_disables ? TR("; 0: geen limiet", "; 0: none") : "");
    }
}

const char *cli_limit_hint(const oso_diagnostic *g)
{
    static _Thread_local char hint[256];
    const char *rule = oso_diagnostic_rule(g);
    /* The library's "code table not loaded" information: the CLI says how to load it. */
    if (strncmp(rule, "CL.", 3) == 0 && oso_diagnostic_severity(g) == OSO_SEVERITY_INFO)
        return TR(" [laad de tabel met --codelists DIR]", " [load it with --codelists DIR]");
    if (cli_limits_active == NULL || oso_diagnostic_severity(g) != OSO_SEVERITY_ERROR)
        return "";
    const char *en = oso_diagnostic_message(g, OSO_LANG_EN);
    for (size_t i = 0; i < LIMIT_COUNT; i++) {
        if (strcmp(rule, limits[i].rule) != 0)
            continue;
        if (limits[i].refusal != NULL &&
            strncmp(en, limits[i].refusal, strlen(limits[i].refusal)) != 0)
            continue;
        snprintf(hint, sizeof hint,
                 TR(" [limiet %s = %llu; verhoog met --limit %s=N]",
                    " [limit %s = %llu; raise it with --limit %s=N]"),
                 limits[i].name, (unsigned long long)get(cli_limits_active, limits[i].field),
                 limits[i].name);
        return hint;
    }
    return "";
}
