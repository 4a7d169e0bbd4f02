/* CertGetCertificateChain: stores, engine cache, path, root auto-update,
 * revocation, trace. The orchestrator: it calls the revocation and
 * auto-update areas directly, at the moments CryptoAPI does. */
#include <stdlib.h>
#include <string.h>

#include "engine/autoupdate/autoupdate.h"
#include "engine/revocation/revocation.h"
#include "model/registry_names.h"
#include "engine/chain/internal.h"
#include "model/alloc.h"
#include "model/horizon.h"
#include "model/hresult.h"

void cs_chain_context_free(cs_chain_context *ctx)
{
	if (!ctx)
		return;
	free(ctx->chain.elements);
	memset(ctx, 0, sizeof *ctx);
}

static void add_store(const cs_store **list, size_t *n, const cs_store *s)
{
	if (s && *n < CS_CHAIN_MAX_STORES)
		list[(*n)++] = s;
}

/* hRoot and hWorld (RULES.md 3, DOC CERT_CHAIN_ENGINE_CONFIG). The logical
 * Root is the machine's Root + AuthRoot + enterprise roots, plus the user's
 * own Root for interactive users; hWorld searches the additional store
 * first, then Root, CA, My, Trust - machine before account. */
static void setup_stores(cs_build *b)
{
	cs_world *w = &b->m->w;
	const cs_chain_para *para = b->para;
	const cs_account_state *a = &w->accounts[para->account];
	bool user = para->account >= CS_ACCOUNT_DEFAULT_USER;
	if (para->restricted_root) {
		add_store(b->roots, &b->nroots, para->restricted_root);
	} else {
		add_store(b->roots, &b->nroots,
		          &w->machine_stores[CS_STORE_ROOT]);
		add_store(b->roots, &b->nroots,
		          &w->machine_stores[CS_STORE_AUTHROOT]);
		add_store(b->roots, &b->nroots,
		          &w->machine_stores[CS_STORE_ENTERPRISE_ROOT]);
		if (user)
			add_store(b->roots, &b->nroots,
			          &a->stores[CS_STORE_ROOT]);
	}
	add_store(b->world, &b->nworld, para->additional);
	for (size_t i = 0; i < b->nroots; i++)
		add_store(b->world, &b->nworld, b->roots[i]);
	static const cs_store_id rest[] = {CS_STORE_CA, CS_STORE_MY,
	                                   CS_STORE_TRUST};
	for (size_t i = 0; i < sizeof rest / sizeof *rest; i++) {
		add_store(b->world, &b->nworld, &w->machine_stores[rest[i]]);
		add_store(b->world, &b->nworld, &a->stores[rest[i]]);
	}
	if (b->prof->has_disallowed_store) {
		add_store(b->disallowed, &b->ndisallowed,
		          &w->machine_stores[CS_STORE_DISALLOWED]);
		add_store(b->disallowed, &b->ndisallowed,
		          &a->stores[CS_STORE_DISALLOWED]);
	}
}

/* Path-cache key: everything the path depends on besides the leaf. */
static uint64_t path_key(const cs_build *b)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);
#define MIX(v) (h = (h ^ (uint64_t)(v)) * UINT64_C(0x100000001b3))
	MIX(b->para->account);
	MIX(b->para->flags &
	    (CS_CHAIN_DISABLE_AIA | CS_CHAIN_CACHE_ONLY_URL_RETRIEVAL));
	for (size_t s = 0; s < b->nworld; s++) {
		MIX(s + 1);
		for (size_t i = 0; i < b->world[s]->n; i++)
			MIX((uintptr_t)b->world[s]->certs[i]);
	}
#undef MIX
	return h;
}

/* The effective resync time (RULES.md 3): the newer of the registry value
 * (a future value clamps to now) and the call's pftCacheResync. */
static cs_filetime resync_time(cs_build *b, cs_obs **o)
{
	cs_filetime r = INT64_MIN, v;
	cs_world *w = &b->m->w;
	if (b->prof->honours_cache_resync_filetime &&
	    cs_reg_get_filetime(&w->reg, CS_REG_KEY(CHAIN_CONFIG),
	                        CS_REG_VALUE(CHAIN_CACHE_RESYNC), &v)) {
		/* clamped to now: a future value moves with the clock */
		r = cs_now_before(w, v) ? b->now : v;
		if (r == b->now)
			cs_horizon_exact(w);
		cs_obs_time(*o, "resync_registry", r);
	}
	if (b->para->cache_resync && *b->para->cache_resync > r) {
		r = cs_now_before(w, *b->para->cache_resync)
		        ? b->now
		        : *b->para->cache_resync;
		if (r == b->now)
			cs_horizon_exact(w);
		cs_obs_time(*o, "resync_para", r);
	}
	return r;
}

static void path_from_cache(cs_path *p, const cs_chain_cached_path *c)
{
	memcpy(p->certs, c->certs, sizeof p->certs);
	memcpy(p->match_info, c->match_info, sizeof p->match_info);
	p->n = c->n;
	p->partial = c->partial;
	p->cyclic = c->cyclic;
}

static bool path_to_cache(cs_build *b, uint64_t key, const cs_path *p)
{
	cs_chain_cached_path c = {.key = key,
	                          .leaf = p->certs[0],
	                          .n = p->n,
	                          .partial = p->partial,
	                          .cyclic = p->cyclic,
	                          .made = b->now};
	memcpy(c.certs, p->certs, sizeof c.certs);
	memcpy(c.match_info, p->match_info, sizeof c.match_info);
	return cs_chain_cache_path_put(b->cache, &c);
}

/* Build (or take from the cache) and check the path into out. */
static cs_status build_once(cs_build *b, cs_path *path, cs_chain_context *out,
                            bool use_cache)
{
	cs_world *w = &b->m->w;
	const char *acct = cs_world_account_name(w, b->para->account);
	cs_obs *o =
	    b->cache ? cs_trace_begin(&w->trace, b->now, "cache", acct) : NULL;
	b->resync = b->cache ? resync_time(b, &o) : INT64_MIN;
	/* The cache's entries are used when made at or after the resync
	 * time: an instant stored from the clock against one that is not. */
	if (b->resync != INT64_MIN)
		cs_horizon_stamp(w);
	uint64_t key = path_key(b);
	const cs_chain_cached_path *hit =
	    b->cache && use_cache ? cs_chain_cache_path_get(
	                                b->cache, key, b->para->leaf, b->resync)
	                          : NULL;
	cs_status st;
	if (hit) {
		cs_obs_rule(o, CS_RULE_CHAIN_CACHE_PATH_HIT);
		path_from_cache(path, hit);
		st = cs_chain_check(b, path, out);
		out->from_cache = true;
	} else {
		cs_obs_rule(o, b->cache && use_cache
		                   ? CS_RULE_CHAIN_CACHE_PATH_MISS
		                   : CS_RULE_CHAIN_CACHE_BYPASS);
		cs_chain_context scratch = {0};
		st = cs_chain_find_path(b, path, &scratch, out);
		cs_chain_context_free(&scratch);
		if (st == CS_OK && b->cache && !path_to_cache(b, key, path))
			st = cs_alloc_failed();
		out->from_cache = false;
	}
	cs_obs_int(o, "signature_checks", b->sig_checks);
	cs_obs_int(o, "signature_cache_hits", b->sig_hits);
	return st;
}

/* Windows marks an element whose issuer is missing as revocation unknown
 * and offline: nothing can check it (certutil sample
 * certutil_verify_offline_partialchain_dc_2021.txt: 0x1000040 on the
 * leaf of a partial chain). */
static void partial_revocation(cs_build *b, cs_chain_context *ctx,
                               const cs_path *p)
{
	size_t top = ctx->chain.n - 1;
	uint32_t f = b->para->flags;
	if (!(f & CS_CHAIN_REVOCATION_MASK) ||
	    ((f & CS_CHAIN_REVOCATION_CHECK_END_CERT) && top != 0) ||
	    !p->partial)
		return;
	ctx->chain.elements[top].error_status |=
	    CS_TRUST_REVOCATION_STATUS_UNKNOWN | CS_TRUST_IS_OFFLINE_REVOCATION;
	cs_obs *o =
	    cs_trace_begin(&b->m->w.trace, b->now, "note",
	                   cs_world_account_name(&b->m->w, b->para->account));
	cs_obs_rule(o, CS_RULE_CHAIN_REVOCATION_NO_ISSUER);
	cs_obs_int(o, "element", (int64_t)top);
}

static void trace_chain(cs_build *b, const cs_chain_context *ctx)
{
	cs_world *w = &b->m->w;
	cs_obs *o = cs_trace_begin(&w->trace, b->now, "chain",
	                           cs_world_account_name(w, b->para->account));
	if (!o)
		return;
	cs_obs_rule(o, CS_RULE_CHAIN_BUILD);
	cs_obs_str(o, "leaf", cs_cert_subject(b->para->leaf));
	if (b->t_is_now)
		cs_obs_now(o, "verify_time");
	else
		cs_obs_time(o, "verify_time", b->t);
	cs_obs_hex32(o, "flags", b->para->flags);
	cs_obs_hex32(o, "error_status", ctx->error_status);
	cs_obs_hex32(o, "info_status", ctx->info_status);
	cs_obs_bool(o, "from_cache", ctx->from_cache);
	for (size_t i = 0; i < ctx->chain.n; i++) {
		const cs_chain_element *e = &ctx->chain.elements[i];
		cs_obs *c = cs_obs_list_add(o, "elements");
		cs_obs_str(c, "subject", cs_cert_subject(e->cert));
		cs_obs_str(c, "thumbprint_sha1", cs_cert_sha1_hex(e->cert));
		cs_obs_hex32(c, "error_status", e->error_status);
		cs_obs_hex32(c, "info_status", e->info_status);
	}
}

uint32_t cs_chain_refusal(const struct cs_cert *leaf)
{
	return leaf && leaf->lenient && leaf->parts.tbs_alg_oid_empty
	           ? CS_W32_ERROR_INVALID_DATA
	           : 0;
}

cs_status cs_chain_get(cs_machine *m, const cs_chain_para *para,
                       cs_chain_context *out)
{
	memset(out, 0, sizeof *out);
	if (!para->leaf || para->account >= m->w.naccounts)
		return CS_ERR_RANGE;
	uint32_t refused = cs_chain_refusal(para->leaf);
	if (refused) {
		cs_obs *o =
		    cs_trace_begin(&m->w.trace, m->w.now, "chain",
		                   cs_world_account_name(&m->w, para->account));
		cs_obs_rule(o, CS_RULE_CHAIN_CALL_INVALID_DATA);
		cs_obs_hex32(o, "call_error", refused);
		return CS_ERR_FORMAT;
	}
	cs_build b;
	memset(&b, 0, CS_BUILD_CLEAR);
	b.m = m;
	b.para = para;
	b.prof = cs_profile_chain(m->w.profile);
	b.now = m->w.now;
	b.t = para->time ? *para->time : m->w.now;
	b.t_is_now = !para->time;
	b.cache = b.prof->has_engine_cache ? m->area[CS_AREA_CHAIN] : NULL;
	setup_stores(&b);
	cs_chain_log_start(m);
	cs_path path;
	cs_status st = build_once(&b, &path, out, true);
	/* Root auto-update (RULES.md 6): an untrusted or missing root. */
	bool untrusted = out->error_status & (CS_TRUST_IS_UNTRUSTED_ROOT |
	                                      CS_TRUST_IS_PARTIAL_CHAIN);
	if (st == CS_OK && untrusted &&
	    !(para->flags & CS_CHAIN_DISABLE_AUTH_ROOT_AUTO_UPDATE)) {
		bool rebuild = false;
		out->account = para->account;
		out->flags = para->flags;
		out->verify_time = b.t;
		out->verify_time_is_now = b.t_is_now;
		out->now = b.now;
		st = cs_autoupdate_install_root(
		    m, para->account, out, path.certs[path.n - 1], &rebuild);
		if (st == CS_OK && rebuild) {
			b.nworld = b.nroots = b.ndisallowed = 0;
			setup_stores(&b);
			st = build_once(&b, &path, out, false);
		}
	}
	if (st != CS_OK) {
		cs_chain_context_free(out);
		return st;
	}
	out->account = para->account;
	out->flags = para->flags;
	out->verify_time = b.t;
	out->verify_time_is_now = b.t_is_now;
	out->now = b.now;
	out->url_retrieval_timeout_ms = para->url_retrieval_timeout_ms;
	out->check_freshness = para->check_freshness;
	out->freshness_seconds = para->freshness_seconds;
	out->short_lived_process = para->short_lived_process;
	uint32_t chain_only = out->error_status & ~0u;
	for (size_t i = 0; i < out->chain.n; i++)
		chain_only &= ~out->chain.elements[i].error_status;
	if (para->flags & CS_CHAIN_REVOCATION_MASK) {
		uint32_t before = out->chain.error_status;
		bool selected = false;
		if (out->root_trusted ||
		    b.prof->revocation_on_untrusted_chains) {
			st = cs_revocation_check_chain(m, para->account, out,
			                               para->flags, &selected);
			/* RULES.md 7: the disallowed CTL's 24-hour rule,
			 * where revocation was checked */
			if (st == CS_OK && selected)
				st = cs_autoupdate_revocation_stale(
				    m, out, para->flags);
		} else if (b.prof->partial_chain_revocation_unknown)
			partial_revocation(&b, out, &path);
		/* bits set on the simple chain itself (the disallowed-CTL
		 * staleness rule, H-au-6) survive the fold */
		chain_only |= out->chain.error_status & ~before;
		cs_chain_fold(out, chain_only);
	}
	trace_chain(&b, out);
	if (st == CS_OK && b.oom)
		st = cs_alloc_failed();
	if (st == CS_OK)
		cs_chain_log_built(m, para->leaf,
		                   cs_chain_event_result(b.prof, out));
	if (st != CS_OK)
		cs_chain_context_free(out);
	return st;
}
