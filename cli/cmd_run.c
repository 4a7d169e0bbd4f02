/* capisim run FILE.scn [--json] [--trace FILE] [--fetch-log FILE]
 * [--until TIME]: play a scenario, print its timeline, exit 1 when an
 * expectation failed. Nothing is written until the whole scenario parsed and
 * every fixture loaded; output files appear whole (temp file + rename) or
 * not at all. */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "render/fetchlog.h"
#include "render/timeline.h"
#include "sim/scenario/expect.h"
#include "sim/scenario/scenario.h"
#include "trace/jsonl.h"

int cli_load_scenario(const char *path, cs_pool **pool, cs_scenario **s)
{
	char base[4096];
	*pool = NULL;
	*s = NULL;
	if (cs_pool_new(pool, cs_scenario_base_dir(path, base, sizeof base)) !=
	    CS_OK)
		return CLI_EXIT_INTERNAL;
	cs_diag d;
	memset(&d, 0, sizeof d);
	cs_status st = cs_scenario_parse_file(s, path, *pool, &d);
	if (st == CS_OK)
		return CLI_EXIT_OK;
	cs_pool_free(*pool);
	*pool = NULL;
	if (st == CS_ERR_NOMEM)
		return CLI_EXIT_INTERNAL;
	return cli_fail(&d);
}

/* Where a streamed run's observations go: the optional trace and fetch
 * log files, and stdout (the timeline or the JSON trace). */
typedef struct {
	const cs_scenario *s;
	bool json;
	cli_out trace, fetch;
	cs_fetchlog_stream fl;
} run_sink;

static cs_status sink_obs(void *ctx, const cs_trace *tr, size_t n)
{
	run_sink *k = ctx;
	cs_status st = CS_OK;
	for (size_t i = 0; i < n && st == CS_OK; i++) {
		const cs_obs *o = &tr->obs[i];
		if (k->trace.f)
			st = cs_obs_write_jsonl(o, k->trace.f);
		if (st == CS_OK && k->fetch.f)
			st = cs_fetchlog_obs(&k->fl, k->s, o, k->fetch.f);
		if (st == CS_OK && k->json)
			st = cs_obs_write_jsonl(o, stdout);
		else if (st == CS_OK)
			cs_timeline_obs(o, stdout);
	}
	if (st == CS_OK && ferror(stdout))
		st = CS_ERR_IO;
	return st;
}

int cli_cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"json", no_argument, NULL, 'j'},
	    {"trace", required_argument, NULL, 't'},
	    {"fetch-log", required_argument, NULL, 'f'},
	    {"until", required_argument, NULL, 'u'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	bool json = false;
	const char *trace_path = NULL, *fetch_path = NULL;
	cs_run_options opt = {.trace = true};
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
		        "capisim run: error: --trace and --fetch-log "
		        "name the same file (%s)\n",
		        trace_path);
		return CLI_EXIT_USAGE;
	}
	cs_pool *pool;
	cs_scenario *s;
	int rc = cli_load_scenario(argv[optind], &pool, &s);
	if (rc != CLI_EXIT_OK)
		return rc;
	/* The trace streams out step by step (memory stays flat however
	 * long the scenario runs); files appear at the end, whole. */
	run_sink k = {.s = s, .json = json};
	if (trace_path &&
	    (rc = cli_out_open(&k.trace, trace_path, false)) != CLI_EXIT_OK) {
		cs_scenario_free(s);
		cs_pool_free(pool);
		return rc;
	}
	if (fetch_path &&
	    (rc = cli_out_open(&k.fetch, fetch_path, false)) != CLI_EXIT_OK) {
		cli_out_abort(&k.trace);
		cs_scenario_free(s);
		cs_pool_free(pool);
		return rc;
	}
	opt.on_flush = sink_obs;
	opt.on_flush_ctx = &k;
	if (!json)
		cs_timeline_begin(s, stdout);
	cs_machine m;
	cs_run_result res;
	cs_status st = cs_scenario_run(s, &opt, &m, &res);
	if (st == CS_OK) /* what the run left: from the last command on */
		st = sink_obs(&k, &m.w.trace, m.w.trace.n);
	if (st == CS_OK && k.fetch.f)
		st = cs_fetchlog_finish(&k.fl, s, k.fetch.f);
	if (st == CS_OK && !json)
		st = cs_timeline_end(&m, &res, stdout);
	if (st == CS_OK && fflush(stdout) != 0)
		st = CS_ERR_IO;
	if (st != CS_OK) {
		cli_out_abort(&k.trace);
		cli_out_abort(&k.fetch);
		fprintf(stderr, "capisim run: %s: %s\n",
		        st == CS_ERR_IO ? "error" : "internal error",
		        st == CS_ERR_IO ? strerror(errno) : cs_status_str(st));
		rc = st == CS_ERR_IO ? CLI_EXIT_USAGE : CLI_EXIT_INTERNAL;
		goto out;
	}
	if ((rc = cli_out_commit(&k.trace, CS_OK)) != CLI_EXIT_OK ||
	    (rc = cli_out_commit(&k.fetch, CS_OK)) != CLI_EXIT_OK) {
		cli_out_abort(&k.fetch);
		goto out;
	}
	cs_failures_write(&res, stderr);
	rc = res.nfailures ? CLI_EXIT_DIFFERENT : CLI_EXIT_OK;
out:
	cs_run_result_free(&res);
	cs_machine_free(&m);
	cs_scenario_free(s);
	cs_pool_free(pool);
	return rc;
}
