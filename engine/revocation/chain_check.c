/* Revocation of a built chain (cs_revocation_check_chain, revocation.h):
 * which elements are checked for which flags, from the root down (DOC); on
 * Wine 8 (profile column top_checked_without_issuer) Wine's selection, leaf
 * up, the top element with no issuer (docs/compare.md, findings 4 and 6). */
#include "engine/revocation/revocation.h"
#include "engine/revocation/store_crl.h"
#include "model/profile_revocation.h"

cs_status cs_revocation_check_chain(cs_machine *m, cs_account account,
                                    cs_chain_context *ctx, uint32_t flags,
                                    bool *selected)
{
	cs_simple_chain *sc = &ctx->chain;
	*selected = false;
	if (sc->n == 0)
		return CS_OK;
	size_t top = sc->n - 1;
	/* The elements checked (DOC CertGetCertificateChain): END_CERT the
	 * end certificate; CHAIN_EXCLUDE_ROOT all but the root; CHAIN all.
	 * A self-signed root is its own issuer: it is checked against its
	 * own CRL when it has a CDP (usually it has none, H-rev-5). */
	const cs_revocation_profile *rp = cs_profile_revocation(m->w.profile);
	bool wine = rp->top_checked_without_issuer;
	size_t last = 0;
	if (wine && (flags & CS_CHAIN_REVOCATION_CHECK_END_CERT))
		last = 0; /* WINE: END_CERT wins over the other two */
	else if (flags & CS_CHAIN_REVOCATION_CHECK_CHAIN)
		last = top;
	else if (flags & CS_CHAIN_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT) {
		if (wine && top == 0)
			return CS_OK; /* WINE: the only element is the top */
		last = top > 0 ? top - 1 : 0;
	} else if (!(flags & CS_CHAIN_REVOCATION_CHECK_END_CERT))
		return CS_OK;
	bool top_self_signed = sc->elements[top].cert->self_signed_sig;
	*selected = true;

	cs_cryptnet_budget budget;
	cs_cryptnet_budget_init(
	    &budget, m, flags & CS_CHAIN_REVOCATION_ACCUMULATIVE_TIMEOUT);
	/* dwUrlRetrievalTimeout overrides the per-URL timeout (DOC
	 * CERT_CHAIN_PARA). */
	if (ctx->url_retrieval_timeout_ms)
		budget.url_timeout = (int64_t)ctx->url_retrieval_timeout_ms *
		                     (CS_TICKS_PER_SEC / 1000);
	/* The CRLs the engine's stores hold, handed in as hCrlStore (the store
	 * step of the lookup order: engine/revocation/store_crl.h). */
	const cs_store *crl_stores[CS_STORE_CRL_CHAIN_STORES];
	size_t ncrl = cs_store_crl_chain_stores(m, account, crl_stores);
	cs_revocation_call call = {
	    .chain_flags = flags,
	    .budget = &budget,
	    .verify_time = ctx->verify_time,
	    .verify_time_is_now = ctx->verify_time_is_now,
	    .fresh_process = ctx->short_lived_process,
	    .ignore_backoff = ctx->short_lived_process,
	    .check_freshness = ctx->check_freshness,
	    .freshness = (int64_t)ctx->freshness_seconds * CS_TICKS_PER_SEC,
	    .crl_stores = crl_stores,
	    .ncrl_stores = ncrl};
	/* Windows from the root down (DOC); Wine 8 from the leaf up, which
	 * its status cache makes observable (a CA seen twice in a cycle). */
	for (size_t k = 0; k <= last; k++) {
		size_t i = wine ? k : last - k;
		cs_chain_element *el = &sc->elements[i];
		const struct cs_cert *issuer =
		    i < top ? sc->elements[i + 1].cert
		            : (top_self_signed && !wine ? el->cert : NULL);
		if (!issuer && !wine) /* partial chain: nothing to check with */
			continue;
		if (!wine && i == top && top_self_signed &&
		    cs_cert_cdp_urls(el->cert).n == 0 &&
		    cs_cert_aia_ocsp_urls(el->cert).n == 0)
			continue; /* H-rev-5: roots without URLs are skipped */
		cs_revocation_outcome r;
		cs_status st = cs_revocation_check_element(m, account, el->cert,
		                                           issuer, &call, &r);
		if (st != CS_OK)
			return st;
		el->error_status |= r.error_bits;
		el->info_status |= r.info_bits;
		el->revocation = r.info;
	}
	return CS_OK;
}
