/* What revocation.c and store_step.c share: the state of one element's
 * check and the helpers the store step uses. Internal to
 * engine/revocation/. */
#ifndef CAPISIM_ENGINE_REVOCATION_REV_CTX_H
#define CAPISIM_ENGINE_REVOCATION_REV_CTX_H

#include "engine/cryptnet/process.h"
#include "engine/revocation/revocation.h"
#include "model/profile_revocation.h"
#include "model/rules.h"
#include "pki/crl.h"
#include "pki/ocsp.h"

typedef struct {
	cs_machine *m;
	cs_account acct;
	const struct cs_cert *cert, *issuer;
	const cs_revocation_call *call;
	const cs_revocation_profile *rp;
	cs_filetime now;
	cs_strlist ocsp, cdp;
	const cs_crl *base, *delta;
	const cs_crl *held;       /* base copy kept even when not usable: its
	                             Freshest CRL still names the delta (H-rev-1) */
	const cs_crl *delta_seen; /* the last valid delta found, whether or
	                             not it fits the base */
	const char *base_url, *delta_url, *ocsp_url;
	cs_ocsp_verdict ov;
	bool ocsp_failed;  /* every OCSP URL failed on the wire: the CRLs
	                      fetched now are not pre-fetched (DOC) */
	bool ocsp_backoff; /* an OCSP URL was skipped: offline back-off */
	bool superseded;   /* a valid delta names a newer base than c->base
	                      (or c->held): that base is out of date */
	cs_cryptnet_process *proc; /* the calling process (NULL for a
	                              fresh one-shot process) */
} cs_rev_ctx;

/* An observation of the check, kind "revocation", with its subject. */
cs_obs *cs_rev_observe(cs_rev_ctx *c, cs_rule_id rule);
/* cs_crl_check, with an expired CRL accepted up to NextUpdate +
 * CRLValidityExtensionPeriod where the extension applies. */
cs_crl_verdict cs_rev_crl_verdict(const cs_rev_ctx *c, const cs_crl *crl);
/* Revoked at when, if that is not after the verify time (RULES.md 1). */
void cs_rev_finish_revoked(cs_rev_ctx *c, cs_revocation_outcome *out,
                           const char *method, const char *url,
                           cs_filetime when);

/* The CRLs handed in (store_step.c; docs/revocation.md, H-rev-9). The
 * store step of the lookup order: a usable base CRL of the issuer among
 * them becomes c->base (when none was cached). */
void cs_rev_store_base(cs_rev_ctx *c);
/* Before "offline": one of them lists the certificate - revoked, however
 * old the CRL. */
bool cs_rev_store_proves_revoked(cs_rev_ctx *c, cs_revocation_outcome *out);
/* No CDP and no OCSP URL: they decide (revoked or offline, never good);
 * false when none is the issuer's. */
bool cs_rev_store_only(cs_rev_ctx *c, cs_revocation_outcome *out);

#endif
