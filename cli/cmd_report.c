/* capisim report FILE.scn|TRACE.jsonl -o REPORT.html: the run as one
 * self-contained HTML page (render/report.h). */
#include <getopt.h>
#include <jansson.h>

#include "cli/cli.h"
#include "render/report.h"

static cs_status write_report(FILE *f, void *ctx)
{
	cli_loaded *l = ctx;
	return cs_report_write_html(l->trace, l->scenario, f);
}

int cli_cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"output", required_argument, NULL, 'o'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *out = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		if (c == 'o')
			out = optarg;
		else if (c == 'h') {
			cli_print_usage(stdout, cli_find_command("report"));
			return CLI_EXIT_OK;
		} else
			return cli_usage_error("report", "bad option");
	}
	if (argc - optind != 1 || !out)
		return cli_usage_error("report", "expected -o REPORT.html and "
		                                 "one scenario or trace file");
	cli_loaded l;
	int rc = cli_load_run(argv[optind], &l);
	if (rc != CLI_EXIT_OK)
		return rc;
	/* "-" is stdout; a file appears whole or not at all. */
	cli_out o;
	if ((rc = cli_trace_has_results("report on", argv[optind], l.trace)) ==
	        CLI_EXIT_OK &&
	    (rc = cli_out_open(&o, out, true)) == CLI_EXIT_OK)
		rc = cli_out_commit(&o, write_report(o.f, &l));
	cli_loaded_free(&l);
	return rc;
}
