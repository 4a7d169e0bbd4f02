/* The columns of the crypt32 / cryptnet entry points a program calls
 * directly (engine/api, engine/revocation/verify_revocation.h,
 * engine/cryptnet/object_url.h): argument checks, last errors, and the
 * rules of a CRL handed in through a store. One row per OS; sources in
 * model/profile_api.c, choices in docs/hypotheses.md (H-api-*). */
#ifndef CAPISIM_MODEL_PROFILE_API_H
#define CAPISIM_MODEL_PROFILE_API_H

#include <stdbool.h>
#include <stdint.h>

#include "model/profile.h"

/* When a CRL from a store proves a listed certificate revoked at the time
 * checked t. */
typedef enum {
	/* the entry's revocationDate <= t, whatever the CRL's dates */
	CS_STORE_CRL_REVOKED_BY_DATE,
	/* t > the CRL's ThisUpdate, whatever the entry's date */
	CS_STORE_CRL_REVOKED_AFTER_THIS_UPDATE,
} cs_store_crl_revoked_rule;

typedef struct {
	/* CertAdd*ToStore with a disposition outside 1..7. */
	uint32_t bad_disposition_error;
	/* CryptRetrieveObjectByUrl reads file:// URLs; the last error when
	 * it does not. */
	bool file_urls;
	uint32_t file_url_refused_error;
	/* ... and when the file is not there (any more). */
	uint32_t file_url_missing_error;
	/* cryptnet's CertDllVerifyRevocation writes dwIndex 0, dwError and
	 * dwReason 0 into the status when it refuses its arguments (false:
	 * the caller's values stay). */
	bool revocation_status_on_bad_args;
	/* cryptnet answers CRYPT_E_NO_REVOCATION_CHECK when the encoding
	 * type lacks X509_ASN_ENCODING (false: it checks anyway). */
	bool revocation_needs_x509_encoding;
	cs_store_crl_revoked_rule store_crl_revoked_rule;
	/* For a certificate with a CDP, the CRLs handed in (hCrlStore, the
	 * chain engine's stores) are a step of the CRL lookup order: after
	 * the process memory and the disk cache, before the network (RULES.md
	 * 4). false: only the CDP's URLs are read. */
	bool store_crl_in_lookup_order;
} cs_api_profile;

const cs_api_profile *cs_profile_api(const cs_profile *p);

#endif
