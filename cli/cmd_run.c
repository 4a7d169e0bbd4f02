/* capisim run FILE.scn [--json] [--trace FILE] [--fetch-log FILE]
 * [--capi2 FILE] [--until TIME]: play a scenario, print its timeline, exit 1
 * when an expectation failed. Nothing is written until the whole scenario
 * parsed and every fixture loaded; output files appear whole (temp file +
 * rename) or not at all. */
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

static mode_t process_umask;
static pthread_once_t umask_once = PTHREAD_ONCE_INIT;

/* umask can only be read by setting it: once per process, restored at
 * once (pthread_once: no other thread sees the temporary value through
 * this function). */
static void read_umask(void)
{
	process_umask = umask(0);
	umask(process_umask);
}

/* The mode fopen(path, "w") would leave: an existing file keeps its
 * permissions; a new one gets 0666 minus the umask (POSIX open(2)). */
static mode_t output_mode(const char *path)
{
	struct stat st;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		return st.st_mode & 07777;
	pthread_once(&umask_once, read_umask);
	return 0666 & ~process_umask;
}

int cli_write_atomic(const char *path, cli_writer write, void *ctx)
{
	size_t n = strlen(path) + 16;
	char *tmp = malloc(n);
	if (!tmp)
		return CLI_EXIT_INTERNAL;
	snprintf(tmp, n, "%s.tmpXXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		fprintf(stderr, "capisim: error: cannot create %s: %s\n", tmp,
		        strerror(errno));
		free(tmp);
		return CLI_EXIT_USAGE;
	}
	/* mkstemp makes the file 0600; give it the mode of a normal output */
	if (fchmod(fd, output_mode(path)) != 0) {
		fprintf(stderr,
		        "capisim: error: cannot set the mode of %s: %s\n", tmp,
		        strerror(errno));
		close(fd);
		remove(tmp);
		free(tmp);
		return CLI_EXIT_USAGE;
	}
	FILE *f = fdopen(fd, "w");
	cs_status st = f ? write(f, ctx) : CS_ERR_IO;
	if (f && fclose(f) != 0 && st == CS_OK)
		st = CS_ERR_IO;
	if (!f)
		close(fd);
	if (st == CS_OK && rename(tmp, path) != 0)
		st = CS_ERR_IO;
	if (st != CS_OK) {
		fprintf(stderr, "capisim: error: cannot write %s: %s\n", path,
		        st == CS_ERR_IO ? strerror(errno) : cs_status_str(st));
		remove(tmp);
	}
	free(tmp);
	return st == CS_OK       ? CLI_EXIT_OK
	       : st == CS_ERR_IO ? CLI_EXIT_USAGE
	                         : CLI_EXIT_INTERNAL;
}

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

typedef struct {
	const cs_scenario *s;
	const cs_machine *m;
} run_view;

static cs_status write_trace(FILE *f, void *ctx)
{
	const run_view *v = ctx;
	return cs_trace_write_jsonl(&v->m->w.trace, f);
}

static cs_status write_fetchlog(FILE *f, void *ctx)
{
	const run_view *v = ctx;
	return cs_fetchlog_write(v->s, v->m, f);
}

static cs_status write_capi2(FILE *f, void *ctx)
{
	const run_view *v = ctx;
	size_t n;
	cs_status st = cs_capi2_xml_write(v->m, f, &n);
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
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	bool json = false;
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
	cs_pool *pool;
	cs_scenario *s;
	int rc = cli_load_scenario(argv[optind], &pool, &s);
	if (rc != CLI_EXIT_OK)
		return rc;
	cs_machine m;
	cs_run_result res;
	cs_status st = cs_scenario_run(s, &opt, &m, &res);
	if (st != CS_OK) {
		fprintf(stderr, "capisim run: internal error: %s\n",
		        cs_status_str(st));
		rc = CLI_EXIT_INTERNAL;
		goto out;
	}
	run_view v = {s, &m};
	if (trace_path &&
	    (rc = cli_write_atomic(trace_path, write_trace, &v)) != CLI_EXIT_OK)
		goto out;
	if (fetch_path && (rc = cli_write_atomic(fetch_path, write_fetchlog,
	                                         &v)) != CLI_EXIT_OK)
		goto out;
	if (capi2_path &&
	    (rc = cli_write_atomic(capi2_path, write_capi2, &v)) != CLI_EXIT_OK)
		goto out;
	st = json ? cs_trace_write_jsonl(&m.w.trace, stdout)
	          : cs_timeline_write(s, &m, &res, stdout);
	if (st != CS_OK || fflush(stdout) != 0) {
		rc = CLI_EXIT_INTERNAL;
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
