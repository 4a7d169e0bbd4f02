/* Time expressions (capisim/clock.h, cs_time_expr_parse). */
#include "capisim/clock.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

static const char bare_number[] =
    "a time, not a bare number: ft:N for FILETIME ticks, unix:N for Unix "
    "seconds, or ISO 8601 such as 2010-07-09T12:00:00Z";

static bool parse_u64(const char *s, size_t len, int base, uint64_t *out)
{
	uint64_t v = 0;
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		unsigned d;
		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return false;
		if (v > (UINT64_MAX - d) / (uint64_t)base)
			return false;
		v = v * (uint64_t)base + d;
	}
	*out = v;
	return true;
}

/* REG_BINARY as `reg query` prints it: 16 hex digits, least significant byte
 * first, optionally with spaces or commas between bytes. */
static bool parse_reg_binary(const char *s, size_t len, cs_filetime *out)
{
	uint8_t bytes[8];
	size_t n = 0;
	for (size_t i = 0; i < len;) {
		if (s[i] == ' ' || s[i] == ',') {
			i++;
			continue;
		}
		uint64_t b;
		if (n == 8 || i + 2 > len || !parse_u64(s + i, 2, 16, &b))
			return false;
		bytes[n++] = (uint8_t)b;
		i += 2;
	}
	if (n != 8)
		return false;
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = (v << 8) | bytes[i];
	*out = (cs_filetime)v;
	return true;
}

/* Where the value ends and the offsets begin. */
static size_t split_offset(const char *s)
{
	size_t start;
	if (strncmp(s, "ft:", 3) == 0 || strncmp(s, "bin:", 4) == 0 ||
	    strncmp(s, "unix:", 5) == 0) {
		start = (size_t)(strchr(s, ':') - s) + 1;
		if (strncmp(s, "unix:", 5) == 0 && s[start] == '-')
			start++; /* a negative Unix time is a value, not an
			            offset */
	} else if (strncmp(s, "now", 3) == 0) {
		start = 3;
	} else {
		const char *z = strchr(s, 'Z');
		if (z)
			return (size_t)(z - s) + 1;
		start = strlen(s) >= 10 ? 10 : strlen(s);
	}
	return start + strcspn(s + start, "+-");
}

static bool all_digits(const char *s, size_t len)
{
	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return strspn(s + 2, "0123456789abcdefABCDEF") == len - 2;
	return len > 0 && strspn(s, "0123456789") >= len;
}

static cs_status fail(size_t col, const char *what, size_t *err_col,
                      const char **why)
{
	if (err_col)
		*err_col = col;
	if (why)
		*why = what;
	return CS_ERR_SYNTAX;
}

static cs_status parse_value(const char *s, size_t len, const cs_filetime *now,
                             cs_filetime *out, size_t *err_col,
                             const char **why)
{
	char buf[128];
	if (len >= sizeof buf)
		return fail(0, "a shorter time value", err_col, why);
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (strcmp(buf, "now") == 0) {
		if (!now)
			return fail(
			    0,
			    "a time ('now' is the scenario's clock, known "
			    "only inside a scenario)",
			    err_col, why);
		*out = *now;
		return CS_OK;
	}
	if (strncmp(buf, "ft:", 3) == 0) {
		uint64_t v;
		bool ok = strncmp(buf + 3, "0x", 2) == 0
		              ? parse_u64(buf + 5, len - 5, 16, &v)
		              : parse_u64(buf + 3, len - 3, 10, &v);
		if (!ok || v > (uint64_t)INT64_MAX)
			return fail(3,
			            "a FILETIME: decimal ticks or 0x and up to "
			            "16 hex digits",
			            err_col, why);
		*out = (cs_filetime)v;
		return CS_OK;
	}
	if (strncmp(buf, "bin:", 4) == 0) {
		if (!parse_reg_binary(buf + 4, len - 4, out))
			return fail(
			    4,
			    "8 bytes in hex, least significant first (as "
			    "reg query prints REG_BINARY)",
			    err_col, why);
		return CS_OK;
	}
	if (strncmp(buf, "unix:", 5) == 0) {
		bool neg = buf[5] == '-';
		uint64_t v;
		if (!parse_u64(buf + 5 + neg, len - 5 - neg, 10, &v) ||
		    v > (uint64_t)INT64_MAX ||
		    cs_time_from_unix(neg ? -(int64_t)v : (int64_t)v, out) !=
		        CS_OK)
			return fail(5, "seconds since 1970-01-01", err_col,
			            why);
		return CS_OK;
	}
	/* 2010 is a year; 1278676800 or 0x01cb... is a number someone
	 * copied from a FILETIME or an epoch: say how to write it. */
	if (len > 4 && all_digits(buf, len))
		return fail(0, bare_number, err_col, why);
	return cs_time_parse(buf, out, err_col, why);
}

cs_status cs_time_expr_parse(const char *s, const cs_filetime *now,
                             cs_filetime *out, size_t *err_col,
                             const char **why)
{
	size_t cut = split_offset(s);
	cs_status st = parse_value(s, cut, now, out, err_col, why);
	if (st != CS_OK || s[cut] == '\0')
		return st;
	int64_t d;
	size_t col = 0;
	const char *what = "";
	if (cs_duration_parse(s + cut, &d, &col, &what) != CS_OK)
		return fail(cut + col, what, err_col, why);
	if ((d > 0 && *out > INT64_MAX - d) || (d < 0 && *out < INT64_MIN - d))
		return fail(cut, "an offset that stays inside FILETIME",
		            err_col, why);
	*out += d;
	return CS_OK;
}
