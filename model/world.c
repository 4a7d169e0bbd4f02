#include "model/world.h"

#include <stddef.h>
#include <stdio.h>
#include "model/error.h"
#include <string.h>

#include "model/horizon.h"

_Thread_local uint64_t cs_mutation_count;
_Thread_local uint64_t cs_mutation_world;
_Thread_local uint64_t cs_mutation_fills;
_Thread_local uint64_t cs_mutation_reboot;

static const char *const well_known[CS_ACCOUNT_WELL_KNOWN] = {
    [CS_ACCOUNT_SYSTEM] = "SYSTEM",
    [CS_ACCOUNT_LOCAL_SERVICE] = "LocalService",
    [CS_ACCOUNT_NETWORK_SERVICE] = "NetworkService",
    [CS_ACCOUNT_DEFAULT_USER] = "user:Administrator",
};

/* A row of zero bytes is an account whose stores and URL cache are empty
 * (model/store.h, model/urlcache.h): clearing it is the whole init, done
 * by one memset - a fleet inits millions of worlds. */
static void account_init(cs_account_state *a, const char *name)
{
	memset(a, 0, sizeof *a);
	size_t n = strlen(name);
	if (n >= sizeof a->name)
		n = sizeof a->name - 1;
	memcpy(a->name, name, n); /* no printf, for the same reason */
}

static void account_free(cs_account_state *a)
{
	for (int s = 0; s < CS_STORE_COUNT; s++)
		cs_store_free(&a->stores[s]);
	cs_urlcache_free(&a->disk_cache);
}

cs_status cs_world_init(cs_world *w, const cs_profile *p, cs_filetime start,
                        bool trace_enabled)
{
	/* Everything but the account table's unused rows (most of its 16
	 * KB), which are never read: account_init clears a row when it is
	 * taken. Zero bytes are empty stores (model/store.h). */
	size_t rows = offsetof(cs_world, accounts) +
	              CS_ACCOUNT_WELL_KNOWN * sizeof w->accounts[0],
	       after = offsetof(cs_world, accounts) + sizeof w->accounts;
	memset(w, 0, rows);
	memset((char *)w + after, 0, sizeof *w - after);
	w->profile = p;
	w->now = start;
	w->boot_time = start;
	w->acting = CS_ACCOUNT_DEFAULT_USER;
	for (unsigned i = 0; i < CS_ACCOUNT_WELL_KNOWN; i++)
		memcpy(w->accounts[i].name, well_known[i],
		       strlen(well_known[i]));
	w->naccounts = CS_ACCOUNT_WELL_KNOWN;
	cs_reg_init(&w->reg);
	cs_net_init(&w->net);
	cs_eventlog_init(&w->events);
	cs_trace_init(&w->trace, trace_enabled);
	w->rng = 0x63617069736d; /* fixed default seed; scenarios may set it */
	w->horizon = CS_HORIZON_NONE;
	return CS_OK;
}

void cs_world_free(cs_world *w)
{
	for (unsigned i = 0; i < w->naccounts; i++)
		account_free(&w->accounts[i]);
	cs_reg_free(&w->reg);
	for (int s = 0; s < CS_STORE_COUNT; s++)
		cs_store_free(&w->machine_stores[s]);
	cs_net_free(&w->net);
	cs_eventlog_free(&w->events);
	cs_trace_free(&w->trace);
	/* Each container above is left empty; with no accounts a second free
	 * does nothing. */
	w->naccounts = 0;
}

cs_status cs_world_clone(cs_world *dst, const cs_world *src)
{
	cs_status st =
	    cs_world_init(dst, src->profile, src->now, src->trace.enabled);
	if (st != CS_OK)
		return st;
	dst->boot_time = src->boot_time;
	dst->boots = src->boots;
	dst->acting = src->acting;
	memcpy(dst->acting_process, src->acting_process,
	       sizeof dst->acting_process);
	dst->rng = src->rng;
	dst->wu_service_data = src->wu_service_data;
	memcpy(dst->updates, src->updates, sizeof dst->updates);
	dst->nupdates = src->nupdates;
	for (unsigned i = 0; i < src->naccounts; i++) {
		cs_account_state *d = &dst->accounts[i];
		const cs_account_state *s = &src->accounts[i];
		if (i >= dst->naccounts)
			account_init(d, s->name);
		dst->naccounts = i + 1;
		for (int k = 0; k < CS_STORE_COUNT && st == CS_OK; k++) {
			cs_store_free(&d->stores[k]);
			st = cs_store_clone(&d->stores[k], &s->stores[k]);
		}
		if (st == CS_OK) {
			cs_urlcache_free(&d->disk_cache);
			st = cs_urlcache_clone(&d->disk_cache, &s->disk_cache);
		}
		if (st != CS_OK)
			goto fail;
	}
	cs_reg_free(&dst->reg);
	if ((st = cs_reg_clone(&dst->reg, &src->reg)) != CS_OK)
		goto fail;
	for (int k = 0; k < CS_STORE_COUNT; k++) {
		cs_store_free(&dst->machine_stores[k]);
		if ((st = cs_store_clone(&dst->machine_stores[k],
		                         &src->machine_stores[k])) != CS_OK)
			goto fail;
	}
	cs_net_free(&dst->net);
	if ((st = cs_net_clone(&dst->net, &src->net)) != CS_OK)
		goto fail;
	cs_eventlog_free(&dst->events);
	if ((st = cs_eventlog_clone(&dst->events, &src->events)) != CS_OK)
		goto fail;
	return CS_OK;
fail:
	cs_world_free(dst);
	return st;
}

cs_status cs_world_set_clock(cs_world *w, cs_filetime t)
{
	if (t < w->now)
		CS_BAIL(CS_ERR_INTERNAL);
	w->now = t;
	return CS_OK;
}

cs_status cs_world_account(cs_world *w, const char *name, cs_account *out)
{
	for (unsigned i = 0; i < w->naccounts; i++)
		if (strcmp(w->accounts[i].name, name) == 0) {
			*out = i;
			return CS_OK;
		}
	if (strncmp(name, "user:", 5) != 0 || name[5] == '\0')
		return CS_ERR_SYNTAX;
	if (w->naccounts == CS_ACCOUNT_MAX ||
	    strlen(name) >= CS_ACCOUNT_NAME_MAX)
		return CS_ERR_LIMIT;
	account_init(&w->accounts[w->naccounts], name);
	*out = w->naccounts++;
	cs_mutated_world();
	return CS_OK;
}

const char *cs_world_account_name(const cs_world *w, cs_account a)
{
	return a < w->naccounts ? w->accounts[a].name : "?";
}

cs_status cs_world_observe(cs_world *w, cs_decision_fn fn, void *ctx)
{
	for (size_t i = 0; i < CS_OBSERVERS_MAX; i++)
		if (!w->observers[i].fn) {
			w->observers[i] = (cs_observer){fn, ctx};
			return CS_OK;
		}
	return CS_ERR_LIMIT;
}

void cs_world_unobserve(cs_world *w, cs_decision_fn fn, void *ctx)
{
	for (size_t i = 0; i < CS_OBSERVERS_MAX; i++)
		if (w->observers[i].fn == fn && w->observers[i].ctx == ctx)
			w->observers[i] = (cs_observer){NULL, NULL};
}

void cs_world_decide(const cs_world *w, const cs_decision *d)
{
	for (size_t i = 0; i < CS_OBSERVERS_MAX; i++)
		if (w->observers[i].fn)
			w->observers[i].fn(w->observers[i].ctx, d);
}

uint64_t cs_world_rand(cs_world *w)
{
	cs_mutated_world();
	uint64_t z = (w->rng += UINT64_C(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

bool cs_world_has_update(const cs_world *w, uint32_t kb)
{
	for (unsigned i = 0; i < w->nupdates; i++)
		if (w->updates[i] == kb)
			return true;
	return false;
}
