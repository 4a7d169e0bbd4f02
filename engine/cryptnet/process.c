/* cryptnet's in-process state: the CS_AREA_CRYPTNET row of engine/areas.c. */
#include "engine/cryptnet/process.h"
#include "model/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/mutation.h"
#include "model/network.h"
#include "model/profile_revocation.h"

/* Whether a process holds anything (most of a fleet machine's sixteen
 * never run). */
static bool process_empty(const cs_cryptnet_process *p)
{
	return !p->memory.n && !p->nbackoff && !p->npins && !p->nocsp;
}

static void process_clear(cs_cryptnet_process *p)
{
	if (process_empty(p))
		return;
	cs_mutated();
	cs_urlcache_clear(&p->memory);
	for (size_t i = 0; i < p->nbackoff; i++)
		free(p->backoff[i].url);
	p->nbackoff = 0;
	for (size_t i = 0; i < p->npins; i++)
		free(p->pins[i].url);
	p->npins = 0;
	p->nocsp = 0;
}

static void process_free(cs_cryptnet_process *p)
{
	if (!p)
		return;
	process_clear(p);
	cs_urlcache_free(&p->memory);
	free(p->backoff);
	free(p->pins);
	free(p->ocsp_counts);
	free(p);
}

static cs_status process_clone(cs_cryptnet_process **out,
                               const cs_cryptnet_process *s)
{
	cs_cryptnet_process *d = cs_calloc(1, sizeof *d);
	CS_GUARD_ALLOC(d);
	*out = d;
	memcpy(d->name, s->name, sizeof d->name);
	d->account = s->account;
	d->generation = s->generation;
	d->started = s->started;
	cs_urlcache_init(&d->memory);
	CS_GUARD(cs_urlcache_clone(&d->memory, &s->memory));
	for (size_t i = 0; i < s->nbackoff; i++) {
		const cs_backoff_entry *b = &s->backoff[i];
		/* Replay the counter: count failures at last_failure. */
		for (unsigned k = 0; k < b->count; k++)
			CS_GUARD(cs_backoff_fail(d, b->url, b->last_failure));
	}
	for (size_t i = 0; i < s->npins; i++)
		CS_GUARD(cs_pin_set(d, s->pins[i].url,
		                    s->pins[i].copy_this_update,
		                    s->pins[i].until));
	for (size_t i = 0; i < s->nocsp; i++)
		for (unsigned k = 0; k < s->ocsp_counts[i].count; k++)
			CS_GUARD(
			    cs_ocsp_count_add(d, s->ocsp_counts[i].issuer));
	return CS_OK;
}

cs_status cs_cryptnet_area_create(cs_machine *m, void **state)
{
	(void)m;
	cs_cryptnet_state *s = cs_calloc(1, sizeof *s);
	CS_GUARD_ALLOC(s);
	*state = s;
	return CS_OK;
}

void cs_cryptnet_area_free(void *state)
{
	cs_cryptnet_state *s = state;
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		process_free(s->procs[i]);
	free(s->procs);
	free(s);
}

cs_status cs_cryptnet_area_clone(void **dst, const void *src)
{
	const cs_cryptnet_state *s = src;
	cs_cryptnet_state *d = cs_calloc(1, sizeof *d);
	CS_GUARD_ALLOC(d);
	d->generations = s->generations;
	if (s->n && !(d->procs = cs_calloc(s->n, sizeof *d->procs))) {
		free(d);
		return cs_alloc_failed();
	}
	d->cap = s->n;
	for (size_t i = 0; i < s->n; i++) {
		d->n = i + 1;
		cs_status st = process_clone(&d->procs[i], s->procs[i]);
		if (st != CS_OK) {
			cs_cryptnet_area_free(d);
			return st;
		}
	}
	*dst = d;
	return CS_OK;
}

/* Every process ends; the next use of each starts a new one. */
void cs_cryptnet_area_reboot(cs_machine *m, void *state)
{
	(void)m;
	cs_cryptnet_state *s = state;
	if (s->n)
		cs_mutated();
	for (size_t i = 0; i < s->n; i++)
		process_free(s->procs[i]);
	s->n = 0;
}

const char *cs_process_name(const cs_machine *m, cs_account acct)
{
	if (acct == m->w.acting && m->w.acting_process[0])
		return m->w.acting_process;
	switch (acct) {
	case CS_ACCOUNT_SYSTEM:
		return "lsass";
	case CS_ACCOUNT_LOCAL_SERVICE:
	case CS_ACCOUNT_NETWORK_SERVICE:
		return "svchost";
	default:
		return "browser";
	}
}

cs_cryptnet_process *cs_cryptnet_process_named(cs_machine *m, const char *name,
                                               cs_account acct)
{
	cs_cryptnet_state *s = m->area[CS_AREA_CRYPTNET];
	if (!s || acct >= CS_ACCOUNT_MAX)
		return NULL;
	for (size_t i = 0; i < s->n; i++)
		if (s->procs[i]->account == acct &&
		    strcmp(s->procs[i]->name, name) == 0)
			return s->procs[i];
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 8;
		cs_cryptnet_process **n = cs_realloc(s->procs, cap * sizeof *n);
		if (!n)
			return NULL;
		s->procs = n;
		s->cap = cap;
	}
	cs_cryptnet_process *p = cs_calloc(1, sizeof *p);
	if (!p)
		return NULL;
	cs_mutated();
	snprintf(p->name, sizeof p->name, "%s", name);
	p->account = acct;
	p->generation = ++s->generations;
	p->started = m->w.now;
	cs_urlcache_init(&p->memory);
	s->procs[s->n++] = p;
	return p;
}

cs_cryptnet_process *cs_cryptnet_process_of(cs_machine *m, cs_account acct)
{
	return cs_cryptnet_process_named(m, cs_process_name(m, acct), acct);
}

void cs_cryptnet_process_restart(cs_machine *m, const char *name,
                                 cs_account acct)
{
	cs_cryptnet_state *s = m->area[CS_AREA_CRYPTNET];
	for (size_t i = 0; s && i < s->n; i++)
		if (s->procs[i]->account == acct &&
		    strcmp(s->procs[i]->name, name) == 0) {
			process_free(s->procs[i]);
			s->procs[i] = s->procs[--s->n];
			cs_mutated();
			break;
		}
	cs_obs *o = cs_trace_begin(&m->w.trace, m->w.now, "process-restart",
	                           cs_world_account_name(&m->w, acct));
	cs_obs_rule(o, CS_RULE_CRYPTNET_MEMORY_PROCESS_RESTART);
	cs_obs_str(o, "process", name);
}

const cs_backoff_entry *cs_backoff_find(const cs_cryptnet_process *p,
                                        const char *url)
{
	for (size_t i = 0; i < p->nbackoff; i++)
		if (cs_url_eq(p->backoff[i].url, url))
			return &p->backoff[i];
	return NULL;
}

cs_status cs_backoff_fail(cs_cryptnet_process *p, const char *url,
                          cs_filetime now)
{
	cs_backoff_entry *b = (cs_backoff_entry *)cs_backoff_find(p, url);
	if (!b) {
		if (p->nbackoff == p->capbackoff) {
			size_t cap = p->capbackoff ? p->capbackoff * 2 : 4;
			cs_backoff_entry *n =
			    cs_realloc(p->backoff, cap * sizeof *n);
			if (!n)
				return cs_alloc_failed();
			p->backoff = n;
			p->capbackoff = cap;
		}
		char *u = cs_strdup(url);
		if (!u)
			return cs_alloc_failed();
		b = &p->backoff[p->nbackoff++];
		*b = (cs_backoff_entry){u, 0, now};
	}
	if (b->count < CS_BACKOFF_STEPS)
		b->count++;
	b->last_failure = now;
	cs_mutated();
	return CS_OK;
}

void cs_backoff_clear(cs_cryptnet_process *p, const char *url)
{
	for (size_t i = 0; i < p->nbackoff; i++)
		if (cs_url_eq(p->backoff[i].url, url)) {
			free(p->backoff[i].url);
			p->backoff[i] = p->backoff[--p->nbackoff];
			cs_mutated();
			return;
		}
}

cs_crl_pin *cs_pin_find(cs_cryptnet_process *p, const char *url)
{
	for (size_t i = 0; i < p->npins; i++)
		if (cs_url_eq(p->pins[i].url, url))
			return &p->pins[i];
	return NULL;
}

cs_status cs_pin_set(cs_cryptnet_process *p, const char *url,
                     cs_filetime copy_this_update, cs_filetime until)
{
	cs_crl_pin *pin = cs_pin_find(p, url);
	if (!pin) {
		if (p->npins == p->cappins) {
			size_t cap = p->cappins ? p->cappins * 2 : 4;
			cs_crl_pin *n = cs_realloc(p->pins, cap * sizeof *n);
			if (!n)
				return cs_alloc_failed();
			p->pins = n;
			p->cappins = cap;
		}
		char *u = cs_strdup(url);
		if (!u)
			return cs_alloc_failed();
		pin = &p->pins[p->npins++];
		pin->url = u;
	}
	pin->copy_this_update = copy_this_update;
	pin->until = until;
	cs_mutated();
	return CS_OK;
}

unsigned cs_ocsp_count_get(const cs_cryptnet_process *p,
                           const char *issuer_sha1)
{
	for (size_t i = 0; i < p->nocsp; i++)
		if (strcmp(p->ocsp_counts[i].issuer, issuer_sha1) == 0)
			return p->ocsp_counts[i].count;
	return 0;
}

cs_status cs_ocsp_count_add(cs_cryptnet_process *p, const char *issuer_sha1)
{
	for (size_t i = 0; i < p->nocsp; i++)
		if (strcmp(p->ocsp_counts[i].issuer, issuer_sha1) == 0) {
			p->ocsp_counts[i].count++;
			cs_mutated();
			return CS_OK;
		}
	if (p->nocsp == p->capocsp) {
		size_t cap = p->capocsp ? p->capocsp * 2 : 4;
		cs_ocsp_count *n = cs_realloc(p->ocsp_counts, cap * sizeof *n);
		if (!n)
			return cs_alloc_failed();
		p->ocsp_counts = n;
		p->capocsp = cap;
	}
	cs_ocsp_count *c = &p->ocsp_counts[p->nocsp++];
	snprintf(c->issuer, sizeof c->issuer, "%s", issuer_sha1);
	c->count = 1;
	cs_mutated();
	return CS_OK;
}
