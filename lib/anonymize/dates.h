/* Calendar arithmetic and the date notations of OSO, for moving dates. */
#ifndef OSO_ANONYMIZE_DATES_H
#define OSO_ANONYMIZE_DATES_H

#include "base/sink.h"

enum date_form { DATE_NONE, DATE_ISO, DATE_DUTCH, DATE_MONTH };

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
long anon_days_from_civil(long y, int m, int d);
void anon_civil_from_days(long z, long *y, int *m, int *d);

/* Parse "YYYY-MM-DD[tz]" (ISO), "DD-MM-YYYY" (the GBA notation) or "YYYY-MM"; *suffix points
 * after the date (a time zone). DATE_NONE for anything else. */
enum date_form anon_parse_date(const char *s, long *y, int *m, int *d, const char **suffix);

/* Write a date in `form`, followed by `suffix`. */
void anon_format_date(struct oso_sink *out, enum date_form form, long y, int m, int d,
                      const char *suffix);

/* First day (as anon_days_from_civil) of the school-year cohort of a birth date: children born
 * from 1 October up to 30 September start school together. */
long anon_cohort_start(long y, int m);

#endif
