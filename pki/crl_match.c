/* CRL and certificate relations (see crl_match.h). */
#include "pki/crl_match.h"

#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <string.h>

#include "capisim/asn1time.h"
#include "model/urlcache.h"

static bool bytes_eq(const void *a, size_t alen, const void *b, size_t blen)
{
	return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

/* An INTEGER's contents octets against cs_cert's serial (both big endian,
 * as encoded). */
static bool serial_eq(const ASN1_INTEGER *i, cs_bytes serial)
{
	return bytes_eq(ASN1_STRING_get0_data(i), (size_t)ASN1_STRING_length(i),
	                serial.data, serial.len);
}

bool cs_crl_find_entry(const cs_crl *crl, const struct cs_cert *cert,
                       cs_crl_entry_info *out)
{
	STACK_OF(X509_REVOKED) *revoked = X509_CRL_get_REVOKED(crl->crl);
	for (int i = 0; i < sk_X509_REVOKED_num(revoked); i++) {
		const X509_REVOKED *r = sk_X509_REVOKED_value(revoked, i);
		const ASN1_INTEGER *sn = X509_REVOKED_get0_serialNumber(r);
		if (!serial_eq(sn, cert->serial))
			continue;
		if (out) {
			out->serial =
			    (cs_bytes){ASN1_STRING_get0_data(sn),
			               (size_t)ASN1_STRING_length(sn)};
			if (cs_time_from_asn1(
			        X509_REVOKED_get0_revocationDate(r),
			        &out->revoked_at) != CS_OK)
				out->revoked_at = 0;
			ASN1_ENUMERATED *reason = X509_REVOKED_get_ext_d2i(
			    r, NID_crl_reason, NULL, NULL);
			out->reason =
			    reason ? (int)ASN1_ENUMERATED_get(reason) : -1;
			ASN1_ENUMERATED_free(reason);
			ERR_clear_error();
		}
		return true;
	}
	return false;
}

bool cs_crl_verify_revocation(const struct cs_cert *cert,
                              const cs_crl *const *crls, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (cs_crl_find_entry(crls[i], cert, NULL))
			return false;
	return true;
}

const char *cs_crl_aki_name(cs_crl_aki a)
{
	static const char *const names[] = {
	    [CS_CRL_AKI_ABSENT] = "absent",
	    [CS_CRL_AKI_MATCH] = "match",
	    [CS_CRL_AKI_MISMATCH] = "mismatch",
	    [CS_CRL_AKI_UNDECODABLE] = "undecodable",
	};
	return (unsigned)a < 4 ? names[a] : "?";
}

/* AuthorityCertIssuer's directoryName and serial against the issuer's own
 * issuer name and serial (the certificate the AKI points at). */
static bool aki_names_issuer(const AUTHORITY_KEYID *akid,
                             const struct cs_cert *issuer)
{
	for (int i = 0; i < sk_GENERAL_NAME_num(akid->issuer); i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(akid->issuer, i);
		const unsigned char *p;
		size_t len;
		if (g->type == GEN_DIRNAME &&
		    X509_NAME_get0_der(g->d.directoryName, &p, &len) &&
		    bytes_eq(p, len, issuer->issuer_der.data,
		             issuer->issuer_der.len))
			return serial_eq(akid->serial, issuer->serial);
	}
	return false;
}

cs_crl_aki cs_crl_aki_check(const cs_crl *crl, const struct cs_cert *issuer)
{
	if (X509_CRL_get_ext_by_NID(crl->crl, NID_authority_key_identifier,
	                            -1) < 0)
		return CS_CRL_AKI_ABSENT;
	AUTHORITY_KEYID *akid = X509_CRL_get_ext_d2i(
	    crl->crl, NID_authority_key_identifier, NULL, NULL);
	ERR_clear_error();
	if (!akid)
		return CS_CRL_AKI_UNDECODABLE;
	bool match;
	if (akid->keyid)
		match = bytes_eq(ASN1_STRING_get0_data(akid->keyid),
		                 (size_t)ASN1_STRING_length(akid->keyid),
		                 issuer->ski.data, issuer->ski.len);
	else
		match = akid->issuer && akid->serial &&
		        aki_names_issuer(akid, issuer);
	AUTHORITY_KEYID_free(akid);
	return match ? CS_CRL_AKI_MATCH : CS_CRL_AKI_MISMATCH;
}

bool cs_crl_issuer_is_subject_of(const cs_crl *crl, const struct cs_cert *c)
{
	return bytes_eq(crl->issuer_der.data, crl->issuer_der.len,
	                c->subject_der.data, c->subject_der.len);
}

bool cs_crl_issuer_is_issuer_of(const cs_crl *crl, const struct cs_cert *c)
{
	return bytes_eq(crl->issuer_der.data, crl->issuer_der.len,
	                c->issuer_der.data, c->issuer_der.len);
}

bool cs_crl_signed_by(const cs_crl *crl, const struct cs_cert *issuer)
{
	if (crl->lenient)
		return cs_lenient_verify(&crl->parts, issuer->x509);
	EVP_PKEY *key = X509_get0_pubkey(issuer->x509);
	bool ok = key && X509_CRL_verify(crl->crl, key) == 1;
	ERR_clear_error();
	return ok;
}

/* The flags every CRL_FIND_ISSUED_* search shares. */
static bool flags_hold(const cs_crl *crl, const struct cs_cert *issuer,
                       uint32_t flags)
{
	if ((flags & CS_CRL_FIND_ISSUED_BY_AKI_FLAG) && issuer) {
		cs_crl_aki a = cs_crl_aki_check(crl, issuer);
		if (a != CS_CRL_AKI_ABSENT && a != CS_CRL_AKI_MATCH)
			return false;
	}
	if ((flags & CS_CRL_FIND_ISSUED_BY_SIGNATURE_FLAG) &&
	    (!issuer || !cs_crl_signed_by(crl, issuer)))
		return false;
	if ((flags & CS_CRL_FIND_ISSUED_BY_DELTA_FLAG) && !crl->is_delta)
		return false;
	if ((flags & CS_CRL_FIND_ISSUED_BY_BASE_FLAG) && crl->is_delta)
		return false;
	return true;
}

bool cs_crl_issued_by(const cs_crl *crl, const struct cs_cert *issuer,
                      uint32_t flags)
{
	if (!issuer)
		return true;
	return cs_crl_issuer_is_subject_of(crl, issuer) &&
	       flags_hold(crl, issuer, flags);
}

bool cs_crl_issued_for(const cs_crl *crl, const struct cs_cert *subject,
                       const struct cs_cert *issuer, uint32_t flags)
{
	if (!subject)
		return cs_crl_issued_by(crl, issuer, flags);
	return cs_crl_issuer_is_issuer_of(crl, subject) &&
	       flags_hold(crl, issuer, flags);
}

/* Does one of names' URIs appear among the URLs of list? */
static bool any_uri_in(const GENERAL_NAMES *names, cs_strlist list)
{
	for (int i = 0; i < sk_GENERAL_NAME_num(names); i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(names, i);
		if (g->type != GEN_URI)
			continue;
		const ASN1_IA5STRING *u = g->d.uniformResourceIdentifier;
		for (size_t k = 0; k < list.n; k++)
			if (bytes_eq(ASN1_STRING_get0_data(u),
			             (size_t)ASN1_STRING_length(u), list.v[k],
			             strlen(list.v[k])))
				return true;
	}
	return false;
}

bool cs_crl_valid_for_cert(const cs_crl *crl, const struct cs_cert *cert)
{
	if (X509_CRL_get_ext_by_NID(crl->crl, NID_issuing_distribution_point,
	                            -1) < 0 ||
	    !cert)
		return true;
	ISSUING_DIST_POINT *idp = X509_CRL_get_ext_d2i(
	    crl->crl, NID_issuing_distribution_point, NULL, NULL);
	ERR_clear_error();
	bool ok =
	    idp && idp->distpoint && idp->distpoint->type == 0 &&
	    any_uri_in(idp->distpoint->name.fullname, cs_cert_cdp_urls(cert));
	ISSUING_DIST_POINT_free(idp);
	return ok;
}

int cs_crl_time_validity(const cs_crl *crl, cs_filetime t)
{
	if (t < crl->this_update)
		return -1;
	if (crl->next_update != CS_URLCACHE_NEVER && t > crl->next_update)
		return 1;
	return 0;
}
