/* What CryptoAPI's decoders accept and OpenSSL's d2i_X509, d2i_X509_CRL and
 * d2i_PKCS7 refuse, read with OpenSSL ASN.1 templates of our own:
 *
 *  - the to-be-signed encodings alone: CertCreateCertificateContext and
 *    CertCreateCRLContext decode X509_CERT_TO_BE_SIGNED /
 *    X509_CERT_CRL_TO_BE_SIGNED, which take the signed form and, failing
 *    that, the bare CERT_INFO / CRL_INFO (Wine's crypt32 tests build most of
 *    their objects that way, and Windows passes them: winetests/revocation
 *    README, "Notes on the bytes");
 *  - an AlgorithmIdentifier or SubjectPublicKeyInfo whose OBJECT IDENTIFIER
 *    is empty (zero content octets): OpenSSL's OID decoder rejects it,
 *    CryptoAPI decodes it as the empty string (crl.c's signedCRL, cert.c's
 *    childOfExpired, ctl.c's CTLs).
 *
 * The algorithms and the key are kept as ANY (their bytes), so nothing
 * inside them is decoded. A certificate or CRL read this way is rebuilt as
 * an OpenSSL object through its setters (names, serial, times, entries,
 * extensions; the key when it decodes), so the rest of pki/ reads it like
 * any other; its encoded bytes stay the input's. */
#ifndef CAPISIM_PKI_LENIENT_H
#define CAPISIM_PKI_LENIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capisim/status.h"
#include "model/bytes.h"

struct x509_st;     /* OpenSSL X509 */
struct X509_crl_st; /* OpenSSL X509_CRL */

/* Where the parts of a signed or unsigned object lie in its encoding
 * (spans into the input). */
typedef struct {
	bool is_signed;      /* SEQUENCE { tbs, algorithm, signature } */
	cs_bytes tbs;        /* the to-be-signed SEQUENCE, tag and length
	                        included: what the signature covers */
	cs_bytes sig_alg;    /* the outer AlgorithmIdentifier (signed only) */
	cs_bytes signature;  /* the BIT STRING's bits, without the unused-
	                        bits octet (signed only) */
	cs_bytes spki;       /* certificates: SubjectPublicKeyInfo, whole */
	bool has_unique_ids; /* certificates: issuer/subject unique IDs */
	bool tbs_alg_oid_empty; /* certificates: the TBSCertificate's
	                           signature AlgorithmIdentifier has an
	                           empty OID (CERT_INFO's SignatureAlgorithm
	                           .pszObjId is "") */
} cs_lenient_parts;

/* A certificate (signed or the bare TBSCertificate). CS_ERR_FORMAT when the
 * bytes are neither. *out is a new X509 the caller frees. */
CS_MUST_USE cs_status cs_lenient_x509(cs_bytes der, struct x509_st **out,
                                      cs_lenient_parts *parts);

/* A CRL (signed or the bare TBSCertList). */
CS_MUST_USE cs_status cs_lenient_crl(cs_bytes der, struct X509_crl_st **out,
                                     cs_lenient_parts *parts);

/* What a CTL's PKCS #7 SignedData holds for the store: the contentType of
 * its content, the content ([0] EXPLICIT SEQUENCE, tag and length
 * included), and the first SignerInfo's issuer (the encoded Name) and
 * serial number (INTEGER contents octets). Owned copies. */
typedef struct {
	char content_oid[80];
	uint8_t *content;
	size_t content_len;
	uint8_t *signer_issuer; /* NULL when there is no SignerInfo */
	size_t signer_issuer_len;
	uint8_t *signer_serial;
	size_t signer_serial_len;
} cs_lenient_signed;

CS_MUST_USE cs_status cs_lenient_signed_data(cs_bytes der,
                                             cs_lenient_signed *out);
void cs_lenient_signed_free(cs_lenient_signed *s);

/* Verify signature (parts of a signed object) with the public key of
 * issuer; false when the algorithm is unknown or it does not verify. */
bool cs_lenient_verify(const cs_lenient_parts *parts,
                       const struct x509_st *issuer);

#endif
