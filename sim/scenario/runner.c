/* Playing a parsed scenario on one machine.
 *
 * For each step: move the clock to its time (background tasks run over the
 * gap), record a "step" observation (time, account, the command as
 * written), run the command, add its outcome to that observation, then
 * check the step's expectations and record one "expect" observation each.
 * `every` steps repeat until their `until`; their expectations are checked
 * at each repetition and a failure is reported once with how many times and
 * when first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/scenario/background.h"
#include "sim/scenario/cmd_impl.h"
#include "sim/scenario/commands.h"
#include "sim/scenario/expect.h"

void cs_run_result_free(cs_run_result *r)
{
	if (!r)
		return;
	free(r->failures);
	memset(r, 0, sizeof *r);
}

typedef struct {
	const cs_scenario *s;
	const cs_run_options *opt;
	cs_machine *m;
	cs_run_result *res;
	cs_action_record last;   /* the last command's record */
	size_t *fail_slot;       /* per expectation: failure index + 1, or 0 */
	size_t *expect_base;     /* per step: index of its first slot */
	bool *world_done;        /* shifted runs: world steps already played */
	cs_filetime next_reboot; /* fleet reboot schedule, or TIME_MAX */
} runner;

static cs_status add_failure(runner *r, const cs_step *step, const cs_expect *e,
                             size_t slot, const char *detail)
{
	cs_run_result *res = r->res;
	if (r->fail_slot[slot]) {
		cs_failure *f = &res->failures[r->fail_slot[slot] - 1];
		f->times++;
		return CS_OK;
	}
	if (res->nfailures == res->capfailures) {
		size_t cap = res->capfailures ? res->capfailures * 2 : 8;
		cs_failure *n = realloc(res->failures, cap * sizeof *n);
		if (!n)
			return CS_ERR_NOMEM;
		res->failures = n;
		res->capfailures = cap;
	}
	cs_failure *f = &res->failures[res->nfailures++];
	memset(f, 0, sizeof *f);
	f->step = step;
	f->expect = e;
	f->t = r->m->w.now;
	f->times = 1;
	snprintf(f->detail, sizeof f->detail, "%s", detail);
	r->fail_slot[slot] = res->nfailures;
	return CS_OK;
}

static void add_outcome(cs_trace *tr, size_t idx, const cs_outcome *out)
{
	if (!tr->enabled || idx >= tr->n)
		return;
	cs_obs *o = &tr->obs[idx];
	if (out->has_hresult)
		cs_obs_hresult(o, "hresult", out->hresult);
	if (out->has_status)
		cs_obs_hex32(o, "status", out->status);
	if (out->note[0])
		cs_obs_str(o, "note", out->note);
	if (out->result[0])
		cs_obs_str(o, "result", out->result);
}

static cs_status check_expects(runner *r, size_t step_index,
                               const cs_action_record *rec)
{
	const cs_step *step = &r->s->steps[step_index];
	cs_machine *m = r->m;
	for (size_t k = 0; k < step->nexpects; k++) {
		const cs_expect *e = &step->expects[k];
		char detail[200];
		bool ok = cs_expect_check(e, rec, m, detail, sizeof detail);
		r->res->expectations_checked++;
		cs_obs *o = cs_trace_begin(&m->w.trace, m->w.now,
		                           step->at_src.line, "expect", NULL);
		cs_obs_str(o, "expect", e->text);
		cs_obs_bool(o, "ok", ok);
		if (!ok) {
			cs_obs_str(o, "found", detail);
			cs_status st = add_failure(
			    r, step, e, r->expect_base[step_index] + k, detail);
			if (st != CS_OK)
				return st;
		}
	}
	return CS_OK;
}

static cs_status run_once(runner *r, size_t step_index)
{
	const cs_step *step = &r->s->steps[step_index];
	cs_machine *m = r->m;
	cs_trace *tr = &m->w.trace;
	unsigned line = step->at_src.line;
	cs_trace_set_file(tr, step->at_src.include);
	if (!step->cmd)
		return check_expects(r, step_index, &r->last);
	cs_action_record rec = {
	    .valid = true, .obs_begin = tr->n, .ev_begin = m->w.events.n};
	cs_obs *o = cs_trace_begin(tr, m->w.now, line, "step",
	                           cs_world_account_name(&m->w, m->w.acting));
	size_t idx = tr->n - 1;
	cs_obs_str(o, "action", step->action);
	cs_run_ctx rc = {m, r->s, step, line};
	cs_status st = step->cmd->run(&rc, &rec.outcome);
	if (st != CS_OK)
		return st;
	r->res->steps_run++;
	add_outcome(tr, idx, &rec.outcome);
	if (r->opt->on_step)
		r->opt->on_step(r->opt->on_step_ctx, step, m->w.now,
		                rec.outcome.has_hresult, rec.outcome.hresult);
	rec.obs_end = tr->n;
	rec.ev_end = m->w.events.n;
	r->last = rec;
	return check_expects(r, step_index, &rec);
}

static void record_start(cs_machine *m, const cs_scenario *s)
{
	cs_obs *o = cs_trace_begin(&m->w.trace, m->w.now, 0, "scenario", NULL);
	if (s->title)
		cs_obs_str(o, "title", s->title);
	for (size_t i = 0; i < s->nsources; i++) {
		cs_obs *c = cs_obs_list_add(o, "sources");
		cs_obs_str(c, "source", s->sources[i]);
	}
	cs_obs_str(o, "profile", s->profile->name);
	cs_obs_str(o, "description", s->profile->description);
	if (s->has_seed) {
		char buf[24];
		snprintf(buf, sizeof buf, "0x%016llx",
		         (unsigned long long)s->seed);
		cs_obs_str(o, "seed", buf);
	}
}

/* The fleet's reboots due at or before t, each at its own instant. */
static cs_status reboots_until(runner *r, cs_filetime t)
{
	while (r->next_reboot <= t) {
		cs_status st = cs_scenario_move_clock(r->m, r->next_reboot, 0);
		if (st != CS_OK)
			return st;
		cs_machine_reboot(r->m, 0);
		r->next_reboot += r->opt->reboot_every;
	}
	return CS_OK;
}

/* A step of the outside world (the network: serve, fail, latency) keeps
 * its time when the machine is shifted; a repeated one is treated as the
 * machine's. */
static bool is_world(const runner *r, const cs_step *st)
{
	return r->opt->shift > 0 && st->cmd && !st->every &&
	       (st->cmd->run == cs_cmd_net_rule_run ||
	        st->cmd->run == cs_cmd_latency_run);
}

/* Play step i at time t (after the fleet's reboots due by then). */
static cs_status play_at(runner *r, size_t i, cs_filetime t)
{
	cs_status st = reboots_until(r, t);
	/* What the clock move causes belongs to step i's line, and file. */
	cs_trace_set_file(&r->m->w.trace, r->s->steps[i].at_src.include);
	if (st == CS_OK)
		st =
		    cs_scenario_move_clock(r->m, t, r->s->steps[i].at_src.line);
	return st == CS_OK ? run_once(r, i) : st;
}

/* Shifted runs: the world steps after step i that happen before t. World
 * steps are in time order, so they are played in file order. */
static cs_status world_before(runner *r, size_t i, cs_filetime t)
{
	for (size_t j = i + 1; j < r->s->nsteps; j++) {
		const cs_step *w = &r->s->steps[j];
		if (!is_world(r, w) || r->world_done[j])
			continue;
		if (w->t >= t)
			break;
		r->world_done[j] = true;
		cs_status st = play_at(r, j, w->t);
		if (st != CS_OK)
			return st;
	}
	return CS_OK;
}

cs_status cs_scenario_run(const cs_scenario *s, const cs_run_options *opt,
                          cs_machine *m, cs_run_result *res)
{
	memset(res, 0, sizeof *res);
	int64_t shift = opt->shift > 0 ? opt->shift : 0;
	cs_status st = cs_machine_init(m, s->pool,
	                               opt->profile ? opt->profile : s->profile,
	                               s->start, opt->trace);
	if (st != CS_OK)
		return st;
	if (s->has_seed)
		m->w.rng = s->seed;
	runner r = {.s = s, .opt = opt, .m = m, .res = res};
	r.next_reboot = opt->reboot_every > 0
	                    ? s->start + shift + opt->reboot_every
	                    : CS_SCENARIO_TIME_MAX;
	size_t total = 0;
	r.expect_base = calloc(s->nsteps + 1, sizeof *r.expect_base);
	for (size_t i = 0; r.expect_base && i < s->nsteps; i++) {
		r.expect_base[i] = total;
		total += s->steps[i].nexpects;
	}
	r.fail_slot = calloc(total + 1, sizeof *r.fail_slot);
	r.world_done = calloc(s->nsteps + 1, sizeof *r.world_done);
	if (!r.expect_base || !r.fail_slot || !r.world_done) {
		free(r.expect_base);
		free(r.fail_slot);
		free(r.world_done);
		return CS_ERR_NOMEM;
	}
	record_start(m, s);
	cs_filetime stop = opt->has_until ? opt->until : CS_SCENARIO_TIME_MAX;
	bool stopped = false;
	for (size_t i = 0; i < s->nsteps && st == CS_OK && !stopped; i++) {
		const cs_step *step = &s->steps[i];
		bool world = is_world(&r, step);
		if (world && r.world_done[i])
			continue;
		cs_filetime t = step->t + (world ? 0 : shift);
		do {
			if (t > stop) {
				stopped = true;
				break;
			}
			if (shift && !world)
				st = world_before(&r, i, t);
			if (st == CS_OK)
				st = play_at(&r, i, t);
			t += step->every;
		} while (st == CS_OK && step->every && t < step->until + shift);
	}
	cs_filetime end = s->end + shift < stop ? s->end + shift : stop;
	if (st == CS_OK && shift)
		st = world_before(&r, 0, end + 1);
	if (st == CS_OK)
		st = reboots_until(&r, end);
	if (st == CS_OK)
		st = cs_scenario_move_clock(m, end, 0);
	if (st == CS_OK && m->w.trace.oom)
		st = CS_ERR_NOMEM;
	free(r.expect_base);
	free(r.fail_slot);
	free(r.world_done);
	return st;
}
