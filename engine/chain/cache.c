/* The chain engine cache: two open-addressing tables (see cache.h). */
#include "engine/chain/cache.h"
#include "model/alloc.h"

#include <stdlib.h>
#include <string.h>

#include "model/mutation.h"

/* Powers of two, filled to half at most. 512 signature results and 128
 * paths hold every chain a scenario verifies (SIG_SLOTS, PATH_SLOTS: the
 * most a table grows to; a full one is emptied at once). Tables start
 * small and double as they fill, so a new machine - a fleet makes
 * millions - costs a few hundred bytes, not ~100 KB; what a lookup finds
 * does not depend on the size. */
#define SIG_SLOTS  1024u
#define PATH_SLOTS 256u
#define SIG_START  32u
#define PATH_START 8u

/* A slot is in use when its epoch is the cache's: reboot and eviction bump
 * the epoch instead of clearing the tables, so a cold start costs nothing. */
typedef struct {
	const struct cs_cert *subj, *iss;
	bool ok;
	uint32_t epoch;
	cs_filetime made;
} sig_entry;

typedef struct {
	cs_chain_cached_path p;
	uint32_t epoch;
} path_slot;

struct cs_chain_cache {
	uint32_t sig_epoch, path_epoch; /* start at 1: zeroed slots are free */
	sig_entry *sigs;                /* sig_first until the table grows */
	size_t nsigs, sig_cap;
	path_slot *paths; /* path_first likewise */
	size_t npaths, path_cap;
	/* The first tables, in the cache's own allocation: one calloc per
	 * machine instead of three. */
	sig_entry sig_first[SIG_START];
	path_slot path_first[PATH_START];
};

/* A table's memory, unless it is one of the first tables. */
static void free_grown(const cs_chain_cache *c)
{
	if (c->sigs != c->sig_first)
		free(c->sigs);
	if (c->paths != c->path_first)
		free(c->paths);
}

static uint64_t mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

static uint64_t sig_hash(const struct cs_cert *s, const struct cs_cert *i)
{
	return mix((uint64_t)(uintptr_t)s * 31u ^ (uint64_t)(uintptr_t)i);
}

cs_status cs_chain_cache_create(cs_machine *m, void **state)
{
	(void)m;
	cs_chain_cache *c = cs_calloc(1, sizeof *c);
	CS_GUARD_ALLOC(c);
	c->sigs = c->sig_first;
	c->paths = c->path_first;
	c->sig_cap = SIG_START;
	c->path_cap = PATH_START;
	c->sig_epoch = c->path_epoch = 1;
	*state = c;
	return CS_OK;
}

cs_status cs_chain_cache_clone(void **dst, const void *src)
{
	const cs_chain_cache *s = src;
	cs_chain_cache *c = cs_malloc(sizeof *c);
	CS_GUARD_ALLOC(c);
	*c = *s; /* the first tables with it */
	c->sigs = c->sig_first;
	c->paths = c->path_first;
	if (s->sigs != s->sig_first) {
		c->sigs = cs_malloc(s->sig_cap * sizeof *c->sigs);
		if (c->sigs)
			memcpy(c->sigs, s->sigs, s->sig_cap * sizeof *c->sigs);
	}
	if (c->sigs && s->paths != s->path_first) {
		c->paths = cs_malloc(s->path_cap * sizeof *c->paths);
		if (c->paths)
			memcpy(c->paths, s->paths,
			       s->path_cap * sizeof *c->paths);
	}
	if (!c->sigs || !c->paths) {
		if (!c->sigs)
			c->sigs = c->sig_first;
		if (!c->paths)
			c->paths = c->path_first;
		free_grown(c);
		free(c);
		return cs_alloc_failed();
	}
	*dst = c;
	return CS_OK;
}

void cs_chain_cache_reboot(cs_machine *m, void *state)
{
	(void)m;
	cs_chain_cache *c = state;
	c->sig_epoch++;
	c->path_epoch++;
	c->nsigs = c->npaths = 0;
	cs_mutated();
}

void cs_chain_cache_free(void *state)
{
	cs_chain_cache *c = state;
	if (!c)
		return;
	free_grown(c);
	free(c);
}

int cs_chain_cache_sig_get(const cs_chain_cache *c, const struct cs_cert *subj,
                           const struct cs_cert *iss, cs_filetime not_before)
{
	for (uint64_t h = sig_hash(subj, iss);; h++) {
		const sig_entry *e = &c->sigs[h & (c->sig_cap - 1)];
		if (e->epoch != c->sig_epoch)
			return -1;
		if (e->subj == subj && e->iss == iss)
			return e->made >= not_before ? e->ok : -1;
	}
}

/* The slot for (subj, iss) in a table of cap slots: its own or the free
 * one its probe ends at. */
static sig_entry *sig_slot(sig_entry *t, size_t cap, uint32_t epoch,
                           const struct cs_cert *subj,
                           const struct cs_cert *iss)
{
	for (uint64_t h = sig_hash(subj, iss);; h++) {
		sig_entry *e = &t[h & (cap - 1)];
		if (e->epoch != epoch || (e->subj == subj && e->iss == iss))
			return e;
	}
}

/* Double a table that is half full (below its largest size). */
static bool sig_grow(cs_chain_cache *c)
{
	size_t cap = c->sig_cap * 2;
	sig_entry *t = cs_calloc(cap, sizeof *t);
	if (!t)
		return false;
	for (size_t i = 0; i < c->sig_cap; i++)
		if (c->sigs[i].epoch == c->sig_epoch)
			*sig_slot(t, cap, c->sig_epoch, c->sigs[i].subj,
			          c->sigs[i].iss) = c->sigs[i];
	if (c->sigs != c->sig_first)
		free(c->sigs);
	c->sigs = t;
	c->sig_cap = cap;
	return true;
}

bool cs_chain_cache_sig_put(cs_chain_cache *c, const struct cs_cert *subj,
                            const struct cs_cert *iss, bool ok, cs_filetime now)
{
	if (c->nsigs >= SIG_SLOTS / 2) { /* keep probes short */
		c->sig_epoch++;
		c->nsigs = 0;
	}
	if (2 * (c->nsigs + 1) > c->sig_cap && c->sig_cap < SIG_SLOTS &&
	    !sig_grow(c))
		return false;
	sig_entry *e = sig_slot(c->sigs, c->sig_cap, c->sig_epoch, subj, iss);
	if (e->epoch != c->sig_epoch)
		c->nsigs++;
	*e = (sig_entry){subj, iss, ok, c->sig_epoch, now};
	cs_mutated_fill();
	return true;
}

const cs_chain_cached_path *cs_chain_cache_path_get(const cs_chain_cache *c,
                                                    uint64_t key,
                                                    const struct cs_cert *leaf,
                                                    cs_filetime not_before)
{
	for (uint64_t h = mix(key);; h++) {
		const path_slot *sl = &c->paths[h & (c->path_cap - 1)];
		const cs_chain_cached_path *p = &sl->p;
		if (sl->epoch != c->path_epoch)
			return NULL;
		if (p->key == key && p->leaf == leaf)
			return p->made >= not_before ? p : NULL;
	}
}

static path_slot *path_slot_of(path_slot *t, size_t cap, uint32_t epoch,
                               uint64_t key, const struct cs_cert *leaf)
{
	for (uint64_t h = mix(key);; h++) {
		path_slot *sl = &t[h & (cap - 1)];
		if (sl->epoch != epoch ||
		    (sl->p.key == key && sl->p.leaf == leaf))
			return sl;
	}
}

static bool path_grow(cs_chain_cache *c)
{
	size_t cap = c->path_cap * 2;
	path_slot *t = cs_calloc(cap, sizeof *t);
	if (!t)
		return false;
	for (size_t i = 0; i < c->path_cap; i++)
		if (c->paths[i].epoch == c->path_epoch)
			*path_slot_of(t, cap, c->path_epoch, c->paths[i].p.key,
			              c->paths[i].p.leaf) = c->paths[i];
	if (c->paths != c->path_first)
		free(c->paths);
	c->paths = t;
	c->path_cap = cap;
	return true;
}

bool cs_chain_cache_path_put(cs_chain_cache *c, const cs_chain_cached_path *np)
{
	if (c->npaths >= PATH_SLOTS / 2) {
		c->path_epoch++;
		c->npaths = 0;
	}
	if (2 * (c->npaths + 1) > c->path_cap && c->path_cap < PATH_SLOTS &&
	    !path_grow(c))
		return false;
	path_slot *sl = path_slot_of(c->paths, c->path_cap, c->path_epoch,
	                             np->key, np->leaf);
	if (sl->epoch != c->path_epoch)
		c->npaths++;
	sl->p = *np;
	sl->epoch = c->path_epoch;
	cs_mutated_fill();
	return true;
}

size_t cs_chain_cache_size(const cs_chain_cache *c)
{
	return c->nsigs + c->npaths;
}
