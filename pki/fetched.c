/* What a fetched body is (see fetched.h). */
#include "pki/fetched.h"

#include <openssl/ocsp.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>

#include "capisim/asn1time.h"
#include "model/error.h"

static bool is_crl(cs_bytes b, bool *has, cs_filetime *t)
{
	const unsigned char *p = b.data;
	X509_CRL *crl = d2i_X509_CRL(NULL, &p, (long)b.len);
	if (!crl)
		return false;
	const ASN1_TIME *nu = X509_CRL_get0_nextUpdate(crl);
	*has = nu && cs_time_from_asn1(nu, t) == CS_OK;
	X509_CRL_free(crl);
	return true;
}

static bool is_ocsp(cs_bytes b, bool *has, cs_filetime *t)
{
	const unsigned char *p = b.data;
	OCSP_RESPONSE *r = d2i_OCSP_RESPONSE(NULL, &p, (long)b.len);
	if (!r)
		return false;
	OCSP_BASICRESP *bs = OCSP_response_get1_basic(r);
	OCSP_SINGLERESP *s = bs ? OCSP_resp_get0(bs, 0) : NULL;
	ASN1_GENERALIZEDTIME *nu = NULL;
	if (s)
		OCSP_single_get0_status(s, NULL, NULL, NULL, &nu);
	*has = nu && cs_time_from_asn1(nu, t) == CS_OK;
	OCSP_BASICRESP_free(bs);
	OCSP_RESPONSE_free(r);
	return true;
}

static bool is_cert(cs_bytes b, bool *has, cs_filetime *t)
{
	const unsigned char *p = b.data;
	X509 *x = d2i_X509(NULL, &p, (long)b.len);
	if (!x)
		return false;
	*has = cs_time_from_asn1(X509_get0_notAfter(x), t) == CS_OK;
	X509_free(x);
	return true;
}

static PKCS7 *p7_of(cs_bytes b)
{
	const unsigned char *p = b.data;
	return d2i_PKCS7(NULL, &p, (long)b.len);
}

static bool is_p7(cs_bytes b, bool *has, cs_filetime *t)
{
	(void)t;
	PKCS7 *p7 = p7_of(b);
	*has = false;
	PKCS7_free(p7);
	return p7 != NULL;
}

typedef bool (*reader)(cs_bytes, bool *, cs_filetime *);

static const reader readers[] = {
    [CS_FETCHED_CRL] = is_crl,
    [CS_FETCHED_OCSP] = is_ocsp,
    [CS_FETCHED_CERT] = is_cert,
    [CS_FETCHED_P7] = is_p7,
};

cs_fetched_kind cs_fetched_kind_of(cs_bytes body)
{
	bool has;
	cs_filetime t;
	for (int k = CS_FETCHED_CRL; k <= CS_FETCHED_P7; k++)
		if (readers[k](body, &has, &t))
			return (cs_fetched_kind)k;
	return CS_FETCHED_OTHER;
}

bool cs_fetched_next_update(cs_fetched_kind kind, cs_bytes body, bool *has,
                            cs_filetime *t)
{
	*has = false;
	if (kind <= CS_FETCHED_OTHER || kind > CS_FETCHED_P7)
		return false;
	return readers[kind](body, has, t);
}

cs_status cs_fetched_p7_certs(cs_pool *pool, cs_bytes body,
                              void (*fn)(const struct cs_cert *c, void *arg),
                              void *arg)
{
	PKCS7 *p7 = p7_of(body);
	STACK_OF(X509) *certs =
	    p7 && PKCS7_type_is_signed(p7) ? p7->d.sign->cert : NULL;
	cs_status st = CS_OK;
	for (int i = 0; i < sk_X509_num(certs) && cs_status_is_input(st); i++) {
		unsigned char *der = NULL;
		int n = i2d_X509(sk_X509_value(certs, i), &der);
		const struct cs_cert *c = NULL;
		cs_diag d = {0};
		st = n > 0 ? cs_cert_from_der(pool, (cs_bytes){der, (size_t)n},
		                              &c, &d)
		           : CS_ERR_FORMAT;
		if (st == CS_OK)
			fn(c, arg);
		OPENSSL_free(der);
	}
	PKCS7_free(p7);
	return cs_status_is_input(st) ? CS_OK : st;
}
