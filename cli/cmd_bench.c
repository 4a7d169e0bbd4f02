/* capisim bench [--quick] [--json] [--fixtures DIR] [--jobs J]: the
 * figures of docs/performance.md in one run, each beside its target and
 * the machine's load average while it was measured - chain verify against
 * OpenSSL, scenario replay with the trace off and written, the peak memory
 * of `capisim run --trace` on that replay, and fleet machine-days per
 * second on a grid (by classes) and without one (machine by machine).
 *
 * The measurements are bench/bench.h's; memory and load are measured
 * here. Each fleet run happens in a child process whose peak resident size
 * (getrusage) grows from what it inherited, so one part's peak never hides
 * another's; the replay's peak is that of a `capisim run --trace` process
 * of its own (wait4). Not a test: the numbers depend on the machine, which
 * is shared; the load average printed beside each figure says how shared. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/bench.h"
#include "cli/cli.h"

/* Targets: issue 10 (chain, fleet by classes), issue 21 (replay with the
 * trace written, fleet without a grid). */
#define WARM_TARGET         20.0  /* warm verifies per OpenSSL verify, >= */
#define COLD_TARGET         1.2   /* cold verify / raw signatures, <= */
#define REPLAY_TRACE_TARGET 0.040 /* s, 30-day replay, trace written, <= */
#define REPLAY_RSS_TARGET   20e6  /* bytes, its peak resident size, <= */
#define FLEET_TARGET        1e7   /* machine-days per second, >= */
#define FLEET_EXACT_TARGET  5.0   /* s for 10^6 machines x 30 days, < */

typedef struct {
	double chain_seconds; /* per case */
	unsigned replay_days, fleet_days;
	uint64_t fleet_machines, exact_machines;
	unsigned jobs;
} sizes;

static const sizes full_sizes = {0.5, 30, 30, 1000000, 1000000, 2};
static const sizes quick_sizes = {0.02, 1, 2, 10000, 50, 2};

/* 1-minute load average before and after a part (-1: unknown). */
typedef struct {
	double before, after;
} load_span;

static double load_now(void)
{
	FILE *f = fopen("/proc/loadavg", "r");
	double l = -1;
	if (f) {
		if (fscanf(f, "%lf", &l) != 1)
			l = -1;
		fclose(f);
	}
	return l;
}

typedef struct {
	cs_status st;
	char msg[512];
	bench_fleet_result r;
	long long rss_growth; /* bytes the peak resident size grew by */
	double cpu_seconds;   /* user + system time of all its threads */
	load_span load;
} fleet_measure;

static double cpu_seconds(void)
{
	struct rusage u;
	if (getrusage(RUSAGE_SELF, &u) != 0)
		return 0;
	return (double)u.ru_utime.tv_sec + (double)u.ru_utime.tv_usec / 1e6 +
	       (double)u.ru_stime.tv_sec + (double)u.ru_stime.tv_usec / 1e6;
}

static long long maxrss_bytes(void)
{
	struct rusage u;
	if (getrusage(RUSAGE_SELF, &u) != 0)
		return 0;
	return (long long)u.ru_maxrss * 1024; /* Linux: kilobytes */
}

/* One fleet run in a child: a fresh peak-RSS mark that starts at what
 * the child inherited (Linux resets it on fork to the current size). */
static int measure_fleet(const char *basic, const sizes *z, bool grid,
                         fleet_measure *out)
{
	memset(out, 0, sizeof *out);
	int fd[2];
	if (pipe(fd) != 0)
		return CLI_EXIT_INTERNAL;
	fflush(NULL);
	double load0 = load_now();
	pid_t pid = fork();
	if (pid < 0) {
		close(fd[0]);
		close(fd[1]);
		return CLI_EXIT_INTERNAL;
	}
	if (pid == 0) {
		close(fd[0]);
		fleet_measure m;
		memset(&m, 0, sizeof m);
		cs_diag d;
		memset(&d, 0, sizeof d);
		long long before = maxrss_bytes();
		double cpu0 = cpu_seconds();
		m.st = bench_fleet(basic, z->fleet_days,
		                   grid ? z->fleet_machines : z->exact_machines,
		                   grid, z->jobs, &m.r, &d);
		m.rss_growth = maxrss_bytes() - before;
		m.cpu_seconds = cpu_seconds() - cpu0;
		snprintf(m.msg, sizeof m.msg, "%s", d.msg);
		ssize_t w = write(fd[1], &m, sizeof m);
		_exit(w == (ssize_t)sizeof m ? 0 : 3);
	}
	close(fd[1]);
	size_t got = 0;
	while (got < sizeof *out) {
		ssize_t n = read(fd[0], (char *)out + got, sizeof *out - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd[0]);
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	out->load = (load_span){load0, load_now()};
	if (got != sizeof *out) {
		fputs("capisim bench: error: the fleet measurement process "
		      "died\n",
		      stderr);
		return CLI_EXIT_INTERNAL;
	}
	return CLI_EXIT_OK;
}

/* The peak resident size of `capisim run --trace /dev/null SCENARIO` on
 * the replay scenario, in a process of its own (this program, exec'd
 * again), and its wall time. */
typedef struct {
	long long peak_rss; /* bytes; 0 when not measured */
	double seconds;
	load_span load;
} run_measure;

static int measure_run(const char *basic, const sizes *z, run_measure *out)
{
	memset(out, 0, sizeof *out);
	char abs_basic[PATH_MAX], self[PATH_MAX], text[16384];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0 || !realpath(basic, abs_basic))
		return CLI_EXIT_OK; /* not measurable here: reported as 0 */
	self[n] = '\0';
	if (bench_basic_scenario(text, sizeof text, abs_basic, z->replay_days,
	                         "1m") != CS_OK)
		return CLI_EXIT_INTERNAL;
	char path[] = "/tmp/capisim-bench-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return CLI_EXIT_INTERNAL;
	size_t len = strlen(text);
	bool wrote = write(fd, text, len) == (ssize_t)len;
	close(fd);
	if (!wrote) {
		unlink(path);
		return CLI_EXIT_INTERNAL;
	}
	fflush(NULL);
	double load0 = load_now();
	double t0 = bench_now();
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0)
			dup2(null, STDOUT_FILENO);
		execl(self, self, "run", "--trace", "/dev/null", path,
		      (char *)NULL);
		_exit(127);
	}
	int status = 0;
	struct rusage u;
	memset(&u, 0, sizeof u);
	while (pid > 0 && wait4(pid, &status, 0, &u) < 0 && errno == EINTR)
		;
	out->seconds = bench_now() - t0;
	out->load = (load_span){load0, load_now()};
	unlink(path);
	if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fputs("capisim bench: error: `capisim run --trace` on the "
		      "replay scenario failed\n",
		      stderr);
		return CLI_EXIT_INTERNAL;
	}
	out->peak_rss = (long long)u.ru_maxrss * 1024;
	return CLI_EXIT_OK;
}

static int bench_error(const char *what, cs_status st, const char *msg)
{
	fprintf(stderr, "capisim bench: %s: error: %s%s%s\n", what,
	        cs_status_str(st), msg && *msg ? ": " : "", msg ? msg : "");
	return st == CS_ERR_NOMEM || st == CS_ERR_INTERNAL ? CLI_EXIT_INTERNAL
	                                                   : CLI_EXIT_USAGE;
}

static double machine_days_per_s(const bench_fleet_result *r)
{
	return r->seconds > 0
	           ? (double)r->machines * (double)r->days / r->seconds
	           : 0.0;
}

typedef struct {
	bench_chain_rates chain;
	load_span chain_load;
	bench_replay_result off, on;
	load_span off_load, on_load;
	run_measure run;
	fleet_measure grid, exact;
} results;

/* "ok", "MISSED", or why it is not judged (quick sizes). */
static const char *verdict(bool met, bool judged)
{
	return !judged ? "(judged at the full sizes)" : met ? "ok" : "MISSED";
}

/* The same target judged on CPU time (what the figure cost, whatever
 * else the machine ran), when the wall clock missed it. */
static void print_cpu_verdict(bool wall_met, bool cpu_met, bool judged,
                              const char *what)
{
	if (judged && !wall_met)
		printf("    on CPU time (%s): %s\n", what,
		       cpu_met ? "ok" : "MISSED");
}

static void print_load(const load_span *l)
{
	printf("    load average %.2f -> %.2f\n", l->before, l->after);
}

static void print_text(const results *x, const sizes *z, bool quick)
{
	const bench_chain_rates *c = &x->chain;
	double warm_x = c->warm / c->openssl,
	       cold_x = c->raw_signatures / c->cold;
	printf("capisim bench%s (docs/performance.md)\n\n",
	       quick ? " --quick" : "");
	printf("chain verify, basic chain (3 certificates, RSA-2048), per "
	       "second:\n"
	       "  OpenSSL X509_verify_cert    %12.0f\n"
	       "  raw signature checks (3)    %12.0f\n"
	       "  capisim cold verify         %12.0f\n"
	       "  capisim warm verify         %12.0f\n",
	       c->openssl, c->raw_signatures, c->cold, c->warm);
	printf("  warm / OpenSSL throughput   %11.1fx  target >= %.0fx  %s\n",
	       warm_x, WARM_TARGET, warm_x >= WARM_TARGET ? "ok" : "MISSED");
	printf("  cold cost / raw signatures  %11.2fx  target <= %.1fx  %s\n",
	       cold_x, COLD_TARGET, cold_x <= COLD_TARGET ? "ok" : "MISSED");
	print_load(&x->chain_load);

	printf(
	    "\nscenario replay, a %u-day scenario verifying every minute (%lu "
	    "verifications):\n",
	    z->replay_days, x->off.verifications);
	printf(
	    "  trace off      %9.4f s (%.4f s CPU)  %12.0f verifications/s\n",
	    x->off.seconds, x->off.cpu_seconds,
	    x->off.seconds > 0 ? (double)x->off.verifications / x->off.seconds
	                       : 0.0);
	print_load(&x->off_load);
	bool full = !quick;
	printf("  trace written  %9.4f s (%.4f s CPU)  %12.0f verifications/s, "
	       "%zu observations\n"
	       "                 target <= %.0f ms  %s\n",
	       x->on.seconds, x->on.cpu_seconds,
	       x->on.seconds > 0 ? (double)x->on.verifications / x->on.seconds
	                         : 0.0,
	       x->on.observations, REPLAY_TRACE_TARGET * 1e3,
	       verdict(x->on.seconds <= REPLAY_TRACE_TARGET, full));
	print_cpu_verdict(x->on.seconds <= REPLAY_TRACE_TARGET,
	                  x->on.cpu_seconds <= REPLAY_TRACE_TARGET, full,
	                  "the replay's");
	print_load(&x->on_load);
	printf("  capisim run --trace: peak memory %.1f MB (%.3f s with "
	       "process start)\n"
	       "                 target <= %.0f MB  %s\n",
	       (double)x->run.peak_rss / 1e6, x->run.seconds,
	       REPLAY_RSS_TARGET / 1e6,
	       verdict(x->run.peak_rss <= REPLAY_RSS_TARGET, full));
	print_load(&x->run.load);

	const fleet_measure *f = &x->exact;
	double rate = machine_days_per_s(&f->r);
	bool exact_full = full && f->r.machines >= 1000000 && f->r.days >= 30;
	printf("\nfleet, a %u-day scenario verifying every hour, %u threads\n",
	       z->fleet_days, z->jobs);
	printf("  no grid, every machine played (--vary %s %s %s %s):\n",
	       bench_fleet_exact[0], bench_fleet_exact[1], bench_fleet_exact[2],
	       bench_fleet_exact[3]);
	printf("    %llu machines: %.3f s wall (%.3f s CPU, %.3f ms CPU per "
	       "machine)\n"
	       "    %.3g machine-days/s  target >= %.0e  %s\n"
	       "    10^6 machines x 30 days: %s  target < %.0f s  %s\n"
	       "    peak memory +%.1f MB (%u machines in flight)\n",
	       (unsigned long long)f->r.machines, f->r.seconds, f->cpu_seconds,
	       f->r.machines ? f->cpu_seconds * 1e3 / (double)f->r.machines
	                     : 0.0,
	       rate, FLEET_TARGET, verdict(rate >= FLEET_TARGET, exact_full),
	       exact_full ? "measured above" : "not run at this size",
	       FLEET_EXACT_TARGET,
	       verdict(f->r.seconds < FLEET_EXACT_TARGET, exact_full),
	       (double)f->rss_growth / 1e6, z->jobs);
	/* its CPU time spread over the threads: the wall time the jobs
	 * would take on as many idle cores (an estimate, marked as one) */
	double idle_s = f->cpu_seconds / z->jobs;
	double idle_rate =
	    idle_s > 0 ? (double)f->r.machines * (double)f->r.days / idle_s
	               : 0.0;
	if (exact_full &&
	    !(rate >= FLEET_TARGET && f->r.seconds < FLEET_EXACT_TARGET))
		printf("    on CPU time / %u threads (an estimate for idle "
		       "cores):\n"
		       "      %.3g machine-days/s  %s;  %.2f s  %s\n",
		       z->jobs, idle_rate,
		       idle_rate >= FLEET_TARGET ? "ok" : "MISSED", idle_s,
		       idle_s < FLEET_EXACT_TARGET ? "ok" : "MISSED");
	print_load(&f->load);
	f = &x->grid;
	rate = machine_days_per_s(&f->r);
	printf("  on a 1 h grid, once per class (--vary %s %s %s --quantum "
	       "1h):\n",
	       bench_fleet_grid[0], bench_fleet_grid[1], bench_fleet_grid[2]);
	printf("    %llu machines in %zu classes: %.3f s wall (%.3f s CPU)\n"
	       "    %.3g machine-days/s  target >= %.0e  %s\n"
	       "    peak memory +%.1f MB, %.1f bytes per simulated machine\n",
	       (unsigned long long)f->r.machines, f->r.runs, f->r.seconds,
	       f->cpu_seconds, rate, FLEET_TARGET,
	       verdict(rate >= FLEET_TARGET, full), (double)f->rss_growth / 1e6,
	       f->r.machines ? (double)f->rss_growth / (double)f->r.machines
	                     : 0.0);
	print_load(&f->load);
	printf("\nwhole process peak memory: %.1f MB\n",
	       (double)maxrss_bytes() / 1e6);
}

static json_t *load_json(const load_span *l)
{
	return json_pack("[f,f]", l->before, l->after);
}

/* true/false, or null when the sizes do not judge the target. */
static json_t *met_json(bool met, bool judged)
{
	return judged ? json_boolean(met) : json_null();
}

static json_t *fleet_json(const fleet_measure *f, bool grid, unsigned jobs,
                          bool quick)
{
	double rate = machine_days_per_s(&f->r);
	json_t *o = json_pack(
	    "{s:s, s:I, s:I, s:I, s:i, s:f, s:f, s:f, s:I, s:o}", "path",
	    grid ? "classes" : "per_machine", "machines",
	    (json_int_t)f->r.machines, "classes", (json_int_t)f->r.classes,
	    "runs", (json_int_t)f->r.runs, "days", (int)f->r.days, "seconds",
	    f->r.seconds, "cpu_seconds", f->cpu_seconds,
	    "machine_days_per_second", rate, "peak_rss_growth_bytes",
	    (json_int_t)f->rss_growth, "load_average", load_json(&f->load));
	if (!o)
		return NULL;
	json_object_set_new(o, "target_machine_days_per_second",
	                    json_real(FLEET_TARGET));
	if (grid) {
		json_object_set_new(o, "bytes_per_machine",
		                    json_real(f->r.machines
		                                  ? (double)f->rss_growth /
		                                        (double)f->r.machines
		                                  : 0.0));
		json_object_set_new(o, "target_met",
		                    met_json(rate >= FLEET_TARGET, !quick));
	} else {
		bool judged =
		    !quick && f->r.machines >= 1000000 && f->r.days >= 30;
		json_object_set_new(
		    o, "bytes_per_machine_in_flight",
		    json_real((double)f->rss_growth / (double)jobs));
		json_object_set_new(o, "target_met",
		                    met_json(rate >= FLEET_TARGET, judged));
		json_object_set_new(o, "target_seconds_for_1e6_x_30_days",
		                    json_real(FLEET_EXACT_TARGET));
		/* CPU time / threads: an estimate of the wall time on as
		 * many idle cores, for a machine shared with other work */
		double idle_s = f->cpu_seconds / jobs;
		json_object_set_new(o, "idle_cores_estimate_seconds",
		                    json_real(idle_s));
		json_object_set_new(
		    o, "idle_cores_estimate_machine_days_per_second",
		    json_real(idle_s > 0 ? (double)f->r.machines *
		                               (double)f->r.days / idle_s
		                         : 0.0));
		json_object_set_new(
		    o, "seconds_target_met",
		    met_json(f->r.seconds < FLEET_EXACT_TARGET, judged));
	}
	return o;
}

static json_t *replay_json(const bench_replay_result *r, const load_span *l)
{
	return json_pack(
	    "{s:f, s:f, s:f, s:I, s:o}", "seconds", r->seconds, "cpu_seconds",
	    r->cpu_seconds, "verifications_per_second",
	    r->seconds > 0 ? (double)r->verifications / r->seconds : 0.0,
	    "observations", (json_int_t)r->observations, "load_average",
	    load_json(l));
}

static int print_json(const results *x, const sizes *z, bool quick)
{
	const bench_chain_rates *c = &x->chain;
	double warm_x = c->warm / c->openssl,
	       cold_x = c->raw_signatures / c->cold;
	json_t *grid = json_pack("[s,s,s]", bench_fleet_grid[0],
	                         bench_fleet_grid[1], bench_fleet_grid[2]);
	json_t *exact =
	    json_pack("[s,s,s,s]", bench_fleet_exact[0], bench_fleet_exact[1],
	              bench_fleet_exact[2], bench_fleet_exact[3]);
	json_t *on = replay_json(&x->on, &x->on_load);
	if (on) {
		json_object_set_new(on, "target_seconds",
		                    json_real(REPLAY_TRACE_TARGET));
		json_object_set_new(
		    on, "target_met",
		    met_json(x->on.seconds <= REPLAY_TRACE_TARGET, !quick));
	}
	json_t *run =
	    json_pack("{s:I, s:f, s:f, s:o, s:o}", "peak_rss_bytes",
	              (json_int_t)x->run.peak_rss, "seconds", x->run.seconds,
	              "target_peak_rss_bytes", REPLAY_RSS_TARGET, "target_met",
	              met_json(x->run.peak_rss <= REPLAY_RSS_TARGET, !quick),
	              "load_average", load_json(&x->run.load));
	json_t *root = json_pack(
	    "{s:i, s:b, s:{s:s, s:{s:f, s:f, s:f, s:f}, s:f, s:f, s:b, s:f, "
	    "s:f, s:b, s:o}, s:{s:i, s:I, s:o, s:o, s:o}, s:{s:i, s:i, s:o, "
	    "s:o, s:o, s:o}, s:I}",
	    "capisim_bench", 1, "quick", quick, "chain", "chain",
	    "basic (3 certificates, RSA-2048)", "per_second",
	    "openssl_x509_verify_cert", c->openssl, "raw_signatures",
	    c->raw_signatures, "cold", c->cold, "warm", c->warm,
	    "warm_vs_openssl", warm_x, "warm_target", WARM_TARGET, "warm_met",
	    warm_x >= WARM_TARGET, "cold_vs_raw_signatures", cold_x,
	    "cold_target", COLD_TARGET, "cold_met", cold_x <= COLD_TARGET,
	    "load_average", load_json(&x->chain_load), "replay", "days",
	    (int)z->replay_days, "verifications",
	    (json_int_t)x->off.verifications, "trace_off",
	    replay_json(&x->off, &x->off_load), "trace_written", on,
	    "run_trace", run, "fleet", "days", (int)z->fleet_days, "jobs",
	    (int)z->jobs, "vary_grid", grid, "vary_exact", exact, "classes",
	    fleet_json(&x->grid, true, z->jobs, quick), "per_machine",
	    fleet_json(&x->exact, false, z->jobs, quick), "peak_rss_bytes",
	    (json_int_t)maxrss_bytes());
	if (!root)
		return CLI_EXIT_INTERNAL;
	int rc = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER)
	             ? CLI_EXIT_INTERNAL
	             : CLI_EXIT_OK;
	putchar('\n');
	json_decref(root);
	return rc;
}

static int measure_replay(const char *basic, const sizes *z, results *x)
{
	cs_diag d;
	memset(&d, 0, sizeof d);
	FILE *sink = fopen("/dev/null", "w");
	if (!sink)
		return bench_error("replay", CS_ERR_IO,
		                   "cannot open /dev/null");
	cs_status st;
	double l0 = load_now();
	st = bench_replay(basic, z->replay_days, NULL, &x->off, &d);
	x->off_load = (load_span){l0, load_now()};
	if (st == CS_OK) {
		l0 = load_now();
		st = bench_replay(basic, z->replay_days, sink, &x->on, &d);
		x->on_load = (load_span){l0, load_now()};
	}
	fclose(sink);
	return st == CS_OK ? CLI_EXIT_OK : bench_error("replay", st, d.msg);
}

int cli_cmd_bench(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"quick", no_argument, NULL, 'q'},
	    {"json", no_argument, NULL, 'J'},
	    {"fixtures", required_argument, NULL, 'f'},
	    {"jobs", required_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	bool quick = false, json = false;
	char fixtures_buf[4096];
	const char *fixtures =
	    cli_data_path("fixtures/data", fixtures_buf, sizeof fixtures_buf);
	if (!fixtures)
		fixtures = "fixtures/data";
	unsigned jobs = 0;
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		char *end;
		switch (c) {
		case 'q':
			quick = true;
			break;
		case 'J':
			json = true;
			break;
		case 'f':
			fixtures = optarg;
			break;
		case 'j': {
			unsigned long j = strtoul(optarg, &end, 10);
			if (!*optarg || *end || j == 0 || j > 256)
				return cli_usage_error(
				    "bench", "--jobs: expected 1..256");
			jobs = (unsigned)j;
			break;
		}
		case 'h':
			cli_print_usage(stdout, cli_find_command("bench"));
			return CLI_EXIT_OK;
		default:
			return cli_usage_error("bench", "bad option");
		}
	}
	if (optind != argc)
		return cli_usage_error("bench", "unexpected argument '%s'",
		                       argv[optind]);
	sizes z = quick ? quick_sizes : full_sizes;
	if (jobs)
		z.jobs = jobs;
	char basic[4096];
	snprintf(basic, sizeof basic, "%s/basic", fixtures);
	if (access(basic, R_OK) != 0)
		return cli_usage_error(
		    "bench",
		    "no basic/ fixtures under '%s' (give "
		    "--fixtures DIR, the fixtures/data folder "
		    "of the source tree)",
		    fixtures);

	results x;
	memset(&x, 0, sizeof x);
	cs_diag d;
	memset(&d, 0, sizeof d);
	cs_status st;
	int rc;
	double l0 = load_now();
	if ((st = bench_chain(basic, z.chain_seconds, &x.chain, &d)) != CS_OK)
		return bench_error("chain", st, d.msg);
	x.chain_load = (load_span){l0, load_now()};
	if ((rc = measure_replay(basic, &z, &x)) != CLI_EXIT_OK)
		return rc;
	if ((rc = measure_run(basic, &z, &x.run)) != CLI_EXIT_OK)
		return rc;
	if ((rc = measure_fleet(basic, &z, false, &x.exact)) != CLI_EXIT_OK)
		return rc;
	if (x.exact.st != CS_OK)
		return bench_error("fleet without a grid", x.exact.st,
		                   x.exact.msg);
	if ((rc = measure_fleet(basic, &z, true, &x.grid)) != CLI_EXIT_OK)
		return rc;
	if (x.grid.st != CS_OK)
		return bench_error("fleet on a grid", x.grid.st, x.grid.msg);
	if (json)
		return print_json(&x, &z, quick);
	print_text(&x, &z, quick);
	return CLI_EXIT_OK;
}
