/* Fleet throughput (bench.h): machine-days per second of cs_fleet_run on
 * a scenario verifying every hour, on a grid by classes (the fast path)
 * or without a grid, machine by machine on the full engine. */
#include <stdio.h>
#include <string.h>

#include "bench/clock.h"
#include "capisim/bench.h"
#include "model/error.h"
#include "sim/fleet/fleet.h"

static const char *const fleet_grid[] = {
    "start=uniform(0,7d)",
    "reboot=every(1d..14d)",
    "profile=mix(win7-sp1:60,win10-22h2:40)",
    NULL,
};

static const char *const fleet_exact[] = {
    "start=uniform(0,7d)",
    "reboot=random(1d..14d)",
    "profile=mix(win7-sp1:60,win10-22h2:40)",
    "patch=win7-sp1>win7-sp1-kb2666300@uniform(7d,21d)",
    NULL,
};

const char *const *capisim_bench_fleet_specs(bool grid)
{
	return grid ? fleet_grid : fleet_exact;
}

cs_status capisim_bench_fleet(const char *dir, unsigned days, uint64_t machines,
                              bool grid, unsigned jobs,
                              capisim_bench_fleet_result *out, cs_diag *d)
{
	memset(out, 0, sizeof *out);
	out->days = days;
	char text[16384];
	cs_status st =
	    capisim_bench_basic_scenario(text, sizeof text, dir, days, "1h");
	if (st != CS_OK)
		return st;
	cs_fleet_vary vary;
	memset(&vary, 0, sizeof vary);
	const char *const *specs = capisim_bench_fleet_specs(grid);
	for (size_t i = 0; specs[i]; i++)
		if ((st = cs_fleet_vary_add(&vary, specs[i], d)) != CS_OK)
			return st;
	cs_pool *pool;
	CS_GUARD(cs_pool_new(&pool, "."));
	cs_scenario *s;
	if ((st = cs_scenario_parse_string(&s, "bench-fleet.scn", text, pool,
	                                   d)) != CS_OK) {
		cs_pool_free(pool);
		return st;
	}
	cs_fleet_options o = {.machines = machines,
	                      .seed = 1,
	                      .nshards = 1,
	                      .bucket = CS_TICKS_PER_HOUR,
	                      .quantum = grid ? CS_TICKS_PER_HOUR : 0,
	                      .jobs = jobs ? jobs : 1};
	cs_fleet_result r;
	double t0 = bench_now();
	st = cs_fleet_run(s, "bench-fleet.scn", &vary, &o, &r);
	out->seconds = bench_now() - t0;
	/* every verify of the valid chain succeeds: no failure column */
	for (size_t c = 0; st == CS_OK && c < r.ncols; c++)
		if (strncmp(r.columns[c], "failed:", 7) == 0) {
			cs_diag_set(d, "bench-fleet.scn", 0, 0,
			            "a machine failed: %s", r.columns[c]);
			st = CS_ERR_FORMAT;
		}
	out->machines = r.machines;
	out->classes = r.classes;
	out->runs = r.runs;
	cs_fleet_result_free(&r);
	cs_scenario_free(s);
	cs_pool_free(pool);
	return st;
}
