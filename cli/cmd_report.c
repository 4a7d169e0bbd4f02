/* capisim report FILE.scn|TRACE.jsonl -o REPORT.html: the run as one
 * self-contained HTML page (capisim/explain.h). */
#include <getopt.h>

#include "cli.h"

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
	capisim_record *rec;
	int rc = cli_load_record("report on", argv[optind], &rec);
	if (rc != CLI_EXIT_OK)
		return rc;
	/* "-" is stdout; a file appears whole or not at all. */
	cli_out o;
	if ((rc = cli_out_open(&o, out, true)) == CLI_EXIT_OK)
		rc = cli_out_commit(&o, capisim_report_write_html(rec, o.f));
	capisim_record_free(rec);
	return rc;
}
