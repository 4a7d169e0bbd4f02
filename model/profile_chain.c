/* The chain engine's columns of the profiles table: one row per OS.
 * Sources: RULES.md sections 2-4 (DOC / WINE / SEED as marked there);
 * PARAMETER and HYPOTHESIS values are explained in docs/hypotheses.md. */
#include "model/profile_chain.h"

#include <assert.h>

/* Windows: both revocation-unknown bits give CRYPT_E_REVOCATION_OFFLINE
 * (SEED 004: chain 0x01000040 -> 0x80092013). */
#define WINDOWS_OFFLINE_BITS (0x00000040u | 0x01000000u)

/* The limits CryptoAPI documents for AIA retrieval (RULES.md 3). */
#define WINDOWS_CHAIN_EXCEPT_PREFERRED                                \
	.revocation_on_untrusted_chains = false,                      \
	.ssl_uses_cert_e_revocation_codes = false,                    \
	.ssl_offline_bits = WINDOWS_OFFLINE_BITS,                     \
	.has_disallowed_store = true, .aki_falls_back_to_name = true, \
	.aia_retrieval = true, .max_aia_urls_in_cert = 5,             \
	.max_aia_retrievals_per_chain = 3, .max_aia_bytes = 100000,   \
	.has_engine_cache = true, .host_root_bundle = NULL,           \
	.honours_cache_resync_filetime = true,                        \
	.partial_chain_revocation_unknown = true,                     \
	.base_checks_constraints = true,                              \
	.partial_chain_is_chaining_error = true,                      \
	.partial_top_match_info = CS_PARTIAL_TOP_ATTEMPTED,           \
	.cycle_is_endless_path = false,                               \
	.chain_info_has_valid_name_constraints = true,                \
	.base_reports_revocation = true, .policies = 0x1ffeu,         \
	.msroot_failure_names_root = true
#define WINDOWS_CHAIN                   \
	WINDOWS_CHAIN_EXCEPT_PREFERRED, \
	    .preferred_issuer = CS_PREFERRED_ENGINE_STORES

static const cs_chain_profile rows[CS_PROFILE_COUNT] = {
    /* H-chain-1: XP's crypt32 marks every element preferred (WINETEST
     * chain.c); Server 2003 shares its crypt32 generation. */
    [CS_PROFILE_XP_SP3] = {WINDOWS_CHAIN_EXCEPT_PREFERRED,
                           .preferred_issuer = CS_PREFERRED_EVERY_ELEMENT},
    [CS_PROFILE_SERVER_2003] = {WINDOWS_CHAIN_EXCEPT_PREFERRED,
                                .preferred_issuer = CS_PREFERRED_EVERY_ELEMENT},
    [CS_PROFILE_VISTA] = {WINDOWS_CHAIN},
    [CS_PROFILE_WIN7_RTM] = {WINDOWS_CHAIN},
    [CS_PROFILE_WIN7_SP1] = {WINDOWS_CHAIN},
    [CS_PROFILE_WIN7_SP1_KB2666300] = {WINDOWS_CHAIN},
    [CS_PROFILE_SERVER_2008R2] = {WINDOWS_CHAIN},
    [CS_PROFILE_SERVER_2008R2_KB2666300] = {WINDOWS_CHAIN},
    [CS_PROFILE_SERVER_2012] = {WINDOWS_CHAIN},
    [CS_PROFILE_SERVER_2012R2] = {WINDOWS_CHAIN},
    [CS_PROFILE_WIN10_22H2] = {WINDOWS_CHAIN},
    [CS_PROFILE_WIN11] = {WINDOWS_CHAIN},
    /* Wine 8.0 (RULES.md 3, 4: seen running here). */
    [CS_PROFILE_WINE_8] =
        {
            .preferred_issuer = CS_PREFERRED_NEVER,
            .revocation_on_untrusted_chains = true,
            .ssl_uses_cert_e_revocation_codes = true,
            /* Wine 8 sets only IS_OFFLINE_REVOCATION when a URL fails
             * and still fails SSL (RULES.md 2, 4): H-chain-2. */
            .ssl_offline_bits = 0x01000000u,
            .has_disallowed_store = false,
            .aki_falls_back_to_name = false,
            .aia_retrieval = true,
            .max_aia_urls_in_cert = 5,
            .max_aia_retrievals_per_chain = 3,
            .max_aia_bytes = 100000,
            .has_engine_cache = false,
            .host_root_bundle = "/etc/ssl/certs/ca-certificates.crt",
            .honours_cache_resync_filetime = false,
            .partial_chain_revocation_unknown = false,
            .base_checks_constraints = false,
            .partial_chain_is_chaining_error = false,
            .partial_top_match_info = CS_PARTIAL_TOP_NAME_LOOKUP,
            .cycle_is_endless_path = true,
            .chain_info_has_valid_name_constraints = false,
            /* H-cmp-1: Wine's BASE stops at critical extensions. */
            .base_reports_revocation = false,
            /* BASE 1, AUTHENTICODE 2, SSL 4, BASIC_CONSTRAINTS 5,
             * MICROSOFT_ROOT 7 */
            .policies =
                (1u << 1) | (1u << 2) | (1u << 4) | (1u << 5) | (1u << 7),
        },
};

static_assert(sizeof rows / sizeof rows[0] == CS_PROFILE_COUNT,
              "one chain row per profile");

const cs_chain_profile *cs_profile_chain(const cs_profile *p)
{
	assert(p->id < CS_PROFILE_COUNT);
	return &rows[p->id];
}
