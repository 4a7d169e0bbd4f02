/* capisim run FILE.scn [--json] [--trace FILE] [--fetch-log FILE]
 * [--capi2 FILE] [--until TIME] [--reuse MODE]: play a scenario, print its
 * timeline, exit 1 when an expectation failed. Nothing is written until
 * the whole scenario parsed and every fixture loaded; output files appear
 * whole (temp file + rename) or not at all. The run streams (capisim/run.h):
 * the trace file and stdout are written as it goes. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cli_load_scenario(const char *path, capisim_scenario **s)
{
	cs_diag d;
	cs_status st = capisim_scenario_load(path, s, &d);
	if (st == CS_OK)
		return CLI_EXIT_OK;
	if (st == CS_ERR_NOMEM)
		return CLI_EXIT_INTERNAL;
	return cli_fail(&d);
}

typedef struct {
	const capisim_scenario *s;
	capisim_run_options opt;
	capisim_run *run;
	cs_diag d;
	cs_status st;
} run_ctx;

/* Play the scenario, streaming its trace to f (the --trace file, or
 * NULL). */
static cs_status play(FILE *f, void *ctx)
{
	run_ctx *rc = ctx;
	rc->opt.trace_out = f;
	rc->st = capisim_run_scenario(rc->s, &rc->opt, &rc->run, &rc->d);
	return rc->st;
}

static cs_status write_fetchlog(FILE *f, void *ctx)
{
	return capisim_run_write_fetch_log(ctx, f);
}

static cs_status write_capi2(FILE *f, void *ctx)
{
	size_t n;
	cs_status st = capisim_run_write_capi2(ctx, f, &n);
	/* an empty file is the truth, but rarely what was wanted */
	if (st == CS_OK && n == 0)
		fprintf(stderr,
		        "capisim run: no CAPI2 Operational event: the channel "
		        "is off until the scenario runs `wevtutil sl "
		        "Microsoft-Windows-CAPI2/Operational /e:true`\n");
	return st;
}

int cli_cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"json", no_argument, NULL, 'j'},
	    {"trace", required_argument, NULL, 't'},
	    {"fetch-log", required_argument, NULL, 'f'},
	    {"capi2", required_argument, NULL, 'c'},
	    {"until", required_argument, NULL, 'u'},
	    {"reuse", required_argument, NULL, 'r'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	bool json = false, reuse_given = false;
	const char *trace_path = NULL, *fetch_path = NULL, *capi2_path = NULL;
	capisim_run_options opt = {.view_out = stdout};
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 't':
			trace_path = optarg;
			break;
		case 'f':
			fetch_path = optarg;
			break;
		case 'c':
			capi2_path = optarg;
			break;
		case 'r':
			if (!cli_parse_reuse_arg("run", optarg, &opt.reuse))
				return CLI_EXIT_USAGE;
			reuse_given = true;
			break;
		case 'u':
			if (!cli_parse_time_arg("--until", optarg, &opt.until))
				return CLI_EXIT_USAGE;
			opt.has_until = true;
			break;
		case 'h':
			cli_print_usage(stdout, cli_find_command("run"));
			return CLI_EXIT_OK;
		default:
			return cli_usage_error("run", "bad option");
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("run", "expected one scenario file");
	if (trace_path && fetch_path && cli_same_file(trace_path, fetch_path)) {
		fprintf(stderr,
		        "capisim run: error: --trace and --fetch-log name the "
		        "same file (%s)\n",
		        trace_path);
		return CLI_EXIT_USAGE;
	}
	capisim_scenario *s;
	int rc = cli_load_scenario(argv[optind], &s);
	if (rc != CLI_EXIT_OK)
		return rc;
	opt.view = json ? CAPISIM_VIEW_JSONL : CAPISIM_VIEW_TIMELINE;
	opt.fetch_log = fetch_path != NULL;
	opt.capi2 = capi2_path != NULL;
	run_ctx ctx = {.s = s, .opt = opt};
	/* The run happens inside the trace file's writer: the file is
	 * written as the run goes, and renamed into place only when it
	 * succeeded. */
	if (trace_path)
		rc = cli_write_atomic(trace_path, play, &ctx);
	else
		rc =
		    play(NULL, &ctx) == CS_OK ? CLI_EXIT_OK : CLI_EXIT_INTERNAL;
	if (ctx.st != CS_OK && ctx.st != CS_ERR_IO) {
		fprintf(stderr, "capisim run: internal error: %s\n", ctx.d.msg);
		rc = CLI_EXIT_INTERNAL;
	}
	if (rc != CLI_EXIT_OK)
		goto out;
	if (fetch_path && (rc = cli_write_atomic(fetch_path, write_fetchlog,
	                                         ctx.run)) != CLI_EXIT_OK)
		goto out;
	if (capi2_path && (rc = cli_write_atomic(capi2_path, write_capi2,
	                                         ctx.run)) != CLI_EXIT_OK)
		goto out;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		rc = CLI_EXIT_INTERNAL;
		goto out;
	}
	size_t nfail = capisim_run_failures(ctx.run);
	for (size_t i = 0; i < nfail; i++)
		fprintf(stderr, "%s\n", capisim_run_failure(ctx.run, i));
	if (reuse_given) {
		unsigned long played, replayed;
		capisim_run_steps(ctx.run, &played, &replayed);
		fprintf(stderr, "reuse: %lu of %lu steps replayed\n", replayed,
		        played);
	}
	rc = nfail ? CLI_EXIT_DIFFERENT : CLI_EXIT_OK;
out:
	capisim_run_free(ctx.run);
	capisim_scenario_free(s);
	return rc;
}
