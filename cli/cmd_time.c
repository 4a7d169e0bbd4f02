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
#include "model/time_expr.h"
#include "model/utf8.h"

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
		size_t col = 0;
		const char *why = "";
		size_t bad = cs_utf8_invalid_at(arg, strlen(arg));
		if (arg[bad] || cs_time_expr_parse(arg, NULL, &times[i], &col,
		                                   &why) != CS_OK) {
			cs_diag d;
			if (arg[bad])
				cs_diag_set(
				    &d, "", 0, (unsigned)bad + 1,
				    "argument %d: invalid UTF-8 at byte "
				    "%zu (0x%02x)",
				    i + 1, bad, (unsigned char)arg[bad]);
			else
				cs_diag_set(&d, "", 0, (unsigned)col + 1,
				            "argument %d: expected %s", i + 1,
				            why);
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
