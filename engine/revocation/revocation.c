/* Revocation checking per chain element (see revocation.h). */
#include "engine/revocation/revocation.h"
#include "engine/revocation/rev_ctx.h"
#include "model/hresult.h"
#include "model/error.h"

#include <stdio.h>
#include <string.h>

#include "engine/cryptnet/process.h"
#include "engine/revocation/store_crl.h"
#include "model/alloc.h"
#include "pki/crl.h"
#include "pki/storeadd.h"
#include "model/profile_api.h"
#include "pki/ocsp.h"
#include "model/event_catalog.h"
#include "model/horizon.h"
#include "model/profile_revocation.h"

cs_obs *cs_rev_observe(cs_rev_ctx *c, cs_rule_id rule)
{
	cs_obs *o = cs_trace_begin(&c->m->w.trace, c->now, "revocation",
	                           cs_world_account_name(&c->m->w, c->acct));
	cs_obs_rule(o, rule);
	cs_obs_str(o, "subject", cs_cert_subject(c->cert));
	return o;
}

static void emit(cs_rev_ctx *c, cs_event_def def, const char *a, uint32_t hr,
                 size_t nargs)
{
	char hex[16];
	snprintf(hex, sizeof hex, "%X", (unsigned)hr);
	const char *args[2] = {a, hex};
	cs_event_level lvl = hr ? CS_LEVEL_ERROR : CS_LEVEL_INFORMATION;
	if (cs_event_emit_level(c->m, def, lvl, args, nargs) != CS_OK)
		c->m->w.trace.oom = true;
}

static cs_status fetch(cs_rev_ctx *c, const char *url, cs_cryptnet_kind kind,
                       const char *key, unsigned flags, cs_cryptnet_result *res)
{
	if (c->call->fresh_process)
		flags |= CS_RETRIEVE_FRESH_PROCESS;
	if (c->call->ignore_backoff)
		flags |= CS_RETRIEVE_IGNORE_BACKOFF;
	if (kind == CS_OBJ_CRL && c->ocsp_failed)
		flags |= CS_RETRIEVE_NO_PREFETCH;
	cs_cryptnet_request req = {.flags = flags,
	                           .budget = c->call->budget,
	                           .cache_key = key,
	                           .purpose = "revocation"};
	return cs_cryptnet_retrieve(c->m, c->acct, url, kind, &req, res);
}

/* OCSP responses are cached per responder and certificate (the request
 * differs per certificate): key "<url>#<issuer sha1>:<serial>". */
static void ocsp_key(const cs_rev_ctx *c, const char *url, char *buf, size_t n)
{
	int k = snprintf(buf, n, "%s#%s:", url, cs_cert_sha1_hex(c->issuer));
	for (size_t i = 0;
	     k > 0 && (size_t)k + 3 < n && i < c->cert->serial.len; i++)
		k += snprintf(buf + k, n - (size_t)k, "%02x",
		              c->cert->serial.data[i]);
}

/* fCheckRevocationFreshnessTime: information issued before now - freshness
 * is stale (DOC CERT_CHAIN_PARA dwRevocationFreshnessTime). */
static bool stale(const cs_rev_ctx *c, cs_filetime this_update)
{
	return c->call->check_freshness &&
	       !cs_now_at_or_before(&c->m->w, this_update + c->call->freshness);
}

/* H-rev-7: a wire OCSP response the process caches counts for its issuer. */
static cs_status count_ocsp(cs_rev_ctx *c, const cs_cryptnet_result *res)
{
	if (res->from != CS_FROM_WIRE || c->call->fresh_process ||
	    !c->rp->has_memory_cache || !c->rp->ocsp_switch_to_crl_count)
		return CS_OK;
	return cs_ocsp_count_add(c->proc, cs_cert_sha1_hex(c->issuer));
}

/* One OCSP pass with flags; true when a URL gave good or revoked. */
static cs_status try_ocsp(cs_rev_ctx *c, unsigned flags, bool *answered)
{
	*answered = false;
	for (size_t i = 0; i < c->ocsp.n; i++) {
		const char *url = c->ocsp.v[i];
		char key[1024];
		ocsp_key(c, url, key, sizeof key);
		cs_cryptnet_result res;
		CS_GUARD(fetch(c, url, CS_OBJ_OCSP, key, flags, &res));
		if (res.outcome == CS_FETCH_OFFLINE)
			c->ocsp_backoff = true;
		if (res.outcome != CS_FETCH_OK)
			continue;
		cs_ocsp_evaluate(res.body, c->cert, c->issuer, c->now,
		                 c->rp->ocsp_signer_checked,
		                 c->rp->ocsp_time_checked, &c->ov);
		cs_horizon_at(&c->m->w, c->ov.changes_at);
		if (c->ov.status == CS_OCSP_REVOKED &&
		    !c->rp->ocsp_revoked_decodes) {
			c->ov.status = CS_OCSP_UNUSABLE;
			c->ov.why = "the profile's decoder rejects a revoked "
			            "single response (Wine 8: 0x80093103)";
		}
		cs_obs *o =
		    cs_rev_observe(c, CS_RULE_REVOCATION_OCSP_EVALUATED);
		cs_obs_str(o, "url", url);
		cs_obs_str(o, "status", cs_ocsp_status_name(c->ov.status));
		if (c->ov.why)
			cs_obs_str(o, "why", c->ov.why);
		bool usable = c->ov.status == CS_OCSP_GOOD ||
		              c->ov.status == CS_OCSP_REVOKED;
		if (usable && res.from != CS_FROM_WIRE &&
		    stale(c, c->ov.this_update)) {
			cs_obs *s = cs_rev_observe(
			    c, CS_RULE_REVOCATION_FRESHNESS_STALE);
			cs_obs_str(s, "url", url);
			continue;
		}
		if (usable) {
			c->ocsp_url = url;
			*answered = true;
			return count_ocsp(c, &res);
		}
		if (c->ov.status == CS_OCSP_UNUSABLE)
			emit(c, CS_EV_CAPI2_REJECT_REVOCATION_INFO, url,
			     CS_CRYPT_E_REVOCATION_OFFLINE, 2);
	}
	return CS_OK;
}

/* Does CRLValidityExtensionPeriod apply to this call (H-rev-4)? */
static bool extension_applies(const cs_rev_ctx *c)
{
	switch (c->rp->crl_validity_extension_scope) {
	case CS_CRL_EXTENSION_ALWAYS:
		return true;
	case CS_CRL_EXTENSION_PAST_TIME:
		/* a pTime in the past; never the clock itself */
		return !c->call->verify_time_is_now &&
		       !cs_now_at_or_before(&c->m->w, c->call->verify_time);
	case CS_CRL_EXTENSION_NEVER:
		break;
	}
	return false;
}

/* cs_crl_check, with an expired CRL accepted up to NextUpdate +
 * CRLValidityExtensionPeriod where the extension applies. */
cs_crl_verdict cs_rev_crl_verdict(const cs_rev_ctx *c, const cs_crl *crl)
{
	cs_world *w = &c->m->w;
	/* CertVerifyCRLTimeValidity's edges, reported (model/horizon.h) */
	if (c->rp->crl_time_checked && !cs_now_before(w, crl->this_update))
		(void)cs_now_at_or_before(w, crl->next_update);
	cs_crl_verdict v =
	    cs_crl_check(crl, c->issuer, c->now, c->rp->crl_signature_checked,
	                 c->rp->crl_time_checked);
	if (v == CS_CRL_EXPIRED && extension_applies(c) &&
	    cs_now_at_or_before(w, crl->next_update +
	                               c->rp->crl_validity_extension))
		v = CS_CRL_VALID;
	return v;
}

/* The CRL was accepted only thanks to the extension. */
static bool extended(const cs_rev_ctx *c, const cs_crl *crl)
{
	return crl && c->rp->crl_time_checked &&
	       !cs_now_at_or_before(&c->m->w, crl->next_update);
}

/* A CRL from url with flags, usable for c->issuer now; NULL otherwise. */
static cs_status load_crl(cs_rev_ctx *c, const char *url, unsigned flags,
                          bool want_delta, const cs_crl **out)
{
	*out = NULL;
	cs_cryptnet_result res;
	CS_GUARD(fetch(c, url, CS_OBJ_CRL, NULL, flags, &res));
	if (res.outcome != CS_FETCH_OK)
		return CS_OK;
	const cs_crl *crl;
	cs_status st = cs_crl_get(c->m->pool, res.body, &crl);
	CS_FORWARD_FAILURE(st); /* not the CRL's fault */
	cs_crl_verdict v =
	    st != CS_OK ? CS_CRL_WRONG_ISSUER : cs_rev_crl_verdict(c, crl);
	if (v == CS_CRL_VALID && crl->is_delta != want_delta)
		v = CS_CRL_WRONG_ISSUER;
	if (v != CS_CRL_VALID) {
		cs_obs *o = cs_rev_observe(c, CS_RULE_REVOCATION_CRL_REJECTED);
		cs_obs_str(o, "url", url);
		cs_obs_str(o, "verdict", cs_crl_verdict_name(v));
		cs_obs_str(o, "from", cs_fetch_source_name(res.from));
		emit(c, CS_EV_CAPI2_REJECT_REVOCATION_INFO, url,
		     CS_CRYPT_E_REVOCATION_OFFLINE, 2);
		return CS_OK;
	}
	*out = crl;
	return CS_OK;
}

/* RFC 5280 5.2.4: a delta goes with a complete CRL whose number is at
 * least the delta's BaseCRLNumber. */
static bool delta_fits(const cs_crl *base, const cs_crl *delta)
{
	return base->number < 0 || delta->base_number <= base->number;
}

/* Next CRL Publish has passed: fetch a newer copy first (DOC TechNet PKI
 * blog "How EffectiveDate, NextUpdate and NextCRLPublish are calculated"). */
static bool due(const cs_rev_ctx *c, const cs_crl *crl)
{
	return c->rp->refresh_at_next_crl_publish && crl->next_publish &&
	       !cs_now_before(&c->m->w, crl->next_publish);
}

static bool base_led(const cs_rev_ctx *c)
{
	return c->rp->crl_freshness == CS_CRL_FRESHNESS_BASE_LED;
}

static cs_strlist delta_urls(const cs_rev_ctx *c)
{
	if (!c->rp->has_delta_crl)
		return (cs_strlist){NULL, 0};
	const cs_crl *b = c->base ? c->base : c->held;
	if (b && b->nfreshest)
		return (cs_strlist){b->freshest, b->nfreshest};
	return cs_cert_freshest_crl_urls(c->cert);
}

static cs_status find_base(cs_rev_ctx *c, unsigned flags, const cs_crl **out,
                           const char **url)
{
	*out = NULL;
	for (size_t i = 0; i < c->cdp.n && !*out; i++) {
		CS_GUARD(load_crl(c, c->cdp.v[i], flags, false, out));
		*url = c->cdp.v[i];
	}
	return CS_OK;
}

static cs_status find_delta(cs_rev_ctx *c, unsigned flags, const cs_crl **out)
{
	*out = NULL;
	cs_strlist d = delta_urls(c);
	for (size_t i = 0; i < d.n && !*out; i++) {
		CS_GUARD(load_crl(c, d.v[i], flags, true, out));
		if (*out)
			c->delta_seen = *out;
		const cs_crl *b = c->base ? c->base : c->held;
		if (*out && b && !delta_fits(b, *out))
			c->superseded = true;
		if (*out && c->base && !delta_fits(c->base, *out)) {
			cs_obs *o = cs_rev_observe(
			    c, CS_RULE_REVOCATION_DELTA_BASE_MISMATCH);
			cs_obs_str(o, "url", d.v[i]);
			cs_obs_int(o, "base_crl_number", c->base->number);
			cs_obs_int(o, "delta_base_number", (*out)->base_number);
			*out = NULL;
		}
		c->delta_url = d.v[i];
	}
	return CS_OK;
}

/* H-rev-1 (docs/hypotheses.md): on an unpatched profile, an OCSP failure
 * makes the fall-over reuse the base CRL copy the process holds instead of
 * retrieving the CDP. The columns choose the alternative: held back by a pin
 * of kb2666300_pin (a fixed time, the copy's publication interval, or until
 * reboot) taken once per process or once per copy, or only while the OCSP
 * URL is in its offline back-off. True when the base is held back; c->base
 * is then the held copy if still valid. */
static cs_status kb2666300_pin(cs_rev_ctx *c, bool *pinned)
{
	*pinned = false;
	if (!c->rp->kb2666300_defect || c->call->fresh_process ||
	    !c->rp->has_memory_cache || c->cdp.n == 0)
		return CS_OK;
	cs_cryptnet_process *p = c->proc;
	const char *url = c->cdp.v[0];
	const cs_urlcache_entry *held = cs_urlcache_find(&p->memory, url);
	const cs_crl *crl;
	if (!held || cs_crl_get(c->m->pool, held->content, &crl) != CS_OK)
		return CS_OK; /* nothing held (after reboot): normal path */
	cs_crl_pin *pin = cs_pin_find(p, url);
	if (c->rp->kb2666300_gate == CS_PIN_GATE_OCSP_BACKOFF) {
		*pinned = c->ocsp_backoff;
	} else {
		bool fresh_pin =
		    c->rp->kb2666300_rearm == CS_PIN_REARM_ONCE
		        ? !pin
		        : !pin || pin->copy_this_update != crl->this_update;
		if (fresh_pin) {
			int64_t len = c->rp->kb2666300_pin;
			if (len == CS_PIN_INTERVAL)
				len = (crl->next_publish ? crl->next_publish
				                         : crl->next_update) -
				      crl->this_update;
			cs_filetime until = len == CS_PIN_UNTIL_REBOOT ||
			                            c->now > INT64_MAX - len
			                        ? INT64_MAX
			                        : c->now + len;
			CS_GUARD(cs_pin_set(p, url, crl->this_update, until));
			pin = cs_pin_find(p, url);
		}
		*pinned = cs_now_before(&c->m->w, pin->until);
	}
	if (!*pinned && !pin)
		return CS_OK; /* the back-off gate did not close: nothing to say
		               */
	cs_obs *o = cs_rev_observe(
	    c, *pinned ? CS_RULE_REVOCATION_KB2666300_BASE_CRL_PINNED
	               : CS_RULE_REVOCATION_KB2666300_PIN_RELEASED);
	cs_obs_str(o, "url", url);
	cs_obs_time(o, "copy_this_update", crl->this_update);
	if (pin && pin->until != INT64_MAX)
		cs_obs_time(o, "pinned_until", pin->until);
	else if (c->rp->kb2666300_gate == CS_PIN_GATE_OCSP_BACKOFF)
		cs_obs_str(o, "pinned_while", "the OCSP URL is in back-off");
	else
		cs_obs_str(o, "pinned_until", "reboot");
	if (*pinned) {
		c->base_url = url;
		c->held = crl;
		c->base =
		    cs_rev_crl_verdict(c, crl) == CS_CRL_VALID ? crl : NULL;
	}
	return CS_OK;
}

static cs_obs *finish_offline(cs_rev_ctx *c, cs_revocation_outcome *out,
                              cs_rule_id rule)
{
	if (cs_rev_store_proves_revoked(c, out))
		return NULL; /* nothing for the caller to add */
	out->error_bits = c->rp->offline_bits;
	out->info.present = true;
	out->info.result = CS_CRYPT_E_REVOCATION_OFFLINE;
	cs_obs *o = cs_rev_observe(c, rule);
	cs_obs_hex32(o, "error_status", out->error_bits);
	cs_obs_hresult(o, "result", out->info.result);
	return o;
}

void cs_rev_finish_revoked(cs_rev_ctx *c, cs_revocation_outcome *out,
                           const char *method, const char *url,
                           cs_filetime when)
{
	/* Revoked "by then": a revocation after pTime does not count
	 * (RULES.md 1). */
	if (cs_time_before(&c->m->w, c->call->verify_time,
	                   c->call->verify_time_is_now, when)) {
		out->info.result = 0;
		return;
	}
	out->error_bits = CS_TRUST_IS_REVOKED;
	out->info.result = CS_CRYPT_E_REVOKED;
	out->info.revoked_at = when;
	(void)method;
	(void)url;
}

static void finish_crl(cs_rev_ctx *c, cs_revocation_outcome *out)
{
	out->info.present = true;
	out->info.method = c->delta ? "delta-crl" : "crl";
	out->info.url = c->delta ? c->delta_url : c->base_url;
	out->info.has_freshness = true;
	/* An age in seconds: no step emits it today; one that does must
	 * report it (cs_horizon_exact, model/horizon.h). */
	out->info.freshness_seconds =
	    (c->now - (c->delta ? c->delta : c->base)->this_update) /
	    CS_TICKS_PER_SEC;
	cs_filetime when = 0;
	cs_crl_entry e = c->delta ? cs_crl_lookup(c->delta, c->cert, &when)
	                          : CS_CRL_ENTRY_NONE;
	if (e == CS_CRL_ENTRY_NONE)
		e = cs_crl_lookup(c->base, c->cert, &when);
	if (e == CS_CRL_ENTRY_REVOKED) {
		cs_rev_finish_revoked(c, out, out->info.method, out->info.url,
		                      when);
		cs_crl_entry_info entry;
		if (out->info.result &&
		    cs_crl_find_entry(c->delta ? c->delta : c->base, c->cert,
		                      &entry) &&
		    entry.reason > 0)
			out->reason = (uint32_t)entry.reason;
	}
	if (extended(c, c->base) || extended(c, c->delta))
		out->info_bits |= CS_TRUST_HAS_CRL_VALIDITY_EXTENDED;
	if (!c->delta && delta_urls(c).n) {
		cs_obs *a =
		    cs_rev_observe(c, CS_RULE_REVOCATION_DELTA_BASE_ALONE);
		cs_obs_str(a, "url", c->base_url);
	}
	cs_obs *o =
	    cs_rev_observe(c, out->error_bits ? CS_RULE_REVOCATION_CRL_REVOKED
	                                      : CS_RULE_REVOCATION_CRL_GOOD);
	cs_obs_str(o, "method", out->info.method);
	cs_obs_str(o, "url", out->info.url);
	cs_obs_time(o, "next_update",
	            (c->delta ? c->delta : c->base)->next_update);
	cs_obs_hresult(o, "result", out->info.result);
	if (out->info_bits & CS_TRUST_HAS_CRL_VALIDITY_EXTENDED)
		cs_obs_str(o, "validity_extended",
		           "CRLValidityExtensionPeriod (H-rev-4)");
}

static void finish_ocsp(cs_rev_ctx *c, cs_revocation_outcome *out)
{
	out->info.present = true;
	out->info.method = "ocsp";
	out->info.url = c->ocsp_url;
	out->info.has_freshness = true;
	out->info.freshness_seconds =
	    (c->now - c->ov.this_update) / CS_TICKS_PER_SEC;
	if (c->ov.status == CS_OCSP_REVOKED)
		cs_rev_finish_revoked(c, out, "ocsp", c->ocsp_url,
		                      c->ov.revoked_at);
	cs_obs *o =
	    cs_rev_observe(c, out->error_bits ? CS_RULE_REVOCATION_OCSP_REVOKED
	                                      : CS_RULE_REVOCATION_OCSP_GOOD);
	cs_obs_str(o, "url", c->ocsp_url);
	cs_obs_hresult(o, "result", out->info.result);
}

static cs_status crl_complete(cs_rev_ctx *c, bool *complete)
{
	*complete = false;
	if (!c->base)
		return CS_OK;
	if (base_led(c)) {
		/* H-rev-8: the base answers alone when no usable delta is
		 * held, unless a delta proved the base out of date. */
		*complete = !c->superseded;
		return CS_OK;
	}
	*complete = delta_urls(c).n == 0 || c->delta;
	return CS_OK;
}

/* H-rev-7: the process cached enough OCSP responses of this issuer that
 * the CRL is tried first (DOC CryptnetCachedOcspSwitchToCrlCount). */
static bool switch_to_crl(cs_rev_ctx *c)
{
	unsigned n = c->rp->ocsp_switch_to_crl_count;
	if (!n || c->ocsp.n == 0 || c->cdp.n == 0 || c->call->fresh_process ||
	    !c->rp->has_memory_cache)
		return false;
	unsigned have = cs_ocsp_count_get(c->proc, cs_cert_sha1_hex(c->issuer));
	bool sw = c->rp->ocsp_switch_inclusive ? have >= n : have > n;
	if (sw) {
		cs_obs *o =
		    cs_rev_observe(c, CS_RULE_REVOCATION_OCSP_SWITCH_TO_CRL);
		cs_obs_int(o, "cached_ocsp", have);
		cs_obs_int(o, "switch_count", n);
	}
	return sw;
}

/* The CRL part of the wire pass: the base CRL when missing, due or stale
 * (the H-rev-1 pin may hold it back), then the delta. */
static cs_status wire_crls(cs_rev_ctx *c, bool *pinned)
{
	*pinned = false;
	bool base_needed =
	    !c->base || due(c, c->base) ||
	    (delta_urls(c).n == 0 && stale(c, c->base->this_update));
	if (c->ocsp_failed && base_needed)
		CS_GUARD(kb2666300_pin(c, pinned));
	bool base_fetched = false;
	if (!*pinned && base_needed) {
		const cs_crl *fresh = NULL;
		const char *url = NULL;
		CS_GUARD(find_base(c, CS_RETRIEVE_WIRE_ONLY, &fresh, &url));
		if (fresh && fresh != c->base) {
			c->base = fresh;
			c->base_url = url;
			c->delta = NULL; /* a new base wants its delta */
			base_fetched = true;
		}
	}
	/* The delta is fetched when none is cached, the cached one is due or
	 * stale, or a new base came: a cached delta that names a newer base
	 * than the one held is not fetched again before it is due - the wire
	 * would give the same delta (H-rev-1). */
	if (!c->delta && !c->delta_seen && (c->base || c->held)) {
		const cs_crl *d = NULL; /* what the caches hold, if anything */
		CS_GUARD(find_delta(c, CS_RETRIEVE_CACHE_ONLY, &d));
		c->delta = d;
	}
	const cs_crl *have = c->delta ? c->delta : c->delta_seen;
	if ((c->base || c->held) && (base_fetched || !have || due(c, have) ||
	                             stale(c, have->this_update))) {
		const cs_crl *d = NULL;
		CS_GUARD(find_delta(c, CS_RETRIEVE_WIRE_ONLY, &d));
		if (d)
			c->delta = d;
	}
	return CS_OK;
}

/* When the process (or, for a short-lived one, the account's disk cache)
 * last downloaded one of this certificate's delta CRLs; false when never. */
static bool delta_fetched_at(cs_rev_ctx *c, cs_filetime *at)
{
	cs_strlist d = delta_urls(c);
	const cs_cryptnet_process *p = c->proc;
	const cs_urlcache *disk = &c->m->w.accounts[c->acct].disk_cache;
	bool any = false;
	for (size_t i = 0; i < d.n; i++) {
		const cs_urlcache_entry *e =
		    p ? cs_urlcache_find(&p->memory, d.v[i]) : NULL;
		if (!e)
			e = cs_urlcache_find(disk, d.v[i]);
		if (e && (!any || e->fetched > *at)) {
			*at = e->fetched;
			any = true;
		}
	}
	return any;
}

/* H-rev-8, the base CRL leads: the wire pass is for the base (missing,
 * expired, due at its Next CRL Publish, or out of date because a delta
 * names a newer one); the delta is fetched with a new base, and otherwise
 * once per renewal of the base - when none was downloaded since the base's
 * Next CRL Publish. The H-rev-1 pin can hold the base back. */
static cs_status wire_crls_base_led(cs_rev_ctx *c, bool *pinned)
{
	*pinned = false;
	if (c->ocsp_failed)
		CS_GUARD(kb2666300_pin(c, pinned));
	bool base_fetched = false;
	if (!*pinned) {
		const cs_crl *fresh = NULL;
		const char *url = NULL;
		CS_GUARD(find_base(c, CS_RETRIEVE_WIRE_ONLY, &fresh, &url));
		if (fresh && fresh != c->base) {
			c->base = fresh;
			c->base_url = url;
			c->delta = NULL;
			c->superseded = false;
			base_fetched = true;
		}
	}
	const cs_crl *b = c->base ? c->base : c->held;
	if (!b || delta_urls(c).n == 0)
		return CS_OK;
	/* The moment the base needed replacing: its Next CRL Publish, or its
	 * NextUpdate when it has expired. */
	cs_filetime mark = due(c, b) ? b->next_publish
	                   : !cs_now_at_or_before(&c->m->w, b->next_update)
	                       ? b->next_update
	                       : 0;
	cs_filetime at = 0;
	bool have = delta_fetched_at(c, &at);
	if (base_fetched || !have || (mark && at < mark) ||
	    (c->delta && stale(c, c->delta->this_update))) {
		bool was = c->superseded;
		c->superseded = false;
		const cs_crl *d = NULL;
		CS_GUARD(find_delta(c, CS_RETRIEVE_WIRE_ONLY, &d));
		if (d)
			c->delta = d;
		else
			c->superseded = c->superseded || was;
	}
	return CS_OK;
}

static cs_status check(cs_rev_ctx *c, cs_revocation_outcome *out)
{
	bool answered, complete;
	/* Pass 1: caches only (memory, disk). */
	CS_GUARD(try_ocsp(c, CS_RETRIEVE_CACHE_ONLY, &answered));
	if (answered) {
		finish_ocsp(c, out);
		return CS_OK;
	}
	CS_GUARD(find_base(c, CS_RETRIEVE_CACHE_ONLY, &c->base, &c->base_url));
	if (!c->base)
		cs_rev_store_base(c);
	if (c->base)
		CS_GUARD(find_delta(c, CS_RETRIEVE_CACHE_ONLY, &c->delta));
	CS_GUARD(crl_complete(c, &complete));
	bool cache_only =
	    c->call->chain_flags & (CS_CHAIN_CACHE_ONLY_URL_RETRIEVAL |
	                            CS_CHAIN_REVOCATION_CHECK_CACHE_ONLY);
	const cs_crl *newest = c->delta ? c->delta : c->base;
	bool fresh_enough = complete && !due(c, c->base) &&
	                    !(!base_led(c) && c->delta && due(c, c->delta)) &&
	                    !stale(c, newest->this_update);
	if (complete && !cache_only && !fresh_enough &&
	    stale(c, newest->this_update)) {
		cs_obs *o =
		    cs_rev_observe(c, CS_RULE_REVOCATION_FRESHNESS_STALE);
		cs_obs_time(o, "this_update", newest->this_update);
	}
	if (complete && (cache_only || fresh_enough)) {
		finish_crl(c, out);
		return CS_OK;
	}
	if (cache_only) {
		finish_offline(c, out, CS_RULE_REVOCATION_CACHE_ONLY_NO_INFO);
		return CS_OK;
	}

	/* Pass 2: the wire. OCSP first (DOC), unless the process switched
	 * this issuer to the CRL (H-rev-7). */
	bool pinned = false;
	bool crl_first = switch_to_crl(c);
	if (crl_first) {
		CS_GUARD(base_led(c) ? wire_crls_base_led(c, &pinned)
		                     : wire_crls(c, &pinned));
		CS_GUARD(crl_complete(c, &complete));
		if (complete) {
			finish_crl(c, out);
			return CS_OK;
		}
	}
	CS_GUARD(try_ocsp(c, CS_RETRIEVE_WIRE_ONLY, &answered));
	if (answered) {
		finish_ocsp(c, out);
		return CS_OK;
	}
	c->ocsp_failed = c->ocsp.n > 0;
	if (!crl_first)
		CS_GUARD(base_led(c) ? wire_crls_base_led(c, &pinned)
		                     : wire_crls(c, &pinned));
	CS_GUARD(crl_complete(c, &complete));
	if (complete) {
		finish_crl(c, out);
		return CS_OK;
	}
	if (!pinned) {
		finish_offline(c, out,
		               CS_RULE_REVOCATION_OFFLINE_NO_VALID_INFO);
		return CS_OK;
	}
	/* The held base cannot answer: it expired, or a delta CRL names a
	 * newer base (RFC 5280 5.2.4) - it is out of date although still
	 * within its validity. */
	bool expired = !c->base;
	cs_obs *o = finish_offline(
	    c, out,
	    expired ? CS_RULE_REVOCATION_KB2666300_STALE_BASE_CRL
	            : CS_RULE_REVOCATION_KB2666300_SUPERSEDED_BASE_CRL);
	if (c->held) {
		cs_obs_str(o, "url", c->base_url);
		cs_obs_time(o, "next_update", c->held->next_update);
		if (!expired && c->delta_seen)
			cs_obs_int(o, "newer_base_number",
			           c->delta_seen->base_number);
	}
	return CS_OK;
}

/* ---- Wine 8's per-certificate status cache (status_cache_per_cert) ---- */

static const char STATUS_GOOD[] = "good", STATUS_REVOKED[] = "revoked";

static void status_key(const struct cs_cert *cert, char *buf, size_t n)
{
	snprintf(buf, n, "wine-revocation-status:%s", cs_cert_sha1_hex(cert));
}

/* A cached answer still valid at the verify time (WINE compares pTime
 * with the stored NextUpdate: valid while pTime <= NextUpdate). */
static bool status_cached(cs_rev_ctx *c, cs_revocation_outcome *out)
{
	char key[96];
	status_key(c->cert, key, sizeof key);
	const cs_urlcache_entry *e =
	    cs_urlcache_find(&c->m->w.accounts[c->acct].disk_cache, key);
	if (!e || !cs_time_before(&c->m->w, c->call->verify_time,
	                          c->call->verify_time_is_now, e->expires))
		return false;
	bool revoked = e->content.len == sizeof STATUS_REVOKED - 1;
	out->info.present = true;
	out->info.method = "status-cache";
	out->info.result = revoked ? CS_CRYPT_E_REVOKED : 0;
	out->error_bits = revoked ? CS_TRUST_IS_REVOKED : 0;
	cs_obs *o = cs_rev_observe(c, CS_RULE_REVOCATION_STATUS_CACHE_HIT);
	cs_obs_time(o, "valid_until", e->expires - 1);
	cs_obs_hresult(o, "result", out->info.result);
	return true;
}

static cs_status status_store(cs_rev_ctx *c, const cs_revocation_outcome *out)
{
	cs_filetime next = 0;
	if (out->info.method && strcmp(out->info.method, "ocsp") == 0)
		next = c->ov.next_update;
	else if (out->info.method && c->base)
		next = (c->delta ? c->delta : c->base)->next_update;
	bool revoked = out->info.result == CS_CRYPT_E_REVOKED;
	if (!out->info.present || (out->info.result && !revoked) || !next ||
	    next == CS_URLCACHE_NEVER)
		return CS_OK; /* WINE: only good/revoked with a NextUpdate */
	char key[96];
	status_key(c->cert, key, sizeof key);
	const char *body = revoked ? STATUS_REVOKED : STATUS_GOOD;
	cs_urlcache_entry e = {
	    .url = key,
	    .content = {(const unsigned char *)body, strlen(body)},
	    .content_name = "revocation status",
	    .fetched = c->now,
	    .expires = next + 1,
	    .last_sync = c->now,
	};
	return cs_urlcache_put(&c->m->w.accounts[c->acct].disk_cache, &e);
}

/* WINE: the top element goes to cryptnet with no issuer. OCSP and the CDP
 * both need one and answer REVOCATION_OFFLINE; a certificate without a
 * CDP ends in the no-CDP branch, NO_REVOCATION_CHECK, which CHECK_CHAIN
 * ignores (CRYPT_VerifyChainRevocation). No request is made. */
static void no_issuer(cs_rev_ctx *c, cs_revocation_outcome *out)
{
	bool has_cdp = c->cdp.n > 0;
	out->info.present = true;
	out->info.result = has_cdp ? CS_CRYPT_E_REVOCATION_OFFLINE
	                           : CS_CRYPT_E_NO_REVOCATION_CHECK;
	out->error_bits =
	    has_cdp ? c->rp->offline_bits
	    : (c->call->chain_flags & CS_CHAIN_REVOCATION_CHECK_CHAIN)
	        ? 0
	        : c->rp->no_method_bits;
	cs_obs *o = cs_rev_observe(c, CS_RULE_REVOCATION_NO_ISSUER);
	cs_obs_hresult(o, "result", out->info.result);
	cs_obs_hex32(o, "error_status", out->error_bits);
}

cs_status cs_revocation_check_element(cs_machine *m, cs_account acct,
                                      const struct cs_cert *cert,
                                      const struct cs_cert *issuer,
                                      const cs_revocation_call *call,
                                      cs_revocation_outcome *out)
{
	memset(out, 0, sizeof *out);
	cs_rev_ctx c = {.m = m,
	                .acct = acct,
	                .cert = cert,
	                .issuer = issuer,
	                .call = call,
	                .rp = cs_profile_revocation(m->w.profile),
	                .now = m->w.now};
	if (!call->fresh_process) {
		/* the calling process (created on its first use) */
		c.proc = cs_cryptnet_process_of(m, acct);
		if (!c.proc)
			return cs_alloc_failed();
	}
	c.cdp = cs_cert_cdp_urls(cert);
	if (c.rp->has_ocsp)
		c.ocsp = cs_cert_aia_ocsp_urls(cert);
	emit(&c, CS_EV_CAPI2_VERIFY_REVOCATION_START, NULL, 0, 0);
	cs_status st = CS_OK;
	if (c.rp->status_cache_per_cert && status_cached(&c, out)) {
		/* answered from Wine's status cache */
	} else if (!issuer) {
		no_issuer(&c, out);
	} else if (c.cdp.n == 0 && c.ocsp.n == 0 && call->ncrl_stores &&
	           cs_rev_store_only(&c, out)) {
		/* judged by a CRL handed in (store_crl.h) */
	} else if (c.cdp.n == 0 && c.ocsp.n == 0) {
		out->error_bits = c.rp->no_method_bits;
		out->info.present = true;
		out->info.result = CS_CRYPT_E_NO_REVOCATION_CHECK;
		cs_obs *o = cs_rev_observe(&c, CS_RULE_REVOCATION_NO_METHOD);
		cs_obs_hex32(o, "error_status", out->error_bits);
	} else {
		st = check(&c, out);
		if (st == CS_OK && c.rp->status_cache_per_cert)
			st = status_store(&c, out);
	}
	emit(&c, CS_EV_CAPI2_VERIFY_REVOCATION, cs_cert_subject(cert),
	     out->info.result, 2);
	return st;
}
