/* The measurements behind `capisim bench` (docs/performance.md). They read
 * the monotonic clock, so they live here, outside model/, engine/ and
 * trace/; they time and count, the CLI prints and judges. Memory is
 * measured by the CLI (cli/cmd_bench.c), not here. Each function takes
 * the folder of the basic/ fixtures (root.crt -> intermediate.crt ->
 * leaf.crt) and reports bad input in d. */
#ifndef CAPISIM_BENCH_BENCH_H
#define CAPISIM_BENCH_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "capisim/diag.h"
#include "capisim/status.h"

static inline double bench_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of the process (all threads): what a figure cost when the
 * machine's other work stretched its wall time. */
static inline double bench_cpu(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The basic chain (3 certificates, RSA-2048) verified by OpenSSL's
 * X509_verify_cert (X509_VERIFY_PARAM_set_time, same chain, same run), by
 * the chain's three raw signature checks, and by the engine cold (cache
 * emptied by a reboot before each verify) and warm. Calls per second,
 * each case timed for about `seconds`. */
typedef struct {
	double openssl, raw_signatures, cold, warm;
} bench_chain_rates;
CS_MUST_USE cs_status bench_chain(const char *basic_dir, double seconds,
                                  bench_chain_rates *out, cs_diag *d);

/* A `days`-day scenario verifying the basic leaf every minute (30 days:
 * 43,200 verifications), replayed with the trace off, or on and written
 * as JSON Lines to trace_out (what `capisim run --trace` writes; NULL:
 * trace off). */
typedef struct {
	unsigned long steps, verifications;
	size_t observations; /* trace records written (0 with the trace off) */
	double seconds, cpu_seconds;
} bench_replay_result;
CS_MUST_USE cs_status bench_replay(const char *basic_dir, unsigned days,
                                   FILE *trace_out, bench_replay_result *out,
                                   cs_diag *d);

/* A `days`-day scenario verifying the basic leaf every hour, over a fleet
 * with seed 1, played one of two ways:
 * - grid: issue 10's distributions drawn on a 1 h grid (bench_fleet_grid:
 *   start=uniform(0,7d), reboot=every(1d..14d), profile=mix(win7-sp1:60,
 *   win10-22h2:40), --quantum 1h), once per class of identical machines
 *   (the fast path);
 * - no grid: every machine drawn to the second and played on the full
 *   engine (bench_fleet_exact: the same start and mix, reboots at random
 *   every 1 to 14 days, Windows 7 patched with KB 2666300 between day 7
 *   and day 21). */
typedef struct {
	uint64_t machines;
	size_t classes, runs;
	unsigned days;
	double seconds;
} bench_fleet_result;
CS_MUST_USE cs_status bench_fleet(const char *basic_dir, unsigned days,
                                  uint64_t machines, bool grid, unsigned jobs,
                                  bench_fleet_result *out, cs_diag *d);
/* The distributions above, as --vary specs (for labels). */
extern const char *const bench_fleet_grid[3];
extern const char *const bench_fleet_exact[4];

/* The scenario text both replay and fleet play: profile win7-sp1, the
 * basic chain in the machine stores, `every EVERY until start+days`
 * verify the leaf (revocation none, SSL policy, expect ok). */
CS_MUST_USE cs_status bench_basic_scenario(char *buf, size_t cap,
                                           const char *basic_dir, unsigned days,
                                           const char *every);

#endif
