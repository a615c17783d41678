/* Calendar arithmetic and the date notations of OSO (doc/anonymize.md). */
#include "anonymize/dates.h"

#include <stdio.h>

long anon_days_from_civil(long y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void anon_civil_from_days(long z, long *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* Parse "YYYY-MM-DD[tz]", "DD-MM-YYYY" or "YYYY-MM"; *suffix points after the date. */
enum date_form anon_parse_date(const char *s, long *y, int *m, int *d, const char **suffix)
{
    int n = 0;
    unsigned yy, mm, dd;
    if (sscanf(s, "%4u-%2u-%2u%n", &yy, &mm, &dd, &n) == 3 && n == 10 && s[4] == '-') {
        *y = yy; *m = (int)mm; *d = (int)dd; *suffix = s + 10;
    } else if (sscanf(s, "%2u-%2u-%4u%n", &dd, &mm, &yy, &n) == 3 && n == 10 && s[2] == '-') {
        *y = yy; *m = (int)mm; *d = (int)dd; *suffix = s + 10;
        if (mm < 1 || mm > 12 || dd < 1 || dd > 31)
            return DATE_NONE;
        return DATE_DUTCH;
    } else if (sscanf(s, "%4u-%2u%n", &yy, &mm, &n) == 2 && n == 7 && s[7] == '\0') {
        *y = yy; *m = (int)mm; *d = 1; *suffix = s + 7;
        return mm >= 1 && mm <= 12 ? DATE_MONTH : DATE_NONE;
    } else {
        return DATE_NONE;
    }
    return mm >= 1 && mm <= 12 && dd >= 1 && dd <= 31 ? DATE_ISO : DATE_NONE;
}

void anon_format_date(struct oso_sink *out, enum date_form form, long y, int m, int d,
                        const char *suffix)
{
    char buf[32];
    if (form == DATE_DUTCH)
        snprintf(buf, sizeof buf, "%02d-%02d-%04ld", d, m, y);
    else if (form == DATE_MONTH)
        snprintf(buf, sizeof buf, "%04ld-%02d", y, m);
    else
        snprintf(buf, sizeof buf, "%04ld-%02d-%02d", y, m, d);
    oso_sink_puts(out, buf);
    oso_sink_puts(out, suffix);
}

/* First day of the school-year cohort of a birth date: children born from 1 October up to 30
 * September start school together. */
long anon_cohort_start(long y, int m)
{
    return anon_days_from_civil(m >= 10 ? y : y - 1, 10, 1);
}
