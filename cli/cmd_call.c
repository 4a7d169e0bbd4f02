/* capisim call: one crypt32 / cryptnet function played on a fresh machine
 * of a profile, with its arguments written as KEY=VALUE words
 * (docs/calls.md); --batch plays a file of them, one JSON line each, in the
 * format the Windows probe reads and writes. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static int list_functions(void)
{
	size_t n;
	const char *const *names = capisim_call_functions(&n);
	for (size_t i = 0; i < n; i++)
		puts(names[i]);
	return CLI_EXIT_OK;
}

int cli_call_option(const char *cmd, int c, const char *arg,
                    capisim_call_options *o, bool *have_at, int *rc)
{
	cs_diag d;
	switch (c) {
	case 'p':
		if (capisim_profile_check(arg, &d) != CS_OK) {
			*rc = cli_usage_error(cmd, "%s", d.msg);
			return -1;
		}
		o->profile = arg;
		return 1;
	case 'a':
		if (!cli_parse_time_arg("--at", arg, &o->at)) {
			*rc = CLI_EXIT_USAGE;
			return -1;
		}
		*have_at = true;
		return 1;
	case 'j':
		o->json = true;
		return 1;
	default:
		return 0;
	}
}

bool cli_call_clock(capisim_call_options *o, bool have_at)
{
	return have_at ||
	       cs_time_from_unix((int64_t)time(NULL), &o->at) == CS_OK;
}

int cli_cmd_call(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"profile", required_argument, NULL, 'p'},
	    {"at", required_argument, NULL, 'a'},
	    {"json", no_argument, NULL, 'j'},
	    {"batch", required_argument, NULL, 'b'},
	    {"list", no_argument, NULL, 'l'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	capisim_call_options o = {0};
	const char *batch = NULL;
	bool have_at = false;
	cs_diag d;
	int c;
	/* "+": options end at the function name; its words may look like
	 * anything. */
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		int rc, taken = cli_call_option("call", c, optarg, &o, &have_at,
		                                &rc);
		if (taken < 0)
			return rc;
		if (taken)
			continue;
		switch (c) {
		case 'b':
			batch = optarg;
			break;
		case 'l':
			return list_functions();
		case 'h':
			cli_print_usage(stdout, cli_find_command("call"));
			return CLI_EXIT_OK;
		default:
			return cli_usage_error("call", "bad option");
		}
	}
	if (batch ? optind != argc : optind >= argc)
		return cli_usage_error(
		    "call", batch ? "--batch takes no FUNCTION"
		                  : "expected FUNCTION KEY=VALUE...");
	if (!cli_call_clock(&o, have_at))
		return CLI_EXIT_INTERNAL;
	cs_status st =
	    batch ? capisim_call_batch(stdout, &o, have_at, batch, &d)
	          : capisim_call(stdout, &o, argv[optind],
	                         (const char *const *)argv + optind + 1,
	                         (size_t)(argc - optind - 1), NULL, &d);
	return st == CS_OK ? CLI_EXIT_OK : cli_fail_in("call", st, &d);
}
