/* Revocation and cryptnet columns of the profiles table: one row per OS.
 * Values and their sources are in model/profile_revocation.c; PARAMETER and
 * HYPOTHESIS values are explained in docs/hypotheses.md (H-rev-*). */
#ifndef CAPISIM_MODEL_PROFILE_REVOCATION_H
#define CAPISIM_MODEL_PROFILE_REVOCATION_H

#include <stdbool.h>
#include <stdint.h>

#include "model/profile.h"

/* Offline back-off: the counter is capped at 6 (RE), so six waits. */
#define CS_BACKOFF_STEPS 6

typedef struct {
	/* Retrieval (cryptnet). */
	int64_t url_timeout;          /* per URL (15 s, DOC) */
	int64_t accumulative_timeout; /* whole chain with the flag (20 s) */
	int64_t backoff[CS_BACKOFF_STEPS]; /* wait after the Nth failure */
	bool has_memory_cache; /* the process keeps retrieved objects */

	/* Methods and order. */
	bool has_ocsp;      /* an OCSP client exists (Vista+, Wine) */
	bool has_delta_crl; /* delta CRLs (Freshest CRL) are used */
	bool refresh_at_next_crl_publish; /* Next CRL Publish passed ->
	                                     try the wire before NextUpdate */

	/* What is checked on CRLs and OCSP responses. */
	bool crl_signature_checked;
	bool crl_time_checked;
	bool ocsp_signer_checked;
	bool ocsp_time_checked;

	/* Result bits (element dwErrorStatus). */
	uint32_t offline_bits;   /* a URL failed / info stale */
	uint32_t no_method_bits; /* no CDP and no OCSP URL */

	/* Pre-fetch of cached CRLs ahead of NextUpdate (DOC, Vista/7+). */
	bool prefetch;
	unsigned prefetch_after_publish_divisor;      /* 10 */
	unsigned prefetch_before_next_update_divisor; /* 20 */
	int64_t prefetch_min_window;                  /* 3600 s */
	int64_t prefetch_trigger_period;              /* 600 s */

	/* CRLValidityExtensionPeriod (12 h, DOC); applied only when the
	 * caller verifies at a past time (H-rev-4). */
	int64_t crl_validity_extension;

	/* H-rev-1: the KB 2666300 defect (OCSP failure pins the base CRL). */
	bool kb2666300_defect;
	int64_t kb2666300_pin; /* 0: one publication interval of the pinned
	                          base CRL (NextCRLPublish - ThisUpdate) */
} cs_revocation_profile;

const cs_revocation_profile *cs_profile_revocation(const cs_profile *p);

#endif
