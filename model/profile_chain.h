/* The chain engine's columns of the profiles table (model/profile.h): one
 * row per OS. Values and their sources are in model/profile_chain.c;
 * PARAMETER / HYPOTHESIS choices are in docs/hypotheses.md (H-chain-*). */
#ifndef CAPISIM_MODEL_PROFILE_CHAIN_H
#define CAPISIM_MODEL_PROFILE_CHAIN_H

#include <stdbool.h>
#include <stdint.h>

#include "model/profile.h"

/* Which elements carry CERT_TRUST_HAS_PREFERRED_ISSUER 0x100 (H-chain-1). */
typedef enum {
	/* Never (Wine 8, RULES.md 3; WINETEST chain.c: todo_wine on it). */
	CS_PREFERRED_NEVER,
	/* Every element whose issuer is in the chain, and a complete chain's
	 * root: "Windows XP erroneously sets CERT_TRUST_HAS_PREFERRED_ISSUER
	 * on all elements" (WINETEST chain.c chainCheck[0], the note of its
	 * broken() mask). */
	CS_PREFERRED_EVERY_ELEMENT,
	/* Only on chains that end in a trusted root, from the end certificate
	 * up while each issuer came from the engine's own stores or AIA and
	 * not from the call's additional store; a trusted root whose AKI
	 * names its own key also on its own (WINETEST chain.c chainCheck[0],
	 * [30], [31], opensslChainCheck; certutil samples). */
	CS_PREFERRED_ENGINE_STORES,
} cs_preferred_issuer_rule;

/* What the top of a partial chain shows of the issuer lookup that found
 * nothing (H-chain-1). */
typedef enum {
	/* The match bit of the first lookup kind tried (certutil sample
	 * certutil_verify_offline_partialchain_dc_2021.txt: 0x2 on a leaf
	 * with an AKI key id; WINETEST chain.c chainCheckNoStore[1]: 0x4 on
	 * one without AKI). */
	CS_PARTIAL_TOP_ATTEMPTED,
	/* Only HAS_NAME_MATCH_ISSUER, and only when the certificate has no
	 * AKI (Wine 8, seen running: chainCheckNoStore[1] 0x4; a leaf with
	 * an AKI key id 0 - docs/compare.md, finding 1). */
	CS_PARTIAL_TOP_NAME_LOOKUP,
} cs_partial_top_rule;

typedef struct {
	cs_preferred_issuer_rule preferred_issuer;
	/* Revocation also on chains that end in an untrusted root (Wine 8,
	 * RULES.md 4); Windows checks trusted chains only (DOC). */
	bool revocation_on_untrusted_chains;
	/* SSL policy maps IS_REVOKED / revocation-unknown to CERT_E_REVOKED /
	 * CERT_E_REVOCATION_FAILURE (Wine 8.0) instead of CRYPT_E_REVOKED /
	 * CRYPT_E_REVOCATION_OFFLINE (Windows, SEED 004) - RULES.md 2. */
	bool ssl_uses_cert_e_revocation_codes;
	/* The chain-error bits that make the SSL policy report "revocation
	 * offline" (Windows: REVOCATION_STATUS_UNKNOWN or IS_OFFLINE_REVOCATION
	 * - SEED 004 shows 0x01000040 -> 0x80092013; Wine 8: see
	 * H-chain-2). */
	uint32_t ssl_offline_bits;
	/* The Disallowed store is consulted (IS_EXPLICIT_DISTRUST); Wine 8
	 * has none (RULES.md 3). */
	bool has_disallowed_store;
	/* Issuer lookup falls back to the subject name when the AKI names a
	 * key or issuer+serial that no store holds (Windows, H-chain-3); Wine
	 * 8 looks up by the AKI only. */
	bool aki_falls_back_to_name;
	/* AIA caIssuers retrieval for missing issuers, and its limits
	 * (MaxAIAUrlCountInCert, MaxAIAUrlRetrievalCountPerChain,
	 * MaxAIAUrlRetrievalByteCount: DOC, RULES.md 3). */
	bool aia_retrieval;
	unsigned max_aia_urls_in_cert;
	unsigned max_aia_retrievals_per_chain;
	unsigned max_aia_bytes;
	/* In-memory chain engine cache (certificates, signature results,
	 * paths): Windows has it per process (DOC How Certificate Revocation
	 * Works); Wine has none (RULES.md 3). */
	bool has_engine_cache;
	/* Roots of the wine-8 row come from the host's bundle (RULES.md 3):
	 * path of the PEM bundle the CLI loads when --root is not given;
	 * NULL for Windows rows (no roots unless given). */
	const char *host_root_bundle;
	/* With revocation requested, the top of a partial chain gets
	 * REVOCATION_STATUS_UNKNOWN | IS_OFFLINE_REVOCATION: its issuer is
	 * missing, so nothing can check it (certutil sample
	 * certutil_verify_offline_partialchain_dc_2021.txt). Wine passes every
	 * chain to its revocation code instead. */
	bool partial_chain_revocation_unknown;
	/* BASE policy also reports INVALID_BASIC_CONSTRAINTS
	 * (TRUST_E_BASIC_CONSTRAINTS), name constraints (CERT_E_INVALID_NAME)
	 * and explicit distrust (TRUST_E_EXPLICIT_DISTRUST) - the flags
	 * CERT_CHAIN_POLICY_IGNORE_INVALID_BASIC_CONSTRAINTS / _NAME exist for
	 * it (DOC); Wine 8's order stops at critical extensions (RULES.md 2).
	 * H-chain-6. */
	bool base_checks_constraints;
	/* Partial chains fail BASE/SSL with CERT_E_CHAINING (certutil sample
	 * certutil_verify_offline_partialchain_dc_2021.txt); Wine has no such
	 * check (H-chain-7). */
	bool partial_chain_is_chaining_error;
	/* Honour the registry value ChainCacheResyncFiletime (DOC, RULES.md
	 * 3: certutil -setreg chain\ChainCacheResyncFiletime; Vista+). */
	bool honours_cache_resync_filetime;
	/* The top of a partial chain's match bit (see the enum). */
	cs_partial_top_rule partial_top_match_info;
	/* Wine 8 builds a cyclic path until its cycle check truncates it:
	 * the repeated top keeps the match bit of its issuer lookup, and the
	 * endless path violates every path length below it
	 * (INVALID_BASIC_CONSTRAINTS on each CA under the top). Seen running,
	 * WINE CRYPT_CheckSimpleChain; docs/compare.md, finding 2. Windows:
	 * no evidence, keeps the model's original reading. */
	bool cycle_is_endless_path;
	/* HAS_VALID_NAME_CONSTRAINTS reaches the chain's dwInfoStatus. Wine 8
	 * checks name constraints after folding the elements into the chain
	 * and folds again only the top element (at the end of
	 * CRYPT_CheckSimpleChain) and a CA whose constraints a lower
	 * certificate then violates (WINE CRYPT_CheckChainNameConstraints;
	 * seen running: an intermediate's valid constraints stay on the
	 * element - docs/compare.md, finding 3 - a root's reach the chain,
	 * WINETEST chain.c chainCheck[19] 0x400). Windows folds them always
	 * (chainCheck[19]). */
	bool chain_info_has_valid_name_constraints;
	/* BASE reports revocation like SSL does: CRYPT_E_REVOKED for
	 * IS_REVOKED, CRYPT_E_REVOCATION_OFFLINE for ssl_offline_bits (same
	 * IGNORE_*_REV_UNKNOWN handling), after the critical-extension check.
	 * Windows: the certutil sample
	 * certutil_verify_urlfetch_zh-CN_offline_then_ok_2025.txt shows BASE
	 * 0x80092013 on a 0x01000040 chain, and DOC CERT_CHAIN_POLICY_PARA
	 * lists the IGNORE_*_REV_UNKNOWN flags for BASE. Wine 8's BASE reports
	 * no revocation error (RULES.md 2; seen running, docs/compare.md).
	 * H-cmp-1. */
	bool base_reports_revocation;
	/* The policies CertVerifyCertificateChainPolicy has a provider for,
	 * bit 1 << CERT_CHAIN_POLICY_* value (without one the call returns
	 * FALSE, ERROR_FILE_NOT_FOUND: WINETEST chain.c skips then): Windows
	 * all twelve (DOC); Wine 8 BASE, AUTHENTICODE, SSL, BASIC_CONSTRAINTS
	 * and MICROSOFT_ROOT (seen running: AUTHENTICODE_TS, NT_AUTH and 8-12
	 * fail with 0x2). */
	uint32_t policies;
	/* A MICROSOFT_ROOT failure names the last element, the root it
	 * looked at (WINETEST chain.c msRootPolicyCheck[0]: (0, 1),
	 * msRootPolicyCheck_approot[0]: (0, 2)); Wine 8 names element 0 (seen
	 * running; the test marks both todo_wine). */
	bool msroot_failure_names_root;
} cs_chain_profile;

const cs_chain_profile *cs_profile_chain(const cs_profile *p);

#endif
