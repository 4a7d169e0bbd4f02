/* Shared between the chain engine's files (not for other areas). */
#ifndef CAPISIM_ENGINE_CHAIN_INTERNAL_H
#define CAPISIM_ENGINE_CHAIN_INTERNAL_H

#include "engine/chain/cache.h"
#include "engine/chain/chain.h"
#include "model/profile_chain.h"

/* The stores one build searches (RULES.md 3: hWorld = Root + CA + My +
 * Trust + additional) and the logical Root store it trusts. */
#define CS_CHAIN_MAX_STORES 24

/* AIA URLs one build retrieved, with the body (borrowed from the pool;
 * empty when the retrieval failed): a URL is retrieved once per build. Five
 * URLs per certificate (MaxAIAUrlCountInCert) for a few missing issuers;
 * past this many a URL is simply retrieved again. */
#define CS_CHAIN_MAX_AIA_SEEN 16

typedef struct {
	const char *url; /* borrowed from the certificate */
	cs_bytes body;
} cs_aia_seen;

typedef struct {
	cs_machine *m;
	const cs_chain_para *para;
	const cs_chain_profile *prof;
	cs_chain_cache *cache; /* NULL when the profile has none */
	cs_filetime now, t;    /* clock, verify time */
	bool t_is_now;         /* no pTime: the verify time is the clock's */
	bool oom; /* the engine cache could not grow (status recorded) */
	cs_filetime resync; /* cache entries older than this are unused */
	const cs_store *world[CS_CHAIN_MAX_STORES];
	size_t nworld;
	const cs_store *roots[CS_CHAIN_MAX_STORES];
	size_t nroots;
	const cs_store *disallowed[2];
	size_t ndisallowed;
	unsigned aia_retrievals; /* this build's AIA wire retrievals */
	cs_aia_seen aia_seen[CS_CHAIN_MAX_AIA_SEEN];
	size_t naia_seen;
	unsigned sig_hits, sig_checks;
} cs_build;

/* A candidate path, end certificate first. */
typedef struct {
	const struct cs_cert *certs[CS_CHAIN_MAX_DEPTH];
	uint32_t match_info[CS_CHAIN_MAX_DEPTH]; /* how element i's issuer was
	                                            found (bits 0x1/0x2/0x4) */
	size_t n;
	bool partial, cyclic;
} cs_path;

/* build.c */
CS_MUST_USE cs_status cs_chain_find_path(cs_build *b, cs_path *best,
                                         cs_chain_context *scratch,
                                         cs_chain_context *out);
bool cs_chain_in_stores(const struct cs_cert *c, const cs_store *const *s,
                        size_t n);

/* check.c: fill ctx's elements and status words from path at b->t. */
CS_MUST_USE cs_status cs_chain_check(cs_build *b, const cs_path *p,
                                     cs_chain_context *ctx);
/* Recompute the simple-chain and context words from the elements plus
 * chain-only bits (partial, cyclic). */
void cs_chain_fold(cs_chain_context *ctx, uint32_t chain_only_errors);
/* Quality of a checked chain for ranking (RULES.md 3). */
uint32_t cs_chain_quality(const cs_chain_context *ctx);
bool cs_chain_signature(cs_build *b, const struct cs_cert *subj,
                        const struct cs_cert *iss);

/* policy.c: the Result a CAPI2 event 11 reports for a built chain
 * (HYPOTHESIS H-capi2-1, docs/hypotheses.md): the first element's (end
 * certificate first) non-zero dwRevocationResult, else the BASE policy's
 * error with no flags. */
uint32_t cs_chain_event_result(const cs_chain_profile *pr,
                               const cs_chain_context *ctx);

/* events.c: the CAPI2 Operational events of a build and a policy call
 * (RULES.md 4; logged only when the channel is enabled). A failure to log
 * marks the trace partial, as every event of the engine does. */
void cs_chain_log_start(cs_machine *m);
void cs_chain_log_built(cs_machine *m, const struct cs_cert *leaf,
                        uint32_t result);
void cs_chain_log_policy(cs_machine *m, const char *policy, uint32_t result);

/* sslname.c */
bool cs_ssl_name_matches(const struct cs_cert *c, const char *server_name);

#endif
