/* Revocation checking per chain element: cryptnet's revocation provider.
 *
 * For one certificate and its issuer (RULES.md 4): a first pass over the
 * caches (OCSP responses, then the base CRL and the delta CRL), then, when
 * that gave no usable answer and the call allows the wire, OCSP from the AIA
 * first, then the CRL from the CDP, then the delta CRL from the Freshest
 * CRL extension (of the base CRL, else of the certificate). A cached CRL is
 * used until its NextUpdate; once its Next CRL Publish has passed the wire
 * is tried first, and the cached copy kept if the wire fails. On the
 * profiles with kb2666300_defect the H-rev-1 pin applies (docs/hypotheses.md).
 * Once the process cached the profile's count of OCSP responses for one
 * issuer, the CRL is tried before OCSP (H-rev-7). An expired CRL is
 * accepted within CRLValidityExtensionPeriod where the profile says so
 * (H-rev-4), with CERT_TRUST_HAS_CRL_VALIDITY_EXTENDED on the element.
 * Every decision leaves a trace observation of kind "revocation". */
#ifndef CAPISIM_ENGINE_REVOCATION_REVOCATION_H
#define CAPISIM_ENGINE_REVOCATION_REVOCATION_H

#include <stdbool.h>
#include <stdint.h>

#include "engine/chain/chain.h"
#include "engine/cryptnet/retrieve.h"

typedef struct {
	uint32_t chain_flags;       /* CS_CHAIN_* of the call */
	cs_cryptnet_budget *budget; /* the call's timeout budget */
	cs_filetime verify_time;    /* pTime ("revoked by then") */
	bool verify_time_is_now;    /* no pTime: the clock's (horizon.h) */
	bool fresh_process;         /* certutil: no process memory */
	bool ignore_backoff;        /* certutil -urlfetch */
	/* fCheckRevocationFreshnessTime / dwRevocationFreshnessTime: cached
	 * information whose ThisUpdate is older than now - freshness is not
	 * enough; the wire is tried first (DOC CERT_CHAIN_PARA). */
	bool check_freshness;
	int64_t freshness; /* ticks */
	/* The CRLs the caller hands in: CertVerifyRevocation's hCrlStore, the
	 * chain engine's stores (engine/revocation/store_crl.h). */
	const cs_store *const *crl_stores;
	size_t ncrl_stores;
} cs_revocation_call;

typedef struct {
	uint32_t error_bits; /* IS_REVOKED / REVOCATION_STATUS_UNKNOWN /
	                        IS_OFFLINE_REVOCATION as the profile sets */
	uint32_t info_bits;
	cs_revocation_info info;
	/* CRLReason of the CRL entry that revoked it (CERT_REVOCATION_STATUS
	 * dwReason); 0 when none or not revoked by a CRL. */
	uint32_t reason;
} cs_revocation_outcome;

/* Check cert (issued by issuer) on m as acct. issuer NULL: the profile's
 * top_checked_without_issuer case (Wine 8). CS_OK with the outcome; an
 * error status only when memory ran out. */
CS_MUST_USE cs_status cs_revocation_check_element(
    cs_machine *m, cs_account acct, const struct cs_cert *cert,
    const struct cs_cert *issuer, const cs_revocation_call *call,
    cs_revocation_outcome *out);

/* Revocation of the built chain ctx, as cs_chain_get calls it when the
 * call's flags (dwFlags) hold a CS_CHAIN_REVOCATION_CHECK_* bit, after the
 * path and its trust bits are final, on a chain that ends in a trusted root
 * - or, with the profile's chain column revocation_on_untrusted_chains
 * (Wine 8, RULES.md 4), an untrusted one. Walks the elements the flags
 * select from the root down (RULES.md 4) and sets each one's revocation
 * info and its IS_REVOKED / REVOCATION_STATUS_UNKNOWN /
 * IS_OFFLINE_REVOCATION bits; folding them into the chain's words is the
 * caller's. *selected: the flags selected at least one element. */
CS_MUST_USE cs_status cs_revocation_check_chain(cs_machine *m,
                                                cs_account account,
                                                cs_chain_context *ctx,
                                                uint32_t flags, bool *selected);

#endif
