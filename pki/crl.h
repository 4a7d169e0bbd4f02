/* CRLs as the revocation provider reads them: parsed once and interned in
 * the object pool (kind "crl", key SHA-256 of the DER), with the times and
 * extensions the rules need decoded to FILETIME and plain values. */
#ifndef CAPISIM_PKI_CRL_H
#define CAPISIM_PKI_CRL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capisim/clock.h"
#include "capisim/status.h"
#include "pki/cert.h"
#include "pki/lenient.h"
#include "pki/pool.h"
#include "model/bytes.h"

struct X509_crl_st;

#define CS_CRL_MAX_FRESHEST 4 /* delta locations kept; AD CS writes 1-2 */

typedef struct cs_crl {
	struct X509_crl_st *crl; /* owned by the pool entry */
	cs_bytes der;            /* the encoded CRL, owned */
	uint8_t sha1[20];        /* CERT_SHA1_HASH_PROP_ID of the CRL */
	cs_bytes issuer_der;     /* the encoded issuer Name */
	int version;             /* 1 or 2 */
	/* Read by pki/lenient.h (OpenSSL's d2i_X509_CRL refused it):
	 * unsigned_form is the bare TBSCertList (CRL_INFO) CertCreateCRLContext
	 * accepts; it verifies under no key. */
	bool lenient;
	bool unsigned_form;
	cs_lenient_parts parts;
	cs_filetime this_update;
	cs_filetime next_update;  /* CS_URLCACHE_NEVER when absent */
	cs_filetime next_publish; /* szOID_CRL_NEXT_PUBLISH
	                             1.3.6.1.4.1.311.21.4; 0 when absent */
	int64_t number;           /* cRLNumber, -1 when absent */
	bool is_delta;            /* has a Delta CRL Indicator */
	int64_t base_number;      /* the indicator's BaseCRLNumber */
	const char *freshest[CS_CRL_MAX_FRESHEST]; /* Freshest CRL URLs */
	size_t nfreshest;
} cs_crl;

/* Parse (DER) and intern; *out is borrowed from the pool. CS_ERR_FORMAT
 * when the bytes are not a CRL. */
CS_MUST_USE cs_status cs_crl_get(cs_pool *pool, cs_bytes der,
                                 const cs_crl **out);

typedef enum {
	CS_CRL_VALID,
	CS_CRL_WRONG_ISSUER,  /* issuer name differs from the CA's subject */
	CS_CRL_BAD_SIGNATURE, /* not signed by the certificate's issuer */
	CS_CRL_NOT_YET_VALID, /* now < ThisUpdate */
	CS_CRL_EXPIRED,       /* now > NextUpdate */
} cs_crl_verdict;

const char *cs_crl_verdict_name(cs_crl_verdict v);

/* Is crl usable for certificates issued by issuer at time now
 * (CertVerifyCRLTimeValidity: valid on [ThisUpdate, NextUpdate]; RULES.md 1,
 * 4)? The checks can be switched off per profile (Wine skips them). */
cs_crl_verdict cs_crl_check(const cs_crl *crl, const struct cs_cert *issuer,
                            cs_filetime now, bool check_signature,
                            bool check_time);

typedef enum {
	CS_CRL_ENTRY_NONE,    /* serial not listed */
	CS_CRL_ENTRY_REVOKED, /* listed (revocationDate in *when) */
	CS_CRL_ENTRY_REMOVED, /* delta: reason removeFromCRL (RFC 5280) */
} cs_crl_entry;

cs_crl_entry cs_crl_lookup(const cs_crl *crl, const struct cs_cert *cert,
                           cs_filetime *when);

#endif
