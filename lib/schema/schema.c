/* Lookups over the generated schema table. */
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

uint16_t oso_schema_name_lookup(const char *name, size_t len)
{
    for (uint32_t slot = name_hash(name, len) & (OSO_SCHEMA_NAME_SLOTS - 1);;
         slot = (slot + 1) & (OSO_SCHEMA_NAME_SLOTS - 1)) {
        uint16_t id = oso_schema_name_slots[slot];
        if (id == OSO_SCHEMA_NONE)
            return OSO_SCHEMA_NONE;
        if (oso_schema_name_lengths[id] == len && memcmp(oso_schema_names[id], name, len) == 0)
            return id;
    }
}

uint16_t oso_schema_step(uint16_t ctype, uint16_t state, uint16_t name_id, uint16_t *target)
{
    const struct oso_state *s = &oso_schema_states[oso_schema_ctypes[ctype].state_first + state];
    const struct oso_transition *t = &oso_schema_transitions[s->first_transition];
    for (uint16_t i = 0; i < s->transition_count; i++) {
        if (t[i].name_id == name_id) {
            *target = t[i].target;
            return t[i].row;
        }
    }
    return OSO_SCHEMA_NONE;
}

uint16_t oso_schema_child_row(uint16_t ctype, uint16_t name_id)
{
    const struct oso_ctype *c = &oso_schema_ctypes[ctype];
    for (uint16_t i = 0; i < c->rows_count; i++) {
        uint16_t row = oso_schema_ctype_rows[c->rows_first + i];
        if (oso_schema_rows[row].name_id == name_id)
            return row;
    }
    return OSO_SCHEMA_NONE;
}

int oso_schema_child_order(uint16_t ctype, uint16_t row)
{
    const struct oso_ctype *c = &oso_schema_ctypes[ctype];
    for (uint16_t i = 0; i < c->rows_count; i++)
        if (oso_schema_ctype_rows[c->rows_first + i] == row)
            return i;
    return -1;
}

const char *oso_schema_row_type_name(uint16_t row)
{
    const struct oso_row *r = &oso_schema_rows[row];
    return r->ctype != OSO_SCHEMA_NONE ? oso_schema_ctypes[r->ctype].name
                                       : oso_schema_stypes[r->stype].name;
}
