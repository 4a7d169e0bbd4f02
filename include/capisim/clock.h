/* Simulated time: FILETIME ticks, the unit Windows stores in the registry.
 *
 * A cs_filetime is a signed count of 100 ns ticks since 1601-01-01T00:00:00Z
 * (proleptic Gregorian, UTC, no leap seconds - as Windows counts). Nothing here
 * reads the host's clock, time zone or locale: parsing and formatting are pure
 * arithmetic on the civil calendar.
 */
#ifndef CAPISIM_CLOCK_H
#define CAPISIM_CLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "capisim/diag.h"
#include "capisim/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef int64_t cs_filetime;

#define CS_TICKS_PER_SEC  INT64_C(10000000)
#define CS_TICKS_PER_MIN  (60 * CS_TICKS_PER_SEC)
#define CS_TICKS_PER_HOUR (60 * CS_TICKS_PER_MIN)
#define CS_TICKS_PER_DAY  (24 * CS_TICKS_PER_HOUR)
/* Seconds from 1601-01-01 to 1970-01-01 (369 years, 89 of them leap). */
#define CS_UNIX_EPOCH_SECONDS INT64_C(11644473600)

/* Years the text forms accept: FILETIME starts in 1601; four-digit years end
 * in 9999, the last year ISO 8601 writes without an expansion sign. */
#define CS_YEAR_MIN 1601
#define CS_YEAR_MAX 9999

/* "YYYY-MM-DDTHH:MM:SS.fffffffZ" plus NUL. */
#define CS_TIME_BUF 32

typedef struct {
	int year, month, day; /* month 1..12, day 1..31 */
	int hour, min, sec;   /* 0..23, 0..59, 0..59 */
	int64_t ticks;        /* sub-second part, 0..9999999 */
} cs_civil;

/* Calendar <-> ticks. cs_civil_to_filetime rejects out-of-range fields. */
CAPISIM_API CS_MUST_USE cs_status cs_civil_to_filetime(const cs_civil *c,
                                                       cs_filetime *out);
CAPISIM_API void cs_filetime_to_civil(cs_filetime t, cs_civil *out);

/* Parse "2013-07-09T00:00:00Z", "2013-07-09 00:00:00Z", "2013-07-09T00:00Z",
 * fractional seconds ("...:00.5Z") and date only ("2013-07-09" = midnight UTC).
 * The trailing Z is required when a time of day is given: capisim has no local
 * time. On error *err_col (if non-NULL) is the 0-based column of the first bad
 * character and *why a static description of what was expected. */
CAPISIM_API CS_MUST_USE cs_status cs_time_parse(const char *s, cs_filetime *out,
                                                size_t *err_col,
                                                const char **why);

/* Format as "YYYY-MM-DDTHH:MM:SSZ", adding ".fffffff" (trailing zeros
 * trimmed) only when the time has a sub-second part. Returns buf. */
CAPISIM_API char *cs_time_format(cs_filetime t, char buf[CS_TIME_BUF]);

/* Durations: an optional sign, then one or more "<digits><unit>" groups with
 * units w d h m s ms t (t = one 100 ns tick) ("90s", "15m", "24h", "7d", "1w",
 * "1d12h", "-8d"). Bare numbers are rejected: a duration always names its unit.
 */
CAPISIM_API CS_MUST_USE cs_status cs_duration_parse(const char *s,
                                                    int64_t *ticks,
                                                    size_t *err_col,
                                                    const char **why);
/* Largest-unit-first form, e.g. "1d12h", "-30m", "0s", "1.5s" is "1500ms". */
CAPISIM_API char *cs_duration_format(int64_t ticks, char buf[CS_TIME_BUF]);

/* The one syntax for a time on every input: `capisim time`, --at, --until,
 * and a scenario's `start`, `at`, `until` and at= (docs/scenario-language.md,
 * "Times"). A value, then any number of signed offsets ("+7d", "-1h30m"):
 *
 *   2010-07-09T12:00:00Z, 2010-07-09   ISO 8601 UTC (cs_time_parse)
 *   ft:133801632000000000, ft:0x01..  a FILETIME, decimal or hex ticks
 *   unix:1278676800                   Unix seconds (may be negative)
 *   bin:00c080acf91ecb01              REG_BINARY as `reg query` prints it
 *   now                               the scenario's clock (scenarios only)
 *
 * A bare number is refused with a hint (ft: or unix:), never read as a
 * year. now: the value of "now", or NULL where there is none (the command
 * line). On error CS_ERR_SYNTAX with *err_col (0-based, may be NULL) and
 * *why (a static text: what was expected). */
CAPISIM_API CS_MUST_USE cs_status cs_time_expr_parse(const char *s,
                                                     const cs_filetime *now,
                                                     cs_filetime *out,
                                                     size_t *err_col,
                                                     const char **why);

/* `capisim time`: each of n time expressions (cs_time_expr_parse, no
 * "now") as UTC, FILETIME (decimal and hex), REG_BINARY bytes and Unix
 * seconds - as text, or one JSON object a line. Every argument is read
 * before anything is written: bad input (not UTF-8, not a time) fails with
 * CS_ERR_SYNTAX and d naming the argument, its column and what was
 * expected, and nothing written. CS_ERR_IO on a write error. */
CAPISIM_API CS_MUST_USE cs_status capisim_time_convert(FILE *out,
                                                       const char *const *args,
                                                       size_t n, bool json,
                                                       cs_diag *d);

/* Unix seconds <-> FILETIME. cs_time_from_unix fails when the result does
 * not fit in an int64. */
CAPISIM_API CS_MUST_USE cs_status cs_time_from_unix(int64_t unix_seconds,
                                                    cs_filetime *out);
/* Floors sub-second ticks (towards the past, also before 1970). */
CAPISIM_API int64_t cs_time_to_unix(cs_filetime t);

#ifdef __cplusplus
}
#endif

#endif
