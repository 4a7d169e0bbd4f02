/* The chain engine cache: two open-addressing tables (see cache.h). */
#include "engine/chain/cache.h"

#include <stdlib.h>
#include <string.h>

/* Powers of two, filled to half at most. 512 signature results and 128 paths
 * hold every chain a scenario verifies; small enough (~100 KB) that a fleet
 * of cloned machines stays cheap. */
#define SIG_SLOTS  1024u
#define PATH_SLOTS 256u

typedef struct {
	const struct cs_cert *subj, *iss; /* subj NULL = empty slot */
	bool ok;
	cs_filetime made;
} sig_entry;

struct cs_chain_cache {
	sig_entry sigs[SIG_SLOTS];
	size_t nsigs;
	cs_chain_cached_path paths[PATH_SLOTS]; /* leaf NULL = empty */
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
	*state = calloc(1, sizeof(cs_chain_cache));
	return *state ? CS_OK : CS_ERR_NOMEM;
}

cs_status cs_chain_cache_clone(void **dst, const void *src)
{
	cs_chain_cache *c = malloc(sizeof *c);
	if (!c)
		return CS_ERR_NOMEM;
	memcpy(c, src, sizeof *c);
	*dst = c;
	return CS_OK;
}

void cs_chain_cache_reboot(cs_machine *m, void *state)
{
	(void)m;
	memset(state, 0, sizeof(cs_chain_cache));
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
		if (!e->subj)
			return -1;
		if (e->subj == subj && e->iss == iss)
			return e->made >= not_before ? e->ok : -1;
	}
}

void cs_chain_cache_sig_put(cs_chain_cache *c, const struct cs_cert *subj,
                            const struct cs_cert *iss, bool ok, cs_filetime now)
{
	if (c->nsigs >= SIG_SLOTS / 2) { /* keep probes short */
		memset(c->sigs, 0, sizeof c->sigs);
		c->nsigs = 0;
	}
	for (uint64_t h = sig_hash(subj, iss);; h++) {
		sig_entry *e = &c->sigs[h & (SIG_SLOTS - 1)];
		if (!e->subj)
			c->nsigs++;
		else if (e->subj != subj || e->iss != iss)
			continue;
		*e = (sig_entry){subj, iss, ok, now};
		return;
	}
}

const cs_chain_cached_path *cs_chain_cache_path_get(const cs_chain_cache *c,
                                                    uint64_t key,
                                                    const struct cs_cert *leaf,
                                                    cs_filetime not_before)
{
	for (uint64_t h = mix(key);; h++) {
		const cs_chain_cached_path *p = &c->paths[h & (PATH_SLOTS - 1)];
		if (!p->leaf)
			return NULL;
		if (p->key == key && p->leaf == leaf)
			return p->made >= not_before ? p : NULL;
	}
}

void cs_chain_cache_path_put(cs_chain_cache *c, const cs_chain_cached_path *np)
{
	if (c->npaths >= PATH_SLOTS / 2) {
		memset(c->paths, 0, sizeof c->paths);
		c->npaths = 0;
	}
	for (uint64_t h = mix(np->key);; h++) {
		cs_chain_cached_path *p = &c->paths[h & (PATH_SLOTS - 1)];
		if (!p->leaf)
			c->npaths++;
		else if (p->key != np->key || p->leaf != np->leaf)
			continue;
		*p = *np;
		return;
	}
}

size_t cs_chain_cache_size(const cs_chain_cache *c)
{
	return c->nsigs + c->npaths;
}
