/* cryptnet's URL retrieval (see retrieve.h for the contract). */
#include "engine/cryptnet/retrieve.h"
#include "model/hresult.h"
#include "model/error.h"

#include <stdio.h>
#include <string.h>

#include "engine/cryptnet/prefetch.h"
#include "engine/cryptnet/process.h"
#include "model/alloc.h"
#include "model/event_catalog.h"
#include "model/horizon.h"
#include "model/profile_revocation.h"
#include "pki/fetched.h"

/* Errors as CAPI2 event 53 and certutil print them: WinHTTP codes for
 * transport failures (winhttp.h ERROR_WINHTTP_TIMEOUT 12002 = 0x2EE2,
 * NAME_NOT_RESOLVED 12007 = 0x2EE7, CANNOT_CONNECT 12029 = 0x2EFD, as in
 * samples/capi2_op_53_friendlyview_wire_fail_2020.txt), HTTP_E_STATUS_*
 * (0x80190000 | status, e.g. 0x80190194 for 404) for HTTP errors. */
#define ERR_WINHTTP_TIMEOUT  0x00002EE2u
#define ERR_WINHTTP_NAME     0x00002EE7u
#define ERR_WINHTTP_CONNECT  0x00002EFDu
#define ERR_HTTP_STATUS_BASE 0x80190000u

const char *cs_fetch_outcome_name(cs_fetch_outcome o)
{
	static const char *const names[] = {
	    [CS_FETCH_OK] = "ok",
	    [CS_FETCH_NOT_CACHED] = "not-cached",
	    [CS_FETCH_OFFLINE] = "offline",
	    [CS_FETCH_TIMEOUT] = "timeout",
	    [CS_FETCH_HTTP_ERROR] = "http-error",
	    [CS_FETCH_REFUSED] = "refused",
	    [CS_FETCH_DNS] = "dns",
	    [CS_FETCH_TOO_BIG] = "too-big",
	    [CS_FETCH_NO_BUDGET] = "no-budget",
	    [CS_FETCH_BAD_OBJECT] = "bad-object",
	};
	return (unsigned)o < sizeof names / sizeof *names ? names[o] : "?";
}

const char *cs_fetch_source_name(cs_fetch_source s)
{
	static const char *const names[] = {"none", "memory", "disk", "wire"};
	return (unsigned)s < 4 ? names[s] : "?";
}

const char *cs_cryptnet_kind_name(cs_cryptnet_kind k)
{
	static const char *const names[] = {"crl", "ocsp", "cert", "cab",
	                                    "any"};
	return (unsigned)k < 5 ? names[k] : "?";
}

void cs_cryptnet_budget_init(cs_cryptnet_budget *b, const cs_machine *m,
                             bool accumulative)
{
	const cs_revocation_profile *rp = cs_profile_revocation(m->w.profile);
	b->accumulative = accumulative;
	b->remaining = rp->accumulative_timeout;
	b->url_timeout = rp->url_timeout;
}

/* The time after which a stored copy is not offered, from the object: a
 * CRL's NextUpdate, an OCSP response's first nextUpdate, a certificate's
 * notAfter (URLCacheFlushInfo expireTime = nextUpdateTime in CAPI2 event 51,
 * samples/capi2_op_sequence_*). false: the body is not of that kind. */
static bool object_expiry(cs_cryptnet_kind kind, cs_bytes body, cs_filetime now,
                          cs_filetime *expires)
{
	bool has = false;
	cs_filetime t = 0;
	*expires = CS_URLCACHE_NEVER;
	switch (kind) {
	case CS_OBJ_CRL:
		if (!cs_fetched_next_update(CS_FETCHED_CRL, body, &has, &t))
			return false;
		/* Offered through NextUpdate itself: a CRL is time valid
		 * on [ThisUpdate, NextUpdate] (RULES.md 1). */
		if (has)
			*expires = t + 1;
		return true;
	case CS_OBJ_OCSP:
		if (!cs_fetched_next_update(CS_FETCHED_OCSP, body, &has, &t))
			return false;
		/* Without a nextUpdate the response is not kept (RFC 6960
		 * 2.4: newer information is always available). */
		*expires = has ? t : now;
		return true;
	case CS_OBJ_CERT:
		if (cs_fetched_next_update(CS_FETCHED_CERT, body, &has, &t)) {
			if (has)
				*expires = t;
			return true;
		}
		/* a .p7c bundle */
		return cs_fetched_next_update(CS_FETCHED_P7, body, &has, &t);
	case CS_OBJ_CAB:
	case CS_OBJ_ANY:
		return true;
	}
	return false;
}

static void emit(cs_machine *m, cs_event_def def, const char *url,
                 uint32_t result, bool with_result)
{
	char hex[16];
	/* CAPI2 prints <Result value="80092013">: uppercase, no 0x. */
	snprintf(hex, sizeof hex, "%X", (unsigned)result);
	const char *args[2] = {url, hex};
	cs_event_level level = result ? CS_LEVEL_ERROR : CS_LEVEL_INFORMATION;
	/* A profile without the Operational channel logs nothing; a failure
	 * to log is not a retrieval failure. */
	if (cs_event_emit_level(m, def, level, args, with_result ? 2 : 1) !=
	    CS_OK)
		m->w.trace.oom = true;
}

static cs_obs *observe(cs_machine *m, cs_account acct, const char *url,
                       cs_cryptnet_kind kind, const cs_cryptnet_request *req,
                       const cs_cryptnet_result *r, cs_rule_id rule)
{
	/* What expectations judge, announced with the trace on or off. */
	cs_decision d = {.kind = CS_DECISION_FETCH,
	                 .url = url,
	                 .wire = r->from == CS_FROM_WIRE,
	                 .cache_hit = (r->from == CS_FROM_MEMORY ||
	                               r->from == CS_FROM_DISK) &&
	                              r->outcome == CS_FETCH_OK};
	cs_world_decide(&m->w, &d);
	cs_obs *o = cs_trace_begin(&m->w.trace, m->w.now, "fetch",
	                           cs_world_account_name(&m->w, acct));
	cs_obs_rule(o, rule);
	cs_obs_str(o, "url", url);
	cs_obs_str(o, "object", cs_cryptnet_kind_name(kind));
	cs_obs_str(o, "outcome", cs_fetch_outcome_name(r->outcome));
	cs_obs_str(o, "from", cs_fetch_source_name(r->from));
	if (req->purpose)
		cs_obs_str(o, "purpose", req->purpose);
	if (r->from == CS_FROM_WIRE || r->http_status)
		cs_obs_int(o, "http_status", r->http_status);
	if (r->outcome == CS_FETCH_OK)
		cs_obs_int(o, "bytes", (int64_t)r->body.len);
	else if (r->wire_bytes)
		cs_obs_int(o, "bytes", (int64_t)r->wire_bytes);
	if (r->body_name)
		cs_obs_str(o, "content", r->body_name);
	if (r->from == CS_FROM_MEMORY) /* whose memory */
		cs_obs_str(o, "process", cs_process_name(m, acct));
	if (r->from == CS_FROM_WIRE) {
		cs_obs_str(o, "user_agent", m->w.profile->user_agent);
		cs_obs_int(o, "timeout_ms", r->timeout / 10000);
		cs_obs_int(o, "elapsed_ms", r->elapsed / 10000);
	}
	if (r->error)
		cs_obs_hresult(o, "error", r->error);
	return o;
}

/* The copy of key that a lookup at now no longer offers (its expiry
 * passed), the process's first, then the account's disk copy; NULL when
 * there is none. */
static const cs_urlcache_entry *expired_copy(cs_machine *m, cs_account acct,
                                             cs_cryptnet_process *p,
                                             bool use_memory, const char *key)
{
	const cs_urlcache_entry *e =
	    use_memory ? cs_urlcache_find(&p->memory, key) : NULL;
	if (!e)
		e = cs_urlcache_find(&m->w.accounts[acct].disk_cache, key);
	return e && e->expires != CS_URLCACHE_NEVER && e->expires <= m->w.now
	           ? e
	           : NULL;
}

static cs_status store(cs_machine *m, cs_account acct, cs_cryptnet_process *p,
                       bool use_memory, const char *key, cs_cryptnet_kind kind,
                       unsigned flags, const cs_cryptnet_result *r,
                       cs_filetime expires)
{
	bool exempt = flags & CS_RETRIEVE_NO_PREFETCH;
	cs_urlcache_entry e = {
	    .url = (char *)key,
	    .content = r->body,
	    .content_name = r->body_name,
	    .fetched = m->w.now,
	    .expires = expires,
	    .last_sync = m->w.now,
	    .prefetch_at = exempt ? 0 : cs_prefetch_time(m, kind, r->body),
	    .prefetch_exempt = exempt,
	    .used = !(flags & CS_RETRIEVE_PREFETCH),
	};
	cs_status st = cs_urlcache_put(&m->w.accounts[acct].disk_cache, &e);
	if (st == CS_OK && use_memory)
		st = cs_urlcache_put(&p->memory, &e);
	return st;
}

/* The entry of c for key that is offered now (now < expires), reporting
 * when that ends (model/horizon.h); NULL when none. */
static const cs_urlcache_entry *offered(cs_machine *m, const cs_urlcache *c,
                                        const char *key)
{
	const cs_urlcache_entry *e = cs_urlcache_find(c, key);
	return e && cs_now_before(&m->w, e->expires) ? e : NULL;
}

static cs_status from_cache(cs_machine *m, cs_account acct,
                            cs_cryptnet_process *p, bool use_memory,
                            const char *key, cs_cryptnet_result *out)
{
	cs_urlcache *disk = &m->w.accounts[acct].disk_cache;
	const cs_urlcache_entry *e =
	    use_memory ? offered(m, &p->memory, key) : NULL;
	/* A pre-fetched copy on disk that no process has used yet is newer
	 * than what the process holds: the pre-fetch exists so that it is
	 * found in the cache (DOC "Pre-Fetching"). */
	const cs_urlcache_entry *pre = offered(m, disk, key);
	if (e && pre && !pre->used && pre->fetched > e->fetched)
		e = NULL;
	out->from = CS_FROM_MEMORY;
	if (!e) {
		e = offered(m, disk, key);
		out->from = CS_FROM_DISK;
		if (e && !e->used) {
			((cs_urlcache_entry *)e)->used = true;
			cs_mutated();
		}
		/* What the disk gives the process is kept in its memory. */
		if (e && use_memory)
			CS_GUARD(cs_urlcache_put(&p->memory, e));
		if (e && use_memory)
			e = cs_urlcache_find(&p->memory, key);
	}
	if (!e) {
		out->from = CS_FROM_NONE;
		out->outcome = CS_FETCH_NOT_CACHED;
		out->error = CS_CRYPT_E_NOT_FOUND;
		return CS_OK;
	}
	out->outcome = CS_FETCH_OK;
	out->body = e->content;
	out->body_name = e->content_name;
	out->fetched = e->fetched;
	return CS_OK;
}

static void wire(cs_machine *m, const char *url, cs_cryptnet_kind kind,
                 const cs_cryptnet_request *req, int64_t timeout,
                 cs_cryptnet_result *out, cs_filetime *expires)
{
	cs_net_response resp;
	cs_net_request(&m->w.net, url, m->w.now, &resp);
	cs_horizon_at(&m->w, resp.changes_at); /* the next rule edge */
	out->from = CS_FROM_WIRE;
	out->timeout = timeout;
	out->http_status = resp.http_status;
	out->elapsed = resp.latency < timeout ? resp.latency : timeout;
	out->wire_bytes = resp.outcome == CS_NET_OK ? resp.body.len : 0;
	switch (resp.outcome) {
	case CS_NET_OK:
		if (resp.latency > timeout) {
			out->outcome = CS_FETCH_TIMEOUT;
			out->error = ERR_WINHTTP_TIMEOUT;
			out->http_status = 0;
			out->wire_bytes = 0;
		} else if (req->max_bytes && resp.body.len > req->max_bytes) {
			out->outcome = CS_FETCH_TOO_BIG;
			out->error = CS_CRYPT_E_ASN1_BADTAG;
		} else if (!object_expiry(kind, resp.body, m->w.now, expires)) {
			out->outcome = CS_FETCH_BAD_OBJECT;
			out->error = CS_CRYPT_E_ASN1_BADTAG;
			out->body_name = resp.body_name;
		} else {
			out->outcome = CS_FETCH_OK;
			out->body = resp.body;
			out->body_name = resp.body_name;
			out->fetched = m->w.now;
		}
		break;
	case CS_NET_HTTP_ERROR:
		out->outcome = CS_FETCH_HTTP_ERROR;
		out->error = ERR_HTTP_STATUS_BASE | (uint32_t)resp.http_status;
		break;
	case CS_NET_TIMEOUT:
		out->outcome = CS_FETCH_TIMEOUT;
		out->error = ERR_WINHTTP_TIMEOUT;
		out->elapsed = timeout;
		break;
	case CS_NET_REFUSED:
		out->outcome = CS_FETCH_REFUSED;
		out->error = ERR_WINHTTP_CONNECT;
		break;
	case CS_NET_DNS:
		out->outcome = CS_FETCH_DNS;
		out->error = ERR_WINHTTP_NAME;
		break;
	}
}

cs_status cs_cryptnet_retrieve(cs_machine *m, cs_account acct, const char *url,
                               cs_cryptnet_kind kind,
                               const cs_cryptnet_request *req,
                               cs_cryptnet_result *out)
{
	static const cs_cryptnet_request defaults = {0};
	if (!req)
		req = &defaults;
	memset(out, 0, sizeof *out);
	const cs_revocation_profile *rp = cs_profile_revocation(m->w.profile);
	if (acct >= m->w.naccounts)
		CS_BAIL(CS_ERR_INTERNAL);
	cs_cryptnet_process *p = cs_cryptnet_process_of(m, acct);
	if (!p)
		return cs_alloc_failed(); /* a new process's state */
	const char *key = req->cache_key ? req->cache_key : url;
	bool use_memory =
	    rp->has_memory_cache &&
	    !(req->flags & (CS_RETRIEVE_FRESH_PROCESS | CS_RETRIEVE_PREFETCH));

	if (!(req->flags & CS_RETRIEVE_WIRE_ONLY)) {
		emit(m, CS_EV_CAPI2_RETRIEVE_CACHE_START, url, 0, false);
		CS_GUARD(from_cache(m, acct, p, use_memory, key, out));
		emit(m, CS_EV_CAPI2_RETRIEVE_CACHE, url,
		     out->outcome == CS_FETCH_OK ? 0 : out->error, true);
		if (out->outcome == CS_FETCH_OK ||
		    (req->flags & CS_RETRIEVE_CACHE_ONLY)) {
			/* A miss is either no copy at all or a copy past
			 * the time it is offered through (NextUpdate):
			 * say which. */
			const cs_urlcache_entry *old =
			    out->outcome == CS_FETCH_OK
			        ? NULL
			        : expired_copy(m, acct, p, use_memory, key);
			cs_obs *o = observe(
			    m, acct, url, kind, req, out,
			    out->outcome == CS_FETCH_OK
			        ? CS_RULE_CRYPTNET_CACHE_HIT
			    : old ? CS_RULE_CRYPTNET_CACHE_EXPIRED
			          : CS_RULE_CRYPTNET_CACHE_MISS_CACHE_ONLY);
			if (old) {
				cs_obs_time(o, "offered_until",
				            old->expires -
				                old->expires %
				                    CS_TICKS_PER_SEC);
				cs_obs_time(o, "downloaded", old->fetched);
			}
			return CS_OK;
		}
		memset(out, 0, sizeof *out);
	}

	/* Offline back-off (RE; waits PARAMETER, H-rev-3). */
	const cs_backoff_entry *b = cs_backoff_find(p, url);
	if (b && b->count && !(req->flags & CS_RETRIEVE_IGNORE_BACKOFF) &&
	    cs_now_before(&m->w, b->last_failure + rp->backoff[b->count - 1])) {
		out->outcome = CS_FETCH_OFFLINE;
		out->error = CS_ERROR_NETWORK_UNREACHABLE;
		observe(m, acct, url, kind, req, out,
		        CS_RULE_CRYPTNET_OFFLINE_BACKOFF);
		return CS_OK;
	}

	/* Timeout: per URL, or half of the accumulative budget left (DOC). */
	cs_cryptnet_budget *bud = req->budget;
	int64_t timeout =
	    bud && bud->url_timeout > 0 ? bud->url_timeout : rp->url_timeout;
	if (bud && bud->accumulative) {
		if (bud->remaining <= 0) {
			out->outcome = CS_FETCH_NO_BUDGET;
			out->error = CS_ERROR_TIMEOUT;
			observe(m, acct, url, kind, req, out,
			        CS_RULE_CRYPTNET_TIMEOUT_BUDGET_SPENT);
			return CS_OK;
		}
		if (bud->remaining / 2 < timeout)
			timeout = bud->remaining / 2;
	}

	emit(m, CS_EV_CAPI2_RETRIEVE_NETWORK_START, url, 0, false);
	cs_filetime expires = CS_URLCACHE_NEVER;
	wire(m, url, kind, req, timeout, out, &expires);
	if (bud && bud->accumulative)
		bud->remaining -= out->elapsed;
	if (req->expires)
		expires = req->expires;
	emit(m, CS_EV_CAPI2_RETRIEVE_NETWORK, url, out->error, true);

	cs_status st = CS_OK;
	if (out->outcome == CS_FETCH_OK) {
		cs_backoff_clear(p, url);
		if (!(req->flags & CS_RETRIEVE_DONT_CACHE))
			st = store(m, acct, p, use_memory, key, kind,
			           req->flags, out, expires);
	} else {
		st = cs_backoff_fail(p, url, m->w.now);
	}
	cs_obs *o =
	    observe(m, acct, url, kind, req, out,
	            out->outcome == CS_FETCH_OK ? CS_RULE_CRYPTNET_WIRE_OK
	                                        : CS_RULE_CRYPTNET_WIRE_FAILED);
	/* Through when the stored copy is offered (a CRL's NextUpdate, the
	 * list's cache lifetime), to the second: the edge `capisim report`
	 * draws on the copy's bar. */
	if (out->outcome == CS_FETCH_OK &&
	    !(req->flags & CS_RETRIEVE_DONT_CACHE) &&
	    expires != CS_URLCACHE_NEVER)
		cs_obs_time(o, "offered_until",
		            expires - expires % CS_TICKS_PER_SEC);
	return st;
}
