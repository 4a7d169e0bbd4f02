/* CertGetIssuerCertificateFromStore and CertVerifySubjectCertificateContext
 * (see api.h). Their flags (DOC CertVerifySubjectCertificateContext):
 * each check asked for is cleared when it passes; the revocation check
 * with no CRL of the issuer to look in passes nothing and adds
 * CERT_STORE_NO_CRL_FLAG (cert.c testGetIssuerCert#5,
 * testVerifySubjectCert#6: 0x10004); the NO_CRL / NO_ISSUER flags are
 * results a caller may not pass in (testGetIssuerCert#3,
 * testVerifySubjectCert#1: E_INVALIDARG). */
#include "engine/api/api.h"

#include "pki/crl_match.h"
#include "model/hresult.h"

#define CERT_STORE_SIGNATURE_FLAG     0x1u
#define CERT_STORE_TIME_VALIDITY_FLAG 0x2u
#define CERT_STORE_REVOCATION_FLAG    0x4u
#define CERT_STORE_NO_CRL_FLAG        0x10000u
#define CERT_STORE_NO_ISSUER_FLAG     0x20000u

static const uint32_t checks = CERT_STORE_SIGNATURE_FLAG |
                               CERT_STORE_TIME_VALIDITY_FLAG |
                               CERT_STORE_REVOCATION_FLAG;

/* Run the checks in *flags on subject against issuer (NULL: none given);
 * the issuer's CRLs are the ones of issuer_store. */
static void verify(cs_machine *m, const struct cs_cert *subject,
                   const struct cs_cert *issuer, const cs_store *issuer_store,
                   uint32_t *flags)
{
	if ((*flags & CERT_STORE_TIME_VALIDITY_FLAG) &&
	    cs_api_time_validity_now(&m->w, cs_cert_not_before(subject),
	                             cs_cert_not_after(subject)) == 0)
		*flags &= ~CERT_STORE_TIME_VALIDITY_FLAG;
	if (*flags & CERT_STORE_SIGNATURE_FLAG) {
		if (!issuer)
			*flags |= CERT_STORE_NO_ISSUER_FLAG;
		else if (cs_cert_signature_ok(subject, issuer))
			*flags &= ~CERT_STORE_SIGNATURE_FLAG;
	}
	if (*flags & CERT_STORE_REVOCATION_FLAG) {
		cs_crl_find f = {.type = CS_CRL_FIND_ISSUED_BY, .cert = issuer};
		size_t at = 0;
		if (!issuer) {
			*flags |= CERT_STORE_NO_ISSUER_FLAG;
		} else if (!issuer_store ||
		           !cs_store_find_crl(issuer_store, &f, &at)) {
			*flags |= CERT_STORE_NO_CRL_FLAG;
		} else if (!cs_crl_find_entry(issuer_store->crls[at], subject,
		                              NULL)) {
			*flags &= ~CERT_STORE_REVOCATION_FLAG;
		}
	}
}

const struct cs_cert *cs_api_get_issuer(cs_machine *m, const cs_store *store,
                                        const struct cs_cert *subject,
                                        uint32_t *flags, uint32_t *last_error)
{
	if ((*flags & ~checks) || !subject || !store) {
		*last_error = CS_E_INVALIDARG; /* testGetIssuerCert#0-#3 */
		return NULL;
	}
	for (size_t i = 0; i < store->n; i++) {
		const struct cs_cert *c = store->certs[i];
		if (!cs_cert_name_matches_issuer(subject, c))
			continue;
		verify(m, subject, c, store, flags);
		return c;
	}
	*last_error = CS_CRYPT_E_NOT_FOUND;
	return NULL;
}

bool cs_api_verify_subject(cs_machine *m, const struct cs_cert *subject,
                           const struct cs_cert *issuer,
                           const cs_store *issuer_store, uint32_t *flags,
                           uint32_t *last_error)
{
	if (*flags & ~checks) { /* testVerifySubjectCert#1 */
		*last_error = CS_E_INVALIDARG;
		return false;
	}
	if (!*flags)
		return true; /* nothing to check: NULL contexts too (#0-#5) */
	if (!subject) {
		*last_error = CS_E_INVALIDARG;
		return false;
	}
	verify(m, subject, issuer, issuer_store, flags);
	return true;
}
