#include "model/store.h"

#include <stdint.h>
#include "model/alloc.h"
#include <stdlib.h>
#include <string.h>

#include "model/ascii.h"
#include "model/mutation.h"

static const char *const store_names[CS_STORE_COUNT] = {
#define CS_STORE_NAME(id, name) [CS_STORE_##id] = name,
    CS_STORE_IDS(CS_STORE_NAME)
#undef CS_STORE_NAME
};

bool cs_store_id_from_name(const char *name, cs_store_id *out)
{
	for (int i = 0; i < CS_STORE_COUNT; i++)
		if (cs_ascii_ieq(name, store_names[i])) {
			*out = (cs_store_id)i;
			return true;
		}
	return false;
}

const char *cs_store_name(cs_store_id id)
{
	return id < CS_STORE_COUNT ? store_names[id] : "?";
}

void cs_store_init(cs_store *s)
{
	memset(s, 0, sizeof *s);
}

void cs_store_free(cs_store *s)
{
	if (!s->certs && !s->slots && !s->eku_props && !s->crls && !s->ctls)
		return; /* never held anything (most stores of most machines) */
	free(s->crls);
	free(s->ctls);
	free(s->certs);
	free(s->slots);
	free(s->eku_props);
	memset(s, 0, sizeof *s);
}

/* The slot where c is, or the empty slot where the probe for it ends.
 * Pointers are mixed (murmur3's finaliser) because allocations are
 * aligned and close together: their low bits alone would cluster. The
 * slot only decides speed, never order, so address-dependent hashing
 * keeps runs deterministic. */
static size_t slot_of(const struct cs_cert *const *slots, size_t nslots,
                      const struct cs_cert *c)
{
	uint64_t x = (uint64_t)(uintptr_t)c;
	x ^= x >> 33;
	x *= UINT64_C(0xff51afd7ed558ccd);
	x ^= x >> 33;
	size_t mask = nslots - 1, i = (size_t)x & mask;
	while (slots[i] && slots[i] != c)
		i = (i + 1) & mask;
	return i;
}

/* (Re)build the index at nslots from the array. */
static cs_status reindex(cs_store *s, size_t nslots)
{
	const struct cs_cert **slots = cs_calloc(nslots, sizeof *slots);
	if (!slots)
		return cs_alloc_failed();
	for (size_t i = 0; i < s->n; i++)
		slots[slot_of(slots, nslots, s->certs[i])] = s->certs[i];
	free(s->slots);
	s->slots = slots;
	s->nslots = nslots;
	return CS_OK;
}

/* A copy of n pointers (NULL for none). */
static cs_status copy_ptrs(const void ***dst, const void *const *src, size_t n)
{
	*dst = NULL;
	if (!n)
		return CS_OK;
	*dst = cs_malloc(n * sizeof **dst);
	CS_GUARD_ALLOC(*dst);
	memcpy(*dst, src, n * sizeof **dst);
	return CS_OK;
}

cs_status cs_store_clone(cs_store *dst, const cs_store *src)
{
	cs_store_init(dst);
	cs_status st = copy_ptrs((const void ***)&dst->crls,
	                         (const void *const *)src->crls, src->ncrls);
	if (st == CS_OK)
		st = copy_ptrs((const void ***)&dst->ctls,
		               (const void *const *)src->ctls, src->nctls);
	if (st != CS_OK) {
		cs_store_free(dst);
		return st;
	}
	dst->ncrls = dst->capcrls = src->ncrls;
	dst->nctls = dst->capctls = src->nctls;
	if (src->n == 0)
		return CS_OK;
	dst->certs = cs_malloc(src->n * sizeof *dst->certs);
	if (!dst->certs)
		return cs_alloc_failed();
	memcpy(dst->certs, src->certs, src->n * sizeof *dst->certs);
	dst->n = dst->cap = src->n;
	if (src->slots) {
		dst->slots = cs_malloc(src->nslots * sizeof *dst->slots);
		if (!dst->slots) {
			cs_store_free(dst);
			return cs_alloc_failed();
		}
		memcpy(dst->slots, src->slots,
		       src->nslots * sizeof *dst->slots);
		dst->nslots = src->nslots;
	}
	if (src->eku_props) {
		dst->eku_props = cs_malloc(src->n * sizeof *dst->eku_props);
		if (!dst->eku_props) {
			cs_store_free(dst);
			return cs_alloc_failed();
		}
		memcpy(dst->eku_props, src->eku_props,
		       src->n * sizeof *dst->eku_props);
	}
	return CS_OK;
}

bool cs_store_contains(const cs_store *s, const struct cs_cert *c)
{
	if (s->slots)
		return s->slots[slot_of(s->slots, s->nslots, c)] == c;
	for (size_t i = 0; i < s->n; i++)
		if (s->certs[i] == c)
			return true;
	return false;
}

cs_status cs_store_add(cs_store *s, const struct cs_cert *c)
{
	if (cs_store_contains(s, c))
		return CS_OK;
	if (s->n == s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 8;
		const struct cs_cert **n =
		    cs_realloc(s->certs, ncap * sizeof *n);
		if (!n)
			return cs_alloc_failed();
		s->certs = n;
		if (s->eku_props) {
			const cs_usage **p =
			    cs_realloc(s->eku_props, ncap * sizeof *p);
			if (!p)
				return cs_alloc_failed();
			s->eku_props = p;
		}
		s->cap = ncap;
	}
	/* Keep the index at most half full; build it when the store grows
	 * past the size where a scan is as cheap. */
	if (s->slots ? 2 * (s->n + 1) > s->nslots
	             : s->n + 1 >= CS_STORE_INDEX_MIN) {
		size_t nslots =
		    s->slots ? s->nslots * 2 : 4 * CS_STORE_INDEX_MIN;
		cs_status st = reindex(s, nslots);
		if (st != CS_OK)
			return st;
	}
	if (s->eku_props)
		s->eku_props[s->n] = NULL;
	s->certs[s->n++] = c;
	cs_mutated_world();
	if (s->slots)
		s->slots[slot_of(s->slots, s->nslots, c)] = c;
	return CS_OK;
}

/* Deletion under linear probing without tombstones: empty the slot, then
 * re-insert every member of the rest of its probe run, so no lookup stops
 * early at the new hole. Runs are short at half load. */
static void unindex(cs_store *s, const struct cs_cert *c)
{
	size_t mask = s->nslots - 1;
	size_t hole = slot_of(s->slots, s->nslots, c);
	if (s->slots[hole] != c)
		return;
	s->slots[hole] = NULL;
	for (size_t j = (hole + 1) & mask; s->slots[j]; j = (j + 1) & mask) {
		const struct cs_cert *m = s->slots[j];
		s->slots[j] = NULL;
		s->slots[slot_of(s->slots, s->nslots, m)] = m;
	}
}

bool cs_store_remove(cs_store *s, const struct cs_cert *c)
{
	if (s->slots && !cs_store_contains(s, c))
		return false;
	for (size_t i = 0; i < s->n; i++)
		if (s->certs[i] == c) {
			memmove(&s->certs[i], &s->certs[i + 1],
			        (s->n - i - 1) * sizeof *s->certs);
			if (s->eku_props)
				memmove(&s->eku_props[i], &s->eku_props[i + 1],
				        (s->n - i - 1) * sizeof *s->eku_props);
			s->n--;
			if (s->slots)
				unindex(s, c);
			cs_mutated_world();
			return true;
		}
	return false;
}

void cs_store_clear(cs_store *s)
{
	if (s->n || s->ncrls || s->nctls)
		cs_mutated_world();
	s->n = 0;
	s->ncrls = 0;
	s->nctls = 0;
	if (s->slots)
		memset(s->slots, 0, s->nslots * sizeof *s->slots);
}

/* Entry i of c, or s->n. */
static size_t index_of(const cs_store *s, const struct cs_cert *c)
{
	if (s->slots && !cs_store_contains(s, c))
		return s->n;
	/* The entry just added is the usual one (auto-update sets the
	 * property right after the add): O(1), not a scan of 10^4 roots. */
	if (s->n && s->certs[s->n - 1] == c)
		return s->n - 1;
	size_t i = 0;
	while (i < s->n && s->certs[i] != c)
		i++;
	return i;
}

cs_status cs_store_set_eku_prop(cs_store *s, const struct cs_cert *c,
                                const cs_usage *u)
{
	size_t i = index_of(s, c);
	if (i == s->n)
		return CS_ERR_NOT_FOUND;
	if (!s->eku_props) {
		if (!u)
			return CS_OK;
		s->eku_props = cs_calloc(s->cap, sizeof *s->eku_props);
		if (!s->eku_props)
			return cs_alloc_failed();
	}
	if (s->eku_props[i] != u)
		cs_mutated_world();
	s->eku_props[i] = u;
	return CS_OK;
}

const cs_usage *cs_store_eku_prop_at(const cs_store *s, size_t i)
{
	return s->eku_props && i < s->n ? s->eku_props[i] : NULL;
}

const cs_usage *cs_store_eku_prop(const cs_store *s, const struct cs_cert *c)
{
	return cs_store_eku_prop_at(s, index_of(s, c));
}

/* ---- CRL and CTL entries ---- */

static cs_status grow(const void ***v, size_t n, size_t *cap)
{
	if (n < *cap)
		return CS_OK;
	size_t ncap = *cap ? *cap * 2 : 4;
	const void **nv = cs_realloc(*v, ncap * sizeof *nv);
	CS_GUARD_ALLOC(nv);
	*v = nv;
	*cap = ncap;
	return CS_OK;
}

cs_status cs_store_crl_append(cs_store *s, const struct cs_crl *crl)
{
	CS_GUARD(grow((const void ***)&s->crls, s->ncrls, &s->capcrls));
	s->crls[s->ncrls++] = crl;
	cs_mutated();
	return CS_OK;
}

void cs_store_crl_replace(cs_store *s, size_t i, const struct cs_crl *crl)
{
	if (i < s->ncrls && s->crls[i] != crl) {
		s->crls[i] = crl;
		cs_mutated();
	}
}

void cs_store_crl_remove(cs_store *s, size_t i)
{
	if (i >= s->ncrls)
		return;
	memmove(&s->crls[i], &s->crls[i + 1],
	        (s->ncrls - i - 1) * sizeof *s->crls);
	s->ncrls--;
	cs_mutated();
}

cs_status cs_store_ctl_append(cs_store *s, const struct cs_ctl *ctl)
{
	CS_GUARD(grow((const void ***)&s->ctls, s->nctls, &s->capctls));
	s->ctls[s->nctls++] = ctl;
	cs_mutated();
	return CS_OK;
}

void cs_store_ctl_replace(cs_store *s, size_t i, const struct cs_ctl *ctl)
{
	if (i < s->nctls && s->ctls[i] != ctl) {
		s->ctls[i] = ctl;
		cs_mutated();
	}
}

void cs_store_ctl_remove(cs_store *s, size_t i)
{
	if (i >= s->nctls)
		return;
	memmove(&s->ctls[i], &s->ctls[i + 1],
	        (s->nctls - i - 1) * sizeof *s->ctls);
	s->nctls--;
	cs_mutated();
}
