/* OCSP responses as the revocation provider judges them (RFC 6960 with
 * CryptoAPI's rules, RULES.md 4): response status, the single response for
 * this certificate (CertID by SHA-1), good / revoked / unknown, the signer
 * (the issuer itself, or a delegated responder the issuer certified with
 * id-kp-OCSPSigning), and thisUpdate / nextUpdate at the current time.
 * Times are compared here, never by OpenSSL (OCSP_check_validity reads the
 * host clock). */
#ifndef CAPISIM_PKI_OCSP_H
#define CAPISIM_PKI_OCSP_H

#include <stdbool.h>

#include "capisim/clock.h"
#include "pki/cert.h"
#include "model/bytes.h"

typedef enum {
	CS_OCSP_GOOD,
	CS_OCSP_REVOKED,
	CS_OCSP_UNKNOWN, /* the responder does not know the certificate */
	CS_OCSP_UNUSABLE /* not an answer: see why */
} cs_ocsp_status;

typedef struct {
	cs_ocsp_status status;
	cs_filetime this_update, next_update; /* next_update 0 = absent */
	cs_filetime revoked_at;
	bool delegated;  /* signed by a delegated responder */
	const char *why; /* static reason when UNUSABLE */
	/* The next instant the verdict changes with time (thisUpdate not
	 * reached yet, or nextUpdate + 1); INT64_MAX: never. */
	cs_filetime changes_at;
} cs_ocsp_verdict;

void cs_ocsp_evaluate(cs_bytes body, const struct cs_cert *cert,
                      const struct cs_cert *issuer, cs_filetime now,
                      bool check_signer, bool check_time, cs_ocsp_verdict *out);

const char *cs_ocsp_status_name(cs_ocsp_status s);

#endif
