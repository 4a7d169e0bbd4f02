/* CRL parsing and checks (see crl.h). */
#include "pki/crl.h"
#include "model/alloc.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <string.h>

#include "capisim/asn1time.h"
#include "model/urlcache.h"

/* szOID_CRL_NEXT_PUBLISH (wincrypt.h). */
#define OID_CRL_NEXT_PUBLISH "1.3.6.1.4.1.311.21.4"

typedef struct {
	cs_crl pub; /* first: a cs_crl * is a crl_obj * */
	char *urls[CS_CRL_MAX_FRESHEST];
	/* the issuer-name and signature verdict per issuer (sigmemo.h) */
	cs_sig_memo sig_memo;
} crl_obj;

static void crl_obj_free(void *p)
{
	crl_obj *o = p;
	if (!o)
		return;
	X509_CRL_free(o->pub.crl);
	free((void *)o->pub.der.data);
	for (size_t i = 0; i < CS_CRL_MAX_FRESHEST; i++)
		free(o->urls[i]);
	free(o);
}

static int64_t integer_value(const ASN1_INTEGER *i)
{
	int64_t v = -1;
	if (!i || ASN1_INTEGER_get_int64(&v, i) != 1)
		return -1;
	return v;
}

static void read_next_publish(crl_obj *o)
{
	ASN1_OBJECT *oid = OBJ_txt2obj(OID_CRL_NEXT_PUBLISH, 1);
	int idx = oid ? X509_CRL_get_ext_by_OBJ(o->pub.crl, oid, -1) : -1;
	ASN1_OBJECT_free(oid);
	if (idx < 0)
		return;
	X509_EXTENSION *ext = X509_CRL_get_ext(o->pub.crl, idx);
	ASN1_OCTET_STRING *data = X509_EXTENSION_get_data(ext);
	const unsigned char *p = ASN1_STRING_get0_data(data);
	ASN1_TIME *t = d2i_ASN1_TIME(NULL, &p, ASN1_STRING_length(data));
	cs_filetime ft;
	if (t && cs_time_from_asn1(t, &ft) == CS_OK)
		o->pub.next_publish = ft;
	ASN1_TIME_free(t);
}

static cs_status read_freshest(crl_obj *o)
{
	cs_status st = CS_OK;
	CRL_DIST_POINTS *dps =
	    X509_CRL_get_ext_d2i(o->pub.crl, NID_freshest_crl, NULL, NULL);
	for (int i = 0; dps && i < sk_DIST_POINT_num(dps); i++) {
		DIST_POINT *dp = sk_DIST_POINT_value(dps, i);
		if (!dp->distpoint || dp->distpoint->type != 0)
			continue;
		GENERAL_NAMES *names = dp->distpoint->name.fullname;
		for (int k = 0; k < sk_GENERAL_NAME_num(names); k++) {
			GENERAL_NAME *gn = sk_GENERAL_NAME_value(names, k);
			if (gn->type != GEN_URI ||
			    o->pub.nfreshest == CS_CRL_MAX_FRESHEST)
				continue;
			const ASN1_IA5STRING *u =
			    gn->d.uniformResourceIdentifier;
			char *s =
			    cs_strndup((const char *)ASN1_STRING_get0_data(u),
			               (size_t)ASN1_STRING_length(u));
			if (!s) {
				st = cs_alloc_failed();
				break;
			}
			o->urls[o->pub.nfreshest] = s;
			o->pub.freshest[o->pub.nfreshest++] = s;
		}
	}
	CRL_DIST_POINTS_free(dps);
	return st;
}

cs_status cs_crl_get(cs_pool *pool, cs_bytes der, const cs_crl **out)
{
	unsigned char key[32];
	if (!EVP_Digest(der.data, der.len, key, NULL, EVP_sha256(), NULL))
		CS_BAIL(CS_ERR_INTERNAL);
	crl_obj *o = cs_pool_lookup(pool, "crl", key, sizeof key);
	if (o) {
		*out = &o->pub;
		return CS_OK;
	}
	o = cs_calloc(1, sizeof *o);
	uint8_t *copy = cs_malloc(der.len ? der.len : 1);
	if (!o || !copy) {
		free(o);
		free(copy);
		return cs_alloc_failed();
	}
	memcpy(copy, der.data, der.len);
	o->pub.der = (cs_bytes){copy, der.len};
	const unsigned char *p = copy;
	X509_CRL *crl = d2i_X509_CRL(NULL, &p, (long)der.len);
	if (!crl || p != copy + der.len) {
		/* What CryptoAPI decodes beyond OpenSSL: the bare CRL_INFO,
		 * empty algorithm OIDs (pki/lenient.h). */
		X509_CRL_free(crl);
		crl = NULL;
		ERR_clear_error();
		cs_status lst = cs_lenient_crl(o->pub.der, &crl, &o->pub.parts);
		if (lst != CS_OK) {
			crl_obj_free(o);
			return lst;
		}
		o->pub.lenient = true;
		o->pub.unsigned_form = !o->pub.parts.is_signed;
	}
	o->pub.crl = crl;
	unsigned mdlen = 0;
	const unsigned char *name;
	size_t name_len;
	if (!EVP_Digest(copy, der.len, o->pub.sha1, &mdlen, EVP_sha1(), NULL) ||
	    !X509_NAME_get0_der(X509_CRL_get_issuer(crl), &name, &name_len)) {
		crl_obj_free(o);
		return CS_ERR_FORMAT;
	}
	o->pub.issuer_der = (cs_bytes){name, name_len};
	o->pub.version = (int)X509_CRL_get_version(crl) + 1;
	o->pub.next_update = CS_URLCACHE_NEVER;
	if (cs_time_from_asn1(X509_CRL_get0_lastUpdate(crl),
	                      &o->pub.this_update) != CS_OK) {
		crl_obj_free(o);
		return CS_ERR_FORMAT;
	}
	const ASN1_TIME *nu = X509_CRL_get0_nextUpdate(crl);
	if (nu && cs_time_from_asn1(nu, &o->pub.next_update) != CS_OK) {
		crl_obj_free(o);
		return CS_ERR_FORMAT;
	}
	ASN1_INTEGER *num =
	    X509_CRL_get_ext_d2i(crl, NID_crl_number, NULL, NULL);
	o->pub.number = integer_value(num);
	ASN1_INTEGER_free(num);
	ASN1_INTEGER *base =
	    X509_CRL_get_ext_d2i(crl, NID_delta_crl, NULL, NULL);
	o->pub.is_delta = base != NULL;
	o->pub.base_number = integer_value(base);
	ASN1_INTEGER_free(base);
	read_next_publish(o);
	cs_status st = read_freshest(o);
	if (st != CS_OK) {
		crl_obj_free(o);
		return st;
	}
	void *kept;
	st = cs_pool_intern(pool, "crl", key, sizeof key, o, crl_obj_free,
	                    &kept);
	if (st != CS_OK)
		return st;
	*out = &((crl_obj *)kept)->pub;
	return CS_OK;
}

const char *cs_crl_verdict_name(cs_crl_verdict v)
{
	static const char *const names[] = {
	    [CS_CRL_VALID] = "valid",
	    [CS_CRL_WRONG_ISSUER] = "wrong-issuer",
	    [CS_CRL_BAD_SIGNATURE] = "bad-signature",
	    [CS_CRL_NOT_YET_VALID] = "not-yet-valid",
	    [CS_CRL_EXPIRED] = "expired",
	};
	return (unsigned)v < 5 ? names[v] : "?";
}

/* The issuer name and the signature: CS_CRL_VALID, CS_CRL_WRONG_ISSUER or
 * CS_CRL_BAD_SIGNATURE, remembered per issuer. */
static cs_crl_verdict signed_by(const cs_crl *crl, const struct cs_cert *issuer)
{
	crl_obj *o = (crl_obj *)crl;
	int known = cs_sig_memo_get(&o->sig_memo, issuer);
	if (known >= 0)
		return (cs_crl_verdict)known;
	cs_crl_verdict v = CS_CRL_VALID;
	X509 *ix = cs_cert_x509(issuer);
	EVP_PKEY *key = X509_get0_pubkey(ix);
	if (X509_NAME_cmp(X509_CRL_get_issuer(crl->crl),
	                  X509_get_subject_name(ix)) != 0)
		v = CS_CRL_WRONG_ISSUER;
	else if (crl->lenient ? !cs_lenient_verify(&crl->parts, ix)
	                      : !key || X509_CRL_verify(crl->crl, key) != 1)
		v = CS_CRL_BAD_SIGNATURE;
	cs_sig_memo_put(&o->sig_memo, issuer, (unsigned)v);
	return v;
}

cs_crl_verdict cs_crl_check(const cs_crl *crl, const struct cs_cert *issuer,
                            cs_filetime now, bool check_signature,
                            bool check_time)
{
	if (check_signature) {
		cs_crl_verdict v = signed_by(crl, issuer);
		if (v != CS_CRL_VALID)
			return v;
	}
	if (check_time) {
		if (now < crl->this_update)
			return CS_CRL_NOT_YET_VALID;
		if (now > crl->next_update)
			return CS_CRL_EXPIRED;
	}
	return CS_CRL_VALID;
}

cs_crl_entry cs_crl_lookup(const cs_crl *crl, const struct cs_cert *cert,
                           cs_filetime *when)
{
	X509_REVOKED *r = NULL;
	if (X509_CRL_get0_by_cert(crl->crl, &r, cs_cert_x509(cert)) != 1 || !r)
		return CS_CRL_ENTRY_NONE;
	ASN1_ENUMERATED *reason =
	    X509_REVOKED_get_ext_d2i(r, NID_crl_reason, NULL, NULL);
	long code = reason ? ASN1_ENUMERATED_get(reason) : -1;
	ASN1_ENUMERATED_free(reason);
	if (code == 8) /* removeFromCRL (RFC 5280 5.3.1) */
		return CS_CRL_ENTRY_REMOVED;
	if (cs_time_from_asn1(X509_REVOKED_get0_revocationDate(r), when) !=
	    CS_OK)
		*when = 0;
	return CS_CRL_ENTRY_REVOKED;
}
