/* capisim_bench_write (capisim/bench.h): the figures of `capisim bench`
 * beside their targets (issue 10: chain, fleet by classes; issue 21: replay
 * with the trace written, fleet without a grid), as text or JSON. */
#include <jansson.h>
#include <stdio.h>

#include "capisim/bench.h"
#include "trace/jsonl.h"

#define WARM_TARGET         20.0  /* warm verifies per OpenSSL verify, >= */
#define COLD_TARGET         1.2   /* cold verify / raw signatures, <= */
#define REPLAY_TRACE_TARGET 0.040 /* s, 30-day replay, trace written, <= */
#define REPLAY_RSS_TARGET   20e6  /* bytes, its peak resident size, <= */
#define FLEET_TARGET        1e7   /* machine-days per second, >= */
#define FLEET_EXACT_TARGET  5.0   /* s for 10^6 machines x 30 days, < */

static double machine_days_per_s(const capisim_bench_fleet_result *r)
{
	return r->seconds > 0
	           ? (double)r->machines * (double)r->days / r->seconds
	           : 0.0;
}

/* "ok", "MISSED", or why it is not judged (quick sizes). */
static const char *verdict(bool met, bool judged)
{
	return !judged ? "(judged at the full sizes)" : met ? "ok" : "MISSED";
}

/* The same target judged on CPU time (what the figure cost, whatever
 * else the machine ran), when the wall clock missed it. */
static void print_cpu_verdict(FILE *out, bool wall_met, bool cpu_met,
                              bool judged, const char *what)
{
	if (judged && !wall_met)
		fprintf(out, "    on CPU time (%s): %s\n", what,
		        cpu_met ? "ok" : "MISSED");
}

static void print_load(FILE *out, const capisim_bench_load *l)
{
	fprintf(out, "    load average %.2f -> %.2f\n", l->before, l->after);
}

static void print_text(FILE *out, const capisim_bench_report *x)
{
	const char *const *grid = capisim_bench_fleet_specs(true);
	const char *const *exact = capisim_bench_fleet_specs(false);
	const capisim_bench_chain_rates *c = &x->chain;
	double warm_x = c->warm / c->openssl,
	       cold_x = c->raw_signatures / c->cold;
	fprintf(out, "capisim bench%s (docs/performance.md)\n\n",
	        x->quick ? " --quick" : "");
	fprintf(out,
	        "chain verify, basic chain (3 certificates, RSA-2048), per "
	        "second:\n"
	        "  OpenSSL X509_verify_cert    %12.0f\n"
	        "  raw signature checks (3)    %12.0f\n"
	        "  capisim cold verify         %12.0f\n"
	        "  capisim warm verify         %12.0f\n",
	        c->openssl, c->raw_signatures, c->cold, c->warm);
	fprintf(out,
	        "  warm / OpenSSL throughput   %11.1fx  target >= %.0fx  %s\n",
	        warm_x, WARM_TARGET, warm_x >= WARM_TARGET ? "ok" : "MISSED");
	fprintf(out,
	        "  cold cost / raw signatures  %11.2fx  target <= %.1fx  %s\n",
	        cold_x, COLD_TARGET, cold_x <= COLD_TARGET ? "ok" : "MISSED");
	print_load(out, &x->chain_load);

	fprintf(
	    out,
	    "\nscenario replay, a %u-day scenario verifying every minute (%lu "
	    "verifications):\n",
	    x->replay_days, x->off.verifications);
	fprintf(
	    out,
	    "  trace off      %9.4f s (%.4f s CPU)  %12.0f verifications/s\n",
	    x->off.seconds, x->off.cpu_seconds,
	    x->off.seconds > 0 ? (double)x->off.verifications / x->off.seconds
	                       : 0.0);
	print_load(out, &x->off_load);
	bool full = !x->quick;
	fprintf(
	    out,
	    "  trace written  %9.4f s (%.4f s CPU)  %12.0f verifications/s, "
	    "%zu observations\n"
	    "                 target <= %.0f ms  %s\n",
	    x->on.seconds, x->on.cpu_seconds,
	    x->on.seconds > 0 ? (double)x->on.verifications / x->on.seconds
	                      : 0.0,
	    x->on.observations, REPLAY_TRACE_TARGET * 1e3,
	    verdict(x->on.seconds <= REPLAY_TRACE_TARGET, full));
	print_cpu_verdict(out, x->on.seconds <= REPLAY_TRACE_TARGET,
	                  x->on.cpu_seconds <= REPLAY_TRACE_TARGET, full,
	                  "the replay's");
	print_load(out, &x->on_load);
	fprintf(out,
	        "  capisim run --trace: peak memory %.1f MB (%.3f s with "
	        "process start)\n"
	        "                 target <= %.0f MB  %s\n",
	        (double)x->run.peak_rss / 1e6, x->run.seconds,
	        REPLAY_RSS_TARGET / 1e6,
	        verdict(x->run.peak_rss <= REPLAY_RSS_TARGET, full));
	print_load(out, &x->run.load);

	const capisim_bench_fleet_measure *f = &x->exact;
	double rate = machine_days_per_s(&f->r);
	bool exact_full = full && f->r.machines >= 1000000 && f->r.days >= 30;
	fprintf(out,
	        "\nfleet, a %u-day scenario verifying every hour, %u threads\n",
	        x->fleet_days, x->jobs);
	fprintf(out, "  no grid, every machine played (--vary %s %s %s %s):\n",
	        exact[0], exact[1], exact[2], exact[3]);
	fprintf(out,
	        "    %llu machines: %.3f s wall (%.3f s CPU, %.3f ms CPU per "
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
	        (double)f->rss_growth / 1e6, x->jobs);
	/* its CPU time spread over the threads: the wall time the jobs
	 * would take on as many idle cores (an estimate, marked as one) */
	double idle_s = f->cpu_seconds / x->jobs;
	double idle_rate =
	    idle_s > 0 ? (double)f->r.machines * (double)f->r.days / idle_s
	               : 0.0;
	if (exact_full &&
	    !(rate >= FLEET_TARGET && f->r.seconds < FLEET_EXACT_TARGET))
		fprintf(out,
		        "    on CPU time / %u threads (an estimate for idle "
		        "cores):\n"
		        "      %.3g machine-days/s  %s;  %.2f s  %s\n",
		        x->jobs, idle_rate,
		        idle_rate >= FLEET_TARGET ? "ok" : "MISSED", idle_s,
		        idle_s < FLEET_EXACT_TARGET ? "ok" : "MISSED");
	print_load(out, &f->load);
	f = &x->grid;
	rate = machine_days_per_s(&f->r);
	fprintf(out,
	        "  on a 1 h grid, once per class (--vary %s %s %s --quantum "
	        "1h):\n",
	        grid[0], grid[1], grid[2]);
	fprintf(out,
	        "    %llu machines in %zu classes: %.3f s wall (%.3f s CPU)\n"
	        "    %.3g machine-days/s  target >= %.0e  %s\n"
	        "    peak memory +%.1f MB, %.1f bytes per simulated machine\n",
	        (unsigned long long)f->r.machines, f->r.runs, f->r.seconds,
	        f->cpu_seconds, rate, FLEET_TARGET,
	        verdict(rate >= FLEET_TARGET, full),
	        (double)f->rss_growth / 1e6,
	        f->r.machines ? (double)f->rss_growth / (double)f->r.machines
	                      : 0.0);
	print_load(out, &f->load);
	fprintf(out, "\nwhole process peak memory: %.1f MB\n",
	        (double)x->peak_rss / 1e6);
}

static json_t *load_json(const capisim_bench_load *l)
{
	return json_pack("[f,f]", l->before, l->after);
}

/* true/false, or null when the sizes do not judge the target. */
static json_t *met_json(bool met, bool judged)
{
	return judged ? json_boolean(met) : json_null();
}

static json_t *fleet_json(const capisim_bench_fleet_measure *f, bool grid,
                          unsigned jobs, bool quick)
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

static json_t *replay_json(const capisim_bench_replay_result *r,
                           const capisim_bench_load *l)
{
	return json_pack(
	    "{s:f, s:f, s:f, s:I, s:o}", "seconds", r->seconds, "cpu_seconds",
	    r->cpu_seconds, "verifications_per_second",
	    r->seconds > 0 ? (double)r->verifications / r->seconds : 0.0,
	    "observations", (json_int_t)r->observations, "load_average",
	    load_json(l));
}

static cs_status print_json(FILE *out, const capisim_bench_report *x)
{
	const capisim_bench_chain_rates *c = &x->chain;
	double warm_x = c->warm / c->openssl,
	       cold_x = c->raw_signatures / c->cold;
	const char *const *g = capisim_bench_fleet_specs(true);
	const char *const *e = capisim_bench_fleet_specs(false);
	json_t *grid = json_pack("[s,s,s]", g[0], g[1], g[2]);
	json_t *exact = json_pack("[s,s,s,s]", e[0], e[1], e[2], e[3]);
	json_t *on = replay_json(&x->on, &x->on_load);
	if (on) {
		json_object_set_new(on, "target_seconds",
		                    json_real(REPLAY_TRACE_TARGET));
		json_object_set_new(
		    on, "target_met",
		    met_json(x->on.seconds <= REPLAY_TRACE_TARGET, !x->quick));
	}
	json_t *run =
	    json_pack("{s:I, s:f, s:f, s:o, s:o}", "peak_rss_bytes",
	              (json_int_t)x->run.peak_rss, "seconds", x->run.seconds,
	              "target_peak_rss_bytes", REPLAY_RSS_TARGET, "target_met",
	              met_json(x->run.peak_rss <= REPLAY_RSS_TARGET, !x->quick),
	              "load_average", load_json(&x->run.load));
	json_t *root = json_pack(
	    "{s:i, s:b, s:{s:s, s:{s:f, s:f, s:f, s:f}, s:f, s:f, s:b, s:f, "
	    "s:f, s:b, s:o}, s:{s:i, s:I, s:o, s:o, s:o}, s:{s:i, s:i, s:o, "
	    "s:o, s:o, s:o}, s:I}",
	    "capisim_bench", 1, "quick", x->quick, "chain", "chain",
	    "basic (3 certificates, RSA-2048)", "per_second",
	    "openssl_x509_verify_cert", c->openssl, "raw_signatures",
	    c->raw_signatures, "cold", c->cold, "warm", c->warm,
	    "warm_vs_openssl", warm_x, "warm_target", WARM_TARGET, "warm_met",
	    warm_x >= WARM_TARGET, "cold_vs_raw_signatures", cold_x,
	    "cold_target", COLD_TARGET, "cold_met", cold_x <= COLD_TARGET,
	    "load_average", load_json(&x->chain_load), "replay", "days",
	    (int)x->replay_days, "verifications",
	    (json_int_t)x->off.verifications, "trace_off",
	    replay_json(&x->off, &x->off_load), "trace_written", on,
	    "run_trace", run, "fleet", "days", (int)x->fleet_days, "jobs",
	    (int)x->jobs, "vary_grid", grid, "vary_exact", exact, "classes",
	    fleet_json(&x->grid, true, x->jobs, x->quick), "per_machine",
	    fleet_json(&x->exact, false, x->jobs, x->quick), "peak_rss_bytes",
	    (json_int_t)x->peak_rss);
	if (!root)
		return CS_JSON_FAILED();
	cs_status st =
	    json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) ||
	            fputc('\n', out) == EOF
	        ? CS_ERR_IO
	        : CS_OK;
	json_decref(root);
	return st;
}
cs_status capisim_bench_write(FILE *out, const capisim_bench_report *r,
                              bool json)
{
	if (json)
		return print_json(out, r);
	print_text(out, r);
	return ferror(out) ? CS_ERR_IO : CS_OK;
}
