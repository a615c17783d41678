/* Lookups over a schema descriptor. */
#include "schema/schema.h"

#include <string.h>

/* The hash of tools/gen-schema.py (name_hash): length and the first and last four bytes. */
static uint32_t name_hash(const char *name, size_t len)
{
    uint32_t first = 0, last = 0;
    memcpy(&first, name, len < 4 ? len : 4);
    memcpy(&last, len >= 4 ? name + len - 4 : name, len < 4 ? len : 4);
    uint32_t h = ((uint32_t)len * 0x9E3779B1u) ^ (first * 0x85EBCA77u) ^ (last * 0xC2B2AE3Du);
    return h ^ (h >> 15);
}

uint16_t oso_schema_name_lookup(const struct oso_schema *s, const char *name, size_t len)
{
    uint32_t mask = s->name_slot_count - 1;
    for (uint32_t slot = name_hash(name, len) & mask;; slot = (slot + 1) & mask) {
        uint16_t id = s->name_slots[slot];
        if (id == OSO_SCHEMA_NONE)
            return OSO_SCHEMA_NONE;
        if (s->name_lengths[id] == len && memcmp(s->names[id], name, len) == 0)
            return id;
    }
}

uint16_t oso_schema_step(const struct oso_schema *s, uint16_t ctype, uint16_t state,
                         uint16_t name_id, uint16_t *target)
{
    const struct oso_state *st = &s->states[s->ctypes[ctype].state_first + state];
    const struct oso_transition *t = &s->transitions[st->first_transition];
    for (uint16_t i = 0; i < st->transition_count; i++) {
        if (t[i].name_id == name_id) {
            *target = t[i].target;
            return t[i].row;
        }
    }
    return OSO_SCHEMA_NONE;
}

uint16_t oso_schema_child_row(const struct oso_schema *s, uint16_t ctype, uint16_t name_id)
{
    const struct oso_ctype *c = &s->ctypes[ctype];
    for (uint16_t i = 0; i < c->rows_count; i++) {
        uint16_t row = s->ctype_rows[c->rows_first + i];
        if (s->rows[row].name_id == name_id)
            return row;
    }
    return OSO_SCHEMA_NONE;
}

int oso_schema_child_order(const struct oso_schema *s, uint16_t ctype, uint16_t row)
{
    const struct oso_ctype *c = &s->ctypes[ctype];
    for (uint16_t i = 0; i < c->rows_count; i++)
        if (s->ctype_rows[c->rows_first + i] == row)
            return i;
    return -1;
}

const char *oso_schema_row_type_name(const struct oso_schema *s, uint16_t row)
{
    const struct oso_row *r = &s->rows[row];
    return r->ctype != OSO_SCHEMA_NONE ? s->ctypes[r->ctype].name : s->stypes[r->stype].name;
}
