/* How one CRL relates to one certificate, as crypt32's CRL functions see
 * it: the primitives behind CertFindCertificateInCRL,
 * CertIsValidCRLForCertificate, CertVerifyCRLRevocation,
 * CertVerifyCRLTimeValidity and the CRL_FIND_ISSUED_BY / _FOR searches of
 * CertFindCRLInStore (docs/calls.md lists the evidence for each). Pure
 * functions of the parsed objects; nothing here reads a clock. */
#ifndef CAPISIM_PKI_CRL_MATCH_H
#define CAPISIM_PKI_CRL_MATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "capisim/clock.h"
#include "pki/cert.h"
#include "pki/crl.h"

/* dwFindFlags of CertFindCRLInStore (wincrypt.h). */
#define CS_CRL_FIND_ISSUED_BY_AKI_FLAG       0x1u
#define CS_CRL_FIND_ISSUED_BY_SIGNATURE_FLAG 0x2u
#define CS_CRL_FIND_ISSUED_BY_DELTA_FLAG     0x4u
#define CS_CRL_FIND_ISSUED_BY_BASE_FLAG      0x8u

/* One entry of a CRL (CRL_ENTRY). */
typedef struct {
	cs_bytes serial;        /* INTEGER contents octets, big endian */
	cs_filetime revoked_at; /* revocationDate */
	int reason;             /* CRLReason code, -1 when absent */
} cs_crl_entry_info;

/* CertFindCertificateInCRL: the entry whose serial number equals cert's.
 * Only the serial is compared, never the issuer (crl.c testFindCertInCRL#2:
 * a CRL of another issuer lists the certificate). */
bool cs_crl_find_entry(const cs_crl *crl, const struct cs_cert *cert,
                       cs_crl_entry_info *out);

/* CertVerifyCRLRevocation: true when none of crls lists cert's serial
 * (crl.c testVerifyCRLRevocation: no CRL is true, an entry of another
 * issuer's CRL is false). */
bool cs_crl_verify_revocation(const struct cs_cert *cert,
                              const cs_crl *const *crls, size_t n);

/* The CRL's Authority Key Identifier against a candidate issuer
 * (CRL_FIND_ISSUED_BY_AKI_FLAG). */
typedef enum {
	CS_CRL_AKI_ABSENT,     /* no AKI extension */
	CS_CRL_AKI_MATCH,      /* keyIdentifier = the issuer's key identifier,
	                          or issuer name and serial = the issuer's */
	CS_CRL_AKI_MISMATCH,   /* decodes, names another key or certificate */
	CS_CRL_AKI_UNDECODABLE /* present but not an AuthorityKeyIdentifier */
} cs_crl_aki;
cs_crl_aki cs_crl_aki_check(const cs_crl *crl, const struct cs_cert *issuer);
const char *cs_crl_aki_name(cs_crl_aki a);

/* The CRL's issuer name equals c's subject name (byte compare of the
 * encoded names, as CertCompareCertificateName). */
bool cs_crl_issuer_is_subject_of(const cs_crl *crl, const struct cs_cert *c);
/* ... equals c's issuer name. */
bool cs_crl_issuer_is_issuer_of(const cs_crl *crl, const struct cs_cert *c);
/* The CRL's signature verifies with issuer's public key. */
bool cs_crl_signed_by(const cs_crl *crl, const struct cs_cert *issuer);

/* CRL_FIND_ISSUED_BY with dwFindFlags (DOC CertFindCRLInStore): the
 * issuer name, then with the AKI flag a CRL that has an AKI must match it
 * (one without matches: crl.c testFindCRL#7; an undecodable one matches
 * nothing, not even its signer: #16), with the signature flag the CRL must
 * verify under issuer's key (#6, #18), with the delta / base flags only
 * delta / base CRLs. issuer NULL matches every CRL (#3). */
bool cs_crl_issued_by(const cs_crl *crl, const struct cs_cert *issuer,
                      uint32_t flags);

/* CRL_FIND_ISSUED_FOR: the CRL's issuer is subject's issuer (crl.c
 * testFindCRL#9-#12), the flags judged against issuer. */
bool cs_crl_issued_for(const cs_crl *crl, const struct cs_cert *subject,
                       const struct cs_cert *issuer, uint32_t flags);

/* CertIsValidCRLForCertificate (DOC): a CRL without an Issuing
 * Distribution Point is valid for every certificate, whatever its issuer
 * (crl.c testIsValidCRLForCert#2, #7); with one, only for a certificate
 * whose CRL Distribution Points name one of the IDP's URLs (#3, #4 vs
 * #5). cert NULL: valid (#0). */
bool cs_crl_valid_for_cert(const cs_crl *crl, const struct cs_cert *cert);

/* CertVerifyCRLTimeValidity: -1 when t is before ThisUpdate, 1 when after
 * NextUpdate, else 0 (NextUpdate itself is valid; no NextUpdate never
 * expires). */
int cs_crl_time_validity(const cs_crl *crl, cs_filetime t);

#endif
