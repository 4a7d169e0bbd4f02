/* Results replayed instead of recomputed (see reuse.h). */
#include "sim/scenario/reuse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/alloc.h"
#include "model/horizon.h"

static void free_fetches(cs_fetch_tally *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(f[i].url);
	free(f);
}

/* Drop what mm holds, keeping the storage of its verdicts (a fleet
 * records a memo after every reboot: no allocation for the common case). */
static void memo_clear(cs_step_memo *mm, cs_trace *tr)
{
	for (size_t i = 0; mm->rendered && i < mm->nobs; i++)
		cs_trace_free_rendered(tr, mm->rendered[i]);
	free(mm->rendered);
	for (size_t i = 0; mm->expect_rendered && i < mm->nexpects; i++)
		cs_trace_free_rendered(tr, mm->expect_rendered[i]);
	free(mm->expect_rendered);
	free_fetches(mm->fetches, mm->nfetches);
	for (size_t i = 0; i < mm->nevents; i++)
		free(mm->events[i].text);
	free(mm->events);
	for (size_t i = 0; i < mm->nobs; i++)
		cs_obs_clear(&mm->obs[i]);
	free(mm->obs);
	cs_expect_result *keep = mm->expects;
	size_t cap = mm->capexpects;
	memset(mm, 0, sizeof *mm);
	mm->expects = keep;
	mm->capexpects = cap;
}

void cs_step_memo_free(cs_step_memo *mm, cs_trace *tr)
{
	if (!mm)
		return;
	memo_clear(mm, tr);
	free(mm->expects);
	memset(mm, 0, sizeof *mm);
}

void cs_reuse_mark_begin(cs_reuse_mark *mk, cs_machine *m)
{
	mk->mutations = cs_mutation_count;
	mk->obs_begin = m->w.trace.n;
	mk->ev_begin = m->w.events.n;
	mk->t = m->w.now;
	m->w.horizon = CS_HORIZON_NONE;
}

bool cs_step_memo_usable(const cs_step_memo *mm, const cs_machine *m)
{
	return mm->valid && cs_mutation_count == mm->mutations &&
	       m->w.now < mm->horizon && m->w.now >= mm->t;
}

static cs_status copy_fetches(cs_fetch_tally **dst, size_t *n,
                              const cs_fetch_tally *src, size_t count)
{
	*dst = NULL;
	*n = 0;
	if (!count)
		return CS_OK;
	if (!(*dst = cs_calloc(count, sizeof **dst)))
		return cs_alloc_failed();
	for (size_t i = 0; i < count; i++) {
		(*dst)[i] = src[i];
		if (!((*dst)[i].url = cs_strdup(src[i].url)))
			return cs_alloc_failed();
		*n = i + 1;
	}
	return CS_OK;
}

/* Rendered forms of n observations (NULL when the trace's sink renders
 * none of them). */
static cs_status render_all(cs_trace *tr, const cs_obs *obs, size_t n,
                            void ***out)
{
	*out = NULL;
	if (!n || !tr->sink || !tr->sink->render)
		return CS_OK;
	if (!(*out = cs_calloc(n, sizeof **out)))
		return cs_alloc_failed();
	for (size_t i = 0; i < n; i++)
		(*out)[i] = cs_trace_render(tr, &obs[i]);
	return CS_OK;
}

cs_status cs_step_memo_record(cs_step_memo *mm, const cs_reuse_mark *mk,
                              cs_machine *m, const cs_action_record *rec,
                              const cs_expect_result *results, size_t n)
{
	cs_trace *tr = &m->w.trace;
	memo_clear(mm, tr);
	if (cs_mutation_count != mk->mutations || rec->oom || tr->oom ||
	    m->w.now != mk->t)
		return CS_OK; /* changed state (or cannot tell): no memo */
	mm->t = mk->t;
	mm->horizon = m->w.horizon;
	mm->mutations = cs_mutation_count;
	mm->outcome = rec->outcome;
	cs_status st = copy_fetches(&mm->fetches, &mm->nfetches, rec->fetches,
	                            rec->nfetches);
	size_t nev = m->w.events.n - mk->ev_begin;
	if (st == CS_OK && nev &&
	    !(mm->events = cs_calloc(nev, sizeof *mm->events)))
		st = cs_alloc_failed();
	for (size_t i = 0; st == CS_OK && i < nev; i++) {
		mm->events[i] = m->w.events.events[mk->ev_begin + i];
		if (!(mm->events[i].text = cs_strdup(mm->events[i].text)))
			st = cs_alloc_failed();
		else
			mm->nevents = i + 1;
	}
	size_t nobs = tr->enabled ? mk->obs_end - mk->obs_begin : 0;
	if (st == CS_OK && nobs &&
	    !(mm->obs = cs_calloc(nobs, sizeof *mm->obs)))
		st = cs_alloc_failed();
	for (size_t i = 0; st == CS_OK && i < nobs; i++) {
		st = cs_obs_copy(&mm->obs[i], &tr->obs[mk->obs_begin + i], 0);
		if (st == CS_OK)
			mm->nobs = i + 1;
	}
	if (st == CS_OK && n > mm->capexpects) {
		cs_expect_result *e = cs_realloc(mm->expects, n * sizeof *e);
		if (e) {
			mm->expects = e;
			mm->capexpects = n;
		} else {
			st = cs_alloc_failed();
		}
	}
	if (st == CS_OK) {
		if (n)
			memcpy(mm->expects, results, n * sizeof *results);
		mm->nexpects = n;
		st = render_all(tr, mm->obs, mm->nobs, &mm->rendered);
	}
	/* one "expect" observation per expectation, when the trace is on */
	if (st == CS_OK && tr->enabled && tr->n - mk->obs_end == n)
		st = render_all(tr, &tr->obs[mk->obs_end], n,
		                &mm->expect_rendered);
	if (st != CS_OK) {
		memo_clear(mm, tr);
		return st;
	}
	mm->valid = true;
	return CS_OK;
}

/* rec becomes the record of a command that did what mm did; its event
 * range starts at ev_at. */
static cs_status restore_record(cs_action_record *rec, const cs_step_memo *mm,
                                size_t ev_at)
{
	for (size_t i = 0; i < rec->nfetches; i++)
		free(rec->fetches[i].url);
	rec->nfetches = 0;
	if (mm->nfetches > rec->capfetches) {
		cs_fetch_tally *n =
		    cs_realloc(rec->fetches, mm->nfetches * sizeof *n);
		if (!n)
			return cs_alloc_failed();
		rec->fetches = n;
		rec->capfetches = mm->nfetches;
	}
	for (size_t i = 0; i < mm->nfetches; i++) {
		rec->fetches[i] = mm->fetches[i];
		if (!(rec->fetches[i].url = cs_strdup(mm->fetches[i].url)))
			return cs_alloc_failed();
		rec->nfetches = i + 1;
	}
	rec->valid = true;
	rec->oom = false;
	rec->outcome = mm->outcome;
	rec->ev_begin = rec->ev_end = ev_at;
	return CS_OK;
}

cs_status cs_step_memo_replay(const cs_step_memo *mm, cs_machine *m,
                              cs_action_record *rec)
{
	int64_t delta = m->w.now - mm->t;
	cs_status st = restore_record(rec, mm, m->w.events.n);
	for (size_t i = 0; st == CS_OK && i < mm->nobs; i++)
		st = mm->rendered && mm->rendered[i]
		         ? cs_trace_replay(&m->w.trace, mm->rendered[i],
		                           m->w.now)
		         : cs_trace_append(&m->w.trace, &mm->obs[i], delta);
	for (size_t i = 0; st == CS_OK && i < mm->nevents; i++) {
		cs_event e = mm->events[i];
		e.t += delta;
		st = cs_eventlog_add(&m->w.events, &e);
	}
	rec->ev_end = m->w.events.n;
	return st;
}

static bool same_outcome(const cs_outcome *a, const cs_outcome *b)
{
	return a->has_hresult == b->has_hresult && a->hresult == b->hresult &&
	       a->has_status == b->has_status && a->status == b->status &&
	       strcmp(a->note, b->note) == 0 &&
	       strcmp(a->result, b->result) == 0;
}

bool cs_step_memo_same(const cs_step_memo *mm, const cs_reuse_mark *mk,
                       const cs_machine *m, const cs_action_record *rec,
                       char *why, size_t cap)
{
	int64_t delta = mk->t - mm->t;
	const cs_trace *tr = &m->w.trace;
	const cs_eventlog *log = &m->w.events;
	size_t nobs = tr->enabled ? mk->obs_end - mk->obs_begin : 0;
	size_t nev = log->n - mk->ev_begin;
	const char *what = NULL;
	if (cs_mutation_count != mk->mutations)
		what = "it changed the machine's state";
	else if (!same_outcome(&rec->outcome, &mm->outcome))
		what = "the outcome differs";
	else if (rec->nfetches != mm->nfetches)
		what = "its URL requests differ";
	for (size_t i = 0; !what && i < rec->nfetches; i++)
		if (strcmp(rec->fetches[i].url, mm->fetches[i].url) != 0 ||
		    rec->fetches[i].wire != mm->fetches[i].wire ||
		    rec->fetches[i].hits != mm->fetches[i].hits)
			what = "its URL requests differ";
	if (!what && nev != mm->nevents)
		what = "the events it logged differ";
	for (size_t i = 0; !what && i < nev; i++) {
		const cs_event *a = &log->events[mk->ev_begin + i],
		               *b = &mm->events[i];
		if (a->t != b->t + delta || a->id != b->id ||
		    a->level != b->level || strcmp(a->log, b->log) != 0 ||
		    strcmp(a->source, b->source) != 0 ||
		    strcmp(a->keywords, b->keywords) != 0 ||
		    strcmp(a->text, b->text) != 0)
			what = "the events it logged differ";
	}
	if (!what && nobs != mm->nobs)
		what = "its observations differ in number";
	size_t bad = 0;
	for (size_t i = 0; !what && i < nobs; i++)
		if (!cs_obs_same(&tr->obs[mk->obs_begin + i], &mm->obs[i],
		                 delta)) {
			what = "an observation differs";
			bad = i;
		}
	if (!what)
		return true;
	char t0[CS_TIME_BUF], h[CS_TIME_BUF];
	if (bad)
		snprintf(why, cap,
		         "%s (observation %zu, kind %s); the result recorded "
		         "at %s was to hold until %s",
		         what, bad, tr->obs[mk->obs_begin + bad].kind,
		         cs_time_format(mm->t, t0),
		         cs_time_format(mm->horizon, h));
	else
		snprintf(why, cap,
		         "%s; the result recorded at %s was to hold until %s",
		         what, cs_time_format(mm->t, t0),
		         mm->horizon == CS_HORIZON_NONE
		             ? "the next change of state"
		             : cs_time_format(mm->horizon, h));
	return false;
}
