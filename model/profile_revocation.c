/* Revocation and cryptnet columns of the profiles table: one row per OS.
 * Sources: RULES.md section 4 (DOC / WINE / RE / SEED as marked there) and
 * section 5 (the KB 2666300 HYPOTHESIS); docs/hypotheses.md H-rev-*. */
#include "model/profile_revocation.h"

#include <assert.h>

#include "capisim/clock.h"

#define SEC(n) ((int64_t)(n)*CS_TICKS_PER_SEC)
#define MIN(n) ((int64_t)(n)*CS_TICKS_PER_MIN)

/* REVOCATION_STATUS_UNKNOWN | IS_OFFLINE_REVOCATION (SEED 004; .NET's
 * Windows tests). */
#define BITS_UNKNOWN_OFFLINE (0x00000040u | 0x01000000u)
#define BIT_OFFLINE          0x01000000u

/* Common Windows columns. Timeouts: ChainUrlRetrievalTimeoutMilliseconds
 * 15000 and the accumulative 20000 (DOC). Back-off waits: PARAMETER
 * (H-rev-3). Pre-fetch defaults (DOC "Certificate revocation pre-fetch").
 * CRLValidityExtensionPeriod 12 h (DOC, wincrypt.h
 * CERT_CHAIN_CRL_VALIDITY_EXT_PERIOD_HOURS_DEFAULT). The bits for "no
 * revocation mechanism" on Windows are PARAMETER (RULES.md 4): both. */
#define WINDOWS_REVOCATION                                                     \
	.url_timeout = SEC(15), .accumulative_timeout = SEC(20),               \
	.backoff = {MIN(1), MIN(2), MIN(5), MIN(10), MIN(30), MIN(60)},        \
	.has_memory_cache = true, .has_delta_crl = true,                       \
	.crl_signature_checked = true, .crl_time_checked = true,               \
	.ocsp_signer_checked = true, .ocsp_time_checked = true,                \
	.offline_bits = BITS_UNKNOWN_OFFLINE,                                  \
	.no_method_bits = BITS_UNKNOWN_OFFLINE,                                \
	.prefetch_after_publish_divisor = 10,                                  \
	.prefetch_before_next_update_divisor = 20,                             \
	.prefetch_min_window = SEC(3600), .prefetch_trigger_period = SEC(600), \
	.crl_validity_extension = 12 * CS_TICKS_PER_HOUR,                      \
	.crl_validity_extension_scope = CS_CRL_EXTENSION_PAST_TIME,            \
	.max_cached_ocsp_per_crl = 500, .top_checked_without_issuer = false,   \
	.ocsp_revoked_decodes = true, .status_cache_per_cert = false,          \
	.crl_freshness = CS_CRL_FRESHNESS_BASE_LED

/* XP / 2003: no OCSP client, no pre-fetch (DOC: both arrived with Vista). */
#define XP_ROW                                                            \
	{                                                                 \
		WINDOWS_REVOCATION, .has_ocsp = false, .prefetch = false, \
		                    .refresh_at_next_crl_publish = true,  \
		                    .ocsp_switch_to_crl_count = 0         \
	}
/* Vista and later: OCSP before CRL, pre-fetch (DOC). The OCSP->CRL
 * switch: CryptnetCachedOcspSwitchToCrlCount 50 (DOC wincrypt.h
 * CRYPTNET_CACHED_OCSP_SWITCH_TO_CRL_COUNT_DEFAULT); `>=` is the PARAMETER
 * choice (H-rev-7). */
/* The KB 2666300 defect's default mechanism (H-rev-1): the held base CRL is
 * pinned for one hour, once per process lifetime. */
#define VISTA_ROW(defect)                                                 \
	{                                                                 \
		WINDOWS_REVOCATION, .has_ocsp = true, .prefetch = true,   \
		                    .refresh_at_next_crl_publish = true,  \
		                    .ocsp_switch_to_crl_count = 50,       \
		                    .ocsp_switch_inclusive = true,        \
		                    .kb2666300_defect = (defect),         \
		                    .kb2666300_pin = CS_TICKS_PER_HOUR,   \
		                    .kb2666300_rearm = CS_PIN_REARM_ONCE, \
		                    .kb2666300_gate = CS_PIN_GATE_TIMER   \
	}

static const cs_revocation_profile rows[CS_PROFILE_COUNT] = {
    [CS_PROFILE_XP_SP3] = XP_ROW,
    [CS_PROFILE_SERVER_2003] = XP_ROW,
    /* Vista / 2008: OCSP client present; whether the defect exists there
     * is not known (the seed is 2008 R2): off (H-rev-1). */
    [CS_PROFILE_VISTA] = VISTA_ROW(false),
    /* RULES.md 5: the defect is on 7 RTM, 7 SP1 and 2008 R2 without the
     * hotfix; KB 2666300 removes it. */
    [CS_PROFILE_WIN7_RTM] = VISTA_ROW(true),
    [CS_PROFILE_WIN7_SP1] = VISTA_ROW(true),
    [CS_PROFILE_WIN7_SP1_KB2666300] = VISTA_ROW(false),
    [CS_PROFILE_SERVER_2008R2] = VISTA_ROW(true),
    [CS_PROFILE_SERVER_2008R2_KB2666300] = VISTA_ROW(false),
    [CS_PROFILE_SERVER_2012] = VISTA_ROW(false),
    [CS_PROFILE_SERVER_2012R2] = VISTA_ROW(false),
    [CS_PROFILE_WIN10_22H2] = VISTA_ROW(false),
    [CS_PROFILE_WIN11] = VISTA_ROW(false),
    /* Wine 8.0 (WINE, RULES.md 4): no memory cache across calls, no delta
     * CRLs, no pre-fetch; skips CRL signature/date and OCSP responder/time
     * checks; only IS_OFFLINE_REVOCATION when a URL fails, both bits when
     * the certificate has no CDP/AIA. */
    [CS_PROFILE_WINE_8] =
        {
            .url_timeout = SEC(15),
            .accumulative_timeout = SEC(20),
            .backoff = {0, 0, 0, 0, 0, 0},
            .has_memory_cache = false,
            .has_ocsp = true,
            .has_delta_crl = false,
            .refresh_at_next_crl_publish = false,
            .crl_freshness = CS_CRL_FRESHNESS_EACH,
            .crl_signature_checked = false,
            .crl_time_checked = false,
            .ocsp_signer_checked = false,
            .ocsp_time_checked = false,
            .offline_bits = BIT_OFFLINE,
            .no_method_bits = BITS_UNKNOWN_OFFLINE,
            .prefetch = false,
            .prefetch_after_publish_divisor = 10,
            .prefetch_before_next_update_divisor = 20,
            .prefetch_min_window = SEC(3600),
            .prefetch_trigger_period = SEC(600),
            .crl_validity_extension = 0,
            .crl_validity_extension_scope = CS_CRL_EXTENSION_NEVER,
            .ocsp_switch_to_crl_count = 0,
            .ocsp_switch_inclusive = false,
            .max_cached_ocsp_per_crl = 0,
            .kb2666300_defect = false,
            .top_checked_without_issuer = true,
            .ocsp_revoked_decodes = false,
            .status_cache_per_cert = true,
        },
};

static_assert(sizeof rows / sizeof rows[0] == CS_PROFILE_COUNT,
              "one revocation row per profile");

const cs_revocation_profile *cs_profile_revocation(const cs_profile *p)
{
	assert(p->id < CS_PROFILE_COUNT);
	if (p->revocation)
		return p->revocation;
	return &rows[p->id];
}
