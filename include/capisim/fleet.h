/* Fleets: one scenario played on many machines whose start, reboots, OS
 * profile and patch day follow seeded distributions, counted per time
 * bucket (docs/fleet.md). The same seed gives the same fleet whatever the
 * shard or thread count; shards merge into the unsharded result.
 *
 *     const char *vary[] = {"start=uniform(0,7d)"};
 *     capisim_fleet_options o = {.machines = 1000, .seed = 1,
 *                                .vary = vary, .nvary = 1};
 *     capisim_fleet *f;
 *     if (capisim_fleet_run(s, "a.scn", &o, &f, &d) == CS_OK)
 *             st = capisim_fleet_write_csv(f, out);
 *     capisim_fleet_free(f);
 */
#ifndef CAPISIM_FLEET_H
#define CAPISIM_FLEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "capisim/diag.h"
#include "capisim/run.h"
#include "capisim/scenario.h"
#include "capisim/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The largest fleet (counts are 64-bit, shares use count * 10^6), the most
 * time buckets of one result, classes of one grid, and machines of one
 * shard played with per_machine. */
#define CAPISIM_FLEET_MACHINES_MAX    UINT64_C(1000000000000)
#define CAPISIM_FLEET_BUCKETS_MAX     UINT64_C(1000000)
#define CAPISIM_FLEET_CLASSES_MAX     200000u
#define CAPISIM_FLEET_PER_MACHINE_MAX UINT64_C(100000000)

typedef struct capisim_fleet capisim_fleet;

typedef struct {
	uint64_t machines; /* 1..CAPISIM_FLEET_MACHINES_MAX */
	uint64_t seed;
	/* Distributions ("start=uniform(0,7d)", "reboot=every(1d..14d)",
	 * "profile=mix(win7-sp1:60,win10-22h2:40)", ...: docs/fleet.md), each
	 * checked with capisim_fleet_vary_check. */
	const char *const *vary;
	size_t nvary;
	/* This run plays machines k with k % nshards == shard; nshards 0 or
	 * 1: all of them. */
	unsigned shard, nshards;
	int64_t bucket;   /* counting bucket in ticks; 0: one hour */
	int64_t quantum;  /* grid of start offsets in ticks; 0: no grid */
	unsigned jobs;    /* worker threads; 0: one */
	bool all_logs;    /* count the CAPI2 Operational channel too */
	bool per_machine; /* on a grid: play each machine, not each class */
	capisim_reuse reuse;
	/* Called from the calling thread as classes (machines without a grid)
	 * finish; may be NULL. */
	void (*progress)(void *ctx, size_t done, size_t total);
	void *progress_ctx;
} capisim_fleet_options;

/* Check n distributions, in order: each is well formed and varies a
 * parameter the ones before it do not. Bad input: CS_ERR_SYNTAX with
 * d->line the 1-based index of the spec, d->col the 1-based column in it
 * and d->msg what was expected. */
CAPISIM_API CS_MUST_USE cs_status
capisim_fleet_vary_check(const char *const *specs, size_t n, cs_diag *d);

/* Play s (its path names it in the CSV header) over the fleet. On CS_OK
 * *out is the caller's (capisim_fleet_free). A fleet that cannot be played
 * fails with d's message naming the option to change (d->file holds it
 * when the message is about one, as "--bucket"): CS_ERR_RANGE for more
 * than CAPISIM_FLEET_BUCKETS_MAX buckets or distributions a grid cannot
 * draw, CS_ERR_LIMIT for too many classes or machines; CS_ERR_INTERNAL
 * when CAPISIM_REUSE_CHECK found a replay that would differ (d says where). */
CAPISIM_API CS_MUST_USE cs_status capisim_fleet_run(
    const capisim_scenario *s, const char *path, const capisim_fleet_options *o,
    capisim_fleet **out, cs_diag *d);
/* Read a CSV written by capisim_fleet_write_csv (a shard, usually).
 * Bad input: CS_ERR_FORMAT with d at name:line. */
CAPISIM_API CS_MUST_USE cs_status capisim_fleet_read_csv(FILE *in,
                                                         const char *name,
                                                         capisim_fleet **out,
                                                         cs_diag *d);
/* Merge shards 0..N-1 of one run, each exactly once: the result equals the
 * unsharded run's. Mismatch: CS_ERR_FORMAT with d->msg why. */
CAPISIM_API CS_MUST_USE cs_status
capisim_fleet_merge(const capisim_fleet *const *parts, size_t n,
                    capisim_fleet **out, cs_diag *d);
CAPISIM_API void capisim_fleet_free(capisim_fleet *f); /* NULL: no-op */

typedef struct {
	uint64_t machines; /* counted here */
	size_t classes;    /* classes with machines (0: no grid, a merge) */
	size_t runs;       /* runs on the full engine (0 for a merge) */
} capisim_fleet_counts;
CAPISIM_API void capisim_fleet_count(const capisim_fleet *f,
                                     capisim_fleet_counts *out);

/* The counts per bucket and column as CSV (docs/fleet.md); the chart of
 * the shares as SVG, its legend naming the scenario's lines when s (the
 * scenario played, or NULL) is given. CS_ERR_IO on a write error. */
CAPISIM_API CS_MUST_USE cs_status
capisim_fleet_write_csv(const capisim_fleet *f, FILE *out);
CAPISIM_API CS_MUST_USE cs_status capisim_fleet_write_svg(
    const capisim_fleet *f, const capisim_scenario *s, FILE *out);

#ifdef __cplusplus
}
#endif

#endif
