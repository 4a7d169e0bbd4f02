/* Scenario replay speed (bench.h): a 30-day scenario with a verify every
 * minute is 43,200 verifications (issue 5's target: well under a second;
 * issue 21's: under 40 ms with the trace written). Timed with the trace
 * off (what fleet runs do) and on, written as JSON Lines (what `capisim
 * run --trace` does). */
#include <stdio.h>
#include <string.h>

#include "bench/clock.h"
#include "capisim/bench.h"
#include "sim/scenario/scenario.h"
#include "trace/jsonl.h"

cs_status capisim_bench_basic_scenario(char *buf, size_t cap, const char *dir,
                                       unsigned days, const char *every)
{
	/* the basic fixtures' validity covers 2025 (fixtures/README.md) */
	cs_filetime t0, end;
	char until[CS_TIME_BUF];
	CS_GUARD(cs_time_parse("2025-01-01T00:00:00Z", &t0, NULL, NULL));
	end = t0 + (int64_t)days * CS_TICKS_PER_DAY;
	cs_time_format(end, until);
	int n = snprintf(buf, cap,
	                 "profile win7-sp1\n"
	                 "start 2025-01-01T00:00:00Z\n"
	                 "store Root add %s/root.crt\n"
	                 "store CA add %s/intermediate.crt\n"
	                 "every %s until %s verify %s/leaf.crt "
	                 "revocation=none policy=ssl expect ok\n",
	                 dir, dir, every, until, dir);
	return n > 0 && (size_t)n < cap ? CS_OK : CS_ERR_LIMIT;
}

cs_status capisim_bench_replay(const char *dir, unsigned days, FILE *trace_out,
                               capisim_bench_replay_result *out, cs_diag *d)
{
	memset(out, 0, sizeof *out);
	char text[16384];
	cs_status st =
	    capisim_bench_basic_scenario(text, sizeof text, dir, days, "1m");
	if (st != CS_OK)
		return st;
	cs_pool *pool;
	CS_GUARD(cs_pool_new(&pool, "."));
	cs_scenario *s;
	if ((st = cs_scenario_parse_string(&s, "bench-replay.scn", text, pool,
	                                   d)) != CS_OK) {
		cs_pool_free(pool);
		return st;
	}
	/* Written as it goes, as `capisim run --trace` writes it. */
	cs_jsonl_stream js;
	cs_jsonl_stream_init(&js, trace_out);
	cs_run_options opt = {.trace = trace_out != NULL,
	                      .trace_sink = trace_out ? &js.sink : NULL};
	cs_machine m;
	cs_run_result res;
	double t0 = bench_now(), c0 = bench_cpu();
	st = cs_scenario_run(s, &opt, &m, &res);
	if (st == CS_OK && trace_out)
		st = cs_jsonl_stream_finish(&js);
	if (st == CS_OK && trace_out && fflush(trace_out) != 0)
		st = CS_ERR_IO;
	out->seconds = bench_now() - t0;
	out->cpu_seconds = bench_cpu() - c0;
	if (st == CS_OK && res.nfailures) {
		cs_diag_set(d, "bench-replay.scn", 0, 0,
		            "the basic leaf failed %lu of its verifies",
		            res.nfailures ? res.failures[0].times : 0ul);
		st = CS_ERR_FORMAT;
	}
	out->steps = res.steps_run;
	out->verifications = res.expectations_checked;
	out->observations = m.w.trace.total;
	cs_run_result_free(&res);
	cs_machine_free(&m);
	cs_scenario_free(s);
	cs_pool_free(pool);
	return st;
}
