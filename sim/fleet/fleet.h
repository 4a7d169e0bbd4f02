/* Fleet runs: one scenario on many machines whose start, reboot schedule,
 * OS profile and patch day follow seeded distributions, aggregated per time
 * bucket (docs/fleet.md).
 *
 * Determinism: machine k's parameters come from its own splitmix64 stream
 * (seed, k) and integer arithmetic only - no floats in any decision - so
 * the same seed gives the same fleet whatever the shard or thread count.
 *
 * Two ways to play it:
 * - No grid (quantum 0, the default): every parameter is drawn to the
 *   second and every machine is played on the full engine, one after the
 *   other (per-machine state: none while drawing, one machine in flight
 *   per thread).
 * - On a grid (quantum > 0, docs/performance.md): starts in whole quanta,
 *   reboot periods in the unit their bounds are written in, so machines
 *   fall into a small number of classes of identical machines. Each class
 *   that has at least one machine is played once on the full engine (the
 *   parsed scenario and the object pool are shared; trace off; outcomes
 *   gathered through the runner's per-step callback and the event log)
 *   and counted as many times as it has machines. Per-machine state is a
 *   class index while drawing and nothing after. Exact for the gridded
 *   distribution (per_machine replays it machine by machine). */
#ifndef CAPISIM_SIM_FLEET_FLEET_H
#define CAPISIM_SIM_FLEET_FLEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capisim/clock.h"
#include "capisim/diag.h"
#include "capisim/status.h"
#include "sim/scenario/scenario.h"
#include "model/profile.h"

/* More classes than this is a grid too fine to be a fleet (raise
 * --quantum): their trajectories would not fit in memory. */
#define CS_FLEET_CLASSES_MAX 200000u
/* Time buckets of the CSV (the run's span over --bucket): a year in
 * minutes fits; `--bucket 1ms` over days would be billions of columns of
 * counts per event. cs_fleet_run returns CS_ERR_RANGE past it. */
#define CS_FLEET_BUCKETS_MAX UINT64_C(1000000)
/* Largest fleet: counts are uint64, shares use count * 10^6. */
#define CS_FLEET_MACHINES_MAX UINT64_C(1000000000000)
#define CS_FLEET_SPEC_MAX     256
#define CS_FLEET_SPECS        4 /* start, reboot, profile, patch */
/* Largest shard played with per_machine (8 bytes each while drawing). */
#define CS_FLEET_PER_MACHINE_MAX UINT64_C(100000000)

typedef struct {
	/* start=uniform(a,b): the machine's timeline is delayed by a value in
	 * [a, b), drawn in whole quanta on a grid, to the second without one
	 * (cs_run_options.shift). */
	bool has_start;
	int64_t start_lo, start_hi;
	/* reboot=every(a..b): a period in {a, a+u, .., b}, u the largest unit
	 * (w d h m s) dividing both bounds on a grid, one second without.
	 * reboot=random(a..b) (no grid only): every interval between two
	 * reboots drawn anew, to the second, in [a, b]. */
	bool has_reboot, reboot_random;
	int64_t reboot_lo, reboot_hi, reboot_unit;
	/* profile=mix(name:weight,...): integer weights. */
	const cs_profile *mix[CS_PROFILE_COUNT];
	unsigned weight[CS_PROFILE_COUNT];
	size_t nmix;
	unsigned weight_total;
	/* patch=FROM>TO[,FROM>TO...]@uniform(a,b) (no grid only): at the
	 * scenario's start + a value in [a, b) drawn to the second - calendar
	 * time, as updates roll out by date - a machine whose profile is a
	 * FROM becomes its TO and reboots (installing an update restarts the
	 * machine). */
	bool has_patch;
	int64_t patch_lo, patch_hi;
	const cs_profile *patch_from[CS_PROFILE_COUNT];
	const cs_profile *patch_to[CS_PROFILE_COUNT];
	size_t npatch;
	char specs[CS_FLEET_SPECS][CS_FLEET_SPEC_MAX]; /* as written, for the
	                                                  CSV header */
	size_t nspecs;
} cs_fleet_vary;

/* Add one --vary spec ("start=uniform(0,7d)", "reboot=every(1d..14d)",
 * "reboot=random(1d..14d)", "profile=mix(win7-sp1:60,win10-22h2:40)",
 * "patch=win7-sp1>win7-sp1-kb2666300@uniform(7d,21d)"). Bad input:
 * CS_ERR_SYNTAX with d->col the 1-based column and d->msg what was
 * expected. */
CS_MUST_USE cs_status cs_fleet_vary_add(cs_fleet_vary *v, const char *spec,
                                        cs_diag *d);
/* Whether v can be drawn on a grid (not with reboot=random or patch=). */
bool cs_fleet_vary_griddable(const cs_fleet_vary *v);

/* One machine's draw. */
typedef struct {
	const cs_profile *profile; /* NULL: the scenario's */
	int64_t shift;
	int64_t reboot_every; /* 0: no scheduled reboots (or random ones) */
	/* reboot=random: intervals in [reboot_lo, reboot_hi], to the second,
	 * from the machine's own stream reboot_rng (cs_fleet_next_reboot). */
	bool reboot_random;
	int64_t reboot_lo, reboot_hi;
	uint64_t reboot_rng;
	/* patch=: when (0 = never) and the profile it installs. */
	cs_filetime patch_at;
	const cs_profile *patch_profile;
} cs_fleet_machine;

/* Machine k without a grid: every parameter to the second, from its own
 * stream (seed, k) - the start offset, then the reboot period (or the
 * seed of its random reboots), then the profile, then the patch instant
 * (start + offset; start is the scenario's, base its profile: a machine
 * is patched when its profile is one of the FROMs). */
void cs_fleet_draw_machine(const cs_fleet_vary *v, uint64_t seed, uint64_t k,
                           cs_filetime start, const cs_profile *base,
                           cs_fleet_machine *out);
/* The next random reboot after `after` (reboot_random machines). */
cs_filetime cs_fleet_next_reboot(cs_fleet_machine *m, cs_filetime after);

/* The grid: n[0] profiles x n[1] start offsets x n[2] reboot periods;
 * returns the number of classes (their product). */
size_t cs_fleet_grid_size(const cs_fleet_vary *v, int64_t quantum, size_t n[3]);
/* Machine k's class, drawn from its own splitmix64 stream (seed, k): the
 * start offset, then the reboot period, then the profile. */
size_t cs_fleet_draw_class(const cs_fleet_vary *v, uint64_t seed, uint64_t k,
                           const size_t n[3]);
/* The parameters of class cls. */
void cs_fleet_class_machine(const cs_fleet_vary *v, int64_t quantum,
                            const size_t n[3], size_t cls,
                            cs_fleet_machine *out);
/* Uniform integer in [0, n) from a splitmix64 state (n > 0), unbiased. */
uint64_t cs_fleet_below(uint64_t *state, uint64_t n);

typedef struct {
	uint64_t machines; /* the whole fleet */
	uint64_t seed;
	unsigned shard, nshards; /* this run: machines k with k % nshards ==
	                            shard; nshards 1 = all */
	int64_t bucket;          /* aggregation bucket (ticks) */
	int64_t quantum; /* grid of start offsets (ticks); 0: no grid, every
	                    machine drawn to the second and played */
	bool all_logs;   /* count the CAPI2 Operational channel too (off by
	                    default, as on Windows) */
	unsigned jobs;   /* worker threads (>= 1) */
	/* On a grid: play every machine on the full engine, one run per
	 * machine, instead of one run per class: the reference the fast path
	 * is checked against (same result, byte for byte) and the cost it
	 * saves. At most CS_FLEET_PER_MACHINE_MAX machines per shard. Without
	 * a grid every machine is played anyway. */
	bool per_machine;
	/* How machines replay the results of repeated steps (the default
	 * CS_REUSE_ON; CS_REUSE_CHECK also plays them on the engine and fails
	 * where they differ). */
	cs_reuse_mode reuse;
	/* Called from the calling thread as classes (machines without a
	 * grid) finish; may be NULL. */
	void (*progress)(void *ctx, size_t done, size_t total);
	void *progress_ctx;
} cs_fleet_options;

/* The aggregate: for each column (an event "event:LOG:SOURCE:ID", or a
 * failing action "failed:line N VERB") and time bucket, the number of
 * machines that logged / failed it at least once in that bucket. */
typedef struct {
	char **meta; /* "key: value" header lines (without the shard) */
	size_t nmeta;
	unsigned shard, nshards; /* nshards 1 = complete (or merged) */
	uint64_t machines;       /* machines counted here */
	cs_filetime t0;
	int64_t bucket;
	size_t nbuckets;
	char **columns; /* sorted by strcmp: shards merge column-wise */
	size_t ncols;
	uint64_t *counts;      /* [col * nbuckets + bucket] */
	size_t classes;        /* classes with machines (0 for a merge or
	                          without a grid) */
	size_t runs;           /* scenario runs on the full engine: classes, or
	                          machines with per_machine (0 for a merge) */
	char reuse_error[384]; /* CS_REUSE_CHECK found a replay that would
	                          differ: where and what ("" otherwise) */
} cs_fleet_result;

CS_MUST_USE cs_status cs_fleet_run(const cs_scenario *s, const char *path,
                                   const cs_fleet_vary *v,
                                   const cs_fleet_options *o,
                                   cs_fleet_result *out);
void cs_fleet_result_free(cs_fleet_result *r);

/* CSV: "# key: value" header lines, then bucket_start, machines, one count
 * column per column, then one share column per column ("share " + name,
 * count / machines with 6 decimals, rounded half up in integers). */
CS_MUST_USE cs_status cs_fleet_write_csv(const cs_fleet_result *r, FILE *out);
/* Read a CSV written above. Bad input: CS_ERR_FORMAT with d = name:line. */
CS_MUST_USE cs_status cs_fleet_read_csv(FILE *in, const char *name,
                                        cs_fleet_result *out, cs_diag *d);
/* Merge shards (each read with cs_fleet_read_csv): same header, same
 * buckets, shards 0..N-1 each exactly once. The result equals the
 * unsharded run's. Mismatch: CS_ERR_FORMAT with d->msg why. */
CS_MUST_USE cs_status cs_fleet_merge(cs_fleet_result *parts, size_t n,
                                     cs_fleet_result *out, cs_diag *d);

#endif
