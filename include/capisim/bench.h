/* The measurements behind `capisim bench` (docs/performance.md). They read
 * the monotonic clock, so they live in bench/, outside model/, engine/ and
 * trace/; they time and count, the caller prints and judges (and measures
 * memory). Each function takes the folder of the basic/ fixtures (root.crt
 * -> intermediate.crt -> leaf.crt) and reports bad input in d. */
#ifndef CAPISIM_BENCH_H
#define CAPISIM_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "capisim/diag.h"
#include "capisim/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The basic chain (3 certificates, RSA-2048) verified by OpenSSL's
 * X509_verify_cert (X509_VERIFY_PARAM_set_time, same chain, same run), by
 * the chain's three raw signature checks, and by the engine cold (cache
 * emptied by a reboot before each verify) and warm. Calls per second,
 * each case timed for about `seconds`. */
typedef struct {
	double openssl, raw_signatures, cold, warm;
} capisim_bench_chain_rates;
CAPISIM_API CS_MUST_USE cs_status
capisim_bench_chain(const char *basic_dir, double seconds,
                    capisim_bench_chain_rates *out, cs_diag *d);

/* A `days`-day scenario verifying the basic leaf every minute (30 days:
 * 43,200 verifications), replayed with the trace off, or on and written
 * as JSON Lines to trace_out (what `capisim run --trace` writes; NULL:
 * trace off). */
typedef struct {
	unsigned long steps, verifications;
	size_t observations; /* trace records written (0 with the trace off) */
	double seconds, cpu_seconds;
} capisim_bench_replay_result;
CAPISIM_API CS_MUST_USE cs_status
capisim_bench_replay(const char *basic_dir, unsigned days, FILE *trace_out,
                     capisim_bench_replay_result *out, cs_diag *d);

/* A `days`-day scenario verifying the basic leaf every hour, over a fleet
 * with seed 1, played one of two ways:
 * - grid: issue 10's distributions drawn on a 1 h grid
 *   (capisim_bench_fleet_specs(true): start=uniform(0,7d),
 *   reboot=every(1d..14d), profile=mix(win7-sp1:60,win10-22h2:40),
 *   --quantum 1h), once per class of identical machines (the fast path);
 * - no grid: every machine drawn to the second and played on the full
 *   engine (capisim_bench_fleet_specs(false): the same start and mix,
 *   reboots at random every 1 to 14 days, Windows 7 patched with KB
 *   2666300 between day 7 and day 21). */
typedef struct {
	uint64_t machines;
	size_t classes, runs;
	unsigned days;
	double seconds;
} capisim_bench_fleet_result;
CAPISIM_API CS_MUST_USE cs_status capisim_bench_fleet(
    const char *basic_dir, unsigned days, uint64_t machines, bool grid,
    unsigned jobs, capisim_bench_fleet_result *out, cs_diag *d);
/* The distributions above as --vary specs (for labels): a NULL-terminated
 * static list. */
CAPISIM_API const char *const *capisim_bench_fleet_specs(bool grid);

/* What `capisim bench` measured, judged against its targets
 * (docs/performance.md) and written as text or one JSON object by
 * capisim_bench_write. Memory and load are the caller's measurements: the
 * peak resident size of a fleet run in a process of its own, of a
 * `capisim run --trace` process on the replay scenario, of the whole
 * process; the 1-minute load average before and after each part (-1:
 * unknown). */
typedef struct {
	double before, after;
} capisim_bench_load;

typedef struct {
	capisim_bench_fleet_result r;
	long long rss_growth; /* bytes the peak resident size grew by */
	double cpu_seconds;   /* user + system time of all its threads */
	capisim_bench_load load;
} capisim_bench_fleet_measure;

typedef struct {
	long long peak_rss; /* bytes; 0 when not measured */
	double seconds;     /* with the process start */
	capisim_bench_load load;
} capisim_bench_run_measure;

typedef struct {
	bool quick; /* the quick sizes: targets are not judged */
	unsigned replay_days, fleet_days, jobs;
	capisim_bench_chain_rates chain;
	capisim_bench_load chain_load;
	capisim_bench_replay_result off, on; /* trace off, trace written */
	capisim_bench_load off_load, on_load;
	capisim_bench_run_measure run;
	capisim_bench_fleet_measure grid, exact;
	long long peak_rss; /* the whole process, bytes */
} capisim_bench_report;

/* CS_ERR_IO on a write error, CS_ERR_NOMEM. */
CAPISIM_API CS_MUST_USE cs_status
capisim_bench_write(FILE *out, const capisim_bench_report *r, bool json);

/* The scenario text both replay and fleet play: profile win7-sp1, the
 * basic chain in the machine stores, `every EVERY until start+days`
 * verify the leaf (revocation none, SSL policy, expect ok). CS_ERR_LIMIT
 * when it does not fit in cap bytes. */
CAPISIM_API CS_MUST_USE cs_status
capisim_bench_basic_scenario(char *buf, size_t cap, const char *basic_dir,
                             unsigned days, const char *every);

#ifdef __cplusplus
}
#endif

#endif
