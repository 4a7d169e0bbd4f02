/* CertVerifyRevocation and CertDllVerifyRevocation (see
 * verify_revocation.h). */
#include "engine/revocation/verify_revocation.h"

#include "engine/cryptnet/retrieve.h"
#include "engine/revocation/revocation.h"
#include "model/profile_api.h"
#include "model/hresult.h"

/* CERT_REVOCATION_STATUS: 24 bytes; its first version (before
 * fHasFreshnessTime) 16. */
#define STATUS_SIZE    24u
#define STATUS_SIZE_V1 16u

typedef struct {
	cs_machine *m;
	cs_account acct;
	const cs_rev_call *call;
	cs_filetime t; /* the time checked */
	bool t_is_now; /* no pftTimeToUse: the clock's (model/horizon.h) */
} rev_api;

static cs_obs *observe(const rev_api *a, cs_rule_id rule)
{
	cs_obs *o = cs_trace_begin(&a->m->w.trace, a->m->w.now, "revocation",
	                           cs_world_account_name(&a->m->w, a->acct));
	cs_obs_rule(o, rule);
	cs_obs_str(o, "entry",
	           a->call->via_crypt32 ? "CertVerifyRevocation"
	                                : "CertDllVerifyRevocation");
	return o;
}

/* One certificate, issued by issuer: the HRESULT and dwReason. The
 * revocation provider's rules for one element (revocation.h), the CRLs of
 * hCrlStore handed in: for a certificate without CDP or OCSP URL they
 * decide alone (store_crl.h), for one with a CDP they are the store step
 * of the lookup order. */
static cs_status check_one(const rev_api *a, const struct cs_cert *cert,
                           const struct cs_cert *issuer, uint32_t *hr,
                           uint32_t *reason)
{
	const cs_rev_para *para = &a->call->para;
	const cs_store *stores[1] = {para->present ? para->crl_store : NULL};
	cs_cryptnet_budget budget;
	cs_cryptnet_budget_init(&budget, a->m, false);
	cs_revocation_call rc = {.budget = &budget,
	                         .verify_time = a->t,
	                         .verify_time_is_now = a->t_is_now,
	                         .crl_stores = stores,
	                         .ncrl_stores = stores[0] ? 1 : 0};
	cs_revocation_outcome out;
	cs_status st =
	    cs_revocation_check_element(a->m, a->acct, cert, issuer, &rc, &out);
	if (st != CS_OK)
		return st;
	*hr =
	    out.info.present ? out.info.result : CS_CRYPT_E_REVOCATION_OFFLINE;
	*reason = out.reason;
	return CS_OK;
}

static void fail_args(const rev_api *a, uint32_t hr, uint32_t *last_error,
                      cs_rev_status *status, bool write_status, cs_rule_id rule)
{
	*last_error = hr;
	if (write_status) {
		status->index = 0;
		status->error = hr;
		status->reason = 0;
	}
	cs_obs *o = observe(a, rule);
	cs_obs_hresult(o, "result", hr);
}

/* cryptnet's CertDllVerifyRevocation. */
static cs_status provider(const rev_api *a, bool *ret, uint32_t *last_error,
                          cs_rev_status *status)
{
	const cs_rev_call *c = a->call;
	const cs_api_profile *ap = cs_profile_api(a->m->w.profile);
	*ret = false;
	if (c->count == 0 || !c->contexts) {
		fail_args(a, CS_E_INVALIDARG, last_error, status,
		          ap->revocation_status_on_bad_args,
		          CS_RULE_REVOCATION_API_NO_CONTEXT);
		return CS_OK;
	}
	if (c->type != CS_CERT_CONTEXT_REVOCATION_TYPE ||
	    (ap->revocation_needs_x509_encoding &&
	     !(c->encoding & CS_X509_ASN_ENCODING))) {
		fail_args(a, CS_CRYPT_E_NO_REVOCATION_CHECK, last_error, status,
		          true, CS_RULE_REVOCATION_API_UNSUPPORTED_TYPE);
		return CS_OK;
	}
	for (uint32_t i = 0; i < c->count; i++) {
		const struct cs_cert *issuer =
		    c->para.present ? c->para.issuer : NULL;
		if ((c->flags & CS_CERT_VERIFY_REV_CHAIN_FLAG) &&
		    i + 1 < c->count)
			issuer = c->contexts[i + 1];
		uint32_t hr, reason;
		cs_status st =
		    check_one(a, c->contexts[i], issuer, &hr, &reason);
		if (st != CS_OK)
			return st;
		if (hr != 0) {
			*last_error = hr;
			status->index = i;
			status->error = hr;
			status->reason = reason;
			return CS_OK;
		}
	}
	*ret = true;
	status->index = 0;
	status->error = 0;
	status->reason = 0;
	return CS_OK;
}

cs_status cs_verify_revocation(cs_machine *m, cs_account acct,
                               const cs_rev_call *call, bool *ret,
                               uint32_t *last_error, cs_rev_status *status)
{
	rev_api a = {.m = m,
	             .acct = acct,
	             .call = call,
	             .t = call->para.present && call->para.has_time
	                      ? call->para.time
	                      : m->w.now,
	             .t_is_now = !(call->para.present && call->para.has_time)};
	*ret = false;
	if (!call->via_crypt32)
		return provider(&a, ret, last_error, status);
	if (status->size != STATUS_SIZE && status->size != STATUS_SIZE_V1) {
		*last_error = CS_E_INVALIDARG;
		observe(&a, CS_RULE_REVOCATION_API_STATUS_SIZE);
		return CS_OK;
	}
	if (call->count == 0) {
		*ret = true;
		return CS_OK;
	}
	if (!(call->encoding & CS_X509_ASN_ENCODING)) {
		*last_error = CS_CRYPT_E_NO_REVOCATION_DLL;
		observe(&a, CS_RULE_REVOCATION_API_NO_PROVIDER);
		return CS_OK;
	}
	return provider(&a, ret, last_error, status);
}
