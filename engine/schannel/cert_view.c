/* Views of certificates for Schannel's rules (cert_view.h), from OpenSSL. */
#include "engine/schannel/cert_view.h"
#include "model/alloc.h"

#include <openssl/bio.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <string.h>

#include "capisim/asn1time.h"
#include "pki/cert.h"

/* OpenSSL 3.0 takes X509 * where it caches decoded extensions; the object is
 * not changed in any way the engine can see. */
static X509 *unconst(const X509 *x)
{
	return (X509 *)(uintptr_t)x;
}

static cs_status encode_name(const X509_NAME *n, uint8_t **out, size_t *len)
{
	unsigned char *der = NULL;
	int l = i2d_X509_NAME(n, &der);
	if (l <= 0)
		return CS_ERR_FORMAT;
	*out = cs_malloc((size_t)l);
	if (!*out) {
		OPENSSL_free(der);
		return cs_alloc_failed();
	}
	memcpy(*out, der, (size_t)l);
	OPENSSL_free(der);
	*len = (size_t)l;
	return CS_OK;
}

/* "CN=Leaf, O=Example": most specific first, as certutil prints. */
static void name_label(const X509_NAME *n, char *buf, size_t size)
{
	buf[0] = '\0';
	BIO *b = BIO_new(BIO_s_mem());
	if (!b)
		return;
	unsigned long flags =
	    (XN_FLAG_RFC2253 & ~XN_FLAG_SEP_MASK) | XN_FLAG_SEP_CPLUS_SPC;
	if (X509_NAME_print_ex(b, n, 0, flags) >= 0) {
		int r = BIO_read(b, buf, (int)size - 1);
		buf[r > 0 ? r : 0] = '\0';
	}
	BIO_free(b);
}

static cs_sch_usage eku_usage(const X509 *x)
{
	X509 *m = unconst(x);
	if (!(X509_get_extension_flags(m) & EXFLAG_XKUSAGE))
		return CS_SCH_USAGE_ANY;
	/* anyExtendedKeyUsage counts as client auth (RFC 5280 4.2.1.12). */
	if (X509_get_extended_key_usage(m) & (XKU_SSL_CLIENT | XKU_ANYEKU))
		return CS_SCH_USAGE_CLIENT_AUTH;
	return CS_SCH_USAGE_OTHER;
}

cs_status cs_sch_cert_from_x509(cs_sch_cert *v, const X509 *x)
{
	memset(v, 0, sizeof *v);
	v->x509 = x;
	cs_status st =
	    encode_name(X509_get_subject_name(x), &v->subject, &v->subject_len);
	if (st == CS_OK)
		st = encode_name(X509_get_issuer_name(x), &v->issuer,
		                 &v->issuer_len);
	if (st == CS_OK)
		st = cs_time_from_asn1(X509_get0_notBefore(x), &v->not_before);
	if (st == CS_OK)
		st = cs_time_from_asn1(X509_get0_notAfter(x), &v->not_after);
	if (st != CS_OK) {
		cs_sch_cert_clear(v);
		return st;
	}
	v->self_issued = v->subject_len == v->issuer_len &&
	                 memcmp(v->subject, v->issuer, v->subject_len) == 0;
	v->is_ca = (X509_get_extension_flags(unconst(x)) & EXFLAG_CA) != 0;
	v->eku = eku_usage(x);
	v->prop = CS_SCH_USAGE_ANY;
	name_label(X509_get_subject_name(x), v->label, sizeof v->label);
	name_label(X509_get_issuer_name(x), v->issuer_label,
	           sizeof v->issuer_label);
	return CS_OK;
}

void cs_sch_cert_clear(cs_sch_cert *v)
{
	if (!v)
		return;
	free(v->subject);
	free(v->issuer);
	memset(v, 0, sizeof *v);
}

cs_sch_usage cs_sch_usage_of(const cs_usage *prop)
{
	/* The same two usages as the extension above (RFC 5280 4.2.1.12). */
	return cs_usage_has(prop, CS_OID_CLIENT_AUTH) ||
	               cs_usage_has(prop, CS_OID_ANY_EKU)
	           ? CS_SCH_USAGE_CLIENT_AUTH
	           : CS_SCH_USAGE_OTHER;
}

bool cs_sch_cert_client_auth_ok(const cs_sch_cert *v)
{
	return v->eku != CS_SCH_USAGE_OTHER && v->prop != CS_SCH_USAGE_OTHER;
}

bool cs_sch_cert_issued_by(const cs_sch_cert *c, const cs_sch_cert *i)
{
	if (c->issuer_len != i->subject_len ||
	    memcmp(c->issuer, i->subject, c->issuer_len) != 0)
		return false;
	EVP_PKEY *k = X509_get0_pubkey(i->x509);
	return k && X509_verify(unconst(c->x509), k) == 1;
}

bool cs_sch_cert_same(const cs_sch_cert *a, const cs_sch_cert *b)
{
	return a == b || a->x509 == b->x509 || X509_cmp(a->x509, b->x509) == 0;
}
