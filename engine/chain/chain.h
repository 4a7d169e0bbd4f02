/* The chain engine: CertGetCertificateChain and CertVerifyCertificateChain-
 * Policy as a model.
 *
 * cs_chain_get builds the best path from a leaf to a root through the
 * machine's stores (RULES.md 3), sets the CERT_TRUST_* bits per element and
 * for the chain (RULES.md 2), calls root auto-update and revocation
 * (engine/autoupdate, engine/revocation) at the moments CryptoAPI does, and
 * leaves one trace observation per decision. cs_chain_policy reads the bits
 * the way CertVerifyCertificateChainPolicy does and returns {dwError,
 * lChainIndex, lElementIndex}. Constant values are those of wincrypt.h /
 * winerror.h (RULES.md 2 lists them with their sources). */
#ifndef CAPISIM_ENGINE_CHAIN_CHAIN_H
#define CAPISIM_ENGINE_CHAIN_CHAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capisim/clock.h"
#include "capisim/status.h"
#include "model/hresult.h"
#include "pki/cert.h"
#include "engine/machine.h"
#include "model/account.h"
#include "model/store.h"

/* dwErrorStatus bits: X(NAME, value, certutil symbol). */
#define CS_TRUST_ERROR_BITS(X)                            \
	X(IS_NOT_TIME_VALID, 0x00000001u)                 \
	X(IS_NOT_TIME_NESTED, 0x00000002u)                \
	X(IS_REVOKED, 0x00000004u)                        \
	X(IS_NOT_SIGNATURE_VALID, 0x00000008u)            \
	X(IS_NOT_VALID_FOR_USAGE, 0x00000010u)            \
	X(IS_UNTRUSTED_ROOT, 0x00000020u)                 \
	X(REVOCATION_STATUS_UNKNOWN, 0x00000040u)         \
	X(IS_CYCLIC, 0x00000080u)                         \
	X(INVALID_EXTENSION, 0x00000100u)                 \
	X(INVALID_POLICY_CONSTRAINTS, 0x00000200u)        \
	X(INVALID_BASIC_CONSTRAINTS, 0x00000400u)         \
	X(INVALID_NAME_CONSTRAINTS, 0x00000800u)          \
	X(HAS_NOT_SUPPORTED_NAME_CONSTRAINT, 0x00001000u) \
	X(HAS_NOT_DEFINED_NAME_CONSTRAINT, 0x00002000u)   \
	X(HAS_NOT_PERMITTED_NAME_CONSTRAINT, 0x00004000u) \
	X(HAS_EXCLUDED_NAME_CONSTRAINT, 0x00008000u)      \
	X(IS_PARTIAL_CHAIN, 0x00010000u)                  \
	X(CTL_IS_NOT_TIME_VALID, 0x00020000u)             \
	X(CTL_IS_NOT_SIGNATURE_VALID, 0x00040000u)        \
	X(CTL_IS_NOT_VALID_FOR_USAGE, 0x00080000u)        \
	X(HAS_WEAK_SIGNATURE, 0x00100000u)                \
	X(IS_OFFLINE_REVOCATION, 0x01000000u)             \
	X(NO_ISSUANCE_CHAIN_POLICY, 0x02000000u)          \
	X(IS_EXPLICIT_DISTRUST, 0x04000000u)              \
	X(HAS_NOT_SUPPORTED_CRITICAL_EXT, 0x08000000u)

/* dwInfoStatus bits. */
#define CS_TRUST_INFO_BITS(X)                         \
	X(HAS_EXACT_MATCH_ISSUER, 0x00000001u)        \
	X(HAS_KEY_MATCH_ISSUER, 0x00000002u)          \
	X(HAS_NAME_MATCH_ISSUER, 0x00000004u)         \
	X(IS_SELF_SIGNED, 0x00000008u)                \
	X(AUTO_UPDATE_CA_REVOCATION, 0x00000010u)     \
	X(AUTO_UPDATE_END_REVOCATION, 0x00000020u)    \
	X(NO_OCSP_FAILOVER_TO_CRL, 0x00000040u)       \
	X(IS_KEY_ROLLOVER, 0x00000080u)               \
	X(HAS_PREFERRED_ISSUER, 0x00000100u)          \
	X(HAS_ISSUANCE_CHAIN_POLICY, 0x00000200u)     \
	X(HAS_VALID_NAME_CONSTRAINTS, 0x00000400u)    \
	X(IS_PEER_TRUSTED, 0x00000800u)               \
	X(HAS_CRL_VALIDITY_EXTENDED, 0x00001000u)     \
	X(IS_FROM_EXCLUSIVE_TRUST_STORE, 0x00002000u) \
	X(IS_CA_TRUSTED, 0x00004000u)                 \
	X(IS_COMPLEX_CHAIN, 0x00010000u)

enum {
#define CS_TRUST_ENUM(name, v) CS_TRUST_##name = v,
	CS_TRUST_ERROR_BITS(CS_TRUST_ENUM) CS_TRUST_INFO_BITS(CS_TRUST_ENUM)
#undef CS_TRUST_ENUM
};

/* "CERT_TRUST_IS_REVOKED" for one bit of an error (info=false) or info
 * word; NULL for a bit with no name. */
const char *cs_trust_bit_name(uint32_t bit, bool info);
/* The bit a "CERT_TRUST_..." name stands for (error and info names are
 * distinct); false when no row has that name. */
bool cs_trust_bit_from_name(const char *name, uint32_t *bit);

/* dwFlags of CertGetCertificateChain (RULES.md 3): X(NAME, value), the
 * wincrypt.h name without its CERT_ prefix. */
#define CS_CHAIN_FLAGS(X)                                         \
	X(CHAIN_CACHE_END_CERT, 0x00000001u)                      \
	X(CHAIN_CACHE_ONLY_URL_RETRIEVAL, 0x00000004u)            \
	X(CHAIN_DISABLE_PASS1_QUALITY_FILTERING, 0x00000040u)     \
	X(CHAIN_RETURN_LOWER_QUALITY_CONTEXTS, 0x00000080u)       \
	X(CHAIN_DISABLE_AUTH_ROOT_AUTO_UPDATE, 0x00000100u)       \
	X(CHAIN_DISABLE_AIA, 0x00002000u)                         \
	X(CHAIN_REVOCATION_ACCUMULATIVE_TIMEOUT, 0x08000000u)     \
	X(CHAIN_REVOCATION_CHECK_END_CERT, 0x10000000u)           \
	X(CHAIN_REVOCATION_CHECK_CHAIN, 0x20000000u)              \
	X(CHAIN_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT, 0x40000000u) \
	X(CHAIN_REVOCATION_CHECK_CACHE_ONLY, 0x80000000u)
enum {
#define CS_CHAIN_FLAG_ENUM(n, v) CS_##n = v,
	CS_CHAIN_FLAGS(CS_CHAIN_FLAG_ENUM)
#undef CS_CHAIN_FLAG_ENUM
};
/* "CERT_CHAIN_REVOCATION_CHECK_CHAIN" for one of them; NULL otherwise. */
const char *cs_chain_flag_name(uint32_t bit);
#define CS_CHAIN_REVOCATION_MASK              \
	(CS_CHAIN_REVOCATION_CHECK_END_CERT | \
	 CS_CHAIN_REVOCATION_CHECK_CHAIN |    \
	 CS_CHAIN_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT)

/* HRESULTs: model/hresult.h (winerror.h; RULES.md 2). */

/* What revocation found for one element (CERT_REVOCATION_INFO), filled by
 * the revocation hook; present == false when it was not checked. */
typedef struct {
	bool present;
	uint32_t result;           /* dwRevocationResult: 0 or CRYPT_E_* */
	const char *method;        /* "ocsp", "crl", "delta-crl" (static) */
	const char *url;           /* borrowed from the trace/world, or NULL */
	cs_filetime revoked_at;    /* when result == CRYPT_E_REVOKED */
	bool has_freshness;        /* fHasFreshnessTime */
	int64_t freshness_seconds; /* dwFreshnessTime */
} cs_revocation_info;

/* One certificate of a simple chain (CERT_CHAIN_ELEMENT). */
typedef struct {
	const struct cs_cert *cert; /* borrowed from the pool */
	uint32_t error_status;      /* TrustStatus.dwErrorStatus */
	uint32_t info_status;       /* TrustStatus.dwInfoStatus */
	cs_revocation_info revocation;
} cs_chain_element;

/* CERT_SIMPLE_CHAIN: elements end certificate first, the root (or the last
 * certificate found) last. */
typedef struct {
	cs_chain_element *elements; /* owned by the context */
	size_t n;
	uint32_t error_status, info_status;
} cs_simple_chain;

/* CERT_CHAIN_CONTEXT. The model builds one simple chain (no CTL chains), so
 * lChainIndex is always 0 when an element is named. */
typedef struct {
	cs_simple_chain chain;
	uint32_t error_status, info_status; /* chain-level TrustStatus */
	/* What the call was, for the hooks and the policy. */
	cs_account account;
	uint32_t flags;          /* dwFlags of the call */
	cs_filetime verify_time; /* pTime or now */
	bool verify_time_is_now; /* no pTime (model/horizon.h) */
	cs_filetime now;         /* the simulated clock at the call */
	/* Revocation knobs of the call (from cs_chain_para). */
	uint32_t url_retrieval_timeout_ms; /* 0 = the profile's */
	bool check_freshness;
	uint32_t freshness_seconds;
	bool short_lived_process;
	bool from_cache;   /* the path came from the engine cache */
	bool root_trusted; /* the top element is in the logical Root */
	/* HAS_VALID_NAME_CONSTRAINTS of an element reaches info_status
	 * (profile column chain_info_has_valid_name_constraints). */
	bool valid_nc_info_folded;
} cs_chain_context;

void cs_chain_context_free(cs_chain_context *ctx); /* keeps ctx reusable */

/* dwType of CERT_USAGE_MATCH. */
typedef enum {
	CS_USAGE_MATCH_AND = 0,
	CS_USAGE_MATCH_OR = 1,
} cs_usage_match;

/* CERT_CHAIN_PARA plus the arguments of CertGetCertificateChain. */
typedef struct {
	cs_account account;         /* the process's account (HCCE_*) */
	const struct cs_cert *leaf; /* pCertContext */
	const cs_filetime *time;    /* pTime; NULL = m->w.now */
	uint32_t flags;             /* CS_CHAIN_* */
	const char *const *usages;  /* RequestedUsage OIDs, may be NULL */
	size_t nusages;
	cs_usage_match usage_match;      /* AND / OR */
	const cs_store *additional;      /* hAdditionalStore, may be NULL */
	const cs_store *restricted_root; /* engine's hRestrictedRoot, or NULL
	                                    for the logical Root store */
	const cs_filetime *cache_resync; /* pftCacheResync, may be NULL */
	/* Revocation knobs, passed through to the revocation hook. */
	uint32_t url_retrieval_timeout_ms; /* 0 = the default */
	bool check_freshness;              /* fCheckRevocationFreshnessTime */
	uint32_t freshness_seconds;        /* dwRevocationFreshnessTime */
	/* The caller is a short-lived process of its own (certutil): its
	 * URL retrievals use no long-lived process memory and no offline
	 * back-off history (engine/cryptnet/retrieve.h). */
	bool short_lived_process;
} cs_chain_para;

/* Build the chain for para->leaf on machine m as para->account. *out is
 * filled (free with cs_chain_context_free) even when the chain has errors:
 * trust problems are bits, not failures. Returns CS_ERR_FORMAT when
 * CertGetCertificateChain itself fails for the leaf (cs_chain_refusal: no
 * chain, *out empty), CS_ERR_NOMEM etc. for a failure of the model
 * itself. */
CS_MUST_USE cs_status cs_chain_get(cs_machine *m, const cs_chain_para *para,
                                   cs_chain_context *out);

/* CertGetCertificateChain returns FALSE for this leaf before building
 * anything: the GetLastError it sets, or 0 when it builds a chain. A
 * certificate whose CERT_INFO SignatureAlgorithm OID is empty (a context
 * CertCreateCertificateContext made from the bare to-be-signed encoding,
 * pki/lenient.h) gives ERROR_INVALID_DATA (Wine 8: dlls/crypt32/chain.c
 * CertGetCertificateChain; Windows: ERROR_INVALID_DATA or
 * CRYPT_E_ASN1_BADTAG, WINETEST chain.c testGetCertChain bigCert). */
uint32_t cs_chain_refusal(const struct cs_cert *leaf);

/* Chain policies: the CERT_CHAIN_POLICY_* values of wincrypt.h, every
 * one CertVerifyCertificateChainPolicy accepts. cs_policy_modelled says
 * which the model evaluates (docs/verify.md). */
typedef enum {
	CS_POLICY_BASE = 1,
	CS_POLICY_AUTHENTICODE = 2,
	CS_POLICY_AUTHENTICODE_TS = 3,
	CS_POLICY_SSL = 4,
	CS_POLICY_BASIC_CONSTRAINTS = 5,
	CS_POLICY_NT_AUTH = 6,
	CS_POLICY_MICROSOFT_ROOT = 7,
	CS_POLICY_EV = 8,
	CS_POLICY_SSL_F12 = 9,
	CS_POLICY_SSL_HPKP_HEADER = 10,
	CS_POLICY_THIRD_PARTY_ROOT = 11,
	CS_POLICY_SSL_KEY_PIN = 12,
} cs_policy_id;
#define CS_POLICY_MAX 12

/* CERT_CHAIN_POLICY_PARA.dwFlags. */
enum {
	CS_POLICY_IGNORE_NOT_TIME_VALID = 0x0001u,
	CS_POLICY_IGNORE_CTL_NOT_TIME_VALID = 0x0002u,
	CS_POLICY_IGNORE_NOT_TIME_NESTED = 0x0004u,
	CS_POLICY_IGNORE_INVALID_BASIC_CONSTRAINTS = 0x0008u,
	CS_POLICY_ALLOW_UNKNOWN_CA = 0x0010u,
	CS_POLICY_IGNORE_WRONG_USAGE = 0x0020u,
	CS_POLICY_IGNORE_INVALID_NAME = 0x0040u,
	CS_POLICY_IGNORE_INVALID_POLICY = 0x0080u,
	CS_POLICY_IGNORE_END_REV_UNKNOWN = 0x0100u,
	CS_POLICY_IGNORE_CTL_SIGNER_REV_UNKNOWN = 0x0200u,
	CS_POLICY_IGNORE_CA_REV_UNKNOWN = 0x0400u,
	CS_POLICY_IGNORE_ROOT_REV_UNKNOWN = 0x0800u,
	CS_POLICY_IGNORE_PEER_TRUST = 0x1000u,
	CS_POLICY_IGNORE_NOT_SUPPORTED_CRITICAL_EXT = 0x2000u,
	CS_POLICY_TRUST_TESTROOT = 0x4000u,
	CS_POLICY_ALLOW_TESTROOT = 0x8000u,
	CS_POLICY_IGNORE_WEAK_SIGNATURE = 0x08000000u,
};

/* MICROSOFT_ROOT policy dwFlags (wincrypt.h). */
enum {
	CS_MSROOT_ENABLE_TEST_ROOT = 0x00010000u,
	CS_MSROOT_CHECK_APPLICATION_ROOT = 0x00020000u,
	CS_MSROOT_DISABLE_FLIGHT_ROOT = 0x00040000u,
};

/* SSL_EXTRA_CERT_CHAIN_POLICY_PARA: dwAuthType and fdwChecks
 * (SECURITY_FLAG_IGNORE_* of wininet.h). */
enum {
	CS_AUTHTYPE_CLIENT = 1,
	CS_AUTHTYPE_SERVER = 2,
	CS_SECURITY_FLAG_IGNORE_REVOCATION = 0x00000080u,
	CS_SECURITY_FLAG_IGNORE_UNKNOWN_CA = 0x00000100u,
	CS_SECURITY_FLAG_IGNORE_WRONG_USAGE = 0x00000200u,
	CS_SECURITY_FLAG_IGNORE_CERT_CN_INVALID = 0x00001000u,
	CS_SECURITY_FLAG_IGNORE_CERT_DATE_INVALID = 0x00002000u,
	CS_SECURITY_FLAG_IGNORE_WEAK_SIGNATURE = 0x00010000u,
};

/* BASIC_CONSTRAINTS policy dwFlags. */
enum {
	CS_BASIC_CONSTRAINTS_CA_FLAG = 0x80000000u,
	CS_BASIC_CONSTRAINTS_END_ENTITY_FLAG = 0x40000000u,
};

/* CERT_CHAIN_POLICY_PARA with the SSL policy's extra parameters. */
typedef struct {
	cs_policy_id policy;
	uint32_t flags; /* dwFlags: CS_POLICY_IGNORE_* / BASIC_CONSTRAINTS /
	                   CS_MSROOT_* */
	/* SSL_EXTRA_CERT_CHAIN_POLICY_PARA: absent (no_ssl_para, i.e.
	 * pvExtraPolicyPara NULL) or given with dwAuthType (0 is a value of
	 * its own: neither client nor server), fdwChecks and pwszServerName
	 * (NULL = no name; "" is a name). */
	bool no_ssl_para;
	int auth_type;
	uint32_t ssl_checks;
	const char *server_name;
} cs_policy_para;

/* CERT_CHAIN_POLICY_STATUS. */
typedef struct {
	uint32_t error;     /* dwError: 0 or an HRESULT */
	long chain_index;   /* -1 = context-wide */
	long element_index; /* -1 = chain-wide */
} cs_policy_status;

/* Evaluate a policy on a built chain as m's profile does (RULES.md 2).
 * Records a "policy" observation. CS_ERR_NOT_FOUND when the profile's
 * CertVerifyCertificateChainPolicy has no provider for the policy (it
 * returns FALSE with ERROR_FILE_NOT_FOUND: a result, not a model failure);
 * CS_ERR_RANGE for one the model does not evaluate (cs_policy_modelled). */
CS_MUST_USE cs_status cs_chain_policy(cs_machine *m,
                                      const cs_chain_context *ctx,
                                      const cs_policy_para *para,
                                      cs_policy_status *out);

/* "base", "ssl", "basic-constraints", ... <-> id; false when unknown
 * (engine/chain/words.h parses the other spellings too). */
bool cs_policy_from_name(const char *name, cs_policy_id *out);
const char *cs_policy_name(cs_policy_id id);
/* The wincrypt.h name: "CERT_CHAIN_POLICY_SSL". */
const char *cs_policy_symbol(cs_policy_id id);
/* The profile's CertVerifyCertificateChainPolicy has a provider for id. */
bool cs_policy_provided(const cs_profile *p, cs_policy_id id);
/* NULL when the model can give the profile's answer for id (a provided
 * policy it evaluates, or a call that fails for want of a provider); else
 * why not, a sentence without a final period. */
const char *cs_policy_modelled(const cs_profile *p, cs_policy_id id);
/* Win32 error of a policy call without a provider (winerror.h). */
#define CS_WIN32_FILE_NOT_FOUND 2u

#endif
