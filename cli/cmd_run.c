/* capisim run FILE.scn [--json] [--trace FILE] [--fetch-log FILE] [--capi2
 * FILE]
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
#include "render/capi2_xml.h"
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

/* Where `capisim run` streams the trace (model/trace.h, cs_trace_sink):
 * the JSON Lines file, stdout (the timeline, or JSON Lines with --json),
 * and for --fetch-log the requests that reached a server, kept until the
 * end (the log's header needs the first). Replayed results are rendered
 * once and written again at their times. */
typedef struct {
	const cs_scenario *s;
	FILE *trace;                     /* --trace FILE, or NULL */
	FILE *json;                      /* stdout with --json, or NULL */
	FILE *timeline;                  /* stdout without --json, or NULL */
	cs_outbuf trace_buf, stdout_buf; /* replayed lines, in blocks */
	bool fetchlog;
	cs_obs *fetches; /* copies, for --fetch-log */
	size_t nfetches, capfetches;
	bool capi2;
	cs_obs *capi2_obs; /* copies, for --capi2 (cs_capi2_wants) */
	size_t ncapi2, capcapi2;
	bool has_certutil; /* a certutil -verify step: its text in the
	                      timeline reads the step's observations */
	cs_filetime iso_t; /* the time iso holds */
	char iso[CS_TIME_BUF];
	cs_run_options opt;
	cs_machine m;
	cs_run_result res;
	cs_status st;
	bool ran;
} run_stream;

typedef struct {
	cs_jsonl_template *json;
	cs_timeline_template *timeline;
} rendered_obs;

static cs_status keep(cs_obs **v, size_t *n, size_t *cap, const cs_obs *o)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 16;
		cs_obs *nv = realloc(*v, c * sizeof *nv);
		if (!nv)
			return CS_ERR_NOMEM;
		*v = nv;
		*cap = c;
	}
	cs_status st = cs_obs_copy(&(*v)[*n], o, 0);
	if (st == CS_OK)
		(*n)++;
	return st;
}

static cs_status sink_write(void *ctx, const cs_obs *o)
{
	run_stream *rs = ctx;
	/* what replays buffered goes first */
	cs_status st = rs->trace ? cs_outbuf_flush(&rs->trace_buf) : CS_OK;
	if (st == CS_OK)
		st = cs_outbuf_flush(&rs->stdout_buf);
	if (st == CS_OK && rs->trace)
		st = cs_obs_write_jsonl(o, rs->trace);
	if (st == CS_OK && rs->json)
		st = cs_obs_write_jsonl(o, rs->json);
	if (st == CS_OK && rs->timeline) {
		cs_timeline_obs(o, rs->timeline);
		cs_timeline_certutil(&rs->m, o, rs->timeline);
	}
	if (st == CS_OK && rs->fetchlog && cs_fetchlog_wants(o))
		st = keep(&rs->fetches, &rs->nfetches, &rs->capfetches, o);
	if (st == CS_OK && rs->capi2 && cs_capi2_wants(o))
		st = keep(&rs->capi2_obs, &rs->ncapi2, &rs->capcapi2, o);
	return st;
}

static void sink_free_rendered(void *ctx, void *r)
{
	(void)ctx;
	rendered_obs *ro = r;
	cs_jsonl_template_free(ro->json);
	cs_timeline_template_free(ro->timeline);
	free(ro);
}

static void *sink_render(void *ctx, const cs_obs *o)
{
	run_stream *rs = ctx;
	if (rs->fetchlog && cs_fetchlog_wants(o))
		return NULL; /* the fetch log keeps copies: replay a copy */
	/* The CAPI2 writer and the certutil text read a step's observations
	 * together: replayed as copies, they are all there again. */
	if (rs->capi2 || (rs->timeline && rs->has_certutil))
		return NULL;
	rendered_obs *ro = calloc(1, sizeof *ro);
	if (!ro)
		return NULL;
	bool bad = false;
	if (rs->trace || rs->json)
		bad |= !(ro->json = cs_jsonl_template_new(o));
	if (rs->timeline)
		bad |= !(ro->timeline = cs_timeline_template_new(o));
	if (bad) {
		sink_free_rendered(ctx, ro);
		return NULL;
	}
	return ro;
}

static cs_status sink_replay(void *ctx, const void *r, cs_filetime t)
{
	run_stream *rs = ctx;
	const rendered_obs *ro = r;
	if (t != rs->iso_t || !rs->iso[0]) {
		cs_time_format(t, rs->iso);
		rs->iso_t = t;
	}
	if (rs->trace)
		cs_jsonl_template_write(ro->json, rs->iso, &rs->trace_buf);
	if (rs->json)
		cs_jsonl_template_write(ro->json, rs->iso, &rs->stdout_buf);
	if (rs->timeline)
		cs_timeline_template_write(ro->timeline, rs->iso,
		                           &rs->stdout_buf);
	return rs->trace_buf.failed || rs->stdout_buf.failed ? CS_ERR_IO
	                                                     : CS_OK;
}

/* Play the scenario, streaming its trace; f: the --trace file, or NULL.
 * Fails only for a failure of the run or of the writes. */
static cs_status run_streaming(FILE *f, void *ctx)
{
	run_stream *rs = ctx;
	rs->trace = f;
	cs_outbuf_init(&rs->trace_buf, f);
	cs_outbuf_init(&rs->stdout_buf, stdout);
	const cs_trace_sink sink = {sink_write, sink_render, sink_replay,
	                            sink_free_rendered, rs};
	rs->opt.trace_sink = &sink;
	if (rs->timeline)
		cs_timeline_header(rs->s, rs->timeline);
	rs->st = cs_scenario_run(rs->s, &rs->opt, &rs->m, &rs->res);
	rs->ran = true;
	if (rs->st == CS_OK && f)
		rs->st = cs_outbuf_flush(&rs->trace_buf);
	if (rs->st == CS_OK)
		rs->st = cs_outbuf_flush(&rs->stdout_buf);
	if (rs->st == CS_OK && rs->timeline)
		rs->st = cs_timeline_footer(&rs->m, &rs->res, rs->timeline);
	if (rs->st == CS_OK && f && ferror(f))
		rs->st = CS_ERR_IO;
	return rs->st;
}

static cs_status write_fetchlog(FILE *f, void *ctx)
{
	const run_stream *rs = ctx;
	return cs_fetchlog_write_obs(rs->s, rs->fetches, rs->nfetches, f);
}

static cs_status write_capi2(FILE *f, void *ctx)
{
	const run_stream *rs = ctx;
	size_t n;
	cs_status st = cs_capi2_xml_write_obs(rs->m.pool, rs->capi2_obs,
	                                      rs->ncapi2, f, &n);
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
		case 'c':
			capi2_path = optarg;
			break;
		case 'r': {
			int mode;
			if (!cli_parse_reuse_arg("run", optarg, &mode))
				return CLI_EXIT_USAGE;
			opt.reuse = (cs_reuse_mode)mode;
			reuse_given = true;
			break;
		}
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
	cs_pool *pool;
	cs_scenario *s;
	int rc = cli_load_scenario(argv[optind], &pool, &s);
	if (rc != CLI_EXIT_OK)
		return rc;
	run_stream rs = {.s = s,
	                 .json = json ? stdout : NULL,
	                 .timeline = json ? NULL : stdout,
	                 .fetchlog = fetch_path != NULL,
	                 .capi2 = capi2_path != NULL,
	                 .opt = opt};
	for (size_t i = 0; i < s->nsteps; i++)
		rs.has_certutil |=
		    cs_timeline_is_certutil_verify(s->steps[i].action);
	/* The run happens inside the trace file's writer: the file is
	 * written as the run goes, and renamed into place only when it
	 * succeeded. */
	if (trace_path)
		rc = cli_write_atomic(trace_path, run_streaming, &rs);
	else
		rc = run_streaming(NULL, &rs) == CS_OK ? CLI_EXIT_OK
		                                       : CLI_EXIT_INTERNAL;
	if (rs.st != CS_OK && rs.st != CS_ERR_IO) {
		fprintf(stderr, "capisim run: internal error: %s%s%s\n",
		        cs_status_str(rs.st), rs.res.reuse_error[0] ? ": " : "",
		        rs.res.reuse_error);
		rc = CLI_EXIT_INTERNAL;
	}
	if (rc != CLI_EXIT_OK)
		goto out;
	if (fetch_path && (rc = cli_write_atomic(fetch_path, write_fetchlog,
	                                         &rs)) != CLI_EXIT_OK)
		goto out;
	if (capi2_path && (rc = cli_write_atomic(capi2_path, write_capi2,
	                                         &rs)) != CLI_EXIT_OK)
		goto out;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		rc = CLI_EXIT_INTERNAL;
		goto out;
	}
	cs_failures_write(&rs.res, stderr);
	if (reuse_given)
		fprintf(stderr, "reuse: %lu of %lu steps replayed\n",
		        rs.res.steps_replayed, rs.res.steps_run);
	rc = rs.res.nfailures ? CLI_EXIT_DIFFERENT : CLI_EXIT_OK;
out:
	if (rs.ran) {
		cs_run_result_free(&rs.res);
		cs_machine_free(&rs.m);
	}
	for (size_t i = 0; i < rs.nfetches; i++)
		cs_obs_clear(&rs.fetches[i]);
	free(rs.fetches);
	for (size_t i = 0; i < rs.ncapi2; i++)
		cs_obs_clear(&rs.capi2_obs[i]);
	free(rs.capi2_obs);
	cs_scenario_free(s);
	cs_pool_free(pool);
	return rc;
}
