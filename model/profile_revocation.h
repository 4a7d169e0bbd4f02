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

/* When CRLValidityExtensionPeriod applies (H-rev-4, PARAMETER). */
typedef enum {
	CS_CRL_EXTENSION_NEVER,
	CS_CRL_EXTENSION_PAST_TIME, /* only when pTime is before now */
	CS_CRL_EXTENSION_ALWAYS,    /* also at the current time */
} cs_crl_extension_scope;

/* What sends the revocation provider back to the wire for CRLs (H-rev-8). */
typedef enum {
	/* Each CRL on its own: the base's or the delta's Next CRL Publish
	 * passing, or either expiring. */
	CS_CRL_FRESHNESS_EACH,
	/* The base CRL leads: only the base's Next CRL Publish, its expiry, or
	 * a cached delta naming a newer base sends the provider to the wire,
	 * which then fetches the base and the delta together. A cached delta
	 * that expired is not a reason: the base answers alone. */
	CS_CRL_FRESHNESS_BASE_LED,
} cs_crl_freshness;

/* H-rev-1 alternatives (docs/hypotheses.md): when the KB 2666300 pin is
 * taken again after it was released. */
typedef enum {
	CS_PIN_REARM_EACH_COPY, /* every base copy the process holds, once */
	CS_PIN_REARM_ONCE,      /* once per process lifetime (per CDP URL) */
} cs_pin_rearm;

/* What holds the base CRL back. */
typedef enum {
	CS_PIN_GATE_TIMER,        /* a pin of kb2666300_pin ticks */
	CS_PIN_GATE_OCSP_BACKOFF, /* only while the OCSP URL is in its offline
	                             back-off (no wire attempt this call) */
} cs_pin_gate;

/* kb2666300_pin values besides a fixed duration. */
#define CS_PIN_INTERVAL     0         /* NextCRLPublish - ThisUpdate */
#define CS_PIN_UNTIL_REBOOT INT64_MAX /* never released */

typedef struct cs_revocation_profile {
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
	cs_crl_freshness crl_freshness;   /* H-rev-8 */

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

	/* OCSP -> CRL switch (DOC values, H-rev-7): once this many OCSP
	 * responses of one issuer were cached by the process, the CRL is
	 * tried before OCSP. 0: never switch. inclusive: count >= N switches
	 * (false: count > N); which one Windows does is a PARAMETER. */
	unsigned ocsp_switch_to_crl_count; /* 50 */
	bool ocsp_switch_inclusive;        /* PARAMETER */
	unsigned max_cached_ocsp_per_crl;  /* 500, not modelled */

	/* CRLValidityExtensionPeriod (12 h, DOC) and when it applies
	 * (H-rev-4): an expired CRL is accepted up to NextUpdate + this, and
	 * the element gets CERT_TRUST_HAS_CRL_VALIDITY_EXTENDED 0x1000. */
	int64_t crl_validity_extension;
	cs_crl_extension_scope crl_validity_extension_scope;

	/* Wine 8's element selection (WINE CRYPT_VerifyChainRevocation,
	 * seen running - docs/compare.md, finding 4): END_CERT checks
	 * element 0, CHAIN every element, CHAIN_EXCLUDE_ROOT all but the
	 * top element whether or not it is a root; the top is checked with
	 * no issuer, which gives REVOCATION_OFFLINE when the certificate has
	 * a CDP and NO_REVOCATION_CHECK otherwise - the latter ignored under
	 * CHECK_CHAIN. false: Windows (DOC: trusted chains from the root
	 * down; H-rev-5 for roots). */
	bool top_checked_without_issuer;
	/* An OCSP response whose single response says "revoked" is
	 * understood. Wine 8's decoder rejects the fixtures' revoked
	 * responses (0x80093103, seen running - docs/compare.md, finding 5)
	 * and cryptnet goes on to the CDP. */
	bool ocsp_revoked_decodes;
	/* Wine 8 keeps each certificate's good/revoked answer in a file
	 * under CryptnetUrlCache\Content, keyed by the certificate alone,
	 * valid while the verify time is at most the answer's NextUpdate, and
	 * consults it before anything else, the issuer-less top included
	 * (WINE cryptnet find_cached_revocation_status; seen running - the
	 * key has no issuer in 8.0: docs/compare.md, finding 6). Modelled as
	 * an entry of the account's disk URL cache. */
	bool status_cache_per_cert;

	/* H-rev-1: the KB 2666300 defect (OCSP failure pins the base CRL). */
	bool kb2666300_defect;
	int64_t kb2666300_pin; /* ticks, CS_PIN_INTERVAL or _UNTIL_REBOOT */
	cs_pin_rearm kb2666300_rearm;
	cs_pin_gate kb2666300_gate;
} cs_revocation_profile;

/* p's row, or the override a run installed (cs_profile.revocation). */
const cs_revocation_profile *cs_profile_revocation(const cs_profile *p);

#endif
