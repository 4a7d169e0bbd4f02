/* Certificate objects: parse once with OpenSSL, decode what the chain rules
 * read, intern in the pool by the SHA-256 of the DER (see cert.h). */
#include "pki/cert.h"
#include "pki/ossl.h"
#include "model/alloc.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <string.h>

#include "capisim/asn1time.h"
#include "pki/certname.h"
#include "pki/der_outer.h"

/* A growable list of owned strings, frozen into a cs_strlist. */
typedef struct {
	char **v;
	size_t n, cap;
} strvec;

static bool strvec_add(strvec *sv, const char *s, size_t len)
{
	if (sv->n == sv->cap) {
		size_t ncap = sv->cap ? sv->cap * 2 : 4;
		char **nv = cs_realloc(sv->v, ncap * sizeof *nv);
		if (!nv)
			return false;
		sv->v = nv;
		sv->cap = ncap;
	}
	char *c = cs_malloc(len + 1);
	if (!c)
		return false;
	memcpy(c, s, len);
	c[len] = '\0';
	sv->v[sv->n++] = c;
	return true;
}

static cs_strlist strvec_list(const strvec *sv)
{
	return (cs_strlist){(const char *const *)sv->v, sv->n};
}

static void strlist_free(cs_strlist l)
{
	for (size_t i = 0; i < l.n; i++)
		free((char *)l.v[i]);
	free((void *)l.v);
}

static void cert_free(void *p)
{
	struct cs_cert *c = p;
	if (!c)
		return;
	X509_free(c->x509);
	free((void *)c->der.data);
	free(c->subject_str);
	free(c->issuer_str);
	free((void *)c->ski.data);
	free((void *)c->aki_keyid.data);
	free((void *)c->aki_issuer.data);
	free((void *)c->aki_serial.data);
	NAME_CONSTRAINTS_free(c->name_constraints);
	GENERAL_NAMES_free(c->san);
	strlist_free(c->eku);
	strlist_free(c->san_dns);
	strlist_free(c->critical_oids);
	strlist_free(c->cdp);
	strlist_free(c->freshest_cdp);
	strlist_free(c->aia_ca_issuers);
	strlist_free(c->aia_ocsp);
	free(c);
}

static bool dup_bytes(cs_bytes *out, const void *data, size_t len)
{
	uint8_t *b = cs_malloc(len ? len : 1);
	if (!b)
		return false;
	if (len)
		memcpy(b, data, len);
	*out = (cs_bytes){b, len};
	return true;
}

/* URLs worth retrieving: the schemes cryptnet fetches. */
static bool url_kept(const char *s, size_t len)
{
	static const char *const schemes[] = {"http://", "https://", "ldap://",
	                                      "file://"};
	for (size_t i = 0; i < sizeof schemes / sizeof *schemes; i++) {
		size_t n = strlen(schemes[i]);
		if (len >= n && OPENSSL_strncasecmp(s, schemes[i], n) == 0)
			return true;
	}
	return false;
}

static bool add_uris(strvec *sv, const GENERAL_NAMES *names)
{
	for (int i = 0; i < sk_GENERAL_NAME_num(names); i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(names, i);
		if (g->type != GEN_URI)
			continue;
		const char *s = (const char *)ASN1_STRING_get0_data(
		    g->d.uniformResourceIdentifier);
		size_t len =
		    (size_t)ASN1_STRING_length(g->d.uniformResourceIdentifier);
		if (url_kept(s, len) && !strvec_add(sv, s, len))
			return false;
	}
	return true;
}

static bool load_dist_points(X509 *x, int nid, cs_strlist *out)
{
	strvec sv = {0};
	CRL_DIST_POINTS *dps = X509_get_ext_d2i(x, nid, NULL, NULL);
	bool ok = true;
	for (int i = 0; ok && i < sk_DIST_POINT_num(dps); i++) {
		DIST_POINT *dp = sk_DIST_POINT_value(dps, i);
		if (dp->distpoint && dp->distpoint->type == 0)
			ok = add_uris(&sv, dp->distpoint->name.fullname);
	}
	CRL_DIST_POINTS_free(dps);
	*out = strvec_list(&sv);
	return ok;
}

static bool load_aia(X509 *x, struct cs_cert *c)
{
	strvec ca = {0}, ocsp = {0};
	AUTHORITY_INFO_ACCESS *aia =
	    X509_get_ext_d2i(x, NID_info_access, NULL, NULL);
	bool ok = true;
	for (int i = 0; ok && i < sk_ACCESS_DESCRIPTION_num(aia); i++) {
		ACCESS_DESCRIPTION *ad = sk_ACCESS_DESCRIPTION_value(aia, i);
		int m = OBJ_obj2nid(ad->method);
		GENERAL_NAMES *one = sk_GENERAL_NAME_new_null();
		if (!one || !sk_GENERAL_NAME_push(one, ad->location)) {
			sk_GENERAL_NAME_free(one);
			ok = false;
			break;
		}
		if (m == NID_ad_ca_issuers)
			ok = add_uris(&ca, one);
		else if (m == NID_ad_OCSP)
			ok = add_uris(&ocsp, one);
		sk_GENERAL_NAME_free(one); /* the name stays in aia */
	}
	AUTHORITY_INFO_ACCESS_free(aia);
	c->aia_ca_issuers = strvec_list(&ca);
	c->aia_ocsp = strvec_list(&ocsp);
	return ok;
}

static bool load_eku_and_critical(X509 *x, struct cs_cert *c)
{
	char oid[128];
	strvec eku = {0}, crit = {0};
	bool ok = true;
	EXTENDED_KEY_USAGE *e =
	    X509_get_ext_d2i(x, NID_ext_key_usage, NULL, NULL);
	c->has_eku = X509_get_ext_by_NID(x, NID_ext_key_usage, -1) >= 0;
	for (int i = 0; ok && i < sk_ASN1_OBJECT_num(e); i++) {
		int n =
		    OBJ_obj2txt(oid, sizeof oid, sk_ASN1_OBJECT_value(e, i), 1);
		ok = n > 0 && (size_t)n < sizeof oid &&
		     strvec_add(&eku, oid, (size_t)n);
	}
	EXTENDED_KEY_USAGE_free(e);
	c->ext_count = X509_get_ext_count(x);
	for (int i = 0; ok && i < c->ext_count; i++) {
		X509_EXTENSION *ext = X509_get_ext(x, i);
		if (!X509_EXTENSION_get_critical(ext))
			continue;
		int n = OBJ_obj2txt(oid, sizeof oid,
		                    X509_EXTENSION_get_object(ext), 1);
		ok = n > 0 && (size_t)n < sizeof oid &&
		     strvec_add(&crit, oid, (size_t)n);
	}
	c->eku = strvec_list(&eku);
	c->critical_oids = strvec_list(&crit);
	return ok;
}

/* An alt name CryptDecodeObject rejects: an IA5String form (dNSName,
 * rfc822Name, URI) holding a NUL (WINETEST chain.c chainCheckEmbeddedNull:
 * newer crypt32 fails to decode "foo.com\0baddie"; WINE
 * match_dns_to_subject_alt_name relies on it). */
static bool alt_name_decodes(const GENERAL_NAME *g)
{
	const ASN1_STRING *s = g->type == GEN_DNS     ? g->d.dNSName
	                       : g->type == GEN_EMAIL ? g->d.rfc822Name
	                       : g->type == GEN_URI
	                           ? g->d.uniformResourceIdentifier
	                           : NULL;
	return !s || !memchr(ASN1_STRING_get0_data(s), '\0',
	                     (size_t)ASN1_STRING_length(s));
}

/* The subject alternative names: 2.5.29.17, else the legacy 2.5.29.7 of the
 * early X.509v3 drafts, which CryptoAPI reads the same way (WINE
 * get_subject_alt_name_ext: szOID_SUBJECT_ALT_NAME2, then
 * szOID_SUBJECT_ALT_NAME; WINETEST chain.c chainCheck[20]: a legacy name
 * outside the root's permitted subtree is HAS_NOT_PERMITTED_NAME_CONSTRAINT).
 * NULL when absent or not decodable (*present says which). */
static GENERAL_NAMES *decode_alt_names(X509 *x, bool *present)
{
	*present = X509_get_ext_by_NID(x, NID_subject_alt_name, -1) >= 0;
	if (*present)
		return X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
	ASN1_OBJECT *legacy = OBJ_txt2obj("2.5.29.7", 1);
	int at = legacy ? X509_get_ext_by_OBJ(x, legacy, -1) : -1;
	ASN1_OBJECT_free(legacy);
	if (at < 0)
		return NULL;
	*present = true;
	const ASN1_OCTET_STRING *v =
	    X509_EXTENSION_get_data(X509_get_ext(x, at));
	const unsigned char *p = ASN1_STRING_get0_data(v);
	long len = ASN1_STRING_length(v);
	GENERAL_NAMES *names = d2i_GENERAL_NAMES(NULL, &p, len);
	if (names && p != ASN1_STRING_get0_data(v) + len) {
		GENERAL_NAMES_free(names); /* trailing bytes */
		names = NULL;
	}
	return names;
}

static bool load_san(X509 *x, struct cs_cert *c)
{
	strvec dns = {0};
	bool ok = true;
	c->san = decode_alt_names(x, &c->has_san);
	for (int i = 0; c->san && i < sk_GENERAL_NAME_num(c->san); i++)
		if (!alt_name_decodes(sk_GENERAL_NAME_value(c->san, i))) {
			GENERAL_NAMES_free(c->san);
			c->san = NULL;
		}
	c->san_undecodable = c->has_san && !c->san;
	for (int i = 0; ok && i < sk_GENERAL_NAME_num(c->san); i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(c->san, i);
		if (g->type == GEN_DNS)
			ok = strvec_add(
			    &dns,
			    (const char *)ASN1_STRING_get0_data(g->d.dNSName),
			    (size_t)ASN1_STRING_length(g->d.dNSName));
	}
	c->san_dns = strvec_list(&dns);
	return ok;
}

/* keyUsage as CryptoAPI decodes it: the first two bytes of the BIT STRING,
 * 0 for an empty one. */
static void load_key_usage(X509 *x, struct cs_cert *c)
{
	ASN1_BIT_STRING *ku = X509_get_ext_d2i(x, NID_key_usage, NULL, NULL);
	c->has_ku = ku != NULL;
	c->ku = 0;
	if (ku && ku->length > 0)
		c->ku = ku->data[0] |
		        (ku->length > 1 ? (uint32_t)ku->data[1] << 8 : 0);
	ASN1_BIT_STRING_free(ku);
}

/* OpenSSL 3 flags an empty keyUsage (03 02 00 00) as an invalid extension
 * (RFC 5280 4.2.1.3 wants a bit set); CryptoAPI decodes it and only the
 * usage check fails (WINETEST chain.c chainCheck[15]: the root carries
 * CERT_TRUST_IS_NOT_VALID_FOR_USAGE, not CERT_TRUST_INVALID_EXTENSION). So
 * a certificate whose only flaw is that is not malformed: look again
 * without its keyUsage. */
static bool malformed_besides_empty_ku(X509 *x, const struct cs_cert *c)
{
	if (!c->has_ku || c->ku != 0)
		return true;
	X509 *copy = X509_dup(x);
	int at = copy ? X509_get_ext_by_NID(copy, NID_key_usage, -1) : -1;
	bool bad = true;
	if (at >= 0) {
		X509_EXTENSION_free(X509_delete_ext(copy, at));
		bad = X509_get_extension_flags(copy) & EXFLAG_INVALID;
	}
	X509_free(copy);
	return bad;
}

/* SKI, or CryptoAPI's fallback key identifier: SHA-1 over the encoded
 * SubjectPublicKeyInfo (CryptHashPublicKeyInfo). */
static bool load_key_ids(X509 *x, struct cs_cert *c)
{
	/* Decoded from the extensions themselves: OpenSSL's cached getters
	 * answer NULL for any certificate it flagged invalid, such as an
	 * empty keyUsage, which CryptoAPI reads (WINETEST chain.c
	 * chainCheck[15]). */
	ASN1_OCTET_STRING *ski =
	    X509_get_ext_d2i(x, NID_subject_key_identifier, NULL, NULL);
	bool ok = true;
	if (ski) {
		c->has_ski_ext = true;
		ok = dup_bytes(&c->ski, ASN1_STRING_get0_data(ski),
		               (size_t)ASN1_STRING_length(ski));
		ASN1_OCTET_STRING_free(ski);
	} else if (c->lenient) {
		uint8_t md[20];
		unsigned mdlen = 0;
		ok = EVP_Digest(c->parts.spki.data, c->parts.spki.len, md,
		                &mdlen, EVP_sha1(), NULL) &&
		     dup_bytes(&c->ski, md, mdlen);
	} else {
		unsigned char *spki = NULL;
		int n = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x), &spki);
		uint8_t md[20];
		unsigned mdlen = 0;
		ok = n > 0 &&
		     EVP_Digest(spki, (size_t)n, md, &mdlen, EVP_sha1(), NULL);
		OPENSSL_free(spki);
		ok = ok && dup_bytes(&c->ski, md, mdlen);
	}
	c->has_aki =
	    X509_get_ext_by_NID(x, NID_authority_key_identifier, -1) >= 0;
	AUTHORITY_KEYID *akid =
	    X509_get_ext_d2i(x, NID_authority_key_identifier, NULL, NULL);
	const ASN1_OCTET_STRING *kid = akid ? akid->keyid : NULL;
	if (ok && kid)
		ok = dup_bytes(&c->aki_keyid, ASN1_STRING_get0_data(kid),
		               (size_t)ASN1_STRING_length(kid));
	const GENERAL_NAMES *iss = akid ? akid->issuer : NULL;
	const ASN1_INTEGER *ser = akid ? akid->serial : NULL;
	for (int i = 0; ok && iss && ser && i < sk_GENERAL_NAME_num(iss); i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(iss, i);
		const unsigned char *p;
		size_t len;
		if (g->type != GEN_DIRNAME ||
		    !X509_NAME_get0_der(g->d.directoryName, &p, &len))
			continue;
		ok = dup_bytes(&c->aki_issuer, p, len) &&
		     dup_bytes(&c->aki_serial, ASN1_STRING_get0_data(ser),
		               (size_t)ASN1_STRING_length(ser));
		break;
	}
	AUTHORITY_KEYID_free(akid);
	return ok;
}

/* The signature algorithm of a leniently read certificate, when its
 * OID is one OpenSSL knows (an empty one is not). */
static int lenient_sig_nid(const cs_lenient_parts *parts)
{
	if (!parts->is_signed)
		return NID_undef;
	const unsigned char *p = parts->sig_alg.data;
	X509_ALGOR *alg = d2i_X509_ALGOR(NULL, &p, (long)parts->sig_alg.len);
	const ASN1_OBJECT *oid = NULL;
	if (alg)
		X509_ALGOR_get0(&oid, NULL, NULL, alg);
	int nid = oid ? OBJ_obj2nid(oid) : NID_undef;
	X509_ALGOR_free(alg);
	ERR_clear_error();
	return nid;
}

static cs_status fill(struct cs_cert *c, cs_diag *d)
{
	X509 *x = c->x509;
	const unsigned char *p;
	size_t len;
	if (!X509_NAME_get0_der(X509_get_subject_name(x), &p, &len))
		return CS_ERR_FORMAT;
	c->subject_der = (cs_bytes){p, len};
	if (!X509_NAME_get0_der(X509_get_issuer_name(x), &p, &len))
		return CS_ERR_FORMAT;
	c->issuer_der = (cs_bytes){p, len};
	c->self_issued = c->subject_der.len == c->issuer_der.len &&
	                 memcmp(c->subject_der.data, c->issuer_der.data,
	                        c->subject_der.len) == 0;
	const ASN1_INTEGER *ser = X509_get0_serialNumber(x);
	c->serial = (cs_bytes){ASN1_STRING_get0_data(ser),
	                       (size_t)ASN1_STRING_length(ser)};
	if (cs_time_from_asn1(X509_get0_notBefore(x), &c->not_before) !=
	        CS_OK ||
	    cs_time_from_asn1(X509_get0_notAfter(x), &c->not_after) != CS_OK) {
		cs_diag_set(d, d->file, 0, 0,
		            "certificate validity is not a valid UTC time");
		return CS_ERR_FORMAT;
	}
	c->version = (int)X509_get_version(x) + 1;
	const ASN1_BIT_STRING *iuid, *suid;
	X509_get0_uids(x, &iuid, &suid);
	c->has_unique_ids = iuid || suid || c->parts.has_unique_ids;

	/* X509_get_extension_flags decodes BC / KU / EKU once. */
	uint32_t fl = X509_get_extension_flags(x);
	c->has_bc = fl & EXFLAG_BCONS;
	c->bc_ca = c->has_bc && (fl & EXFLAG_CA);
	load_key_usage(x, c);
	/* Kept, not rejected: CryptoAPI loads such a certificate and the
	 * chain marks it CERT_TRUST_INVALID_EXTENSION. */
	c->malformed_ext =
	    (fl & EXFLAG_INVALID) && malformed_besides_empty_ku(x, c);
	/* X509_get_pathlen answers -1 for any certificate OpenSSL flagged
	 * invalid: read the extension itself. */
	c->bc_pathlen = -1;
	BASIC_CONSTRAINTS *bc =
	    c->has_bc ? X509_get_ext_d2i(x, NID_basic_constraints, NULL, NULL)
	              : NULL;
	if (bc && bc->ca && bc->pathlen && ASN1_INTEGER_get(bc->pathlen) >= 0)
		c->bc_pathlen = (int)ASN1_INTEGER_get(bc->pathlen);
	BASIC_CONSTRAINTS_free(bc);
	int crit = 0;
	c->name_constraints =
	    X509_get_ext_d2i(x, NID_name_constraints, &crit, NULL);
	c->nc_critical = crit == 1;
	c->sig_nid =
	    c->lenient ? lenient_sig_nid(&c->parts) : X509_get_signature_nid(x);
	if (!OBJ_find_sigid_algs(c->sig_nid, &c->sig_md_nid, NULL))
		c->sig_md_nid = NID_undef;

	if (!load_key_ids(x, c) || !load_eku_and_critical(x, c) ||
	    !load_san(x, c) ||
	    !load_dist_points(x, NID_crl_distribution_points, &c->cdp) ||
	    !load_dist_points(x, NID_freshest_crl, &c->freshest_cdp) ||
	    !load_aia(x, c))
		return cs_alloc_failed();
	c->subject_str = cs_name_to_str(X509_get_subject_name(x));
	c->issuer_str = cs_name_to_str(X509_get_issuer_name(x));
	if (!c->subject_str || !c->issuer_str)
		return cs_alloc_failed();
	return CS_OK;
}

static bool is_pem(cs_bytes b)
{
	static const char tag[] = "-----BEGIN";
	for (size_t i = 0; i + sizeof tag - 1 <= b.len; i++)
		if (memcmp(b.data + i, tag, sizeof tag - 1) == 0)
			return true;
	return false;
}

/* DER bytes of one certificate: the input itself, or decoded from PEM
 * (owned copy in *owned). */
static cs_status to_der(cs_bytes in, cs_bytes *der, uint8_t **owned, cs_diag *d)
{
	*owned = NULL;
	if (!is_pem(in)) {
		*der = in;
		return CS_OK;
	}
	BIO *bio = BIO_new_mem_buf(in.data, (int)in.len);
	X509 *x = bio ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;
	/* One certificate is expected here: a bundle is not cut to its
	 * first (cs_certs_from_bytes reads every one where a list fits). */
	X509 *more = x ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;
	BIO_free(bio);
	ERR_clear_error();
	if (more) {
		X509_free(more);
		X509_free(x);
		cs_diag_set(d, d->file, 0, 0,
		            "a PEM bundle of several certificates where one is "
		            "expected");
		return CS_ERR_FORMAT;
	}
	if (!x) {
		cs_diag_set(d, d->file, 0, 0,
		            "expected a PEM block 'BEGIN CERTIFICATE' holding "
		            "an X.509 certificate");
		return CS_ERR_FORMAT;
	}
	unsigned char *buf = NULL;
	int n = i2d_X509(x, &buf);
	X509_free(x);
	CS_GUARD_OSSL(n > 0);
	*owned = buf;
	*der = (cs_bytes){buf, (size_t)n};
	return CS_OK;
}

static void no_free(void *p)
{
	(void)p;
}

cs_status cs_cert_from_der(cs_pool *pool, cs_bytes in,
                           const struct cs_cert **out, cs_diag *d)
{
	uint8_t *owned = NULL;
	cs_bytes der = {0};
	cs_status st = to_der(in, &der, &owned, d);
	if (st != CS_OK)
		return st;
	uint8_t sha256[32];
	unsigned mdlen = 0;
	if (!EVP_Digest(der.data, der.len, sha256, &mdlen, EVP_sha256(),
	                NULL)) {
		OPENSSL_free(owned);
		return CS_OSSL_FAILED();
	}
	const struct cs_cert *hit = cs_pool_lookup(pool, "cert", sha256, 32);
	if (hit) {
		OPENSSL_free(owned);
		*out = hit;
		return CS_OK;
	}
	struct cs_cert *c = cs_calloc(1, sizeof *c);
	if (!c || !dup_bytes(&c->der, der.data, der.len)) {
		free(c);
		OPENSSL_free(owned);
		return cs_alloc_failed();
	}
	OPENSSL_free(owned);
	memcpy(c->sha256, sha256, 32);
	const unsigned char *p = c->der.data;
	c->x509 = d2i_X509(NULL, &p, (long)c->der.len);
	if (!c->x509 || p != c->der.data + c->der.len) {
		/* What CryptoAPI decodes beyond OpenSSL: the bare CERT_INFO,
		 * empty algorithm OIDs (pki/lenient.h). */
		X509_free(c->x509);
		c->x509 = NULL;
		ERR_clear_error();
		st = cs_lenient_x509(c->der, &c->x509, &c->parts);
		if (st == CS_ERR_NOMEM) {
			cert_free(c);
			return st;
		}
		c->lenient = st == CS_OK;
		c->unsigned_form = c->lenient && !c->parts.is_signed;
	}
	if (!c->x509) {
		/* Where the outer object goes wrong (cut short, trailing
		 * bytes, not a SEQUENCE); when it is whole, its inside is. */
		if (cs_der_outer_check(c->der.data, c->der.len, d->file,
		                       "0x30 (a DER SEQUENCE: an X.509 "
		                       "certificate) or a PEM block 'BEGIN "
		                       "CERTIFICATE'",
		                       d))
			cs_diag_set_offset(
			    d, d->file, 0,
			    "a DER SEQUENCE of %zu bytes that is "
			    "not an X.509 certificate",
			    c->der.len);
		ERR_clear_error();
		cert_free(c);
		return CS_ERR_FORMAT;
	}
	EVP_Digest(c->der.data, c->der.len, c->sha1, &mdlen, EVP_sha1(), NULL);
	for (int i = 0; i < 20; i++)
		snprintf(c->sha1_hex + 2 * i, 3, "%02x", c->sha1[i]);
	if ((st = fill(c, d)) != CS_OK) {
		if (st == CS_ERR_FORMAT && !d->msg[0])
			cs_diag_set(d, d->file, 0, 0,
			            "malformed certificate fields");
		cert_free(c);
		return st;
	}
	void *kept;
	if ((st = cs_pool_intern(pool, "cert", sha256, 32, c, cert_free,
	                         &kept)) != CS_OK)
		return st;
	/* Also findable by thumbprint (views that start from a trace, which
	 * names certificates by SHA-1): an alias the pool does not free. */
	const struct cs_cert *k = kept;
	void *alias;
	if ((st = cs_pool_intern(pool, "cert-sha1", k->sha1, 20, kept, no_free,
	                         &alias)) != CS_OK)
		return st;
	*out = kept;
	return CS_OK;
}

const struct cs_cert *cs_cert_find_sha1(const cs_pool *pool,
                                        const char *sha1_hex)
{
	uint8_t key[20];
	for (int i = 0; i < 20; i++) {
		unsigned v;
		if (!sha1_hex[2 * i] || !sha1_hex[2 * i + 1] ||
		    sscanf(sha1_hex + 2 * i, "%2x", &v) != 1)
			return NULL;
		key[i] = (uint8_t)v;
	}
	return cs_pool_lookup(pool, "cert-sha1", key, 20);
}

static bool is_cert_label(const char *label)
{
	return strcmp(label, "CERTIFICATE") == 0 ||
	       strcmp(label, "X509 CERTIFICATE") == 0 ||
	       strcmp(label, "TRUSTED CERTIFICATE") == 0;
}

static cs_status push_cert(const struct cs_cert ***list, size_t *n,
                           const struct cs_cert *c)
{
	const struct cs_cert **grown =
	    cs_realloc(*list, (*n + 1) * sizeof *grown);
	CS_GUARD_ALLOC(grown);
	grown[(*n)++] = c;
	*list = grown;
	return CS_OK;
}

cs_status cs_certs_from_bytes(cs_pool *pool, cs_bytes in,
                              const struct cs_cert ***out, size_t *n,
                              cs_diag *d)
{
	*out = NULL;
	*n = 0;
	const struct cs_cert *c;
	cs_status st;
	if (!is_pem(in)) {
		if ((st = cs_cert_from_der(pool, in, &c, d)) == CS_OK)
			st = push_cert(out, n, c);
		return st;
	}
	BIO *bio = BIO_new_mem_buf(in.data, (int)in.len);
	CS_GUARD_OSSL(bio);
	char *label = NULL, *header = NULL;
	unsigned char *der = NULL;
	long len = 0;
	st = CS_OK;
	while (st == CS_OK && PEM_read_bio(bio, &label, &header, &der, &len)) {
		if (!is_cert_label(label)) {
			cs_diag_set(d, d->file, 0, 0,
			            "PEM block %zu is 'BEGIN %s', not a "
			            "certificate",
			            *n + 1, label);
			st = CS_ERR_FORMAT;
		} else if ((st = cs_cert_from_der(pool,
		                                  (cs_bytes){der, (size_t)len},
		                                  &c, d)) == CS_OK) {
			st = push_cert(out, n, c);
		} else if (st == CS_ERR_FORMAT) {
			char msg[CS_DIAG_MSG];
			snprintf(msg, sizeof msg, "%s", d->msg);
			cs_diag_set(d, d->file, 0, 0, "PEM block %zu: %s",
			            *n + 1, msg);
		}
		OPENSSL_free(label);
		OPENSSL_free(header);
		OPENSSL_free(der);
	}
	/* The loop ends at the end of the text (no further BEGIN line) or
	 * at a block that is not valid armour or base64. */
	unsigned long e = ERR_peek_last_error();
	if (st == CS_OK && e && ERR_GET_REASON(e) != PEM_R_NO_START_LINE) {
		cs_diag_set(d, d->file, 0, 0,
		            "PEM block %zu is not valid PEM (armour or base64)",
		            *n + 1);
		st = CS_ERR_FORMAT;
	} else if (st == CS_OK && *n == 0) {
		cs_diag_set(d, d->file, 0, 0,
		            "expected a PEM block 'BEGIN CERTIFICATE' holding "
		            "an X.509 certificate");
		st = CS_ERR_FORMAT;
	}
	ERR_clear_error();
	BIO_free(bio);
	if (st != CS_OK) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return st;
}

cs_status cs_cert_load_all(cs_pool *pool, const char *path,
                           const struct cs_cert ***out, size_t *n, cs_diag *d)
{
	cs_bytes b;
	*out = NULL;
	*n = 0;
	cs_status st = cs_pool_file(pool, path, &b, NULL, d);
	if (st != CS_OK)
		return st;
	memset(d, 0, sizeof *d);
	snprintf(d->file, sizeof d->file, "%s", path);
	return cs_certs_from_bytes(pool, b, out, n, d);
}

cs_status cs_cert_load(cs_pool *pool, const char *path,
                       const struct cs_cert **out, cs_diag *d)
{
	cs_bytes b;
	const char *name = NULL;
	cs_status st = cs_pool_file(pool, path, &b, &name, d);
	if (st != CS_OK)
		return st;
	memset(d, 0, sizeof *d);
	snprintf(d->file, sizeof d->file, "%s", path);
	return cs_cert_from_der(pool, b, out, d);
}

const char *cs_cert_subject(const struct cs_cert *c)
{
	return c->subject_str;
}
const char *cs_cert_issuer(const struct cs_cert *c)
{
	return c->issuer_str;
}
const char *cs_cert_sha1_hex(const struct cs_cert *c)
{
	return c->sha1_hex;
}
struct x509_st *cs_cert_x509(const struct cs_cert *c)
{
	return c->x509;
}
cs_bytes cs_cert_der(const struct cs_cert *c)
{
	return c->der;
}
cs_filetime cs_cert_not_before(const struct cs_cert *c)
{
	return c->not_before;
}
cs_filetime cs_cert_not_after(const struct cs_cert *c)
{
	return c->not_after;
}
cs_strlist cs_cert_cdp_urls(const struct cs_cert *c)
{
	return c->cdp;
}
cs_strlist cs_cert_freshest_crl_urls(const struct cs_cert *c)
{
	return c->freshest_cdp;
}
cs_strlist cs_cert_aia_ca_issuers_urls(const struct cs_cert *c)
{
	return c->aia_ca_issuers;
}
cs_strlist cs_cert_aia_ocsp_urls(const struct cs_cert *c)
{
	return c->aia_ocsp;
}

bool cs_cert_time_valid(const struct cs_cert *c, cs_filetime t)
{
	return c->not_before <= t && t <= c->not_after;
}

bool cs_cert_name_matches_issuer(const struct cs_cert *c,
                                 const struct cs_cert *issuer)
{
	return c->issuer_der.len == issuer->subject_der.len &&
	       memcmp(c->issuer_der.data, issuer->subject_der.data,
	              c->issuer_der.len) == 0;
}

bool cs_cert_signature_check(const struct cs_cert *c,
                             const struct cs_cert *issuer)
{
	if (c->lenient)
		return cs_lenient_verify(&c->parts, issuer->x509);
	EVP_PKEY *k = X509_get0_pubkey(issuer->x509);
	return k && X509_verify(c->x509, k) == 1;
}

bool cs_cert_signature_ok(const struct cs_cert *c, const struct cs_cert *issuer)
{
	int known = cs_sig_memo_get(&c->sig_memo, issuer);
	if (known >= 0)
		return known == 1;
	bool ok = cs_cert_signature_check(c, issuer);
	cs_sig_memo_put((cs_sig_memo *)&c->sig_memo, issuer, ok);
	return ok;
}
