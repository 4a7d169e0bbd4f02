/* In-memory certificates for the Schannel tests: names of an exact DER
 * length, self-signed roots, CAs and client certificates signed by them.
 * Test inputs made with OpenSSL, not fixtures. */
#ifndef CAPISIM_TESTS_SCHANNEL_TESTCERTS_H
#define CAPISIM_TESTS_SCHANNEL_TESTCERTS_H

#include <openssl/x509.h>
#include <stdbool.h>
#include <stddef.h>

#include "engine/schannel/store_cert.h"

/* A Name whose DER encoding is exactly der_len bytes (33..400), its CN made
 * from tag; NULL when no such length can be built. */
X509_NAME *tc_name_of_len(size_t der_len, unsigned tag);
size_t tc_name_len(const X509_NAME *n); /* i2d_X509_NAME length */

enum { TC_EKU_NONE, TC_EKU_CLIENT, TC_EKU_SERVER_ONLY };

/* Certificate with subject name (copied), signed by issuer (NULL = self),
 * valid 2010-01-01..2030-01-01 UTC. */
X509 *tc_cert(const X509_NAME *subject, X509 *issuer, bool ca, int eku);
X509 *tc_cert_cn(const char *cn, X509 *issuer, bool ca, int eku);

/* x as the engine reads it: a certificate of a pool the tests share (freed
 * at exit), with no store property. Fails the test when x does not load. */
cs_sch_cert tc_view(X509 *x);

/* The shared test key's pair (one EC P-256 key signs everything). */
EVP_PKEY *tc_key(void);

#endif
