/* capisim bench [--quick] [--json] [--fixtures DIR] [--jobs J]: the
 * figures of docs/performance.md in one run - chain verify against
 * OpenSSL, scenario replay rate, fleet machine-days per second and peak
 * memory per simulated machine. The measurements are bench/bench.h's;
 * memory is measured here: each fleet run happens in a child process
 * whose peak resident size (getrusage) grows from what it inherited, so
 * one part's peak never hides another's. Not a test: the numbers depend
 * on the machine; the targets are printed beside them. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/bench.h"
#include "cli/cli.h"

/* Targets (issue 10). */
#define WARM_TARGET  20.0 /* warm verifies per OpenSSL verify, at least */
#define COLD_TARGET  1.2  /* cold verify cost / raw signatures, at most */
#define FLEET_TARGET 1e7  /* machine-days per second, at least */

typedef struct {
	double chain_seconds; /* per case */
	unsigned replay_days, fleet_days;
	uint64_t fleet_machines, per_machine_machines;
	unsigned jobs;
} sizes;

static const sizes full_sizes = {0.5, 30, 30, 1000000, 1000, 2};
static const sizes quick_sizes = {0.02, 1, 2, 10000, 50, 2};

typedef struct {
	cs_status st;
	char msg[512];
	bench_fleet_result r;
	long long rss_growth; /* bytes the peak resident size grew by */
	double cpu_seconds;   /* user + system time of all its threads */
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
static int measure_fleet(const char *basic, const sizes *z, bool per_machine,
                         fleet_measure *out)
{
	memset(out, 0, sizeof *out);
	int fd[2];
	if (pipe(fd) != 0)
		return CLI_EXIT_INTERNAL;
	fflush(NULL);
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
		                   per_machine ? z->per_machine_machines
		                               : z->fleet_machines,
		                   per_machine, z->jobs, &m.r, &d);
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
	if (got != sizeof *out) {
		fputs("capisim bench: error: the fleet measurement process "
		      "died\n",
		      stderr);
		return CLI_EXIT_INTERNAL;
	}
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
	bench_replay_result off, on;
	fleet_measure fast, slow;
} results;

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
	printf("  cold cost / raw signatures  %11.2fx  target <= %.1fx  %s\n\n",
	       cold_x, COLD_TARGET, cold_x <= COLD_TARGET ? "ok" : "MISSED");

	printf("scenario replay, a %u-day scenario verifying every minute (%lu "
	       "verifications):\n",
	       z->replay_days, x->off.verifications);
	const bench_replay_result *rr[2] = {&x->off, &x->on};
	for (int i = 0; i < 2; i++)
		printf("  trace %-3s  %9.4f s  %12.0f verifications/s%s\n",
		       i ? "on" : "off", rr[i]->seconds,
		       rr[i]->seconds > 0
		           ? (double)rr[i]->verifications / rr[i]->seconds
		           : 0.0,
		       i ? "  (trace kept in memory)" : "");
	printf("\nfleet, a %u-day scenario verifying every hour, --vary %s %s "
	       "%s, %u threads:\n",
	       z->fleet_days, bench_fleet_vary[0], bench_fleet_vary[1],
	       bench_fleet_vary[2], z->jobs);
	const fleet_measure *f = &x->fast;
	double fast_rate = machine_days_per_s(&f->r);
	printf("  by classes (fast path): %llu machines, %zu classes run once "
	       "each\n"
	       "    %.3f s wall (%.3f s CPU), %.3g machine-days/s  target >= "
	       "%.0e  %s\n"
	       "    peak memory +%.1f MB, %.1f bytes per simulated machine\n",
	       (unsigned long long)f->r.machines, f->r.runs, f->r.seconds,
	       f->cpu_seconds, fast_rate, FLEET_TARGET,
	       quick                       ? "(for the full sizes)"
	       : fast_rate >= FLEET_TARGET ? "ok"
	                                   : "MISSED",
	       (double)f->rss_growth / 1e6,
	       f->r.machines ? (double)f->rss_growth / (double)f->r.machines
	                     : 0.0);
	f = &x->slow;
	printf("  per machine (full engine, every machine played): %llu "
	       "machines\n"
	       "    %.3f s wall (%.3f s CPU), %.3g machine-days/s (%.2f ms CPU "
	       "per machine)\n"
	       "    peak memory +%.1f MB: <= %.0f KB per machine in flight (%u "
	       "at a time;\n"
	       "    includes the threads' stacks and allocator arenas)\n",
	       (unsigned long long)f->r.machines, f->r.seconds, f->cpu_seconds,
	       machine_days_per_s(&f->r),
	       f->r.machines ? f->cpu_seconds * 1e3 / (double)f->r.machines
	                     : 0.0,
	       (double)f->rss_growth / 1e6,
	       (double)f->rss_growth / 1024.0 / z->jobs, z->jobs);
	printf("\nwhole process peak memory: %.1f MB\n",
	       (double)maxrss_bytes() / 1e6);
}

static json_t *fleet_json(const fleet_measure *f, const char *path,
                          unsigned jobs, bool quick)
{
	double rate = machine_days_per_s(&f->r);
	json_t *o =
	    json_pack("{s:s, s:I, s:I, s:I, s:i, s:f, s:f, s:f, s:I}", "path",
	              path, "machines", (json_int_t)f->r.machines, "classes",
	              (json_int_t)f->r.classes, "runs", (json_int_t)f->r.runs,
	              "days", (int)f->r.days, "seconds", f->r.seconds,
	              "cpu_seconds", f->cpu_seconds, "machine_days_per_second",
	              rate, "peak_rss_growth_bytes", (json_int_t)f->rss_growth);
	if (!o)
		return NULL;
	if (strcmp(path, "classes") == 0) {
		json_object_set_new(o, "bytes_per_machine",
		                    json_real(f->r.machines
		                                  ? (double)f->rss_growth /
		                                        (double)f->r.machines
		                                  : 0.0));
		json_object_set_new(o, "target_machine_days_per_second",
		                    json_real(FLEET_TARGET));
		/* the target is for 10^6 machines x 30 days */
		json_object_set_new(o, "target_met",
		                    quick ? json_null()
		                          : json_boolean(rate >= FLEET_TARGET));
	} else {
		json_object_set_new(
		    o, "bytes_per_machine_in_flight",
		    json_real((double)f->rss_growth / (double)jobs));
	}
	return o;
}

static json_t *replay_json(const bench_replay_result *r)
{
	return json_pack("{s:f, s:f, s:I}", "seconds", r->seconds,
	                 "verifications_per_second",
	                 r->seconds > 0 ? (double)r->verifications / r->seconds
	                                : 0.0,
	                 "observations", (json_int_t)r->observations);
}

static int print_json(const results *x, const sizes *z, bool quick)
{
	const bench_chain_rates *c = &x->chain;
	double warm_x = c->warm / c->openssl,
	       cold_x = c->raw_signatures / c->cold;
	json_t *vary = json_pack("[s,s,s]", bench_fleet_vary[0],
	                         bench_fleet_vary[1], bench_fleet_vary[2]);
	json_t *root = json_pack(
	    "{s:i, s:b, s:{s:s, s:{s:f, s:f, s:f, s:f}, s:f, s:f, s:b, s:f, "
	    "s:f, s:b}, s:{s:i, s:I, s:o, s:o}, s:{s:i, s:i, s:o, s:o, s:o}, "
	    "s:I}",
	    "capisim_bench", 1, "quick", quick, "chain", "chain",
	    "basic (3 certificates, RSA-2048)", "per_second",
	    "openssl_x509_verify_cert", c->openssl, "raw_signatures",
	    c->raw_signatures, "cold", c->cold, "warm", c->warm,
	    "warm_vs_openssl", warm_x, "warm_target", WARM_TARGET, "warm_met",
	    warm_x >= WARM_TARGET, "cold_vs_raw_signatures", cold_x,
	    "cold_target", COLD_TARGET, "cold_met", cold_x <= COLD_TARGET,
	    "replay", "days", (int)z->replay_days, "verifications",
	    (json_int_t)x->off.verifications, "trace_off", replay_json(&x->off),
	    "trace_on", replay_json(&x->on), "fleet", "days",
	    (int)z->fleet_days, "jobs", (int)z->jobs, "vary", vary, "classes",
	    fleet_json(&x->fast, "classes", z->jobs, quick), "per_machine",
	    fleet_json(&x->slow, "per_machine", z->jobs, quick),
	    "peak_rss_bytes", (json_int_t)maxrss_bytes());
	if (!root)
		return CLI_EXIT_INTERNAL;
	int rc = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER)
	             ? CLI_EXIT_INTERNAL
	             : CLI_EXIT_OK;
	putchar('\n');
	json_decref(root);
	return rc;
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
	if ((st = bench_chain(basic, z.chain_seconds, &x.chain, &d)) != CS_OK)
		return bench_error("chain", st, d.msg);
	if ((st = bench_replay(basic, z.replay_days, false, &x.off, &d)) !=
	        CS_OK ||
	    (st = bench_replay(basic, z.replay_days, true, &x.on, &d)) != CS_OK)
		return bench_error("replay", st, d.msg);
	if ((rc = measure_fleet(basic, &z, false, &x.fast)) != CLI_EXIT_OK)
		return rc;
	if (x.fast.st != CS_OK)
		return bench_error("fleet", x.fast.st, x.fast.msg);
	if ((rc = measure_fleet(basic, &z, true, &x.slow)) != CLI_EXIT_OK)
		return rc;
	if (x.slow.st != CS_OK)
		return bench_error("fleet --per-machine", x.slow.st,
		                   x.slow.msg);
	if (json)
		return print_json(&x, &z, quick);
	print_text(&x, &z, quick);
	return CLI_EXIT_OK;
}
