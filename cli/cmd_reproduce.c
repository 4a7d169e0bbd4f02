/* capisim reproduce CERTUTIL.txt [--certs DIR] [--at TIME] [--profile NAME]:
 * rebuild the situation of a real `certutil -verify [-urlfetch]` paste,
 * run it in the model and compare field by field (capisim/reproduce.h,
 * docs/reproduce.md). */
#include <getopt.h>
#include <stdbool.h>

#include "cli.h"

int cli_cmd_reproduce(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"certs", required_argument, NULL, 'c'},
	    {"at", required_argument, NULL, 'a'},
	    {"profile", required_argument, NULL, 'p'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	capisim_reproduce_options o = {0};
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		cs_diag d;
		if (c == 'c')
			o.certs = optarg;
		else if (c == 'a') {
			if (!cli_parse_time_arg("--at", optarg, &o.at))
				return CLI_EXIT_USAGE;
			o.has_at = true;
		} else if (c == 'p') {
			if (capisim_profile_check(optarg, &d) != CS_OK)
				return cli_usage_error("reproduce", "%s",
				                       d.msg);
			o.profile = optarg;
		} else if (c == 'h')
			return cli_print_usage(stdout,
			                       cli_find_command("reproduce")),
			       CLI_EXIT_OK;
		else
			return cli_usage_error("reproduce",
			                       "unknown option '%s'",
			                       argv[optind - 1]);
	}
	if (argc - optind != 1)
		return cli_usage_error("reproduce",
		                       "expected one certutil output file");
	bool differs;
	cs_diag d;
	cs_status st =
	    capisim_reproduce(argv[optind], &o, stdout, &differs, &d);
	if (st != CS_OK)
		return cli_fail_call("reproduce", st, &d);
	return differs ? CLI_EXIT_DIFFERENT : CLI_EXIT_OK;
}
