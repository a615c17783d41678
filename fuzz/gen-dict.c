/*
 * Prints the libFuzzer dictionary for the XML harnesses (oso.dict, made at build time): the
 * element and attribute names of the schema table (so no committed file restates them), the
 * namespace, the codes of the embedded codelists, the release values, and a few XML tokens.
 */
#include "schema/schema.h"

#include "oso/oso.h"

#include <stdio.h>
#include <string.h>
#include "schema/oso_2019_1.h"

/* The version this program knows. */
static const struct oso_schema *const schema = &oso_schema_2019_1;

static void entry(const char *before, const char *text, size_t len, const char *after)
{
    putchar('"');
    for (const char *parts[3] = {before, text, after}, **p = parts; p < parts + 3; p++) {
        const char *s = *p;
        size_t n = p == parts + 1 ? len : strlen(s);
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)s[i];
            if (c == '"' || c == '\\')
                printf("\\%c", c);
            else if (c < 0x20 || c >= 0x7f)
                printf("\\x%02X", c);
            else
                putchar(c);
        }
    }
    puts("\"");
}

int main(void)
{
    static const char *const tokens[] = {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<?xml version=\"1.0\"?>", "xmlns=\"",
        "xmlns:", "encoding=\"UTF-16\"", "<!--", "-->", "<![CDATA[", "]]>", "<!DOCTYPE",
        "<!ENTITY", "SYSTEM", "&amp;", "&lt;", "&#", "&#x", "/>", "</", "=\"", "true", "false",
        "2019-01-01", "2019.1", "OV", "PaO", "\xef\xbb\xbf",
    };
    for (size_t i = 0; i < sizeof tokens / sizeof tokens[0]; i++)
        entry("", tokens[i], strlen(tokens[i]), "");
    entry("", schema->namespace_uri, strlen(schema->namespace_uri), "");
    for (size_t i = 0; i < OSO_SCHEMA_NAME_COUNT; i++) {
        const char *n = schema->names[i];
        entry("<", n, strlen(n), ">");
        entry("</", n, strlen(n), ">");
    }
    for (size_t t = 0; t < OSO_SCHEMA_CTYPE_COUNT; t++)
        for (size_t a = 0; a < schema->ctypes[t].attr_count; a++) {
            const char *n = schema->attrs[schema->ctypes[t].attr_first + a].name;
            entry(" ", n, strlen(n), "=\"");
        }
    oso_codelists *cl = NULL;
    if (oso_codelists_new(&cl) == OSO_OK) {
        for (size_t i = 0; i < oso_codelists_count(cl); i++) {
            const oso_codelist *l = oso_codelists_at(cl, i);
            for (size_t k = 0; k < oso_codelist_size(l); k++) {
                const char *code;
                if (oso_codelist_entry(l, k, &code, NULL, NULL) == OSO_OK && strlen(code) <= 60)
                    entry(">", code, strlen(code), "<");
            }
        }
        oso_codelists_free(cl);
    }
    return 0;
}
