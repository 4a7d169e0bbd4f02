/* The chain engine's in-memory cache (area CS_AREA_CHAIN).
 *
 * What is cached, per machine (the process's chain engine): signature
 * results keyed by (subject, issuer) certificate identity, and built paths
 * keyed by (leaf, account, path-building flags, a fingerprint of every store
 * the build searched). Each entry remembers when it was made.
 * What a hit never skips: time validity at the requested time, root trust,
 * Disallowed, usage, name constraints, revocation and policy - they are
 * recomputed on every call from the cached path, so a warm call costs a few
 * comparisons. A change to any searched store changes the fingerprint: the
 * path is rebuilt (signature results still hit), as Windows' engine resyncs
 * on store changes.
 * Invalidation: reboot empties it; an entry made before the effective
 * resync time (the newer of the registry value ChainCacheResyncFiletime,
 * clamped to now, and the call's pftCacheResync) is not used (RULES.md 3).
 * Eviction: a full table is emptied at once (bounded memory, deterministic).
 * A profile without an engine cache (Wine) never stores anything. */
#ifndef CAPISIM_ENGINE_CHAIN_CACHE_H
#define CAPISIM_ENGINE_CHAIN_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capisim/clock.h"
#include "capisim/status.h"
#include "engine/machine.h"

struct cs_cert;

/* Longest path the engine builds: far beyond real PKIs (4-5), short enough
 * that a crafted loop of cross-certificates stops quickly. */
#define CS_CHAIN_MAX_DEPTH 16

typedef struct {
	uint64_t key;
	const struct cs_cert *leaf;
	const struct cs_cert *certs[CS_CHAIN_MAX_DEPTH];
	uint32_t match_info[CS_CHAIN_MAX_DEPTH]; /* issuer-match bits */
	size_t n;
	bool partial, cyclic;
	cs_filetime made;
} cs_chain_cached_path;

typedef struct cs_chain_cache cs_chain_cache;

/* Area hooks (engine/areas.c). */
CS_MUST_USE cs_status cs_chain_cache_create(cs_machine *m, void **state);
CS_MUST_USE cs_status cs_chain_cache_clone(void **dst, const void *src);
void cs_chain_cache_reboot(cs_machine *m, void *state);
void cs_chain_cache_free(void *state);

/* 1 valid, 0 invalid, -1 unknown (no usable entry). */
int cs_chain_cache_sig_get(const cs_chain_cache *c, const struct cs_cert *subj,
                           const struct cs_cert *iss, cs_filetime not_before);
/* false: out of memory growing the table (the status is recorded:
 * model/alloc.h). */
CS_MUST_USE bool cs_chain_cache_sig_put(cs_chain_cache *c,
                                        const struct cs_cert *subj,
                                        const struct cs_cert *iss, bool ok,
                                        cs_filetime now);
const cs_chain_cached_path *cs_chain_cache_path_get(const cs_chain_cache *c,
                                                    uint64_t key,
                                                    const struct cs_cert *leaf,
                                                    cs_filetime not_before);
CS_MUST_USE bool cs_chain_cache_path_put(cs_chain_cache *c,
                                         const cs_chain_cached_path *p);
/* Entries held now (for tests and traces). */
size_t cs_chain_cache_size(const cs_chain_cache *c);

#endif
