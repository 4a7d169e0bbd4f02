/* The chain engine's revocation hook (engine/chain/hooks.h): which elements
 * are checked for which flags, from the root down (DOC). */
#include "engine/autoupdate/autoupdate.h"
#include "engine/chain/hooks.h"
#include "engine/revocation/revocation.h"

cs_status cs_hook_revocation(cs_machine *m, cs_account account,
                             cs_chain_context *ctx, uint32_t flags,
                             unsigned line)
{
	cs_simple_chain *sc = &ctx->chain;
	if (sc->n == 0)
		return CS_OK;
	size_t top = sc->n - 1;
	/* The elements checked (DOC CertGetCertificateChain): END_CERT the
	 * end certificate; CHAIN_EXCLUDE_ROOT all but the root; CHAIN all.
	 * A self-signed root is its own issuer: it is checked against its
	 * own CRL when it has a CDP (usually it has none, H-rev-5). */
	size_t last = 0;
	if (flags & CS_CHAIN_REVOCATION_CHECK_CHAIN)
		last = top;
	else if (flags & CS_CHAIN_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT)
		last = top > 0 ? top - 1 : 0;
	else if (!(flags & CS_CHAIN_REVOCATION_CHECK_END_CERT))
		return CS_OK;
	bool top_self_signed = sc->elements[top].cert->self_signed_sig;

	cs_cryptnet_budget budget;
	cs_cryptnet_budget_init(
	    &budget, m, flags & CS_CHAIN_REVOCATION_ACCUMULATIVE_TIMEOUT);
	cs_revocation_call call = {.chain_flags = flags,
	                           .budget = &budget,
	                           .verify_time = ctx->verify_time};
	for (size_t i = last + 1; i-- > 0;) {
		cs_chain_element *el = &sc->elements[i];
		const struct cs_cert *issuer =
		    i < top ? sc->elements[i + 1].cert
		            : (top_self_signed ? el->cert : NULL);
		if (!issuer) /* partial chain: no issuer to check against */
			continue;
		if (i == top && top_self_signed &&
		    cs_cert_cdp_urls(el->cert).n == 0 &&
		    cs_cert_aia_ocsp_urls(el->cert).n == 0)
			continue; /* H-rev-5: roots without URLs are skipped */
		cs_revocation_outcome r;
		cs_status st = cs_revocation_check_element(
		    m, account, el->cert, issuer, &call, line, &r);
		if (st != CS_OK)
			return st;
		el->error_status |= r.error_bits;
		el->info_status |= r.info_bits;
		el->revocation = r.info;
	}
	/* RULES.md 7: the disallowed CTL's 24-hour rule (engine/autoupdate) */
	return cs_autoupdate_revocation_stale(m, ctx, flags, line);
}
