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
#include "sim/scenario/boot_reuse.h"
#include "sim/scenario/cmd_impl.h"
#include "sim/scenario/commands.h"
#include "sim/scenario/expect.h"
#include "sim/scenario/reuse.h"
#include "sim/scenario/workspace.h"
#include "model/horizon.h"

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
	cs_step_memo *memos;   /* per step: its recorded result (reuse.h) */
	cs_expect_result *verdicts; /* scratch: a step's expectations */
	/* Boots replayed from earlier ones (boot_reuse.h). */
	cs_boot_memo *boots;     /* per step; NULL until one is kept */
	cs_boot_memo *boot_room; /* where boots will be */
	uint64_t nentries;       /* agenda entries run so far */
	bool boot_replayed;      /* this boot's cold run was replayed */
	/* the mutation counts when the boot began (the machine's start or
	 * its last reboot) */
	uint64_t boot_count, boot_world;
	struct {
		bool on;
		size_t step;
		uint64_t entry;     /* the agenda entry it ran in */
		uint64_t mutations; /* cs_mutation_count after it */
	} cold; /* a cold run kept in boots[step].cold, awaiting its warm */
	struct {
		bool on;
		size_t step;
		uint64_t entry; /* the cold occurrence's agenda entry */
	} check; /* --reuse check: the runs to compare with a boot memo */
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
	if (out->ran_as)
		o->account = out->ran_as;
	if (out->has_hresult)
		cs_obs_hresult(o, "hresult", out->hresult);
	if (out->has_status)
		cs_obs_hex32(o, "status", out->status);
	if (out->note[0])
		cs_obs_str(o, "note", out->note);
	if (out->result[0])
		cs_obs_str(o, "result", out->result);
}

/* Judge step_index's expectations on rec, standing for `times`
 * occurrences with the same record (replays folded together). Replaying
 * mm: an expectation whose verdict is the recorded one writes its
 * recorded "expect" observation again. out (may be NULL): the verdicts. */
static cs_status check_expects(runner *r, size_t step_index,
                               const cs_action_record *rec, unsigned long times,
                               const cs_step_memo *mm, cs_expect_result *out)
{
	const cs_step *step = &r->s->steps[step_index];
	cs_machine *m = r->m;
	for (size_t k = 0; k < step->nexpects; k++) {
		const cs_expect *e = &step->expects[k];
		/* the verdict is written where it is kept (out), if anywhere:
		 * no 200-byte copy per expectation and occurrence */
		cs_expect_result scratch, *v = out ? &out[k] : &scratch;
		v->ok = cs_expect_check(e, rec, m, v->found, sizeof v->found);
		if (v->ok)
			v->found[0] = '\0';
		r->res->expectations_checked += times;
		cs_status st = CS_OK;
		if (mm && mm->expect_rendered && mm->expect_rendered[k] &&
		    mm->expects[k].ok == v->ok &&
		    strcmp(mm->expects[k].found, v->found) == 0) {
			st = cs_trace_replay(&m->w.trace,
			                     mm->expect_rendered[k], m->w.now);
		} else if (m->w.trace.enabled) {
			cs_obs *o = cs_trace_begin(&m->w.trace, m->w.now,
			                           "expect", NULL);
			cs_obs_str(o, "expect", e->text);
			cs_obs_bool(o, "ok", v->ok);
			if (!v->ok)
				cs_obs_str(o, "found", v->found);
		}
		if (st == CS_OK && !v->ok) {
			size_t slot = r->expect_base[step_index] + k;
			st = add_failure(r, step, e, slot, v->found);
			if (st == CS_OK)
				r->res->failures[r->fail_slot[slot] - 1]
				    .times += times - 1;
		}
		if (st != CS_OK)
			return st;
	}
	return CS_OK;
}

static void report_step(runner *r, const cs_step *step,
                        const cs_action_record *rec)
{
	r->res->steps_run++;
	if (r->opt->on_step)
		r->opt->on_step(r->opt->on_step_ctx, step, r->m->w.now,
		                rec->outcome.has_hresult, rec->outcome.hresult);
}

/* Play the command of step_index on the engine; mk notes where it
 * started (its observations and events, the state, the horizon). The
 * expectations are not judged yet. */
static cs_status run_naive(runner *r, size_t step_index, cs_reuse_mark *mk)
{
	const cs_step *step = &r->s->steps[step_index];
	cs_machine *m = r->m;
	cs_trace *tr = &m->w.trace;
	/* The record of the last command is this one's from now on. */
	cs_action_record *rec = &r->last;
	cs_status st = cs_action_record_begin(rec, m);
	if (st != CS_OK)
		return st;
	cs_reuse_mark_begin(mk, m);
	cs_obs *o = cs_trace_begin(tr, m->w.now, "step",
	                           cs_world_account_name(&m->w, m->w.acting));
	size_t idx = tr->n - 1;
	cs_obs_str(o, "action", step->action);
	cs_run_ctx rc = {m, r->s, step};
	st = step->cmd->run(&rc, &rec->outcome);
	cs_action_record_end(rec, m);
	if (st == CS_OK && rec->oom)
		st = cs_alloc_failed(); /* the tally is partial */
	if (st != CS_OK)
		return st;
	add_outcome(tr, idx, &rec->outcome);
	mk->obs_end = tr->n;
	report_step(r, step, rec);
	return CS_OK;
}

/* Since the boot (the machine's start or its last reboot) only the
 * world's containers changed: the process memory is as a boot leaves it
 * (boot_reuse.h). Not so in a boot whose cold run was replayed: its cache
 * fills never happened. */
static bool boot_fresh(const runner *r)
{
	return !r->boot_replayed && cs_mutation_count - r->boot_count ==
	                                cs_mutation_world - r->boot_world;
}

/* Whether an occurrence of step can take part in a boot memo now: a
 * repeated reusable step, nothing written per occurrence, the memory a
 * boot's. */
static bool boot_candidate(const runner *r, const cs_step *step)
{
	return r->opt->reuse != CS_REUSE_OFF && step->cmd &&
	       step->cmd->reusable && step->every && !r->m->w.trace.enabled &&
	       !r->opt->before_step && !r->opt->test_ignore_horizons &&
	       boot_fresh(r);
}

static cs_filetime before_bound(const cs_agenda_entry *x, uint64_t seq);

/* Whether nothing but occurrences of e's step happens from e until the
 * next reboot or the run's end (which drop the process memory), every
 * one of them before the warm run's horizon. */
static bool boot_rest_is_step(const runner *r, const cs_agenda_entry *e,
                              const cs_boot_memo *b)
{
	const cs_step *step = &r->s->steps[e->index];
	const cs_agenda_entry *top = cs_agenda_top(&r->agenda);
	if (!top ||
	    (top->kind != CS_AGENDA_REBOOT && top->kind != CS_AGENDA_END))
		return false;
	/* the occurrences of this boot come before `end` */
	cs_filetime end = before_bound(top, e->seq);
	int64_t shift = r->opt->shift > 0 ? r->opt->shift : 0;
	if (step->until + shift < end)
		end = step->until + shift;
	if (r->stop < end)
		end = r->stop + 1;
	cs_agenda_entry timer;
	if (cs_agenda_next_timer(r->m, &timer) &&
	    before_bound(&timer, e->seq) < end)
		return false;
	return end <= b->warm.horizon;
}

/* The occurrence e of a step, with reuse on: when a boot memo stands for
 * the rest of the boot, replay its cold run now and make its warm run the
 * step's memo, which the fold replays up to the reboot (boot_reuse.h);
 * *done then. Under --reuse check, note that the occurrence and the next
 * are to be compared with the boot memo (run_once plays them). */
static cs_status boot_replay(runner *r, const cs_agenda_entry *e, bool *done)
{
	*done = false;
	const cs_step *step = &r->s->steps[e->index];
	if (!r->boots || !boot_candidate(r, step))
		return CS_OK;
	cs_boot_memo *b = &r->boots[e->index];
	if (!cs_boot_memo_matches(b, r->m) || !boot_rest_is_step(r, e, b))
		return CS_OK;
	if (r->opt->reuse == CS_REUSE_CHECK) {
		r->check.on = true;
		r->check.step = e->index;
		r->check.entry = r->nentries;
		return CS_OK;
	}
	cs_machine *m = r->m;
	cs_status st = cs_step_memo_replay(&b->cold, m, &r->last);
	if (st != CS_OK)
		return st;
	r->res->steps_replayed++;
	report_step(r, step, &r->last);
	if ((st = check_expects(r, e->index, &r->last, 1, &b->cold, NULL)) !=
	    CS_OK)
		return st;
	cs_step_memo *mm = &r->memos[e->index];
	if ((st = cs_step_memo_copy(mm, &b->warm, &m->w.trace)) != CS_OK)
		return st;
	/* it stands for the state the cold run left, which is this one
	 * but for cache fills no later step reads */
	mm->mutations = cs_mutation_count;
	r->boot_replayed = true;
	*done = true;
	return CS_OK;
}

/* After a naive run of step_index (mk): under --reuse check, compare it
 * with the boot memo's cold or warm run it stands for. */
static cs_status boot_check(runner *r, size_t step_index,
                            const cs_reuse_mark *mk)
{
	if (!r->check.on || r->check.step != step_index)
		return CS_OK;
	const cs_boot_memo *b = &r->boots[step_index];
	char why[256];
	bool ok = true;
	if (r->check.entry == r->nentries) {
		ok = cs_step_memo_same_fills(&b->cold, mk, r->m, &r->last, why,
		                             sizeof why);
	} else {
		r->check.on = false;
		if (r->check.entry + 1 == r->nentries)
			ok = cs_step_memo_same(&b->warm, mk, r->m, &r->last,
			                       why, sizeof why);
	}
	if (ok)
		return CS_OK;
	char t[CS_TIME_BUF];
	snprintf(r->res->reuse_error, sizeof r->res->reuse_error,
	         "line %u at %s: a boot's replay would differ from the "
	         "engine: %s",
	         r->s->steps[step_index].at_src.line,
	         cs_time_format(r->m->w.now, t), why);
	return CS_ERR_INTERNAL;
}

/* After a naive run of step_index (mk) that was judged and, if it changed
 * nothing, kept as the step's memo: keep it in a boot memo when it is a
 * boot's cold run (it filled the chain engine's cache and changed nothing
 * else) or the warm run right after one. */
static cs_status boot_record(runner *r, size_t step_index, bool candidate,
                             const cs_reuse_mark *mk)
{
	cs_machine *m = r->m;
	const cs_step *step = &r->s->steps[step_index];
	cs_step_memo *mm = &r->memos[step_index];
	if (m->w.stamped)
		return CS_OK;
	if (candidate && cs_mutation_count != mk->mutations &&
	    cs_reuse_mark_fills_only(mk)) {
		r->boots = r->boot_room;
		cs_boot_memo *b = &r->boots[step_index];
		b->valid = false;
		cs_status st = cs_step_memo_record_fills(
		    &b->cold, mk, m, &r->last, r->verdicts, step->nexpects);
		if (st != CS_OK || !b->cold.valid)
			return st;
		b->profile = m->w.profile;
		b->world = cs_mutation_world;
		b->other = cs_mutation_other();
		r->cold.on = true;
		r->cold.step = step_index;
		r->cold.entry = r->nentries;
		r->cold.mutations = cs_mutation_count;
		return CS_OK;
	}
	if (!r->cold.on || r->cold.step != step_index ||
	    r->cold.entry + 1 != r->nentries ||
	    r->cold.mutations != mk->mutations || !mm->valid)
		return CS_OK;
	r->cold.on = false;
	cs_boot_memo *b = &r->boots[step_index];
	cs_status st = cs_step_memo_copy(&b->warm, mm, &m->w.trace);
	b->valid = st == CS_OK && b->warm.valid;
	return st;
}

/* One occurrence of step_index at the current time: replayed from its
 * memo when that holds (and reuse is on), else played on the engine -
 * and then kept as the memo if it changed nothing; under --reuse check
 * compared with what the memo would have replayed. */
static cs_status run_once(runner *r, size_t step_index)
{
	const cs_step *step = &r->s->steps[step_index];
	if (!step->cmd)
		return check_expects(r, step_index, &r->last, 1, NULL, NULL);
	cs_status st;
	if (r->opt->before_step &&
	    (st = r->opt->before_step(r->opt->before_step_ctx, r->m, step)) !=
	        CS_OK)
		return st;
	cs_step_memo *mm = &r->memos[step_index];
	cs_reuse_mode mode = step->cmd->reusable ? r->opt->reuse : CS_REUSE_OFF;
	bool usable = mode != CS_REUSE_OFF && cs_step_memo_usable(mm, r->m);
	if (usable && mode == CS_REUSE_ON) {
		st = cs_step_memo_replay(mm, r->m, &r->last);
		if (st != CS_OK)
			return st;
		r->res->steps_replayed++;
		report_step(r, step, &r->last);
		return check_expects(r, step_index, &r->last, 1, mm, NULL);
	}
	bool candidate = boot_candidate(r, step);
	cs_reuse_mark mk;
	if ((st = run_naive(r, step_index, &mk)) != CS_OK ||
	    (st = boot_check(r, step_index, &mk)) != CS_OK)
		return st;
	char why[256];
	if (usable &&
	    !cs_step_memo_same(mm, &mk, r->m, &r->last, why, sizeof why)) {
		char t[CS_TIME_BUF];
		snprintf(r->res->reuse_error, sizeof r->res->reuse_error,
		         "line %u at %s: a replay would differ from the "
		         "engine: %s",
		         step->at_src.line, cs_time_format(r->m->w.now, t),
		         why);
		return CS_ERR_INTERNAL;
	}
	if ((st = check_expects(r, step_index, &r->last, 1, NULL,
	                        r->verdicts)) != CS_OK)
		return st;
	if (mode != CS_REUSE_OFF && !usable) {
		st = cs_step_memo_record(mm, &mk, r->m, &r->last, r->verdicts,
		                         step->nexpects);
		if (st == CS_OK)
			st = boot_record(r, step_index, candidate, &mk);
	}
	if (r->opt->test_ignore_horizons)
		mm->horizon = CS_HORIZON_NONE;
	return st;
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
	if (!m->w.trace.enabled)
		return;
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
	cs_mutated_world();
	cs_obs *o = cs_trace_begin(&m->w.trace, m->w.now, "patch", NULL);
	cs_obs_rule(o, CS_RULE_FLEET_PATCH);
	cs_obs_str(o, "profile", m->w.profile->name);
}

/* The first instant from which an occurrence of a step with sequence seq
 * would no longer come before x. */
static cs_filetime before_bound(const cs_agenda_entry *x, uint64_t seq)
{
	cs_agenda_entry at = {.t = x->t, .kind = CS_AGENDA_STEP, .seq = seq};
	return cs_agenda_before(&at, x) ? x->t + 1 : x->t;
}

/* After occurrence *e of an `every` step: the occurrences that follow
 * before anything else happens on the machine (no other entry, no timer)
 * and before the memo's horizon are one replay counted n times, when
 * nothing of them needs to be written (trace off, no events): the clock
 * jumps to the last of them, and *e becomes it. Reuse on only. */
static cs_status fold(runner *r, cs_agenda_entry *e)
{
	const cs_step *step = &r->s->steps[e->index];
	cs_step_memo *mm = &r->memos[e->index];
	cs_machine *m = r->m;
	if (r->opt->reuse != CS_REUSE_ON || !step->cmd ||
	    !step->cmd->reusable || m->w.trace.enabled || r->opt->before_step ||
	    !cs_step_memo_usable(mm, m) || mm->nevents)
		return CS_OK;
	int64_t shift = r->opt->shift > 0 ? r->opt->shift : 0;
	cs_filetime first = e->t + step->every;
	cs_filetime lim = mm->horizon;
	if (step->until + shift < lim)
		lim = step->until + shift;
	if (r->stop < lim)
		lim = r->stop + 1;
	const cs_agenda_entry *top = cs_agenda_top(&r->agenda);
	cs_filetime b;
	if (top && (b = before_bound(top, e->seq)) < lim)
		lim = b;
	cs_agenda_entry timer;
	if (cs_agenda_next_timer(m, &timer) &&
	    (b = before_bound(&timer, e->seq)) < lim)
		lim = b;
	if (lim <= first)
		return CS_OK;
	unsigned long n =
	    (unsigned long)((lim - first + step->every - 1) / step->every);
	cs_filetime last = first + (int64_t)(n - 1) * step->every;
	cs_agenda_entry at = *e;
	at.t = first;
	cs_status st = cs_agenda_set_clock(m, &at);
	if (st != CS_OK || (st = cs_step_memo_replay(mm, m, &r->last)) != CS_OK)
		return st;
	r->res->steps_run += n;
	r->res->steps_replayed += n;
	const cs_outcome *out = &r->last.outcome;
	if (r->opt->on_steps)
		r->opt->on_steps(r->opt->on_step_ctx, step, first, step->every,
		                 n, out->has_hresult, out->hresult);
	else
		for (unsigned long k = 0; r->opt->on_step && k < n; k++)
			r->opt->on_step(r->opt->on_step_ctx, step,
			                first + (int64_t)k * step->every,
			                out->has_hresult, out->hresult);
	if ((st = check_expects(r, e->index, &r->last, n, mm, NULL)) != CS_OK)
		return st;
	at.t = last;
	e->t = last;
	return cs_agenda_set_clock(m, &at);
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
		if (e.index == PATCH)
			patch(r);
		cs_machine_reboot(r->m);
		r->boot_replayed = false;
		r->boot_count = cs_mutation_count;
		r->boot_world = cs_mutation_world;
		if (e.index == PATCH)
			return CS_OK;
		e.t = next_reboot_after(r, e.t);
		return e.t < CS_SCENARIO_TIME_MAX
		           ? cs_agenda_push(&r->agenda, e)
		           : CS_OK;
	case CS_AGENDA_STEP: {
		const cs_step *step = &r->s->steps[e.index];
		bool done;
		cs_status st = boot_replay(r, &e, &done);
		if (st == CS_OK && !done)
			st = run_once(r, e.index);
		int64_t shift = r->opt->shift > 0 ? r->opt->shift : 0;
		if (st == CS_OK && step->every)
			st = fold(r, &e);
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
		r->nentries++;
		if ((st = cs_agenda_set_clock(r->m, &e)) != CS_OK ||
		    (st = run_entry(r, e, &end)) != CS_OK ||
		    (st = cs_trace_flush(&r->m->w.trace)) != CS_OK)
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
	if (opt->trace_sink && opt->trace)
		cs_trace_stream(&m->w.trace, opt->trace_sink);
	runner r = {.s = s,
	            .opt = opt,
	            .m = m,
	            .res = res,
	            .boot_count = cs_mutation_count,
	            .boot_world = cs_mutation_world};
	r.stop = opt->has_until ? opt->until : CS_SCENARIO_TIME_MAX;
	cs_run_workspace own = {0};
	cs_run_workspace *ws = opt->workspace ? opt->workspace : &own;
	r.agenda = ws->agenda;
	size_t total = 0, most = 1;
	for (size_t i = 0; i < s->nsteps; i++) {
		total += s->steps[i].nexpects;
		if (s->steps[i].nexpects > most)
			most = s->steps[i].nexpects;
	}
	const size_t sizes[] = {
	    (s->nsteps + 1) * sizeof *r.expect_base,
	    (total + 1) * sizeof *r.fail_slot,
	    (s->nsteps + 1) * sizeof *r.memos,
	    most * sizeof *r.verdicts,
	    (s->nsteps + 1) * sizeof *r.boots,
	};
	void *tables[5];
	st = cs_run_workspace_take(ws, sizes, 5, tables);
	if (st == CS_OK) {
		r.expect_base = tables[0];
		r.fail_slot = tables[1];
		r.memos = tables[2];
		r.verdicts = tables[3];
		r.boot_room = tables[4];
	}
	for (size_t i = 0, base = 0; st == CS_OK && i < s->nsteps; i++) {
		r.expect_base[i] = base;
		base += s->steps[i].nexpects;
	}
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
	if (st == CS_OK && cs_trace_failed(&m->w.trace))
		st = cs_alloc_failed();
	r.agenda.n = 0; /* the array goes back to the workspace */
	ws->agenda = r.agenda;
	cs_action_record_free(&r.last);
	if (st == CS_OK)
		st = cs_trace_flush(&m->w.trace);
	for (size_t i = 0; r.memos && i < s->nsteps; i++)
		cs_step_memo_free(&r.memos[i], &m->w.trace);
	for (size_t i = 0; r.boots && i < s->nsteps; i++)
		cs_boot_memo_free(&r.boots[i], &m->w.trace);
	cs_run_workspace_free(&own);
	return st;
}
