/* DT.*: the doorstroomtoets result of the pupil (opt-in). */
#ifndef OSO_RULES_DOORSTROOMTOETS_H
#define OSO_RULES_DOORSTROOMTOETS_H

#include "rules/rules.h"

/* Parts of the result that carry a referentieniveau, with the levels allowed (CvTE LR1-LR5);
 * the typed write API (lib/doorstroomtoets) refuses what this group would report. */
struct oso_dt_subject {
    const char *code;       /* domeincode (list 47) or onderdeelcode (list 46) */
    int is_domain;
    const char *name;
    const char *levels[3];  /* list-45 codes allowed */
    const char *rule_count, *rule_level;
};

enum { OSO_DT_SUBJECT_COUNT = 3 };
/* Lezen, Taalverzorging, Rekenen. */
extern const struct oso_dt_subject oso_dt_subjects[OSO_DT_SUBJECT_COUNT];
/* List-45 code of each oso_referentieniveau value (index 0 unused). */
extern const char *const oso_dt_level_codes[5];

/* Whether list-45 code `v` is one of the levels subject `s` allows. */
int oso_dt_level_allowed(const struct oso_dt_subject *s, const char *v);

/* The school year (by its first calendar year) of a date: it starts on 1 August. */
long oso_dt_school_year(long year, int month);

extern const struct oso_rules_group oso_rules_group_doorstroomtoets;

#endif
