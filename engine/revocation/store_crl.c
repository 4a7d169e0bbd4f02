/* A CRL from a store (see store_crl.h). */
#include "engine/revocation/store_crl.h"

#include <string.h>

#include "engine/machine.h"
#include "model/horizon.h"
#include "pki/storeadd.h"
#include "model/profile_api.h"
#include "model/hresult.h"

/* Does the entry revoke the certificate at t under the profile's rule?
 * When t is now, the answer holds until the instant it would change
 * (model/horizon.h). */
static bool revoked_by(cs_world *w, const cs_crl *crl,
                       const cs_crl_entry_info *e, cs_filetime t, bool t_is_now)
{
	switch (cs_profile_api(w->profile)->store_crl_revoked_rule) {
	case CS_STORE_CRL_REVOKED_BY_DATE: /* revocation date <= t */
		return !cs_time_before(w, t, t_is_now, e->revoked_at);
	case CS_STORE_CRL_REVOKED_AFTER_THIS_UPDATE: /* t > ThisUpdate */
		return !cs_time_at_or_before(w, t, t_is_now, crl->this_update);
	}
	return false;
}

void cs_store_crl_check(cs_world *w, const cs_store *const *stores, size_t n,
                        const struct cs_cert *cert,
                        const struct cs_cert *issuer, cs_filetime t,
                        bool t_is_now, cs_store_crl_result *out)
{
	memset(out, 0, sizeof *out);
	out->verdict = CS_STORE_CRL_NONE;
	cs_crl_find f = {.type = CS_CRL_FIND_ISSUED_BY,
	                 .flags = CS_CRL_FIND_ISSUED_BY_AKI_FLAG |
	                          CS_CRL_FIND_ISSUED_BY_SIGNATURE_FLAG,
	                 .cert = issuer};
	for (size_t s = 0; s < n && issuer; s++) {
		size_t at = 0;
		while (cs_store_find_crl(stores[s], &f, &at)) {
			const cs_crl *crl = stores[s]->crls[at++];
			cs_crl_entry_info e;
			bool listed = cs_crl_find_entry(crl, cert, &e);
			if (!out->crl || (listed && !out->listed)) {
				out->crl = crl;
				out->listed = listed;
				if (listed)
					out->entry = e;
				out->verdict = CS_STORE_CRL_NOT_PROVEN;
			}
			if (listed && revoked_by(w, crl, &e, t, t_is_now)) {
				out->crl = crl;
				out->entry = e;
				out->verdict = CS_STORE_CRL_REVOKED;
				return;
			}
		}
	}
}

size_t cs_store_crl_chain_stores(const cs_machine *m, cs_account acct,
                                 const cs_store **out)
{
	static const cs_store_id ids[] = {CS_STORE_ROOT, CS_STORE_CA,
	                                  CS_STORE_MY, CS_STORE_TRUST};
	size_t n = 0;
	for (size_t i = 0; i < 4; i++) {
		out[n++] = &m->w.machine_stores[ids[i]];
		out[n++] = &m->w.accounts[acct].stores[ids[i]];
	}
	return n;
}

uint32_t cs_store_crl_hresult(cs_store_crl_verdict v)
{
	switch (v) {
	case CS_STORE_CRL_NONE:
		return CS_CRYPT_E_NO_REVOCATION_CHECK;
	case CS_STORE_CRL_REVOKED:
		return CS_CRYPT_E_REVOKED;
	case CS_STORE_CRL_NOT_PROVEN:
		break;
	}
	return CS_CRYPT_E_REVOCATION_OFFLINE;
}
