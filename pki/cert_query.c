/* Answers read from a parsed certificate on demand (see pki/cert.h). */
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "pki/cert.h"
#include "pki/digest.h"

bool cs_cert_spki_sha256(const struct cs_cert *c, uint8_t out[32])
{
	unsigned char *spki = NULL;
	int n = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(c->x509), &spki);
	bool ok = n > 0 && cs_sha256(spki, (size_t)n, out);
	OPENSSL_free(spki);
	return ok;
}

bool cs_cert_subject_cn_any(const struct cs_cert *c,
                            bool (*fn)(const char *cn, size_t len, void *arg),
                            void *arg)
{
	X509_NAME *subj = X509_get_subject_name(c->x509);
	for (int i = -1;
	     (i = X509_NAME_get_index_by_NID(subj, NID_commonName, i)) >= 0;) {
		unsigned char *cn = NULL;
		int len = ASN1_STRING_to_UTF8(
		    &cn,
		    X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subj, i)));
		bool hit = len > 0 && fn((const char *)cn, (size_t)len, arg);
		OPENSSL_free(cn);
		if (hit)
			return true;
	}
	return false;
}
