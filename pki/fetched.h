/* What a body fetched from a URL is, read only as far as the URL cache and
 * the issuer download need: which object it is, when its copy stops being
 * offered (a CRL's or OCSP answer's NextUpdate, a certificate's notAfter),
 * and the certificates of a PKCS#7 bundle (.p7c). The full parses are
 * pki/crl.h, pki/ocsp.h and pki/cert.h. */
#ifndef CAPISIM_PKI_FETCHED_H
#define CAPISIM_PKI_FETCHED_H

#include <stdbool.h>

#include "capisim/clock.h"
#include "capisim/status.h"
#include "model/bytes.h"
#include "pki/cert.h"
#include "pki/pool.h"

/* The objects a fetched body can hold. */
typedef enum {
	CS_FETCHED_OTHER, /* none of these */
	CS_FETCHED_CRL,
	CS_FETCHED_OCSP, /* an OCSPResponse */
	CS_FETCHED_CERT, /* one DER certificate */
	CS_FETCHED_P7,   /* a PKCS#7 bundle */
} cs_fetched_kind;

/* Which object body is: a CRL, an OCSP response, a certificate or a
 * PKCS#7 bundle, tried in that order. */
cs_fetched_kind cs_fetched_kind_of(cs_bytes body);

/* When body, of kind kind, has a time after which it is stale: a CRL's
 * NextUpdate, the first single response's nextUpdate of an OCSP answer, a
 * certificate's notAfter; *has false when the object carries none (a
 * PKCS#7 bundle never does). False when body is not of that kind. */
bool cs_fetched_next_update(cs_fetched_kind kind, cs_bytes body, bool *has,
                            cs_filetime *t);

/* Each certificate of the PKCS#7 SignedData bundle in body, interned in
 * pool, given to fn; one that does not parse is skipped, and bytes that
 * are not a bundle hold none. CS_OK, or the pool's failure. */
CS_MUST_USE cs_status cs_fetched_p7_certs(cs_pool *pool, cs_bytes body,
                                          void (*fn)(const struct cs_cert *c,
                                                     void *arg),
                                          void *arg);

#endif
