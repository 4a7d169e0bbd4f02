/* capisim hypotheses [--markdown|--json] SCENARIO.scn...: play the scenarios
 * under each named alternative of docs/hypotheses.md and score each against
 * the seed observables the scenarios declare (capisim/run.h,
 * capisim_hypotheses_score). */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

int cli_cmd_hypotheses(int argc, char **argv)
{
	enum { OPT_HELP = 256, OPT_MARKDOWN, OPT_JSON };
	static const struct option opts[] = {
	    {"help", no_argument, NULL, OPT_HELP},
	    {"markdown", no_argument, NULL, OPT_MARKDOWN},
	    {"json", no_argument, NULL, OPT_JSON},
	    {NULL, 0, NULL, 0},
	};
	bool markdown = false, json = false;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case OPT_HELP:
			cli_print_usage(stdout, cli_find_command("hypotheses"));
			return CLI_EXIT_OK;
		case OPT_MARKDOWN:
			markdown = true;
			break;
		case OPT_JSON:
			json = true;
			break;
		default:
			return cli_usage_error("hypotheses",
			                       "unknown option '%s'",
			                       argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage_error("hypotheses", "no scenario given");
	if (markdown && json)
		return cli_usage_error("hypotheses",
		                       "--markdown and --json exclude each "
		                       "other");
	capisim_hypotheses_format fmt = json       ? CAPISIM_HYPOTHESES_JSON
	                                : markdown ? CAPISIM_HYPOTHESES_MARKDOWN
	                                           : CAPISIM_HYPOTHESES_TEXT;
	bool better = false;
	cs_diag d;
	cs_status st = capisim_hypotheses_score(
	    (const char *const *)argv + optind, (size_t)(argc - optind), fmt,
	    stdout, stderr, &better, &d);
	if (st != CS_OK)
		return cli_fail_status(st, &d);
	return better ? CLI_EXIT_DIFFERENT : CLI_EXIT_OK;
}
