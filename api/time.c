/* capisim_time_convert (capisim/clock.h): the conversions an administrator
 * does by hand when reading DisallowedCertLastSyncTime or
 * ChainCacheResyncFiletime out of the registry. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "capisim/clock.h"
#include "model/alloc.h"
#include "model/utf8.h"
#include "trace/jsonl.h"

static void write_text(FILE *out, const char *arg, cs_filetime t)
{
	char iso[CS_TIME_BUF];
	cs_civil c;
	cs_filetime_to_civil(t, &c);
	bool printable = c.year >= 0 && c.year <= 9999;
	fprintf(out, "%s\n", arg);
	fprintf(out, "  utc         %s\n",
	        printable ? cs_time_format(t, iso)
	                  : "(outside years 0000..9999)");
	fprintf(out, "  filetime    %" PRId64 " (0x%016" PRIX64 ")\n", t,
	        (uint64_t)t);
	fprintf(out, "  reg_binary ");
	for (int i = 0; i < 8; i++)
		fprintf(out, " %02x",
		        (unsigned)(((uint64_t)t >> (8 * i)) & 0xff));
	fprintf(out, "\n  unix        %" PRId64 "\n", cs_time_to_unix(t));
}

static cs_status write_json(FILE *out, const char *arg, cs_filetime t)
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
		return CS_JSON_FAILED();
	char *s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (!s)
		return CS_JSON_FAILED();
	fprintf(out, "%s\n", s);
	free(s);
	return CS_OK;
}

cs_status capisim_time_convert(FILE *out, const char *const *args, size_t n,
                               bool json, cs_diag *d)
{
	memset(d, 0, sizeof *d);
	cs_filetime *times = cs_calloc(n ? n : 1, sizeof *times);
	if (!times)
		return cs_alloc_failed();
	for (size_t i = 0; i < n; i++) {
		const char *arg = args[i];
		size_t col = 0;
		const char *why = "";
		size_t bad = cs_utf8_invalid_at(arg, strlen(arg));
		if (arg[bad] || cs_time_expr_parse(arg, NULL, &times[i], &col,
		                                   &why) != CS_OK) {
			if (arg[bad])
				cs_diag_set(
				    d, "", 0, (unsigned)bad + 1,
				    "argument %zu: invalid UTF-8 at byte "
				    "%zu (0x%02x)",
				    i + 1, bad, (unsigned char)arg[bad]);
			else
				cs_diag_set(d, "", 0, (unsigned)col + 1,
				            "argument %zu: expected %s", i + 1,
				            why);
			cs_diag_source(d, arg, strlen(arg));
			free(times);
			return CS_ERR_SYNTAX;
		}
	}
	cs_status st = CS_OK;
	for (size_t i = 0; i < n && st == CS_OK; i++) {
		if (json)
			st = write_json(out, args[i], times[i]);
		else
			write_text(out, args[i], times[i]);
	}
	free(times);
	return st == CS_OK && ferror(out) ? CS_ERR_IO : st;
}
