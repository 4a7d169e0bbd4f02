/* FILETIME arithmetic on the proleptic Gregorian calendar, UTC only.
 * Day counting follows the classic era-based civil-from-days method: a
 * 400-year era has exactly 146097 days, so no tables and no host time API. */
#include "capisim/clock.h"

#include <stdbool.h>
#include <string.h>

/* Days from 0000-03-01 (proleptic) to 1601-01-01; shifts the era origin. */
#define DAYS_0000_03_01_TO_1601 INT64_C(584694)

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int dim[12] = {31, 28, 31, 30, 31, 30,
	                            31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* Days since 1601-01-01 for a valid civil date. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = floor_div(y, 400);
	int64_t yoe = y - era * 400;                         /* [0, 399] */
	int64_t mp = (m + 9) % 12;                           /* March = 0 */
	int64_t doy = (153 * mp + 2) / 5 + d - 1;            /* [0, 365] */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; /* [0, 146096] */
	return era * 146097 + doe - DAYS_0000_03_01_TO_1601;
}

static void civil_from_days(int64_t days, int64_t *y, int *m, int *d)
{
	int64_t z = days + DAYS_0000_03_01_TO_1601;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

cs_status cs_civil_to_filetime(const cs_civil *c, cs_filetime *out)
{
	if (c->year < CS_YEAR_MIN || c->year > CS_YEAR_MAX || c->month < 1 ||
	    c->month > 12 || c->day < 1 ||
	    c->day > days_in_month(c->year, c->month) || c->hour < 0 ||
	    c->hour > 23 || c->min < 0 || c->min > 59 || c->sec < 0 ||
	    c->sec > 59 || c->ticks < 0 || c->ticks >= CS_TICKS_PER_SEC)
		return CS_ERR_RANGE;
	int64_t days = days_from_civil(c->year, c->month, c->day);
	int64_t secs = days * 86400 + c->hour * 3600 + c->min * 60 + c->sec;
	*out = secs * CS_TICKS_PER_SEC + c->ticks;
	return CS_OK;
}

void cs_filetime_to_civil(cs_filetime t, cs_civil *out)
{
	int64_t secs = floor_div(t, CS_TICKS_PER_SEC);
	int64_t days = floor_div(secs, 86400);
	int64_t sod = secs - days * 86400;
	int64_t y;
	civil_from_days(days, &y, &out->month, &out->day);
	out->year = (int)y;
	out->hour = (int)(sod / 3600);
	out->min = (int)(sod / 60 % 60);
	out->sec = (int)(sod % 60);
	out->ticks = t - secs * CS_TICKS_PER_SEC;
}

/* ---- parsing ---------------------------------------------------------- */

typedef struct {
	const char *s;
	size_t pos;
	const char *why;
} scanner;

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Exactly n digits. */
static bool scan_fixed(scanner *sc, int n, int *out, const char *what)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		char c = sc->s[sc->pos];
		if (!is_digit(c)) {
			sc->why = what;
			return false;
		}
		v = v * 10 + (c - '0');
		sc->pos++;
	}
	*out = v;
	return true;
}

static bool scan_char(scanner *sc, char want, const char *what)
{
	if (sc->s[sc->pos] != want) {
		sc->why = what;
		return false;
	}
	sc->pos++;
	return true;
}

static cs_status fail(scanner *sc, size_t *err_col, const char **why,
                      cs_status st)
{
	if (err_col)
		*err_col = sc->pos;
	if (why)
		*why = sc->why;
	return st;
}

cs_status cs_time_parse(const char *s, cs_filetime *out, size_t *err_col,
                        const char **why)
{
	scanner sc = {s, 0, NULL};
	cs_civil c = {0};
	size_t date_col = 0, day_col, time_col = 0;

	if (!scan_fixed(&sc, 4, &c.year, "a four-digit year (YYYY-MM-DD)") ||
	    !scan_char(&sc, '-', "'-' after the year (YYYY-MM-DD)") ||
	    !scan_fixed(&sc, 2, &c.month, "a two-digit month (01..12)") ||
	    !scan_char(&sc, '-', "'-' after the month (YYYY-MM-DD)"))
		return fail(&sc, err_col, why, CS_ERR_SYNTAX);
	day_col = sc.pos;
	if (!scan_fixed(&sc, 2, &c.day, "a two-digit day (01..31)"))
		return fail(&sc, err_col, why, CS_ERR_SYNTAX);

	if (s[sc.pos] == 'T' || s[sc.pos] == ' ') {
		sc.pos++;
		time_col = sc.pos;
		if (!scan_fixed(&sc, 2, &c.hour, "a two-digit hour (00..23)") ||
		    !scan_char(&sc, ':', "':' after the hour (HH:MM:SS)") ||
		    !scan_fixed(&sc, 2, &c.min, "two-digit minutes (00..59)"))
			return fail(&sc, err_col, why, CS_ERR_SYNTAX);
		if (s[sc.pos] == ':') {
			sc.pos++;
			if (!scan_fixed(&sc, 2, &c.sec,
			                "two-digit seconds (00..59)"))
				return fail(&sc, err_col, why, CS_ERR_SYNTAX);
			if (s[sc.pos] == '.') {
				sc.pos++;
				int64_t scale = CS_TICKS_PER_SEC / 10;
				if (!is_digit(s[sc.pos])) {
					sc.why = "digits after '.'";
					return fail(&sc, err_col, why,
					            CS_ERR_SYNTAX);
				}
				while (is_digit(s[sc.pos])) {
					if (scale == 0) {
						sc.why = "at most 7 fractional "
						         "digits (100 ns)";
						return fail(&sc, err_col, why,
						            CS_ERR_RANGE);
					}
					c.ticks += (s[sc.pos] - '0') * scale;
					scale /= 10;
					sc.pos++;
				}
			}
		}
		if (!scan_char(&sc, 'Z', "'Z' (capisim times are UTC)"))
			return fail(&sc, err_col, why, CS_ERR_SYNTAX);
	}
	if (s[sc.pos] != '\0') {
		sc.why = "end of time value";
		return fail(&sc, err_col, why, CS_ERR_SYNTAX);
	}

	/* Range errors point at the offending field. */
	if (c.year < CS_YEAR_MIN || c.year > CS_YEAR_MAX) {
		sc.pos = date_col;
		sc.why = "a year from 1601 to 9999";
	} else if (c.month < 1 || c.month > 12) {
		sc.pos = 5;
		sc.why = "a month from 01 to 12";
	} else if (c.day < 1 || c.day > days_in_month(c.year, c.month)) {
		sc.pos = day_col;
		sc.why = "a day that exists in that month";
	} else if (c.hour > 23 || c.min > 59 || c.sec > 59) {
		sc.pos = time_col;
		sc.why = "a time of day from 00:00:00 to 23:59:59";
	} else {
		return cs_civil_to_filetime(&c, out);
	}
	return fail(&sc, err_col, why, CS_ERR_RANGE);
}

char *cs_time_format(cs_filetime t, char buf[CS_TIME_BUF])
{
	cs_civil c;
	cs_filetime_to_civil(t, &c);
	char *p = buf;
	/* Hand-formatted digits: snprintf's %d is locale-free, but this keeps
	 * the year's width fixed and the function allocation-free. */
	int fields[6] = {c.year, c.month, c.day, c.hour, c.min, c.sec};
	const int widths[6] = {4, 2, 2, 2, 2, 2};
	const char seps[6] = {'-', '-', 'T', ':', ':', '\0'};
	for (int i = 0; i < 6; i++) {
		int v = fields[i];
		if (v < 0 || (i == 0 && v > 9999)) /* outside 0000..9999 */
			v = 0;
		for (int k = widths[i] - 1; k >= 0; k--) {
			p[k] = (char)('0' + v % 10);
			v /= 10;
		}
		p += widths[i];
		if (seps[i])
			*p++ = seps[i];
	}
	if (c.ticks) {
		*p++ = '.';
		int64_t v = c.ticks;
		char digits[7];
		for (int k = 6; k >= 0; k--) {
			digits[k] = (char)('0' + v % 10);
			v /= 10;
		}
		int n = 7;
		while (digits[n - 1] == '0')
			n--;
		memcpy(p, digits, (size_t)n);
		p += n;
	}
	*p++ = 'Z';
	*p = '\0';
	return buf;
}

/* ---- durations -------------------------------------------------------- */

static const struct {
	const char *unit;
	int64_t ticks;
} duration_units[] = {
    /* "ms" before "m" so the longer unit wins. */
    {"ms", CS_TICKS_PER_SEC / 1000},
    {"w", 7 * CS_TICKS_PER_DAY},
    {"d", CS_TICKS_PER_DAY},
    {"h", CS_TICKS_PER_HOUR},
    {"m", CS_TICKS_PER_MIN},
    {"s", CS_TICKS_PER_SEC},
    {"t", 1}, /* raw 100 ns ticks: what cs_duration_format prints below 1 ms */
};

cs_status cs_duration_parse(const char *s, int64_t *ticks, size_t *err_col,
                            const char **why)
{
	scanner sc = {s, 0, NULL};
	bool neg = false;
	int64_t total = 0;
	int groups = 0;

	if (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-';
		sc.pos++;
	}
	while (s[sc.pos] != '\0') {
		if (!is_digit(s[sc.pos])) {
			sc.why =
			    "digits followed by a unit (w, d, h, m, s, ms, t)";
			return fail(&sc, err_col, why, CS_ERR_SYNTAX);
		}
		size_t num_col = sc.pos;
		int64_t n = 0;
		while (is_digit(s[sc.pos])) {
			if (n > (INT64_MAX - 9) / 10) {
				sc.pos = num_col;
				sc.why = "a smaller number";
				return fail(&sc, err_col, why, CS_ERR_RANGE);
			}
			n = n * 10 + (s[sc.pos] - '0');
			sc.pos++;
		}
		size_t u;
		size_t nunits =
		    sizeof duration_units / sizeof duration_units[0];
		for (u = 0; u < nunits; u++) {
			size_t len = strlen(duration_units[u].unit);
			if (strncmp(s + sc.pos, duration_units[u].unit, len) ==
			    0)
				break;
		}
		if (u == nunits) {
			sc.why =
			    "a unit after the number (w, d, h, m, s, ms, t)";
			return fail(&sc, err_col, why, CS_ERR_SYNTAX);
		}
		int64_t per = duration_units[u].ticks;
		if (n > (INT64_MAX - total) / per) {
			sc.pos = num_col;
			sc.why = "a duration that fits in 29,000 years";
			return fail(&sc, err_col, why, CS_ERR_RANGE);
		}
		total += n * per;
		sc.pos += strlen(duration_units[u].unit);
		groups++;
	}
	if (groups == 0) {
		sc.why = "a duration such as 90s, 15m, 24h, 7d or 1w";
		return fail(&sc, err_col, why, CS_ERR_SYNTAX);
	}
	*ticks = neg ? -total : total;
	return CS_OK;
}

char *cs_duration_format(int64_t ticks, char buf[CS_TIME_BUF])
{
	static const struct {
		char unit[3];
		int64_t ticks;
	} parts[] = {
	    {"d", CS_TICKS_PER_DAY},         {"h", CS_TICKS_PER_HOUR},
	    {"m", CS_TICKS_PER_MIN},         {"s", CS_TICKS_PER_SEC},
	    {"ms", CS_TICKS_PER_SEC / 1000},
	};
	char *p = buf;
	/* Magnitude as unsigned so INT64_MIN has one. */
	uint64_t v =
	    ticks < 0 ? (uint64_t)0 - (uint64_t)ticks : (uint64_t)ticks;
	if (ticks < 0)
		*p++ = '-';
	bool any = false;
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		uint64_t n = v / (uint64_t)parts[i].ticks;
		v %= (uint64_t)parts[i].ticks;
		if (n == 0)
			continue;
		char digits[24];
		int k = 0;
		while (n) {
			digits[k++] = (char)('0' + n % 10);
			n /= 10;
		}
		while (k)
			*p++ = digits[--k];
		for (const char *u = parts[i].unit; *u; u++)
			*p++ = *u;
		any = true;
	}
	if (v) { /* sub-millisecond remainder: 100 ns ticks, not a named unit */
		char digits[8];
		int k = 0;
		while (v) {
			digits[k++] = (char)('0' + v % 10);
			v /= 10;
		}
		while (k)
			*p++ = digits[--k];
		*p++ = 't';
		any = true;
	}
	if (!any) {
		*p++ = '0';
		*p++ = 's';
	}
	*p = '\0';
	return buf;
}

cs_status cs_time_from_unix(int64_t unix_seconds, cs_filetime *out)
{
	if (unix_seconds >
	        INT64_MAX / CS_TICKS_PER_SEC - CS_UNIX_EPOCH_SECONDS ||
	    unix_seconds < INT64_MIN / CS_TICKS_PER_SEC + CS_UNIX_EPOCH_SECONDS)
		return CS_ERR_RANGE;
	*out = (unix_seconds + CS_UNIX_EPOCH_SECONDS) * CS_TICKS_PER_SEC;
	return CS_OK;
}

int64_t cs_time_to_unix(cs_filetime t)
{
	return floor_div(t, CS_TICKS_PER_SEC) - CS_UNIX_EPOCH_SECONDS;
}
