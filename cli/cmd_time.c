/* capisim time: convert between ISO 8601 UTC, FILETIME, REG_BINARY and Unix
 * time - the conversions an administrator does by hand when reading
 * DisallowedCertLastSyncTime or ChainCacheResyncFiletime out of the registry.
 */
#include <getopt.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "model/utf8.h"

typedef struct {
	size_t col;      /* 0-based column of the problem in the argument */
	const char *why; /* what was expected there */
} time_arg_error;

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

static size_t split_offset(const char *s)
{
	size_t start = 0;
	if (strncmp(s, "ft:", 3) == 0 || strncmp(s, "bin:", 4) == 0 ||
	    strncmp(s, "unix:", 5) == 0) {
		start = (size_t)(strchr(s, ':') - s) + 1;
		if (strncmp(s, "unix:", 5) == 0 && s[start] == '-')
			start++; /* a negative Unix time is a value, not an
			            offset */
	} else {
		const char *z = strchr(s, 'Z');
		if (z)
			return (size_t)(z - s) + 1;
		start = strlen(s) >= 10 ? 10 : strlen(s);
	}
	size_t i = start + strcspn(s + start, "+-");
	return i;
}

static bool parse_time_value(const char *s, size_t len, cs_filetime *out,
                             time_arg_error *e)
{
	char buf[128];
	if (len >= sizeof buf) {
		*e = (time_arg_error){0, "a shorter time value"};
		return false;
	}
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (strncmp(buf, "ft:", 3) == 0) {
		uint64_t v;
		bool ok = strncmp(buf + 3, "0x", 2) == 0
		              ? parse_u64(buf + 5, len - 5, 16, &v)
		              : parse_u64(buf + 3, len - 3, 10, &v);
		if (!ok || v > (uint64_t)INT64_MAX) {
			*e = (time_arg_error){3,
			                      "a FILETIME: decimal ticks or 0x "
			                      "and up to 16 hex digits"};
			return false;
		}
		*out = (cs_filetime)v;
		return true;
	}
	if (strncmp(buf, "bin:", 4) == 0) {
		if (!parse_reg_binary(buf + 4, len - 4, out)) {
			*e = (time_arg_error){4, "8 bytes in hex, least "
			                         "significant first (as reg "
			                         "query prints REG_BINARY)"};
			return false;
		}
		return true;
	}
	if (strncmp(buf, "unix:", 5) == 0) {
		bool neg = buf[5] == '-';
		uint64_t v;
		if (!parse_u64(buf + 5 + neg, len - 5 - neg, 10, &v) ||
		    v > (uint64_t)INT64_MAX ||
		    cs_time_from_unix(neg ? -(int64_t)v : (int64_t)v, out) !=
		        CS_OK) {
			*e = (time_arg_error){5, "seconds since 1970-01-01"};
			return false;
		}
		return true;
	}
	size_t col = 0;
	const char *why = "";
	if (cs_time_parse(buf, out, &col, &why) != CS_OK) {
		*e = (time_arg_error){col, why};
		return false;
	}
	return true;
}

static bool parse_time_expr(const char *s, cs_filetime *out, time_arg_error *e)
{
	size_t cut = split_offset(s);
	if (!parse_time_value(s, cut, out, e))
		return false;
	if (s[cut] == '\0')
		return true;
	int64_t d;
	size_t col = 0;
	const char *why = "";
	if (cs_duration_parse(s + cut, &d, &col, &why) != CS_OK) {
		*e = (time_arg_error){cut + col, why};
		return false;
	}
	if ((d > 0 && *out > INT64_MAX - d) ||
	    (d < 0 && *out < INT64_MIN - d)) {
		*e = (time_arg_error){cut,
		                      "an offset that stays inside FILETIME"};
		return false;
	}
	*out += d;
	return true;
}

static void print_text(const char *arg, cs_filetime t)
{
	char iso[CS_TIME_BUF];
	cs_civil c;
	cs_filetime_to_civil(t, &c);
	bool printable = c.year >= 0 && c.year <= 9999;
	printf("%s\n", arg);
	printf("  utc         %s\n", printable ? cs_time_format(t, iso)
	                                       : "(outside years 0000..9999)");
	printf("  filetime    %" PRId64 " (0x%016" PRIX64 ")\n", t,
	       (uint64_t)t);
	printf("  reg_binary ");
	for (int i = 0; i < 8; i++)
		printf(" %02x", (unsigned)(((uint64_t)t >> (8 * i)) & 0xff));
	printf("\n  unix        %" PRId64 "\n", cs_time_to_unix(t));
}

static int print_json(const char *arg, cs_filetime t)
{
	char iso[CS_TIME_BUF], hex[19], bin[17];
	snprintf(hex, sizeof hex, "0x%016" PRIX64, (uint64_t)t);
	for (int i = 0; i < 8; i++)
		snprintf(bin + 2 * i, 3, "%02x",
		         (unsigned)(((uint64_t)t >> (8 * i)) & 0xff));
	json_t *o = json_pack("{s:s, s:s, s:I, s:s, s:s, s:I}", "input", arg,
	                      "utc", cs_time_format(t, iso), "filetime",
	                      (json_int_t)t, "filetime_hex", hex, "reg_binary",
	                      bin, "unix", (json_int_t)cs_time_to_unix(t));
	if (!o)
		return CLI_EXIT_INTERNAL;
	char *s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (!s)
		return CLI_EXIT_INTERNAL;
	puts(s);
	free(s);
	return CLI_EXIT_OK;
}

int cli_cmd_time(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	bool json = false;
	int c;
	/* '-' after '+': values such as "unix:-5" are operands, not options */
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			cli_print_usage(stdout, cli_find_command("time"));
			return CLI_EXIT_OK;
		default:
			return cli_usage_error("time", "bad option");
		}
	}
	if (optind >= argc)
		return cli_usage_error("time", "no TIME given");

	/* Parse everything first: bad input leaves no partial output. */
	int n = argc - optind;
	cs_filetime *times = calloc((size_t)n, sizeof *times);
	if (!times)
		return CLI_EXIT_INTERNAL;
	for (int i = 0; i < n; i++) {
		const char *arg = argv[optind + i];
		time_arg_error e = {0, ""};
		size_t bad = cs_utf8_invalid_at(arg, strlen(arg));
		if (arg[bad] || !parse_time_expr(arg, &times[i], &e)) {
			cs_diag d;
			if (arg[bad])
				cs_diag_set(
				    &d, "", 0, (unsigned)bad + 1,
				    "argument %d: invalid UTF-8 at byte "
				    "%zu (0x%02x)",
				    i + 1, bad, (unsigned char)arg[bad]);
			else
				cs_diag_set(&d, "", 0, (unsigned)e.col + 1,
				            "argument %d: expected %s", i + 1,
				            e.why);
			cs_diag_source(&d, arg, strlen(arg));
			free(times);
			return cli_fail(&d);
		}
	}
	int rc = CLI_EXIT_OK;
	for (int i = 0; i < n && rc == CLI_EXIT_OK; i++) {
		if (json)
			rc = print_json(argv[optind + i], times[i]);
		else
			print_text(argv[optind + i], times[i]);
	}
	free(times);
	return rc;
}
