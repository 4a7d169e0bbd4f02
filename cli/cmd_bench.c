/* capisim bench [--quick] [--json] [--fixtures DIR] [--jobs J]: the
 * figures of docs/performance.md in one run, each beside its target and
 * the machine's load average while it was measured - chain verify against
 * OpenSSL, scenario replay with the trace off and written, the peak memory
 * of `capisim run --trace` on that replay, and fleet machine-days per
 * second on a grid (by classes) and without one (machine by machine).
 *
 * The measurements and their report are capisim/bench.h's; memory and
 * load are measured here (they are the process's). Each fleet run happens in a
 * child process whose peak resident size (getrusage) grows from what it
 * inherited, so one part's peak never hides another's; the replay's peak is
 * that of a `capisim run --trace` process of its own (wait4). Not a test: the
 * numbers depend on the machine, which is shared; the load average printed
 * beside each figure says how shared. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

typedef struct {
	double chain_seconds; /* per case */
	unsigned replay_days, fleet_days;
	uint64_t fleet_machines, exact_machines;
	unsigned jobs;
} sizes;

static const sizes full_sizes = {0.5, 30, 30, 1000000, 1000000, 2};
static const sizes quick_sizes = {0.02, 1, 2, 10000, 50, 2};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

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

/* A fleet measurement as the child process reports it. */
typedef struct {
	cs_status st;
	char msg[512];
	capisim_bench_fleet_measure m;
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
		m.st = capisim_bench_fleet(basic, z->fleet_days,
		                           grid ? z->fleet_machines
		                                : z->exact_machines,
		                           grid, z->jobs, &m.m.r, &d);
		m.m.rss_growth = maxrss_bytes() - before;
		m.m.cpu_seconds = cpu_seconds() - cpu0;
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
	out->m.load = (capisim_bench_load){load0, load_now()};
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
static int measure_run(const char *basic, const sizes *z,
                       capisim_bench_run_measure *out)
{
	memset(out, 0, sizeof *out);
	char abs_basic[PATH_MAX], self[PATH_MAX], text[16384];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0 || !realpath(basic, abs_basic))
		return CLI_EXIT_OK; /* not measurable here: reported as 0 */
	self[n] = '\0';
	if (capisim_bench_basic_scenario(text, sizeof text, abs_basic,
	                                 z->replay_days, "1m") != CS_OK)
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
	double t0 = now_s();
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
	out->seconds = now_s() - t0;
	out->load = (capisim_bench_load){load0, load_now()};
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

static int measure_replay(const char *basic, const sizes *z,
                          capisim_bench_report *x)
{
	cs_diag d;
	memset(&d, 0, sizeof d);
	FILE *sink = fopen("/dev/null", "w");
	if (!sink)
		return bench_error("replay", CS_ERR_IO,
		                   "cannot open /dev/null");
	cs_status st;
	double l0 = load_now();
	st = capisim_bench_replay(basic, z->replay_days, NULL, &x->off, &d);
	x->off_load = (capisim_bench_load){l0, load_now()};
	if (st == CS_OK) {
		l0 = load_now();
		st = capisim_bench_replay(basic, z->replay_days, sink, &x->on,
		                          &d);
		x->on_load = (capisim_bench_load){l0, load_now()};
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
			uint64_t j;
			if (!cli_parse_number("bench", "--jobs", optarg, 1, 256,
			                      &j))
				return CLI_EXIT_USAGE;
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

	capisim_bench_report x;
	memset(&x, 0, sizeof x);
	x.quick = quick;
	x.replay_days = z.replay_days;
	x.fleet_days = z.fleet_days;
	x.jobs = z.jobs;
	cs_diag d;
	memset(&d, 0, sizeof d);
	cs_status st;
	int rc;
	double l0 = load_now();
	if ((st = capisim_bench_chain(basic, z.chain_seconds, &x.chain, &d)) !=
	    CS_OK)
		return bench_error("chain", st, d.msg);
	x.chain_load = (capisim_bench_load){l0, load_now()};
	if ((rc = measure_replay(basic, &z, &x)) != CLI_EXIT_OK)
		return rc;
	if ((rc = measure_run(basic, &z, &x.run)) != CLI_EXIT_OK)
		return rc;
	fleet_measure fm;
	if ((rc = measure_fleet(basic, &z, false, &fm)) != CLI_EXIT_OK)
		return rc;
	if (fm.st != CS_OK)
		return bench_error("fleet without a grid", fm.st, fm.msg);
	x.exact = fm.m;
	if ((rc = measure_fleet(basic, &z, true, &fm)) != CLI_EXIT_OK)
		return rc;
	if (fm.st != CS_OK)
		return bench_error("fleet on a grid", fm.st, fm.msg);
	x.grid = fm.m;
	x.peak_rss = maxrss_bytes();
	if (capisim_bench_write(stdout, &x, json) != CS_OK ||
	    fflush(stdout) != 0)
		return CLI_EXIT_INTERNAL;
	return CLI_EXIT_OK;
}
