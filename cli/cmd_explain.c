/* capisim explain [--step LINE] FILE.scn|TRACE.jsonl: why each result came
 * out (render/explain.h). A scenario is run first with its trace on; a
 * JSON Lines trace (from `capisim run --trace`, or recorded elsewhere) is
 * read as it is. */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "sim/scenario/scenario.h"
#include "render/explain.h"
#include "trace/read.h"

static bool is_trace_file(const char *path)
{
	size_t n = strlen(path);
	return (n > 6 && strcmp(path + n - 6, ".jsonl") == 0) ||
	       (n > 5 && strcmp(path + n - 5, ".json") == 0);
}

int cli_trace_has_results(const char *cmd, const char *path, const void *trace)
{
	/* A result is a "step" observation with an HRESULT (explain.h). */
	size_t i;
	json_t *o;
	json_array_foreach((json_t *)trace, i, o)
	{
		const char *kind =
		    json_string_value(json_object_get(o, "kind"));
		if (kind && strcmp(kind, "step") == 0 &&
		    json_object_get(o, "hresult"))
			return CLI_EXIT_OK;
	}
	fprintf(stderr,
	        "%s: error: no results to %s (no action with an outcome: a "
	        "verify, store, certutil or schannel step)\n",
	        path, cmd);
	return CLI_EXIT_USAGE;
}

int cli_trace_json(const char *path, void **out)
{
	cli_loaded l;
	int rc = cli_load_run(path, &l);
	*out = l.trace;
	l.trace = NULL;
	cli_loaded_free(&l);
	return rc;
}

void cli_loaded_free(cli_loaded *l)
{
	if (l->trace)
		json_decref(l->trace);
	cs_scenario_free(l->scenario);
	cs_pool_free(l->pool);
	memset(l, 0, sizeof *l);
}

int cli_load_run(const char *path, cli_loaded *l)
{
	memset(l, 0, sizeof *l);
	void **out = &l->trace;
	if (is_trace_file(path)) {
		FILE *f = fopen(path, "r");
		if (!f) {
			fprintf(stderr, "capisim: error: cannot open %s\n",
			        path);
			return CLI_EXIT_USAGE;
		}
		cs_diag d;
		memset(&d, 0, sizeof d);
		cs_status st = cs_trace_read_jsonl(f, path, out, &d);
		fclose(f);
		if (st == CS_ERR_NOMEM)
			return CLI_EXIT_INTERNAL;
		return st == CS_OK ? CLI_EXIT_OK : cli_fail(&d);
	}
	cs_pool *pool;
	cs_scenario *s;
	int rc = cli_load_scenario(path, &pool, &s);
	if (rc != CLI_EXIT_OK)
		return rc;
	cs_machine m;
	cs_run_result res;
	cs_run_options opt = {.trace = true};
	cs_status st = cs_scenario_run(s, &opt, &m, &res);
	if (st == CS_OK && !(*out = cs_trace_to_json_array(&m.w.trace)))
		st = CS_ERR_NOMEM;
	if (st != CS_OK) {
		fprintf(stderr, "capisim: internal error: %s\n",
		        cs_status_str(st));
		rc = CLI_EXIT_INTERNAL;
	}
	cs_run_result_free(&res);
	cs_machine_free(&m);
	l->scenario = s;
	l->pool = pool;
	if (rc != CLI_EXIT_OK)
		cli_loaded_free(l);
	return rc;
}

int cli_cmd_explain(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"step", required_argument, NULL, 's'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	cs_explain_options eo = {0};
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's': {
			char *end = NULL;
			unsigned long v = strtoul(optarg, &end, 10);
			if (!*optarg || *end || v == 0 || v > 0xffffffffUL)
				return cli_usage_error(
				    "explain",
				    "--step: expected a scenario line number, "
				    "got '%s'",
				    optarg);
			eo.line = (unsigned)v;
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
	cli_loaded l;
	int rc = cli_load_run(argv[optind], &l);
	if (rc != CLI_EXIT_OK)
		return rc;
	if ((rc = cli_trace_has_results("explain", argv[optind], l.trace)) !=
	    CLI_EXIT_OK) {
		cli_loaded_free(&l);
		return rc;
	}
	/* Into memory first: a --step without a result prints nothing. */
	char *text = NULL;
	size_t len = 0, n = 0;
	eo.scenario = l.scenario;
	FILE *mem = open_memstream(&text, &len);
	cs_status st =
	    mem ? cs_explain_write(l.trace, &eo, mem, &n) : CS_ERR_NOMEM;
	if (mem && fclose(mem) != 0 && st == CS_OK)
		st = CS_ERR_NOMEM;
	cli_loaded_free(&l);
	if (st == CS_OK && eo.line && n == 0) {
		free(text);
		fprintf(stderr,
		        "capisim explain: --step: error: line %u has no result "
		        "(an action with an outcome)\n",
		        eo.line);
		return CLI_EXIT_USAGE;
	}
	if (st == CS_OK && fwrite(text, 1, len, stdout) != len)
		st = CS_ERR_IO;
	free(text);
	if (st != CS_OK || fflush(stdout) != 0)
		return CLI_EXIT_INTERNAL;
	return CLI_EXIT_OK;
}
