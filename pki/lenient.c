/* The lenient readers (see lenient.h). */
#include "pki/lenient.h"

#include "model/alloc.h"
#include "pki/ossl.h"

#include <limits.h>
#include <openssl/asn1t.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>

/* ---- templates: X.509 and RFC 2315 with ANY where an OID may be empty */

typedef struct {
	ASN1_TIME *not_before;
	ASN1_TIME *not_after;
} CS_LENIENT_VALIDITY;

typedef struct {
	ASN1_INTEGER *version;
	ASN1_INTEGER *serial;
	ASN1_TYPE *signature;
	X509_NAME *issuer;
	CS_LENIENT_VALIDITY *validity;
	X509_NAME *subject;
	ASN1_TYPE *key;
	ASN1_BIT_STRING *issuer_uid;
	ASN1_BIT_STRING *subject_uid;
	STACK_OF(X509_EXTENSION) * extensions;
} CS_LENIENT_TBS_CERT;

typedef struct {
	CS_LENIENT_TBS_CERT *tbs;
	ASN1_TYPE *algorithm;
	ASN1_BIT_STRING *signature;
} CS_LENIENT_CERT;

typedef struct {
	ASN1_INTEGER *version;
	ASN1_TYPE *signature;
	X509_NAME *issuer;
	ASN1_TIME *this_update;
	ASN1_TIME *next_update;
	STACK_OF(X509_REVOKED) * revoked;
	STACK_OF(X509_EXTENSION) * extensions;
} CS_LENIENT_TBS_CRL;

typedef struct {
	CS_LENIENT_TBS_CRL *tbs;
	ASN1_TYPE *algorithm;
	ASN1_BIT_STRING *signature;
} CS_LENIENT_CRL;

typedef struct {
	X509_NAME *issuer;
	ASN1_INTEGER *serial;
} CS_LENIENT_ISSUER_SERIAL;

typedef struct {
	ASN1_INTEGER *version;
	CS_LENIENT_ISSUER_SERIAL *issuer_and_serial;
	ASN1_TYPE *digest_alg;
	STACK_OF(ASN1_TYPE) * auth_attrs;
	ASN1_TYPE *enc_alg;
	ASN1_OCTET_STRING *enc_digest;
	STACK_OF(ASN1_TYPE) * unauth_attrs;
} CS_LENIENT_SIGNER;

DEFINE_STACK_OF(CS_LENIENT_SIGNER)

typedef struct {
	ASN1_OBJECT *type;
	ASN1_TYPE *content;
} CS_LENIENT_CONTENT;

typedef struct {
	ASN1_INTEGER *version;
	STACK_OF(ASN1_TYPE) * digest_algs;
	CS_LENIENT_CONTENT *content;
	STACK_OF(ASN1_TYPE) * certs;
	STACK_OF(ASN1_TYPE) * crls;
	STACK_OF(CS_LENIENT_SIGNER) * signers;
} CS_LENIENT_SIGNED;

typedef struct {
	ASN1_OBJECT *type;
	CS_LENIENT_SIGNED *signed_data;
} CS_LENIENT_P7;

DECLARE_ASN1_FUNCTIONS(CS_LENIENT_VALIDITY)
DECLARE_ASN1_FUNCTIONS(CS_LENIENT_TBS_CERT)
DECLARE_ASN1_FUNCTIONS(CS_LENIENT_CERT)
DECLARE_ASN1_FUNCTIONS(CS_LENIENT_TBS_CRL)
DECLARE_ASN1_FUNCTIONS(CS_LENIENT_CRL)
DECLARE_ASN1_FUNCTIONS(CS_LENIENT_ISSUER_SERIAL)
DECLARE_ASN1_FUNCTIONS(CS_LENIENT_SIGNER)
DECLARE_ASN1_FUNCTIONS(CS_LENIENT_CONTENT)
DECLARE_ASN1_FUNCTIONS(CS_LENIENT_SIGNED)
DECLARE_ASN1_FUNCTIONS(CS_LENIENT_P7)

/* clang-format off */
ASN1_SEQUENCE(CS_LENIENT_VALIDITY) = {
	ASN1_SIMPLE(CS_LENIENT_VALIDITY, not_before, ASN1_TIME),
	ASN1_SIMPLE(CS_LENIENT_VALIDITY, not_after, ASN1_TIME),
} ASN1_SEQUENCE_END(CS_LENIENT_VALIDITY)

ASN1_SEQUENCE(CS_LENIENT_TBS_CERT) = {
	ASN1_EXP_OPT(CS_LENIENT_TBS_CERT, version, ASN1_INTEGER, 0),
	ASN1_SIMPLE(CS_LENIENT_TBS_CERT, serial, ASN1_INTEGER),
	ASN1_SIMPLE(CS_LENIENT_TBS_CERT, signature, ASN1_ANY),
	ASN1_SIMPLE(CS_LENIENT_TBS_CERT, issuer, X509_NAME),
	ASN1_SIMPLE(CS_LENIENT_TBS_CERT, validity, CS_LENIENT_VALIDITY),
	ASN1_SIMPLE(CS_LENIENT_TBS_CERT, subject, X509_NAME),
	ASN1_SIMPLE(CS_LENIENT_TBS_CERT, key, ASN1_ANY),
	ASN1_IMP_OPT(CS_LENIENT_TBS_CERT, issuer_uid, ASN1_BIT_STRING, 1),
	ASN1_IMP_OPT(CS_LENIENT_TBS_CERT, subject_uid, ASN1_BIT_STRING, 2),
	ASN1_EXP_SEQUENCE_OF_OPT(CS_LENIENT_TBS_CERT, extensions,
	                         X509_EXTENSION, 3),
} ASN1_SEQUENCE_END(CS_LENIENT_TBS_CERT)

ASN1_SEQUENCE(CS_LENIENT_CERT) = {
	ASN1_SIMPLE(CS_LENIENT_CERT, tbs, CS_LENIENT_TBS_CERT),
	ASN1_SIMPLE(CS_LENIENT_CERT, algorithm, ASN1_ANY),
	ASN1_SIMPLE(CS_LENIENT_CERT, signature, ASN1_BIT_STRING),
} ASN1_SEQUENCE_END(CS_LENIENT_CERT)

ASN1_SEQUENCE(CS_LENIENT_TBS_CRL) = {
	ASN1_OPT(CS_LENIENT_TBS_CRL, version, ASN1_INTEGER),
	ASN1_SIMPLE(CS_LENIENT_TBS_CRL, signature, ASN1_ANY),
	ASN1_SIMPLE(CS_LENIENT_TBS_CRL, issuer, X509_NAME),
	ASN1_SIMPLE(CS_LENIENT_TBS_CRL, this_update, ASN1_TIME),
	ASN1_OPT(CS_LENIENT_TBS_CRL, next_update, ASN1_TIME),
	ASN1_SEQUENCE_OF_OPT(CS_LENIENT_TBS_CRL, revoked, X509_REVOKED),
	ASN1_EXP_SEQUENCE_OF_OPT(CS_LENIENT_TBS_CRL, extensions,
	                         X509_EXTENSION, 0),
} ASN1_SEQUENCE_END(CS_LENIENT_TBS_CRL)

ASN1_SEQUENCE(CS_LENIENT_CRL) = {
	ASN1_SIMPLE(CS_LENIENT_CRL, tbs, CS_LENIENT_TBS_CRL),
	ASN1_SIMPLE(CS_LENIENT_CRL, algorithm, ASN1_ANY),
	ASN1_SIMPLE(CS_LENIENT_CRL, signature, ASN1_BIT_STRING),
} ASN1_SEQUENCE_END(CS_LENIENT_CRL)

ASN1_SEQUENCE(CS_LENIENT_ISSUER_SERIAL) = {
	ASN1_SIMPLE(CS_LENIENT_ISSUER_SERIAL, issuer, X509_NAME),
	ASN1_SIMPLE(CS_LENIENT_ISSUER_SERIAL, serial, ASN1_INTEGER),
} ASN1_SEQUENCE_END(CS_LENIENT_ISSUER_SERIAL)

ASN1_SEQUENCE(CS_LENIENT_SIGNER) = {
	ASN1_SIMPLE(CS_LENIENT_SIGNER, version, ASN1_INTEGER),
	ASN1_SIMPLE(CS_LENIENT_SIGNER, issuer_and_serial,
	            CS_LENIENT_ISSUER_SERIAL),
	ASN1_SIMPLE(CS_LENIENT_SIGNER, digest_alg, ASN1_ANY),
	ASN1_IMP_SET_OF_OPT(CS_LENIENT_SIGNER, auth_attrs, ASN1_ANY, 0),
	ASN1_SIMPLE(CS_LENIENT_SIGNER, enc_alg, ASN1_ANY),
	ASN1_SIMPLE(CS_LENIENT_SIGNER, enc_digest, ASN1_OCTET_STRING),
	ASN1_IMP_SET_OF_OPT(CS_LENIENT_SIGNER, unauth_attrs, ASN1_ANY, 1),
} ASN1_SEQUENCE_END(CS_LENIENT_SIGNER)

ASN1_SEQUENCE(CS_LENIENT_CONTENT) = {
	ASN1_SIMPLE(CS_LENIENT_CONTENT, type, ASN1_OBJECT),
	ASN1_EXP_OPT(CS_LENIENT_CONTENT, content, ASN1_ANY, 0),
} ASN1_SEQUENCE_END(CS_LENIENT_CONTENT)

ASN1_SEQUENCE(CS_LENIENT_SIGNED) = {
	ASN1_SIMPLE(CS_LENIENT_SIGNED, version, ASN1_INTEGER),
	ASN1_SET_OF(CS_LENIENT_SIGNED, digest_algs, ASN1_ANY),
	ASN1_SIMPLE(CS_LENIENT_SIGNED, content, CS_LENIENT_CONTENT),
	ASN1_IMP_SET_OF_OPT(CS_LENIENT_SIGNED, certs, ASN1_ANY, 0),
	ASN1_IMP_SET_OF_OPT(CS_LENIENT_SIGNED, crls, ASN1_ANY, 1),
	ASN1_SET_OF(CS_LENIENT_SIGNED, signers, CS_LENIENT_SIGNER),
} ASN1_SEQUENCE_END(CS_LENIENT_SIGNED)

ASN1_SEQUENCE(CS_LENIENT_P7) = {
	ASN1_SIMPLE(CS_LENIENT_P7, type, ASN1_OBJECT),
	ASN1_EXP(CS_LENIENT_P7, signed_data, CS_LENIENT_SIGNED, 0),
} ASN1_SEQUENCE_END(CS_LENIENT_P7)

IMPLEMENT_ASN1_FUNCTIONS(CS_LENIENT_VALIDITY)
IMPLEMENT_ASN1_FUNCTIONS(CS_LENIENT_TBS_CERT)
IMPLEMENT_ASN1_FUNCTIONS(CS_LENIENT_CERT)
IMPLEMENT_ASN1_FUNCTIONS(CS_LENIENT_TBS_CRL)
IMPLEMENT_ASN1_FUNCTIONS(CS_LENIENT_CRL)
IMPLEMENT_ASN1_FUNCTIONS(CS_LENIENT_ISSUER_SERIAL)
IMPLEMENT_ASN1_FUNCTIONS(CS_LENIENT_SIGNER)
IMPLEMENT_ASN1_FUNCTIONS(CS_LENIENT_CONTENT)
IMPLEMENT_ASN1_FUNCTIONS(CS_LENIENT_SIGNED)
IMPLEMENT_ASN1_FUNCTIONS(CS_LENIENT_P7)
    /* clang-format on */

    /* ---- where the parts lie: headers read with ASN1_get_object ---- */

    /* The TLV at *p (avail bytes left): its whole span, and *p moved past it.
     * False when the header is malformed or runs past avail. */
    static bool next_tlv(const unsigned char **p, size_t avail, cs_bytes *whole,
                         const unsigned char **content, long *content_len)
{
	const unsigned char *start = *p, *q = *p;
	long len = 0;
	int tag, cls;
	int rc = ASN1_get_object(&q, &len, &tag, &cls,
	                         avail > LONG_MAX ? LONG_MAX : (long)avail);
	if ((rc & 0x80) || (rc & 0x01))
		return false;
	size_t hdr = (size_t)(q - start);
	if ((size_t)len > avail - hdr)
		return false;
	*whole = (cs_bytes){start, hdr + (size_t)len};
	if (content)
		*content = q;
	if (content_len)
		*content_len = len;
	*p = q + len;
	return true;
}

/* Spans of a signed object: SEQUENCE { tbs, algorithm, BIT STRING }. */
static bool signed_spans(cs_bytes der, cs_lenient_parts *parts)
{
	const unsigned char *p = der.data, *body;
	long body_len;
	cs_bytes outer, bits;
	const unsigned char *bits_content;
	long bits_len;
	if (!next_tlv(&p, der.len, &outer, &body, &body_len))
		return false;
	const unsigned char *end = body + body_len;
	p = body;
	if (!next_tlv(&p, (size_t)(end - p), &parts->tbs, NULL, NULL) ||
	    !next_tlv(&p, (size_t)(end - p), &parts->sig_alg, NULL, NULL) ||
	    !next_tlv(&p, (size_t)(end - p), &bits, &bits_content, &bits_len) ||
	    bits_len < 1)
		return false;
	parts->signature = (cs_bytes){bits_content + 1, (size_t)bits_len - 1};
	parts->is_signed = true;
	return true;
}

/* The SubjectPublicKeyInfo inside a TBSCertificate: the element after the
 * subject, i.e. the 6th, or the 7th with the [0] version. */
static bool spki_span(cs_bytes tbs, cs_bytes *spki)
{
	const unsigned char *p = tbs.data, *body;
	long body_len;
	cs_bytes whole, el;
	if (!next_tlv(&p, tbs.len, &whole, &body, &body_len))
		return false;
	const unsigned char *end = body + body_len;
	p = body;
	int want = *p == 0xa0 ? 7 : 6;
	for (int i = 0; i < want; i++)
		if (p >= end ||
		    !next_tlv(&p, (size_t)(end - p), &el, NULL, NULL))
			return false;
	*spki = el;
	return true;
}

/* An AlgorithmIdentifier (read as ANY) whose OBJECT IDENTIFIER has no
 * content octets. */
static bool alg_oid_empty(const ASN1_TYPE *alg)
{
	if (!alg || alg->type != V_ASN1_SEQUENCE || !alg->value.sequence)
		return false;
	const unsigned char *p = alg->value.sequence->data;
	long len = alg->value.sequence->length, body;
	int tag, cls;
	if (ASN1_get_object(&p, &body, &tag, &cls, len) & 0x80 ||
	    tag != V_ASN1_SEQUENCE)
		return false;
	const unsigned char *end = p + body;
	long oid_len;
	if (p >= end ||
	    ASN1_get_object(&p, &oid_len, &tag, &cls, end - p) & 0x80)
		return false;
	return tag == V_ASN1_OBJECT && cls == V_ASN1_UNIVERSAL && oid_len == 0;
}

static long version_of(const ASN1_INTEGER *v)
{
	long n = v ? ASN1_INTEGER_get(v) : 0;
	return n < 0 ? 0 : n;
}

/* ---- certificates ---- */

static X509 *rebuild_x509(const CS_LENIENT_TBS_CERT *t, cs_bytes spki)
{
	X509 *x = X509_new();
	bool ok = x && X509_set_version(x, version_of(t->version)) &&
	          X509_set_serialNumber(x, t->serial) &&
	          X509_set_issuer_name(x, t->issuer) &&
	          X509_set_subject_name(x, t->subject) &&
	          X509_set1_notBefore(x, t->validity->not_before) &&
	          X509_set1_notAfter(x, t->validity->not_after);
	for (int i = 0; ok && i < sk_X509_EXTENSION_num(t->extensions); i++)
		ok = X509_add_ext(x, sk_X509_EXTENSION_value(t->extensions, i),
		                  -1);
	if (!ok) {
		X509_free(x);
		return NULL;
	}
	/* The key, when OpenSSL knows its algorithm; otherwise none (the
	 * certificate then verifies nothing, as on Windows). */
	const unsigned char *p = spki.data;
	X509_PUBKEY *pk = d2i_X509_PUBKEY(NULL, &p, (long)spki.len);
	EVP_PKEY *key = pk ? X509_PUBKEY_get(pk) : NULL;
	if (key)
		X509_set_pubkey(x, key);
	EVP_PKEY_free(key);
	X509_PUBKEY_free(pk);
	ERR_clear_error();
	return x;
}

cs_status cs_lenient_x509(cs_bytes der, X509 **out, cs_lenient_parts *parts)
{
	*out = NULL;
	memset(parts, 0, sizeof *parts);
	const unsigned char *p = der.data;
	CS_LENIENT_CERT *signed_cert =
	    d2i_CS_LENIENT_CERT(NULL, &p, (long)der.len);
	const CS_LENIENT_TBS_CERT *tbs = NULL;
	CS_LENIENT_TBS_CERT *bare = NULL;
	if (signed_cert && p == der.data + der.len &&
	    signed_spans(der, parts)) {
		tbs = signed_cert->tbs;
	} else {
		memset(parts, 0, sizeof *parts);
		p = der.data;
		bare = d2i_CS_LENIENT_TBS_CERT(NULL, &p, (long)der.len);
		if (bare && p == der.data + der.len) {
			tbs = bare;
			parts->tbs = der;
		}
	}
	cs_status st = CS_ERR_FORMAT;
	if (tbs && spki_span(parts->tbs, &parts->spki)) {
		parts->has_unique_ids = tbs->issuer_uid || tbs->subject_uid;
		parts->tbs_alg_oid_empty = alg_oid_empty(tbs->signature);
		*out = rebuild_x509(tbs, parts->spki);
		st = *out ? CS_OK : CS_OSSL_FAILED();
	}
	CS_LENIENT_CERT_free(signed_cert);
	CS_LENIENT_TBS_CERT_free(bare);
	ERR_clear_error();
	return st;
}

/* ---- CRLs ---- */

static X509_CRL *rebuild_crl(const CS_LENIENT_TBS_CRL *t)
{
	X509_CRL *c = X509_CRL_new();
	bool ok =
	    c && X509_CRL_set_version(c, version_of(t->version)) &&
	    X509_CRL_set_issuer_name(c, t->issuer) &&
	    X509_CRL_set1_lastUpdate(c, t->this_update) &&
	    (!t->next_update || X509_CRL_set1_nextUpdate(c, t->next_update));
	for (int i = 0; ok && i < sk_X509_REVOKED_num(t->revoked); i++) {
		X509_REVOKED *r =
		    X509_REVOKED_dup(sk_X509_REVOKED_value(t->revoked, i));
		ok = r && X509_CRL_add0_revoked(c, r);
		if (!ok)
			X509_REVOKED_free(r);
	}
	for (int i = 0; ok && i < sk_X509_EXTENSION_num(t->extensions); i++)
		ok = X509_CRL_add_ext(
		    c, sk_X509_EXTENSION_value(t->extensions, i), -1);
	if (!ok) {
		X509_CRL_free(c);
		return NULL;
	}
	return c;
}

cs_status cs_lenient_crl(cs_bytes der, X509_CRL **out, cs_lenient_parts *parts)
{
	*out = NULL;
	memset(parts, 0, sizeof *parts);
	const unsigned char *p = der.data;
	CS_LENIENT_CRL *signed_crl =
	    d2i_CS_LENIENT_CRL(NULL, &p, (long)der.len);
	const CS_LENIENT_TBS_CRL *tbs = NULL;
	CS_LENIENT_TBS_CRL *bare = NULL;
	if (signed_crl && p == der.data + der.len && signed_spans(der, parts)) {
		tbs = signed_crl->tbs;
	} else {
		memset(parts, 0, sizeof *parts);
		p = der.data;
		bare = d2i_CS_LENIENT_TBS_CRL(NULL, &p, (long)der.len);
		if (bare && p == der.data + der.len) {
			tbs = bare;
			parts->tbs = der;
		}
	}
	cs_status st = CS_ERR_FORMAT;
	if (tbs) {
		*out = rebuild_crl(tbs);
		st = *out ? CS_OK : CS_OSSL_FAILED();
	}
	CS_LENIENT_CRL_free(signed_crl);
	CS_LENIENT_TBS_CRL_free(bare);
	ERR_clear_error();
	return st;
}

/* ---- PKCS #7 SignedData (CTLs) ---- */

static cs_status copy_out(uint8_t **dst, size_t *len, const void *src, size_t n)
{
	*dst = cs_malloc(n ? n : 1);
	CS_GUARD_ALLOC(*dst);
	if (n)
		memcpy(*dst, src, n);
	*len = n;
	return CS_OK;
}

void cs_lenient_signed_free(cs_lenient_signed *s)
{
	if (!s)
		return;
	free(s->content);
	free(s->signer_issuer);
	free(s->signer_serial);
	memset(s, 0, sizeof *s);
}

cs_status cs_lenient_signed_data(cs_bytes der, cs_lenient_signed *out)
{
	memset(out, 0, sizeof *out);
	const unsigned char *p = der.data;
	CS_LENIENT_P7 *p7 = d2i_CS_LENIENT_P7(NULL, &p, (long)der.len);
	cs_status st = CS_ERR_FORMAT;
	if (!p7 || p != der.data + der.len ||
	    OBJ_obj2nid(p7->type) != NID_pkcs7_signed)
		goto done;
	const CS_LENIENT_CONTENT *ci = p7->signed_data->content;
	OBJ_obj2txt(out->content_oid, sizeof out->content_oid, ci->type, 1);
	if (!ci->content || ci->content->type != V_ASN1_SEQUENCE)
		goto done;
	const ASN1_STRING *seq = ci->content->value.sequence;
	if ((st = copy_out(&out->content, &out->content_len,
	                   ASN1_STRING_get0_data(seq),
	                   (size_t)ASN1_STRING_length(seq))) != CS_OK)
		goto done;
	if (sk_CS_LENIENT_SIGNER_num(p7->signed_data->signers) > 0) {
		const CS_LENIENT_ISSUER_SERIAL *is =
		    sk_CS_LENIENT_SIGNER_value(p7->signed_data->signers, 0)
		        ->issuer_and_serial;
		const unsigned char *name;
		size_t name_len;
		if (!X509_NAME_get0_der(is->issuer, &name, &name_len)) {
			st = CS_ERR_FORMAT;
			goto done;
		}
		if ((st = copy_out(&out->signer_issuer, &out->signer_issuer_len,
		                   name, name_len)) != CS_OK ||
		    (st = copy_out(&out->signer_serial, &out->signer_serial_len,
		                   ASN1_STRING_get0_data(is->serial),
		                   (size_t)ASN1_STRING_length(is->serial))) !=
		        CS_OK)
			goto done;
	}
	st = CS_OK;
done:
	if (st != CS_OK)
		cs_lenient_signed_free(out);
	CS_LENIENT_P7_free(p7);
	ERR_clear_error();
	return st;
}

/* ---- signatures over the raw to-be-signed bytes ---- */

bool cs_lenient_verify(const cs_lenient_parts *parts, const X509 *issuer)
{
	if (!parts->is_signed || !issuer)
		return false;
	EVP_PKEY *key = X509_get0_pubkey(issuer);
	const unsigned char *p = parts->sig_alg.data;
	X509_ALGOR *alg = d2i_X509_ALGOR(NULL, &p, (long)parts->sig_alg.len);
	int md_nid = NID_undef, pk_nid = NID_undef;
	const ASN1_OBJECT *oid = NULL;
	if (alg)
		X509_ALGOR_get0(&oid, NULL, NULL, alg);
	const EVP_MD *md =
	    oid && OBJ_find_sigid_algs(OBJ_obj2nid(oid), &md_nid, &pk_nid)
	        ? EVP_get_digestbynid(md_nid)
	        : NULL;
	EVP_MD_CTX *ctx = md && key ? EVP_MD_CTX_new() : NULL;
	bool ok =
	    ctx && EVP_DigestVerifyInit(ctx, NULL, md, NULL, key) == 1 &&
	    EVP_DigestVerify(ctx, parts->signature.data, parts->signature.len,
	                     parts->tbs.data, parts->tbs.len) == 1;
	EVP_MD_CTX_free(ctx);
	X509_ALGOR_free(alg);
	ERR_clear_error();
	return ok;
}
