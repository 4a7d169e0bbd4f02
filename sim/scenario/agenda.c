/* The agenda and the timer table (see sim/scenario/agenda.h). */
#include "sim/scenario/agenda.h"
#include "model/alloc.h"

#include <stdlib.h>

#include "engine/autoupdate/autoupdate.h"
#include "engine/cryptnet/prefetch.h"
#include "model/network.h"

/* One row per background timer; an area adds its row here and keeps the
 * two functions in its own folder. Rows due at one instant run in this
 * order. */
const cs_timer cs_timers[] = {
    {"autoupdate.disallowed_sync", cs_autoupdate_next_due,
     cs_autoupdate_run_due},
    {"cryptnet.prefetch", cs_cryptnet_prefetch_next, cs_cryptnet_prefetch_scan},
};
const size_t cs_timer_count = sizeof cs_timers / sizeof cs_timers[0];

bool cs_agenda_before(const cs_agenda_entry *x, const cs_agenda_entry *y)
{
	if (x->t != y->t)
		return x->t < y->t;
	if (x->kind != y->kind)
		return x->kind < y->kind;
	return x->seq < y->seq;
}

cs_status cs_agenda_push(cs_agenda *a, cs_agenda_entry e)
{
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 16;
		cs_agenda_entry *v = cs_realloc(a->v, cap * sizeof *v);
		if (!v)
			return cs_alloc_failed();
		a->v = v;
		a->cap = cap;
	}
	size_t i = a->n++;
	while (i > 0 && cs_agenda_before(&e, &a->v[(i - 1) / 2])) {
		a->v[i] = a->v[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	a->v[i] = e;
	return CS_OK;
}

const cs_agenda_entry *cs_agenda_top(const cs_agenda *a)
{
	return a->n ? &a->v[0] : NULL;
}

void cs_agenda_pop(cs_agenda *a)
{
	if (!a->n)
		return;
	cs_agenda_entry last = a->v[--a->n];
	size_t i = 0;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= a->n)
			break;
		if (c + 1 < a->n && cs_agenda_before(&a->v[c + 1], &a->v[c]))
			c++;
		if (!cs_agenda_before(&a->v[c], &last))
			break;
		a->v[i] = a->v[c];
		i = c;
	}
	if (a->n)
		a->v[i] = last;
}

void cs_agenda_free(cs_agenda *a)
{
	free(a->v);
	a->v = NULL;
	a->n = a->cap = 0;
}

bool cs_agenda_next_timer(const cs_machine *m, cs_agenda_entry *out)
{
	bool found = false;
	for (size_t i = 0; i < cs_timer_count; i++) {
		cs_filetime due = cs_timers[i].next(m);
		if (due == CS_NET_FOREVER)
			continue;
		cs_agenda_entry e = {
		    .t = due, .kind = CS_AGENDA_TIMER, .seq = i, .index = i};
		if (due <= m->w.now) {
			e.t = m->w.now;
			e.kind = CS_AGENDA_OVERDUE;
		}
		if (!found || cs_agenda_before(&e, out)) {
			*out = e;
			found = true;
		}
	}
	return found;
}

cs_status cs_agenda_set_clock(cs_machine *m, const cs_agenda_entry *e)
{
	return e->t > m->w.now ? cs_world_set_clock(&m->w, e->t) : CS_OK;
}

cs_status cs_agenda_run_timers(cs_machine *m, const cs_agenda_entry *limit)
{
	cs_agenda_entry e;
	while (cs_agenda_next_timer(m, &e) && cs_agenda_before(&e, limit)) {
		cs_status st = cs_agenda_set_clock(m, &e);
		if (st == CS_OK)
			st = cs_timers[e.index].run(m);
		if (st != CS_OK)
			return st;
		/* A timer that ran must move its schedule past now, or the
		 * agenda would never get past this instant. */
		if (cs_timers[e.index].next(m) <= m->w.now)
			CS_BAIL(CS_ERR_INTERNAL);
	}
	return CS_OK;
}

cs_status cs_agenda_advance(cs_machine *m, cs_filetime t)
{
	if (t < m->w.now)
		CS_BAIL(CS_ERR_INTERNAL);
	cs_agenda_entry limit = {.t = t, .kind = CS_AGENDA_REBOOT};
	cs_status st = cs_agenda_run_timers(m, &limit);
	return st == CS_OK ? cs_world_set_clock(&m->w, t) : st;
}
