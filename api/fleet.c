/* capisim/fleet.h over sim/fleet (the run, CSV, merge) and render/ (the
 * chart). */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "model/alloc.h"
#include "render/fleet_svg.h"
#include "sim/fleet/fleet.h"

_Static_assert(CAPISIM_FLEET_MACHINES_MAX == CS_FLEET_MACHINES_MAX &&
                   CAPISIM_FLEET_BUCKETS_MAX == CS_FLEET_BUCKETS_MAX &&
                   CAPISIM_FLEET_CLASSES_MAX == CS_FLEET_CLASSES_MAX &&
                   CAPISIM_FLEET_PER_MACHINE_MAX == CS_FLEET_PER_MACHINE_MAX,
               "capisim/fleet.h's limits are sim/fleet/fleet.h's");

struct capisim_fleet {
	cs_fleet_result r;
};

void capisim_fleet_free(capisim_fleet *f)
{
	if (!f)
		return;
	cs_fleet_result_free(&f->r);
	free(f);
}

cs_status capisim_fleet_vary_check(const char *const *specs, size_t n,
                                   cs_diag *d)
{
	memset(d, 0, sizeof *d);
	cs_fleet_vary *v = cs_calloc(1, sizeof *v);
	cs_status st = v ? CS_OK : cs_alloc_failed();
	for (size_t i = 0; st == CS_OK && i < n; i++)
		if ((st = cs_fleet_vary_add(v, specs[i], d)) != CS_OK)
			d->line = (unsigned)(i + 1);
	free(v);
	return st;
}

static cs_reuse_mode reuse_mode(capisim_reuse r)
{
	return r == CAPISIM_REUSE_OFF     ? CS_REUSE_OFF
	       : r == CAPISIM_REUSE_CHECK ? CS_REUSE_CHECK
	                                  : CS_REUSE_ON;
}

/* Why a fleet cannot be played, in the words of its options. */
static void explain_refusal(cs_status st, const capisim_scenario *s,
                            const cs_fleet_vary *v, const cs_fleet_options *o,
                            cs_diag *d)
{
	char span[CS_TIME_BUF], b[CS_TIME_BUF];
	if (st == CS_ERR_RANGE && o->quantum > 0 && !cs_fleet_vary_griddable(v))
		cs_diag_set(d, "", 0, 0,
		            "reboot=random(..) and patch= cannot be drawn on a "
		            "grid: drop --quantum");
	else if (st == CS_ERR_RANGE)
		cs_diag_set(d, "--bucket", 0, 0,
		            "%s makes more than %llu buckets of the scenario's "
		            "%s (raise --bucket)",
		            cs_duration_format(o->bucket, b),
		            (unsigned long long)CS_FLEET_BUCKETS_MAX,
		            cs_duration_format(s->s->end - s->s->start, span));
	else if (st == CS_ERR_LIMIT)
		cs_diag_set(d, "", 0, 0,
		            "the grid has more than %u classes of machines "
		            "(raise --quantum), or --per-machine has more than "
		            "%llu machines",
		            CS_FLEET_CLASSES_MAX,
		            (unsigned long long)CS_FLEET_PER_MACHINE_MAX);
}

cs_status capisim_fleet_run(const capisim_scenario *s, const char *path,
                            const capisim_fleet_options *o, capisim_fleet **out,
                            cs_diag *d)
{
	*out = NULL;
	memset(d, 0, sizeof *d);
	cs_fleet_vary *v = cs_calloc(1, sizeof *v);
	capisim_fleet *f = cs_calloc(1, sizeof *f);
	cs_status st = v && f ? CS_OK : cs_alloc_failed();
	for (size_t i = 0; st == CS_OK && i < o->nvary; i++)
		st = cs_fleet_vary_add(v, o->vary[i], d);
	cs_fleet_options fo = {
	    .machines = o->machines,
	    .seed = o->seed,
	    .shard = o->nshards > 1 ? o->shard : 0,
	    .nshards = o->nshards > 1 ? o->nshards : 1,
	    .bucket = o->bucket > 0 ? o->bucket : CS_TICKS_PER_HOUR,
	    .quantum = o->quantum,
	    .all_logs = o->all_logs,
	    .jobs = o->jobs ? o->jobs : 1,
	    .per_machine = o->per_machine,
	    .reuse = reuse_mode(o->reuse),
	    .progress = o->progress,
	    .progress_ctx = o->progress_ctx,
	};
	if (st == CS_OK) {
		st = cs_fleet_run(s->s, path, v, &fo, &f->r);
		if (st == CS_ERR_RANGE || st == CS_ERR_LIMIT)
			explain_refusal(st, s, v, &fo, d);
		else if (st != CS_OK)
			cs_diag_set(d, "", 0, 0, "%s%s%s", cs_status_str(st),
			            f->r.reuse_error[0] ? ": " : "",
			            f->r.reuse_error);
	}
	free(v);
	if (st != CS_OK) {
		capisim_fleet_free(f);
		return st;
	}
	*out = f;
	return CS_OK;
}

cs_status capisim_fleet_read_csv(FILE *in, const char *name,
                                 capisim_fleet **out, cs_diag *d)
{
	*out = NULL;
	memset(d, 0, sizeof *d);
	capisim_fleet *f = cs_calloc(1, sizeof *f);
	if (!f)
		return cs_alloc_failed();
	cs_status st = cs_fleet_read_csv(in, name, &f->r, d);
	if (st != CS_OK) {
		capisim_fleet_free(f);
		return st;
	}
	*out = f;
	return CS_OK;
}

cs_status capisim_fleet_merge(const capisim_fleet *const *parts, size_t n,
                              capisim_fleet **out, cs_diag *d)
{
	*out = NULL;
	memset(d, 0, sizeof *d);
	/* cs_fleet_merge reads an array of results: shallow copies. */
	cs_fleet_result *rs = cs_calloc(n ? n : 1, sizeof *rs);
	capisim_fleet *f = cs_calloc(1, sizeof *f);
	cs_status st = rs && f ? CS_OK : cs_alloc_failed();
	for (size_t i = 0; st == CS_OK && i < n; i++)
		rs[i] = parts[i]->r;
	if (st == CS_OK)
		st = cs_fleet_merge(rs, n, &f->r, d);
	free(rs);
	if (st != CS_OK) {
		capisim_fleet_free(f);
		return st;
	}
	*out = f;
	return CS_OK;
}

void capisim_fleet_count(const capisim_fleet *f, capisim_fleet_counts *out)
{
	out->machines = f->r.machines;
	out->classes = f->r.classes;
	out->runs = f->r.runs;
}

cs_status capisim_fleet_write_csv(const capisim_fleet *f, FILE *out)
{
	return cs_fleet_write_csv(&f->r, out);
}

cs_status capisim_fleet_write_svg(const capisim_fleet *f,
                                  const capisim_scenario *s, FILE *out)
{
	cs_fleet_svg_options o = {.scenario = s ? s->s : NULL};
	return cs_fleet_write_svg(&f->r, &o, out);
}
