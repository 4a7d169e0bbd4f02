/* Playing a parsed scenario on one machine.
 *
 * The steps, in time order, are entries of the run's agenda
 * (sim/scenario/agenda.h), which moves the clock to each and runs the
 * machine's timers on the way. For each step: record a "step"
 * observation (time, account, the command as written), run the command,
 * add its outcome to that observation, then check the step's expectations
 * and record one "expect" observation each. `every` steps repeat until
 * their `until`; their expectations are checked at each repetition and a
 * failure is reported once with how many times and when first. */
#include <stdio.h>
#include "model/alloc.h"
#include <stdlib.h>
#include <string.h>

#include "sim/scenario/agenda.h"
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
	cs_action_record last; /* the last command's record */
	size_t *fail_slot;     /* per expectation: failure index + 1, or 0 */
	size_t *expect_base;   /* per step: index of its first slot */
	cs_agenda agenda;      /* steps, reboots and the end, by time */
	cs_filetime stop;      /* --until, or TIME_MAX */
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
		cs_failure *n = cs_realloc(res->failures, cap * sizeof *n);
		if (!n)
			return cs_alloc_failed();
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
		cs_obs *o =
		    cs_trace_begin(&m->w.trace, m->w.now, "expect", NULL);
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
	if (!step->cmd)
		return check_expects(r, step_index, &r->last);
	if (r->opt->before_step) {
		cs_status hs =
		    r->opt->before_step(r->opt->before_step_ctx, m, step);
		if (hs != CS_OK)
			return hs;
	}
	/* The record of the last command is this one's from now on. */
	cs_action_record *rec = &r->last;
	cs_status st = cs_action_record_begin(rec, m);
	if (st != CS_OK)
		return st;
	cs_obs *o = cs_trace_begin(tr, m->w.now, "step",
	                           cs_world_account_name(&m->w, m->w.acting));
	size_t idx = tr->n - 1;
	cs_obs_str(o, "action", step->action);
	cs_run_ctx rc = {m, r->s, step};
	st = step->cmd->run(&rc, &rec->outcome);
	cs_action_record_end(rec, m);
	if (st != CS_OK)
		return st;
	r->res->steps_run++;
	add_outcome(tr, idx, &rec->outcome);
	if (r->opt->on_step)
		r->opt->on_step(r->opt->on_step_ctx, step, m->w.now,
		                rec->outcome.has_hresult, rec->outcome.hresult);
	return check_expects(r, step_index, rec);
}

cs_status cs_scenario_step_play(const cs_scenario *s, const cs_step *step,
                                cs_machine *m, cs_outcome *out)
{
	memset(out, 0, sizeof *out);
	if (!step->cmd)
		return CS_OK;
	cs_run_ctx rc = {m, s, step};
	return step->cmd->run(&rc, out);
}

static void record_start(cs_machine *m, const cs_scenario *s)
{
	cs_obs *o = cs_trace_begin(&m->w.trace, m->w.now, "scenario", NULL);
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

/* A step of the outside world (the network: serve, fail, latency) keeps
 * its time when the machine is shifted; a repeated one is treated as the
 * machine's. */
static bool is_world(const runner *r, const cs_step *st)
{
	return r->opt->shift > 0 && st->cmd && !st->every &&
	       (st->cmd->run == cs_cmd_net_rule_run ||
	        st->cmd->run == cs_cmd_latency_run);
}

/* File step i's occurrence at t, unless the run stops before t. At one
 * instant a shifted machine's own steps come before the world's (the
 * world's were written earlier in the file: they have smaller times). */
static cs_status file_step(runner *r, size_t i, cs_filetime t)
{
	if (t > r->stop)
		return CS_OK;
	uint64_t seq = i + (is_world(r, &r->s->steps[i]) ? r->s->nsteps : 0);
	return cs_agenda_push(
	    &r->agenda,
	    (cs_agenda_entry){
	        .t = t, .kind = CS_AGENDA_STEP, .seq = seq, .index = i});
}

/* The origin of what e records, and of what the timers run on the way to
 * e record: its step's line and file, none for a reboot or the end. The
 * run context of every rule: no rule passes a line around. */
static void set_origin(runner *r, const cs_agenda_entry *e)
{
	const cs_step *step =
	    e->kind == CS_AGENDA_STEP ? &r->s->steps[e->index] : NULL;
	cs_trace_set_origin(&r->m->w.trace, step ? step->at_src.line : 0,
	                    step ? step->at_src.include : NULL);
}

/* A fleet's REBOOT entries: scheduled reboots (index 0) and the patch. */
enum { SCHEDULED = 0, PATCH = 1 };

/* The fleet's next scheduled reboot after `after` (TIME_MAX: none). */
static cs_filetime next_reboot_after(const runner *r, cs_filetime after)
{
	if (r->opt->reboot_every > 0)
		return after + r->opt->reboot_every;
	if (r->opt->next_reboot)
		return r->opt->next_reboot(r->opt->next_reboot_ctx, after);
	return CS_SCENARIO_TIME_MAX;
}

/* The patch: the machine runs another profile from now on (the restart
 * that installs it follows at the same instant). */
static void patch(runner *r)
{
	cs_machine *m = r->m;
	m->w.profile = r->opt->patch_profile;
	cs_obs *o = cs_trace_begin(&m->w.trace, m->w.now, "patch", NULL);
	cs_obs_rule(o, "fleet.patch",
	            "BLOG Microsoft Update Product Team Blog, Windows Update "
	            "and Automatic Reboots");
	cs_obs_str(o, "profile", m->w.profile->name);
}

/* Run one entry popped from the agenda, the clock already at its instant;
 * file what follows from it. *end: it was the run's end. */
static cs_status run_entry(runner *r, cs_agenda_entry e, bool *end)
{
	switch (e.kind) {
	case CS_AGENDA_END:
		*end = true;
		return CS_OK;
	case CS_AGENDA_REBOOT:
		if (e.index == PATCH) {
			patch(r);
			cs_machine_reboot(r->m);
			return CS_OK;
		}
		cs_machine_reboot(r->m);
		e.t = next_reboot_after(r, e.t);
		return e.t < CS_SCENARIO_TIME_MAX
		           ? cs_agenda_push(&r->agenda, e)
		           : CS_OK;
	case CS_AGENDA_STEP: {
		const cs_step *step = &r->s->steps[e.index];
		cs_status st = run_once(r, e.index);
		int64_t shift = r->opt->shift > 0 ? r->opt->shift : 0;
		if (st == CS_OK && step->every &&
		    e.t + step->every < step->until + shift)
			st = file_step(r, e.index, e.t + step->every);
		return st;
	}
	case CS_AGENDA_TIMER:
	case CS_AGENDA_OVERDUE:
		break;
	}
	CS_BAIL(CS_ERR_INTERNAL); /* timers are never filed */
}

/* Pop and run entries until the run's end, running the machine's timers
 * that come before each. */
static cs_status play(runner *r)
{
	for (bool end = false; !end;) {
		cs_agenda_entry e = *cs_agenda_top(&r->agenda);
		set_origin(r, &e);
		cs_status st = cs_agenda_run_timers(r->m, &e);
		if (st != CS_OK)
			return st;
		cs_agenda_pop(&r->agenda);
		if ((st = cs_agenda_set_clock(r->m, &e)) != CS_OK ||
		    (st = run_entry(r, e, &end)) != CS_OK)
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
	r.stop = opt->has_until ? opt->until : CS_SCENARIO_TIME_MAX;
	size_t total = 0;
	r.expect_base = cs_calloc(s->nsteps + 1, sizeof *r.expect_base);
	for (size_t i = 0; r.expect_base && i < s->nsteps; i++) {
		r.expect_base[i] = total;
		total += s->steps[i].nexpects;
	}
	r.fail_slot = cs_calloc(total + 1, sizeof *r.fail_slot);
	if (!r.expect_base || !r.fail_slot)
		st = cs_alloc_failed();
	for (size_t i = 0; st == CS_OK && i < s->nsteps; i++)
		st = file_step(&r, i,
		               s->steps[i].t +
		                   (is_world(&r, &s->steps[i]) ? 0 : shift));
	cs_filetime end = s->end + shift < r.stop ? s->end + shift : r.stop;
	cs_filetime first = next_reboot_after(&r, s->start + shift);
	if (st == CS_OK && first < CS_SCENARIO_TIME_MAX)
		st = cs_agenda_push(&r.agenda,
		                    (cs_agenda_entry){.t = first,
		                                      .kind = CS_AGENDA_REBOOT,
		                                      .seq = SCHEDULED,
		                                      .index = SCHEDULED});
	if (st == CS_OK && opt->patch_at > 0 && opt->patch_profile)
		st = cs_agenda_push(&r.agenda,
		                    (cs_agenda_entry){.t = opt->patch_at,
		                                      .kind = CS_AGENDA_REBOOT,
		                                      .seq = PATCH,
		                                      .index = PATCH});
	if (st == CS_OK)
		st = cs_agenda_push(
		    &r.agenda,
		    (cs_agenda_entry){.t = end, .kind = CS_AGENDA_END});
	if (st == CS_OK) {
		record_start(m, s);
		st = play(&r);
	}
	if (st == CS_OK && m->w.trace.oom)
		st = cs_alloc_failed();
	cs_agenda_free(&r.agenda);
	cs_action_record_free(&r.last);
	free(r.expect_base);
	free(r.fail_slot);
	return st;
}
