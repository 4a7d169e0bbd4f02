/* capisim explain [--step LINE] FILE.scn|TRACE.jsonl: why each result came
 * out (capisim/explain.h). A scenario is run first with its trace on; a
 * JSON Lines trace (from `capisim run --trace`, or recorded elsewhere) is
 * read as it is. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_load_record(const char *cmd, const char *path, capisim_record **out)
{
	cs_diag d;
	cs_status st = capisim_record_load(path, out, &d);
	if (st == CS_ERR_NOMEM || st == CS_ERR_INTERNAL) {
		fprintf(stderr, "capisim: internal error: %s\n", d.msg);
		return CLI_EXIT_INTERNAL;
	}
	if (st != CS_OK)
		return cli_fail(&d);
	if (capisim_record_has_results(*out))
		return CLI_EXIT_OK;
	fprintf(stderr,
	        "%s: error: no results to %s (no action with an outcome: a "
	        "verify, store, certutil or schannel step)\n",
	        path, cmd);
	capisim_record_free(*out);
	*out = NULL;
	return CLI_EXIT_USAGE;
}

int cli_cmd_explain(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"step", required_argument, NULL, 's'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	unsigned line = 0;
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's': {
			uint64_t v; /* a scenario line number */
			if (!cli_parse_number("explain", "--step", optarg, 1,
			                      UINT32_MAX, &v))
				return CLI_EXIT_USAGE;
			line = (unsigned)v;
			break;
		}
		case 'h':
			cli_print_usage(stdout, cli_find_command("explain"));
			return CLI_EXIT_OK;
		default:
			return cli_usage_error("explain", "bad option");
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("explain",
		                       "expected one scenario or trace file");
	capisim_record *rec;
	int rc = cli_load_record("explain", argv[optind], &rec);
	if (rc != CLI_EXIT_OK)
		return rc;
	/* Into memory first: a --step without a result prints nothing. */
	char *text = NULL;
	size_t len = 0, n = 0;
	FILE *mem = open_memstream(&text, &len);
	/* a memory stream fails only for want of memory: internal */
	bool ok = mem && capisim_explain_write(rec, line, mem, &n) == CS_OK;
	if (mem && fclose(mem) != 0)
		ok = false;
	capisim_record_free(rec);
	if (ok && line && n == 0) {
		free(text);
		fprintf(stderr,
		        "capisim explain: --step: error: line %u has no result "
		        "(an action with an outcome)\n",
		        line);
		return CLI_EXIT_USAGE;
	}
	if (ok && fwrite(text, 1, len, stdout) != len)
		ok = false;
	free(text);
	if (!ok || fflush(stdout) != 0)
		return CLI_EXIT_INTERNAL;
	return CLI_EXIT_OK;
}
