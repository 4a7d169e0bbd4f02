/* Playing the fleet's machines (or classes) and counting their outcomes
 * (see fleet.h).
 *
 * Work is shared, never repeated: the scenario is parsed once and its
 * fixtures sit in one pool; on a grid each class of identical machines is
 * played once. Worker threads take runs from an atomic counter and add
 * into their own tallies; tallies are integer sums, merged by column name
 * at the end, so the result does not depend on which thread ran what. */
#include <pthread.h>
#include "model/alloc.h"
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/fleet/fleet.h"
#include "sim/scenario/commands.h"
#include "sim/scenario/workspace.h"

#define NAME_MAX_LEN 160

/* Counts per bucket for named columns (a thread's tally, or a class's
 * hits when counts are 0/1). Few columns: linear search is fine. */
typedef struct {
	char (*names)[NAME_MAX_LEN];
	uint64_t *counts; /* [col * nbuckets + b] */
	size_t n, cap, nbuckets;
} tally;

static uint64_t *tally_col(tally *t, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->names[i], name) == 0)
			return &t->counts[i * t->nbuckets];
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 8;
		char(*nn)[NAME_MAX_LEN] =
		    cs_realloc(t->names, cap * sizeof *nn);
		if (!nn)
			return NULL;
		t->names = nn;
		uint64_t *nc =
		    cs_realloc(t->counts, cap * t->nbuckets * sizeof *nc);
		if (!nc)
			return NULL;
		t->counts = nc;
		t->cap = cap;
	}
	snprintf(t->names[t->n], NAME_MAX_LEN, "%s", name);
	uint64_t *c = &t->counts[t->n * t->nbuckets];
	memset(c, 0, t->nbuckets * sizeof *c);
	t->n++;
	return c;
}

static void tally_free(tally *t)
{
	free(t->names);
	free(t->counts);
	memset(t, 0, sizeof *t);
}

typedef struct {
	const cs_scenario *s;
	const cs_fleet_vary *v;
	const cs_fleet_options *o;
	bool grid; /* quantum > 0: classes */
	size_t grid_n[3];
	const uint64_t *class_count; /* NULL: each run counts once */
	const size_t *active;        /* on a grid: the classes to play (those
	                                with machines, or each machine's class) */
	size_t nactive;              /* runs to make */
	cs_filetime t0;
	size_t nbuckets;
	atomic_size_t next, done;
	atomic_int failed; /* a cs_status, CS_OK while all is well */
} fleet_job;

/* Machines a worker takes at once without a grid: few atomics, and an
 * even share of the work at the end. */
#define CHUNK 16

typedef struct {
	fleet_job *job;
	tally sum;  /* this worker's tally */
	tally hits; /* the current run's hits (0/1) */
	bool oom;
	char reuse_error[384];   /* a --reuse check that failed */
	cs_run_workspace tables; /* lent to each machine's run */
} worker;

static size_t bucket_of(const fleet_job *j, cs_filetime t)
{
	if (t <= j->t0)
		return 0;
	uint64_t b = (uint64_t)(t - j->t0) / (uint64_t)j->o->bucket;
	return b < j->nbuckets ? (size_t)b : j->nbuckets - 1;
}

static void hit(worker *w, const char *name, cs_filetime t)
{
	uint64_t *c = tally_col(&w->hits, name);
	if (!c) {
		w->oom = true;
		return;
	}
	c[bucket_of(w->job, t)] = 1;
}

static void on_step(void *ctx, const cs_step *step, cs_filetime t,
                    bool has_hresult, uint32_t hresult)
{
	if (!has_hresult || hresult == 0)
		return;
	char name[NAME_MAX_LEN];
	snprintf(name, sizeof name, "failed:line %u %s", step->at_src.line,
	         step->cmd ? step->cmd->keyword : "?");
	hit(ctx, name, t);
}

/* count occurrences from first, every apart, with one outcome: each bucket
 * they fall in is hit once. */
static void on_steps(void *ctx, const cs_step *step, cs_filetime first,
                     int64_t every, unsigned long count, bool has_hresult,
                     uint32_t hresult)
{
	worker *w = ctx;
	if (!has_hresult || hresult == 0 || !count)
		return;
	const fleet_job *j = w->job;
	cs_filetime last = first + (int64_t)(count - 1) * every;
	if (every > j->o->bucket) {
		for (unsigned long k = 0; k < count; k++)
			on_step(ctx, step, first + (int64_t)k * every, true,
			        hresult);
		return;
	}
	/* occurrences no further apart than a bucket leave none out */
	size_t b0 = bucket_of(j, first), b1 = bucket_of(j, last);
	for (size_t b = b0; b <= b1; b++)
		on_step(ctx, step,
		        b == b0 ? first : j->t0 + (int64_t)b * j->o->bucket,
		        true, hresult);
}

static cs_filetime next_random_reboot(void *ctx, cs_filetime after)
{
	return cs_fleet_next_reboot(ctx, after);
}

/* Play one machine (standing for n identical ones) and add its hits. */
static cs_status play(worker *w, cs_fleet_machine *fm, uint64_t n)
{
	fleet_job *j = w->job;
	cs_run_options ro = {
	    .trace = false,
	    .profile = fm->profile,
	    .shift = fm->shift,
	    .reboot_every = fm->reboot_every,
	    .next_reboot = fm->reboot_random ? next_random_reboot : NULL,
	    .next_reboot_ctx = fm,
	    .patch_at = fm->patch_at,
	    .patch_profile = fm->patch_profile,
	    .on_step = on_step,
	    .on_steps = on_steps,
	    .on_step_ctx = w,
	    .reuse = j->o->reuse,
	    .workspace = &w->tables,
	};
	w->hits.n = 0;
	cs_machine m;
	cs_run_result res;
	cs_status st = cs_scenario_run(j->s, &ro, &m, &res);
	if (res.reuse_error[0])
		snprintf(w->reuse_error, sizeof w->reuse_error, "%s",
		         res.reuse_error);
	for (size_t i = 0; st == CS_OK && i < m.w.events.n; i++) {
		const cs_event *e = &m.w.events.events[i];
		if (!j->o->all_logs && strcmp(e->log, CS_LOG_CAPI2) == 0)
			continue;
		char name[NAME_MAX_LEN];
		snprintf(name, sizeof name, "event:%s:%s:%u", e->log, e->source,
		         e->id);
		hit(w, name, e->t);
	}
	cs_run_result_free(&res);
	cs_machine_free(&m);
	if (st != CS_OK)
		return st;
	for (size_t c = 0; c < w->hits.n && !w->oom; c++) {
		uint64_t *sum = tally_col(&w->sum, w->hits.names[c]);
		const uint64_t *h = &w->hits.counts[c * j->nbuckets];
		if (!sum) {
			w->oom = true;
			break;
		}
		for (size_t b = 0; b < j->nbuckets; b++)
			sum[b] += h[b] * n;
	}
	return w->oom ? cs_alloc_failed() : CS_OK;
}

/* Run i of the job: a class (or a machine's class) on a grid, machine
 * shard + i * nshards without one. */
static cs_status play_run(worker *w, size_t i)
{
	fleet_job *j = w->job;
	cs_fleet_machine fm;
	if (!j->grid) {
		uint64_t k = j->o->shard + (uint64_t)i * j->o->nshards;
		cs_fleet_draw_machine(j->v, j->o->seed, k, j->s->start,
		                      j->s->profile, &fm);
		return play(w, &fm, 1);
	}
	size_t cls = j->active[i];
	cs_fleet_class_machine(j->v, j->o->quantum, j->grid_n, cls, &fm);
	return play(w, &fm, j->class_count ? j->class_count[cls] : 1);
}

/* Take runs until none is left or one failed; the calling thread (main)
 * reports progress. */
static void take_runs(worker *w, bool main)
{
	fleet_job *j = w->job;
	size_t chunk = j->grid ? 1 : CHUNK;
	while (atomic_load(&j->failed) == CS_OK) {
		size_t i = atomic_fetch_add(&j->next, chunk);
		if (i >= j->nactive)
			break;
		size_t end = i + chunk < j->nactive ? i + chunk : j->nactive;
		for (; i < end; i++) {
			cs_status st = play_run(w, i);
			if (st != CS_OK) {
				int ok = CS_OK;
				atomic_compare_exchange_strong(&j->failed, &ok,
				                               st);
				return;
			}
		}
		size_t done = atomic_fetch_add(&j->done, chunk) + chunk;
		if (main && j->o->progress)
			j->o->progress(j->o->progress_ctx,
			               done < j->nactive ? done : j->nactive,
			               j->nactive);
	}
}

static void *work(void *arg)
{
	take_runs(arg, false);
	return NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void cs_fleet_result_free(cs_fleet_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nmeta; i++)
		free(r->meta[i]);
	for (size_t i = 0; i < r->ncols; i++)
		free(r->columns[i]);
	free(r->meta);
	free(r->columns);
	free(r->counts);
	memset(r, 0, sizeof *r);
}

static cs_status add_meta(cs_fleet_result *r, const char *key, const char *val)
{
	char **m = cs_realloc(r->meta, (r->nmeta + 1) * sizeof *m);
	if (!m)
		return cs_alloc_failed();
	r->meta = m;
	size_t n = strlen(key) + strlen(val) + 3;
	if (!(m[r->nmeta] = cs_malloc(n)))
		return cs_alloc_failed();
	snprintf(m[r->nmeta++], n, "%s: %s", key, val);
	return CS_OK;
}

static cs_status describe(cs_fleet_result *r, const cs_scenario *s,
                          const char *path, const cs_fleet_vary *v,
                          const cs_fleet_options *o)
{
	char buf[64], tb[CS_TIME_BUF];
	cs_status st = add_meta(r, "capisim fleet", "1");
	if (st == CS_OK)
		st = add_meta(r, "scenario", path);
	if (st == CS_OK)
		st = add_meta(r, "profile", s->profile->name);
	snprintf(buf, sizeof buf, "%llu", (unsigned long long)o->seed);
	if (st == CS_OK)
		st = add_meta(r, "seed", buf);
	snprintf(buf, sizeof buf, "%llu", (unsigned long long)o->machines);
	if (st == CS_OK)
		st = add_meta(r, "fleet machines", buf);
	for (size_t i = 0; st == CS_OK && i < v->nspecs; i++)
		st = add_meta(r, "vary", v->specs[i]);
	if (st == CS_OK)
		st = add_meta(r, "bucket", cs_duration_format(o->bucket, tb));
	if (st == CS_OK)
		st =
		    add_meta(r, "quantum",
		             o->quantum > 0 ? cs_duration_format(o->quantum, tb)
		                            : "none (every machine to the "
		                              "second)");
	if (st == CS_OK)
		st = add_meta(r, "logs",
		              o->all_logs ? "all" : "Application, System");
	return st;
}

/* Merge the workers' tallies into r, columns sorted by name. */
static cs_status collect(cs_fleet_result *r, worker *ws, size_t nw,
                         size_t nbuckets)
{
	tally all = {.nbuckets = nbuckets};
	cs_status st = CS_OK;
	for (size_t i = 0; i < nw && st == CS_OK; i++)
		for (size_t c = 0; c < ws[i].sum.n && st == CS_OK; c++) {
			uint64_t *dst = tally_col(&all, ws[i].sum.names[c]);
			if (!dst) {
				st = cs_alloc_failed();
				break;
			}
			for (size_t b = 0; b < nbuckets; b++)
				dst[b] += ws[i].sum.counts[c * nbuckets + b];
		}
	r->columns = cs_calloc(all.n + 1, sizeof *r->columns);
	r->counts = cs_calloc(all.n * nbuckets + 1, sizeof *r->counts);
	if (st == CS_OK && (!r->columns || !r->counts))
		st = cs_alloc_failed();
	for (size_t c = 0; st == CS_OK && c < all.n; c++)
		if (!(r->columns[r->ncols++] = cs_strdup(all.names[c])))
			st = cs_alloc_failed();
	if (st == CS_OK)
		qsort(r->columns, r->ncols, sizeof *r->columns, cmp_str);
	for (size_t c = 0; st == CS_OK && c < r->ncols; c++) {
		const uint64_t *src = tally_col(&all, r->columns[c]);
		memcpy(&r->counts[c * nbuckets], src, nbuckets * sizeof *src);
	}
	tally_free(&all);
	return st;
}

/* The largest start offset a machine can draw. */
static int64_t max_shift(const fleet_job *j)
{
	const cs_fleet_vary *v = j->v;
	if (!v->has_start)
		return 0;
	if (j->grid)
		return v->start_lo +
		       (int64_t)(j->grid_n[1] - 1) * j->o->quantum;
	int64_t secs = (v->start_hi - v->start_lo + CS_TICKS_PER_SEC - 1) /
	               CS_TICKS_PER_SEC;
	return v->start_lo + (secs - 1) * CS_TICKS_PER_SEC;
}

cs_status cs_fleet_run(const cs_scenario *s, const char *path,
                       const cs_fleet_vary *v, const cs_fleet_options *o,
                       cs_fleet_result *out)
{
	memset(out, 0, sizeof *out);
	fleet_job j = {.s = s, .v = v, .o = o, .grid = o->quantum > 0};
	size_t ncls = j.grid ? cs_fleet_grid_size(v, o->quantum, j.grid_n) : 0;
	uint64_t nmine =
	    o->machines / o->nshards + (o->shard < o->machines % o->nshards);
	if (j.grid && !cs_fleet_vary_griddable(v))
		return CS_ERR_RANGE;
	if (ncls > CS_FLEET_CLASSES_MAX ||
	    o->machines > CS_FLEET_MACHINES_MAX ||
	    (j.grid && o->per_machine && nmine > CS_FLEET_PER_MACHINE_MAX) ||
	    nmine > SIZE_MAX / 2)
		return CS_ERR_LIMIT;
	j.t0 = s->start;
	uint64_t nbuckets = (uint64_t)(s->end + max_shift(&j) - s->start) /
	                        (uint64_t)o->bucket +
	                    1;
	if (nbuckets > CS_FLEET_BUCKETS_MAX)
		return CS_ERR_RANGE;
	j.nbuckets = (size_t)nbuckets;
	out->t0 = j.t0;
	out->bucket = o->bucket;
	out->nbuckets = j.nbuckets;
	out->shard = o->shard;
	out->nshards = o->nshards;
	cs_status st = describe(out, s, path, v, o);
	uint64_t *count = j.grid ? cs_calloc(ncls, sizeof *count) : NULL;
	size_t *active =
	    j.grid ? cs_calloc(o->per_machine ? (size_t)nmine + 1 : ncls,
	                       sizeof *active)
	           : NULL;
	unsigned nw = o->jobs ? o->jobs : 1;
	worker *ws = cs_calloc(nw, sizeof *ws);
	if (st == CS_OK && ((j.grid && (!count || !active)) || !ws))
		st = cs_alloc_failed();
	for (uint64_t k = o->shard; st == CS_OK && j.grid && k < o->machines;
	     k += o->nshards) {
		size_t cls = cs_fleet_draw_class(v, o->seed, k, j.grid_n);
		if (o->per_machine)
			active[j.nactive++] = cls;
		count[cls]++;
	}
	for (size_t c = 0; st == CS_OK && j.grid && !o->per_machine && c < ncls;
	     c++)
		if (count[c])
			active[j.nactive++] = c;
	if (!j.grid)
		j.nactive = (size_t)nmine;
	out->machines = nmine;
	j.class_count = j.grid && !o->per_machine ? count : NULL;
	j.active = active;
	atomic_init(&j.next, 0);
	atomic_init(&j.done, 0);
	atomic_init(&j.failed, CS_OK);
	pthread_t *th = cs_calloc(nw, sizeof *th);
	unsigned started = 0;
	if (st == CS_OK && !th)
		st = cs_alloc_failed();
	for (unsigned i = 0; st == CS_OK && i < nw; i++) {
		ws[i].job = &j;
		ws[i].sum.nbuckets = ws[i].hits.nbuckets = j.nbuckets;
	}
	for (unsigned i = 1; st == CS_OK && i < nw; i++) {
		if (pthread_create(&th[i], NULL, work, &ws[i]) != 0)
			break; /* fewer threads: the same result, later */
		started = i;
	}
	/* The calling thread works too, and reports progress. */
	if (st == CS_OK)
		take_runs(&ws[0], true);
	for (unsigned i = 1; i <= started; i++)
		pthread_join(th[i], NULL);
	if (st == CS_OK)
		st = (cs_status)atomic_load(&j.failed);
	if (st == CS_OK && o->progress)
		o->progress(o->progress_ctx, j.nactive, j.nactive);
	if (st == CS_OK)
		st = collect(out, ws, nw, j.nbuckets);
	out->runs = j.nactive;
	for (size_t c = 0; count && c < ncls; c++)
		out->classes += count[c] != 0;
	for (unsigned i = 0; ws && i < nw && !out->reuse_error[0]; i++)
		memcpy(out->reuse_error, ws[i].reuse_error,
		       sizeof out->reuse_error);
	for (unsigned i = 0; ws && i < nw; i++) {
		tally_free(&ws[i].sum);
		tally_free(&ws[i].hits);
		cs_run_workspace_free(&ws[i].tables);
	}
	free(th);
	free(ws);
	free(count);
	free(active);
	return st;
}
