/* Replay speed of the scenario runner: a 30-day scenario with a verify
 * every minute (43,200 verifications, issue 5's target: well under a
 * second). Prints the figure; not a timed test. Usage:
 *   build/bench/bench_scenario_replay [FIXTURES_DIR]
 * (default: the source tree's fixtures/data/basic). Measured with the trace
 * off (what fleet runs do) and on (what `capisim run` does). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/scenario/scenario.h"

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int run(const char *dir, bool trace)
{
	char text[2048];
	snprintf(text, sizeof text,
	         "profile win7-sp1\n"
	         "start 2025-01-01T00:00:00Z\n"
	         "store Root add %s/root.crt\n"
	         "store CA add %s/intermediate.crt\n"
	         "every 1m until 2025-01-31T00:00:00Z verify %s/leaf.crt "
	         "revocation=none policy=ssl expect ok\n",
	         dir, dir, dir);
	cs_pool *pool;
	if (cs_pool_new(&pool, ".") != CS_OK)
		return 3;
	cs_scenario *s;
	cs_diag d;
	if (cs_scenario_parse_string(&s, "bench.scn", text, pool, &d) !=
	    CS_OK) {
		cs_diag_print(stderr, &d);
		cs_pool_free(pool);
		return 2;
	}
	cs_run_options opt = {.trace = trace};
	cs_machine m;
	cs_run_result res;
	double t0 = now_seconds();
	cs_status st = cs_scenario_run(s, &opt, &m, &res);
	double dt = now_seconds() - t0;
	int rc = 0;
	if (st != CS_OK || res.nfailures) {
		fprintf(stderr, "bench: run failed: %s, %zu failures\n",
		        cs_status_str(st), res.nfailures);
		rc = 1;
	} else {
		printf("scenario replay (trace %s): %lu steps, %lu "
		       "verifications checked in %.3f s (%.1f us each, %zu "
		       "observations)\n",
		       trace ? "on " : "off", res.steps_run,
		       res.expectations_checked, dt,
		       dt * 1e6 / (double)res.steps_run, m.w.trace.n);
	}
	cs_run_result_free(&res);
	cs_machine_free(&m);
	cs_scenario_free(s);
	cs_pool_free(pool);
	return rc;
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : CAPISIM_FIXTURES_BASIC;
	int rc = run(dir, false);
	if (rc == 0)
		rc = run(dir, true);
	return rc;
}
