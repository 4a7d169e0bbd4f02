/* The chain engine cache: two open-addressing tables (see cache.h). */
#include "engine/chain/cache.h"
#include "model/alloc.h"

#include <stdlib.h>
#include <string.h>

/* Powers of two, filled to half at most. 512 signature results and 128 paths
 * hold every chain a scenario verifies; small enough (~100 KB) that a fleet
 * of cloned machines stays cheap. */
#define SIG_SLOTS  1024u
#define PATH_SLOTS 256u

/* A slot is in use when its epoch is the cache's: reboot and eviction bump
 * the epoch instead of clearing ~80 KB, so a cold start costs nothing. */
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
	sig_entry sigs[SIG_SLOTS];
	size_t nsigs;
	path_slot paths[PATH_SLOTS];
	size_t npaths;
};

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
	if (!c)
		return cs_alloc_failed();
	c->sig_epoch = c->path_epoch = 1;
	*state = c;
	return CS_OK;
}

cs_status cs_chain_cache_clone(void **dst, const void *src)
{
	cs_chain_cache *c = cs_malloc(sizeof *c);
	if (!c)
		return cs_alloc_failed();
	memcpy(c, src, sizeof *c);
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
}

void cs_chain_cache_free(void *state)
{
	free(state);
}

int cs_chain_cache_sig_get(const cs_chain_cache *c, const struct cs_cert *subj,
                           const struct cs_cert *iss, cs_filetime not_before)
{
	for (uint64_t h = sig_hash(subj, iss);; h++) {
		const sig_entry *e = &c->sigs[h & (SIG_SLOTS - 1)];
		if (e->epoch != c->sig_epoch)
			return -1;
		if (e->subj == subj && e->iss == iss)
			return e->made >= not_before ? e->ok : -1;
	}
}

void cs_chain_cache_sig_put(cs_chain_cache *c, const struct cs_cert *subj,
                            const struct cs_cert *iss, bool ok, cs_filetime now)
{
	if (c->nsigs >= SIG_SLOTS / 2) { /* keep probes short */
		c->sig_epoch++;
		c->nsigs = 0;
	}
	for (uint64_t h = sig_hash(subj, iss);; h++) {
		sig_entry *e = &c->sigs[h & (SIG_SLOTS - 1)];
		if (e->epoch != c->sig_epoch)
			c->nsigs++;
		else if (e->subj != subj || e->iss != iss)
			continue;
		*e = (sig_entry){subj, iss, ok, c->sig_epoch, now};
		return;
	}
}

const cs_chain_cached_path *cs_chain_cache_path_get(const cs_chain_cache *c,
                                                    uint64_t key,
                                                    const struct cs_cert *leaf,
                                                    cs_filetime not_before)
{
	for (uint64_t h = mix(key);; h++) {
		const path_slot *sl = &c->paths[h & (PATH_SLOTS - 1)];
		const cs_chain_cached_path *p = &sl->p;
		if (sl->epoch != c->path_epoch)
			return NULL;
		if (p->key == key && p->leaf == leaf)
			return p->made >= not_before ? p : NULL;
	}
}

void cs_chain_cache_path_put(cs_chain_cache *c, const cs_chain_cached_path *np)
{
	if (c->npaths >= PATH_SLOTS / 2) {
		c->path_epoch++;
		c->npaths = 0;
	}
	for (uint64_t h = mix(np->key);; h++) {
		path_slot *sl = &c->paths[h & (PATH_SLOTS - 1)];
		if (sl->epoch != c->path_epoch)
			c->npaths++;
		else if (sl->p.key != np->key || sl->p.leaf != np->leaf)
			continue;
		sl->p = *np;
		sl->epoch = c->path_epoch;
		return;
	}
}

size_t cs_chain_cache_size(const cs_chain_cache *c)
{
	return c->nsigs + c->npaths;
}
