/* The CRLs handed in to a revocation check - CertVerifyRevocation's
 * hCrlStore, the chain's stores - as the check uses them (rev_ctx.h). */
#include "engine/revocation/rev_ctx.h"

#include "engine/revocation/store_crl.h"
#include "model/hresult.h"
#include "model/profile_api.h"
#include "pki/storeadd.h"

/* A CRL handed in (hCrlStore, the chain's stores) proves a revocation
 * even after its NextUpdate (engine/revocation/store_crl.h: a revocation
 * does not expire): the last word before "offline". */
bool cs_rev_store_proves_revoked(cs_rev_ctx *c, cs_revocation_outcome *out)
{
	if (!c->call->ncrl_stores ||
	    !cs_profile_api(c->m->w.profile)->store_crl_in_lookup_order)
		return false;
	cs_store_crl_result r;
	cs_store_crl_check(&c->m->w, c->call->crl_stores, c->call->ncrl_stores,
	                   c->cert, c->issuer, c->call->verify_time,
	                   c->call->verify_time_is_now, &r);
	if (r.verdict != CS_STORE_CRL_REVOKED)
		return false;
	out->info.present = true;
	out->info.method = "store-crl";
	cs_rev_finish_revoked(c, out, "store-crl", NULL, r.entry.revoked_at);
	out->reason = r.entry.reason > 0 ? (uint32_t)r.entry.reason : 0;
	cs_obs *o = cs_rev_observe(c, CS_RULE_REVOCATION_STORE_CRL_REVOKED);
	cs_obs_time(o, "revocation_date", r.entry.revoked_at);
	cs_obs_time(o, "crl_next_update", r.crl->next_update);
	cs_obs_hresult(o, "result", out->info.result);
	return true;
}

/* The store step of the CRL lookup order (RULES.md 4: memory, disk, store,
 * network): a base CRL of the issuer among the CRLs handed in, usable now
 * as a cached copy would be (signature, time). */
void cs_rev_store_base(cs_rev_ctx *c)
{
	if (!c->call->ncrl_stores ||
	    !cs_profile_api(c->m->w.profile)->store_crl_in_lookup_order)
		return;
	cs_crl_find f = {.type = CS_CRL_FIND_ISSUED_BY,
	                 .flags = CS_CRL_FIND_ISSUED_BY_AKI_FLAG |
	                          CS_CRL_FIND_ISSUED_BY_BASE_FLAG,
	                 .cert = c->issuer};
	for (size_t s = 0; s < c->call->ncrl_stores && !c->base; s++) {
		const cs_store *st = c->call->crl_stores[s];
		size_t at = 0;
		while (!c->base && cs_store_find_crl(st, &f, &at)) {
			const cs_crl *crl = st->crls[at++];
			if (cs_rev_crl_verdict(c, crl) == CS_CRL_VALID)
				c->base = crl;
		}
	}
	if (!c->base)
		return;
	c->base_url = "(store)";
	cs_obs *o = cs_rev_observe(c, CS_RULE_REVOCATION_CRL_FROM_STORE);
	cs_obs_time(o, "this_update", c->base->this_update);
	cs_obs_time(o, "next_update", c->base->next_update);
}

/* No CDP and no OCSP URL: a CRL of the issuer handed in decides
 * (store_crl.h: revoked, or offline - never good); false when there is
 * none. */
bool cs_rev_store_only(cs_rev_ctx *c, cs_revocation_outcome *out)
{
	cs_store_crl_result r;
	cs_store_crl_check(&c->m->w, c->call->crl_stores, c->call->ncrl_stores,
	                   c->cert, c->issuer, c->call->verify_time,
	                   c->call->verify_time_is_now, &r);
	if (r.verdict == CS_STORE_CRL_NONE)
		return false;
	out->info.present = true;
	out->info.method = "store-crl";
	out->info.result = cs_store_crl_hresult(r.verdict);
	out->error_bits = r.verdict == CS_STORE_CRL_REVOKED
	                      ? CS_TRUST_IS_REVOKED
	                      : c->rp->offline_bits;
	if (r.verdict == CS_STORE_CRL_REVOKED) {
		out->info.revoked_at = r.entry.revoked_at;
		out->reason = r.entry.reason > 0 ? (uint32_t)r.entry.reason : 0;
	}
	cs_obs *o =
	    cs_rev_observe(c, r.verdict == CS_STORE_CRL_REVOKED
	                          ? CS_RULE_REVOCATION_STORE_CRL_REVOKED
	                          : CS_RULE_REVOCATION_STORE_CRL_NOT_PROVEN);
	cs_obs_time(o, "checked_at", c->call->verify_time);
	cs_obs_time(o, "crl_this_update", r.crl->this_update);
	if (r.listed)
		cs_obs_time(o, "revocation_date", r.entry.revoked_at);
	cs_obs_hresult(o, "result", out->info.result);
	return true;
}
